"""The demo council's de-delegation for the current financial year: four service lines with
rates per pupil in the range councils publish (£3-£13), voted in January by the schools forum's
maintained primary and secondary members — behaviour support agreed by primary and refused by
secondary, so the schedule shows a line charging one phase only — and one academy buying
school improvement back. Everything goes through `funding.services`, so the rules hold and each
write has its audit row.

Then Warwickshire's allocation to the hubs: a formula of rates per pupil for the categories the
scheme says trigger funding (3A-3D), a run on today's inputs, confirmed by the admin. After it,
an officer confirms one more school's category through categorisation's workflow, so the real
hook queues the new draft (once the seed's transaction commits) and the confirmed run's page
says categories have changed since.

And a strategic school improvement fund as Dorset's (seed 002): £100,000 for the year, of which
£4,500 pays the independent chair, a neighbouring council's pro-rata contribution, and a
confirmed pot-mode run sharing most of what remains across the hubs (made before the hub
allocation is confirmed, so the redraft after the category change follows the hub formula)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from categorisation import workflow
from categorisation.models import CategoryProposal, SchoolCategory
from core.models import Membership, Tenant
from core.years import FinancialYear
from funding.models import (
    AllocationFormula,
    AllocationRun,
    BuyBack,
    DeDelegationLine,
    FundingYear,
    StrategicFund,
)
from funding.services import allocations, funds
from funding.services import dedelegation as services
from schools.models import Governance, Phase, School

# name, primary rate, secondary rate, description, (primary for/against), (secondary ...)
LINES = [
    ("School improvement", "12.40", "9.85",
     "The school improvement framework for maintained schools: link advisers, hub support "
     "and intensive support where a school needs it.", (9, 1), (4, 1)),
    ("Behaviour support", "8.20", "6.75",
     "Outreach from the behaviour support team and the primary inclusion panel.", (8, 2),
     (2, 3)),
    ("Trade union facilities time", "3.10", "3.10",
     "Release time for recognised trade union representatives.", (7, 3), (3, 2)),
    ("Licences and subscriptions", "5.45", "5.45",
     "Copyright licences (CLA, PRS, PPL) and music licences bought for all schools.", (10, 0),
     (5, 0)),
]


def seed_funding(*, tenant: Tenant, admin: Membership) -> FundingYear:
    """The year, its lines and votes, and one buy-back (inside the tenant's scope)."""
    actor = admin.user
    financial_year = FinancialYear.of(timezone.localdate())
    year = services.funding_year_create(
        tenant=tenant, actor=actor, start_year=financial_year.start_year,
        notes="Agreed at the January schools forum; pupils from the school census.")
    forum = date(financial_year.start_year, 1, 14)
    lines: dict[str, DeDelegationLine] = {}
    for name, primary, secondary, description, primary_votes, secondary_votes in LINES:
        line = services.dedelegation_line_create(
            tenant=tenant, actor=actor, year=year, name=name, primary_rate=primary,
            secondary_rate=secondary, description=description, cost_centre="SE4100",
            ledger_code=f"DD{len(lines) + 1:02d}")
        for phase, (votes_for, votes_against) in (("primary", primary_votes),
                                                  ("secondary", secondary_votes)):
            services.phase_vote_record(
                tenant=tenant, actor=actor, line=line, phase=phase,
                outcome="passed" if votes_for > votes_against else "failed",
                decided_on=forum, votes_for=votes_for, votes_against=votes_against,
                minute_reference=f"SF/{forum:%y}/{len(lines) + 4:02d}")
        lines[name] = line
    academy = (School.objects.select_related("establishment")
               .filter(establishment__is_open=True, establishment__phase=Phase.PRIMARY,
                       establishment__governance=Governance.ACADEMY,
                       establishment__number_of_pupils__isnull=False)
               .order_by("establishment__urn").first())
    if academy is not None:
        improvement = lines["School improvement"]
        services.buy_back_record(
            tenant=tenant, actor=actor, line=improvement, school=academy,
            amount=improvement.primary_rate * (academy.establishment.number_of_pupils or 0),
            agreed_on=date(financial_year.start_year, 3, 3),
            notes="Traded at the maintained primary rate per pupil.")
    seed_fund(tenant=tenant, admin=admin, year=year)
    seed_allocation(tenant=tenant, admin=admin, year=year)
    return year


# Weights per pupil for sharing the fund: more for the categories that need more support.
FUND_WEIGHTS = {"3A": "1.00", "3B": "1.00", "3C": "1.50", "3D": "1.25"}


def seed_fund(*, tenant: Tenant, admin: Membership, year: FundingYear) -> StrategicFund:
    actor = admin.user
    fund = funds.strategic_fund_create(
        tenant=tenant, actor=actor, year=year, name="Strategic School Improvement Fund",
        base_amount="100000.00", cost_centre="SE4200", ledger_code="SSIF01",
        description="The council's grant to the school improvement board's fund, for the "
                    "board to commission school-led support.")
    funds.fund_cost_add(tenant=tenant, actor=actor, fund=fund, name="Independent chair",
                        amount="4500.00")
    funds.fund_contribution_record(
        tenant=tenant, actor=actor, fund=fund, contributor_kind="council",
        contributor_name="Eastmoor Council", basis="per_pupil", rate="1.20", pupils=14250,
        received_on=date(year.start_year, 6, 30), reference=f"EMC/{year.start_year}/017",
        notes="Pro-rata contribution for Eastmoor's schools joining the board's programme.")
    formula = allocations.allocation_formula_create(
        tenant=tenant, actor=actor, name="Strategic fund share to hubs", level_name="Hub",
        mode="pot", rates=FUND_WEIGHTS, amount="90000.00",
        change_note="Shares the fund by pupils, weighted by category.")
    run = allocations.allocation_run_create(
        tenant=tenant, actor=actor, year=year, formula=formula,
        inputs_on=timezone.localdate(), fund=fund, pot="90000.00",
        origin="The board's share of the strategic fund")
    allocations.allocation_run_confirm(tenant=tenant, actor=actor, run=run)
    return fund


# Rates per pupil for the categories that trigger funding, in the range of the £10-£25 a
# consortium's school improvement offer costs per pupil.
ALLOCATION_RATES = {"3A": "18.50", "3B": "12.00", "3C": "22.00", "3D": "15.00"}


def seed_allocation(*, tenant: Tenant, admin: Membership, year: FundingYear) -> AllocationRun:
    actor = admin.user
    formula = allocations.allocation_formula_create(
        tenant=tenant, actor=actor, name="Hub school improvement funding", level_name="Hub",
        rates=ALLOCATION_RATES, minimum_pupils=0,
        change_note="Agreed by the schools forum with the de-delegation schedule.")
    run = allocations.allocation_run_create(
        tenant=tenant, actor=actor, year=year, formula=formula,
        inputs_on=timezone.localdate(), origin="The year's allocation, made by the admin")
    run = allocations.allocation_run_confirm(tenant=tenant, actor=actor, run=run)
    # One more category decided after the run: an open proposal whose category differs from
    # the school's category in force, or a school with none yet (the hook fires only on a
    # change).
    current = dict(SchoolCategory.objects.filter(is_current=True)
                   .values_list("school_id", "category_id"))
    for proposal in (CategoryProposal.objects.filter(status=CategoryProposal.Status.OPEN,
                                                     category__isnull=False)
                     .select_related("school", "category").order_by("school__establishment__urn")):
        if current.get(proposal.school_id) != proposal.category_id:
            workflow.proposal_confirm(tenant=tenant, actor=actor, proposal=proposal,
                                      note="Confirmed after the allocation was agreed.")
            break
    return run


def demo_wipe(tenant: Tenant) -> None:
    """Buy-backs hold a school; the years take their lines and votes with them."""
    BuyBack.objects.filter(tenant=tenant).delete()
    AllocationRun.objects.filter(tenant=tenant).delete()
    FundingYear.objects.filter(tenant=tenant).delete()
    AllocationFormula.objects.filter(tenant=tenant).delete()



