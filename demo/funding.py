"""The demo council's de-delegation for the current financial year, on its October census
return (`demo.census`): four service lines with
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

Then commitments and spend against the year's budgets (`seed_spending`): link adviser visits
against the school improvement line, approved at once and paid in two instalments typed by the
admin; hub leader release time bought from an academy trust against a hub's allocation, with
VAT charged on top; an intensive support programme above the £10,000 approval limit, requested
by the finance business partner and approved by the admin; a peer review cohort awaiting the
admin's approval; and the finance system's actuals imported as a CSV.

And a strategic school improvement fund as Dorset's (seed 002): £100,000 for the year, of which
£4,500 pays the independent chair, a neighbouring council's pro-rata contribution, and a
confirmed pot-mode run sharing most of what remains across the hubs (made before the hub
allocation is confirmed, so the redraft after the category change follows the hub formula).

Last, traded days: the year's day rate, two academies buying days (those of their hub
membership where they bought some) and a small trust buying its own, one invoice request sent."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from categorisation import workflow
from categorisation.models import CategoryProposal, SchoolCategory
from core.models import Membership, Tenant
from core.years import FinancialYear
from demo.census import seed_census
from demo.dates import working_day_on_or_after
from demo.surveys import area_name
from funding.models import (
    AllocationFormula,
    AllocationRun,
    AllocationRunPartnership,
    BuyBack,
    Commitment,
    DeDelegationLine,
    FundingYear,
    SpendImport,
    StrategicFund,
    TradedDayPurchase,
)
from funding.services import actuals, allocations, carry, funds, spending, traded
from funding.services import dedelegation as services
from partnerships.published import days_purchased_on
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


def _seed_bases_and_a_correction(*, tenant: Tenant, actor: User, year: FundingYear, forum: date,
                                 union: DeDelegationLine) -> None:
    """A line charged per EAL pupil (primary) and per school (secondary), and a vote corrected
    with its reason, so the basis and the vote history have something to show."""
    line = services.dedelegation_line_create(
        tenant=tenant, actor=actor, year=year, name="EAL and Traveller support",
        primary_rate="38.00", primary_basis="per_eal_pupil", secondary_rate="450.00",
        secondary_basis="per_school", cost_centre="SE4100", ledger_code="DD09",
        description="Specialist teachers for pupils learning English as an additional "
                    "language; secondary schools pay a flat amount each.")
    for phase in ("primary", "secondary"):
        services.phase_vote_record(tenant=tenant, actor=actor, line=line, phase=phase,
                                   outcome="passed", decided_on=forum,
                                   minute_reference=f"SF/{forum:%y}/12")
    wrong = union.votes.get(phase="secondary", superseded_at__isnull=True)
    services.phase_vote_correct(
        tenant=tenant, actor=actor, vote=wrong, outcome=wrong.outcome, decided_on=forum,
        votes_for=(wrong.votes_for or 0) + 1, votes_against=wrong.votes_against,
        minute_reference=wrong.minute_reference,
        reason="The approved minutes record one more vote for than first typed.")


def seed_funding(*, tenant: Tenant, admin: Membership,
                 finance: Membership | None = None) -> FundingYear:
    """The year, its lines and votes, one buy-back, the allocation, and commitments and spend
    (inside the tenant's scope). `finance` is the second admin who requests what the admin
    approves."""
    actor = admin.user
    financial_year = FinancialYear.of(timezone.localdate())
    year = services.funding_year_create(
        tenant=tenant, actor=actor, start_year=financial_year.start_year,
        notes="Agreed at the January schools forum; pupils from the school census.")
    seed_census(tenant=tenant, admin=admin, year=year)
    forum = working_day_on_or_after(date(financial_year.start_year, 1, 14))
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
    _seed_bases_and_a_correction(tenant=tenant, actor=actor, year=year, forum=forum,
                                 union=lines["Trade union facilities time"])
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
            agreed_on=working_day_on_or_after(date(financial_year.start_year, 3, 3)),
            notes="Traded at the maintained primary rate per pupil.")
    seed_fund(tenant=tenant, admin=admin, year=year)
    run = seed_allocation(tenant=tenant, admin=admin, year=year)
    seed_spending(tenant=tenant, admin=admin, finance=finance or admin, year=year, run=run,
                  improvement=lines["School improvement"])
    seed_year_end(tenant=tenant, admin=admin, year=year)
    seed_traded_days(tenant=tenant, admin=admin, year=year)
    return year


def seed_traded_days(*, tenant: Tenant, admin: Membership, year: FundingYear) -> None:
    """The year's day rate (£450, VAT on top), two academies buying the days they bought with
    their hub membership (or 3 where the seed gave none), one request already sent to the
    ledger, and a small trust buying days of its own."""
    actor = admin.user
    today = timezone.localdate()
    traded.traded_day_rate_set(tenant=tenant, actor=actor, year=year, day_rate="450.00",
                               vat=True, cost_centre="SE4300", ledger_code="TD01")
    bought = days_purchased_on(tenant=tenant, on=today)
    academies = list(School.objects.select_related("establishment")
                     .filter(establishment__governance=Governance.ACADEMY,
                             establishment__is_open=True)
                     .order_by("-establishment__urn")[:20])
    academies.sort(key=lambda s: (s.pk not in bought, -s.urn))
    for n, academy in enumerate(academies[:2]):
        purchase = traded.traded_day_purchase_record(
            tenant=tenant, actor=actor, year=year, customer_kind="school", school=academy,
            purchased_on=today, days="" if academy.pk in bought else "3",
            notes="Hub membership days." if academy.pk in bought else "")
        if n == 0:
            traded.traded_day_request_mark_sent(tenant=tenant, actor=actor, purchase=purchase)
    traded.traded_day_purchase_record(
        tenant=tenant, actor=actor, year=year, customer_kind="trust",
        trust_name=f"{area_name(tenant)} Small Schools Trust", ukprn="10098765", days="2.5",
        purchased_on=today, notes="Two academies' leaders' development days.")


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


def seed_spending(*, tenant: Tenant, admin: Membership, finance: Membership, year: FundingYear,
                  run: AllocationRun, improvement: DeDelegationLine) -> None:
    today = timezone.localdate()
    start = year.financial_year.start

    def day(offset: int) -> date:
        return max(start, min(today, start + timedelta(days=offset)))

    visits = spending.commitment_create(
        tenant=tenant, actor=admin.user, budget=improvement,
        description="Link adviser visits to maintained schools, autumn term",
        supplier="Northshire Learning Services", amount="8400.00", on=day(10))
    for offset, amount, ref in ((40, "4200.00", "AP-104211"), (100, "2100.00", "AP-104877")):
        spending.spend_record(tenant=tenant, actor=admin.user, commitment=visits,
                              amount=amount, on=day(offset), ledger_reference=ref,
                              description="Invoice from Northshire Learning Services")
    intensive = spending.commitment_create(
        tenant=tenant, actor=finance.user, budget=improvement,
        description="Intensive support programme for four schools causing concern",
        supplier="Castle Teaching School Hub", amount="14500.00", on=day(20))
    spending.commitment_approve(tenant=tenant, actor=admin.user, commitment=intensive)
    spending.commitment_create(
        tenant=tenant, actor=finance.user, budget=improvement,
        description="Peer review training for a cohort of twelve headteachers",
        supplier="Challenge Partners", amount="12000.00", on=day(30))
    rows = [f"{intensive.reference},{day(60):%d/%m/%Y},6250.00,Programme days (first term),"
            "GL-553120"]
    hub = (AllocationRunPartnership.objects.filter(run=run, amount__gt=0)
           .order_by("-amount", "pk").first())
    if hub is not None:
        net = min(Decimal("3200.00"), (hub.amount * Decimal("0.4")).quantize(Decimal("1")))
        release = spending.commitment_create(
            tenant=tenant, actor=admin.user, budget=hub,
            description=f"Hub leader release time for {hub.name}",
            supplier="Northshire Academies Trust", amount=net, vat=True, on=day(15))
        rows.append(f"{release.reference},{day(75):%d/%m/%Y},{net / 2:.2f},"
                    "Release time (half), GL-553121")
    content = "Commitment reference,Date,Amount,Description,Ledger reference\n" + "\n".join(
        rows) + "\n"
    record = actuals.spend_import_check(tenant=tenant, actor=finance.user,
                                        data=content.encode(), name="actuals-period-4.csv")
    actuals.spend_import_apply(tenant=tenant, actor=finance.user, record=record)


def seed_year_end(*, tenant: Tenant, admin: Membership, year: FundingYear) -> None:
    """Last financial year, closed: its strategic fund (named as this year's, so the budget
    history runs across both), a commitment against it, the hubs' allocation for last academic
    year (profiled: 7/12 in last financial year, 5/12 in this one) and the finance officer's
    year-end step carrying part of the fund's underspend into this year."""
    actor = admin.user
    last = services.funding_year_create(
        tenant=tenant, actor=actor, start_year=year.start_year - 1,
        notes="Closed at the year end; part of the fund's underspend carried forward.")
    fund = funds.strategic_fund_create(
        tenant=tenant, actor=actor, year=last, name="Strategic School Improvement Fund",
        base_amount="80000.00", cost_centre="SE4200", ledger_code="SSIF01",
        description="The board's first year: commissioning started in the spring.")
    spending.commitment_create(
        tenant=tenant, actor=actor, budget=fund,
        description="Leadership programme for new headteachers, spring term",
        supplier="Northshire Learning Services", amount="9600.00",
        on=date(last.start_year, 11, 3))
    formula = (AllocationFormula.objects.filter(name="Hub school improvement funding")
               .order_by("-version").first())
    if formula is not None:
        run = allocations.allocation_run_create(
            tenant=tenant, actor=actor, year=last, formula=formula,
            inputs_on=timezone.localdate(), period="academic",
            origin=f"The hubs' allocation for the academic year {last.start_year}/"
                   f"{(last.start_year + 1) % 100:02d}")
        allocations.allocation_run_confirm(tenant=tenant, actor=actor, run=run)
    carry.carry_forward(
        tenant=tenant, actor=actor, year=last, budget_key=f"fund:{fund.pk}",
        amount="12000.00",
        reason="The board's spring commissioning started late: the schools forum agreed in "
               "March to carry £12,000 into this year for the programmes it began.")


def demo_wipe(tenant: Tenant) -> None:
    """Buy-backs hold a school; commitments hold their budgets; the years take their lines
    and votes with them."""
    Commitment.objects.filter(tenant=tenant).delete()
    SpendImport.objects.filter(tenant=tenant).delete()
    BuyBack.objects.filter(tenant=tenant).delete()
    TradedDayPurchase.objects.filter(tenant=tenant).delete()
    AllocationRun.objects.filter(tenant=tenant).delete()
    FundingYear.objects.filter(tenant=tenant).delete()
    AllocationFormula.objects.filter(tenant=tenant).delete()



