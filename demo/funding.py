"""The demo council's de-delegation for the current financial year: four service lines with
rates per pupil in the range councils publish (£3-£13), voted in January by the schools forum's
maintained primary and secondary members — behaviour support agreed by primary and refused by
secondary, so the schedule shows a line charging one phase only — and one academy buying
school improvement back. Everything goes through `funding.services`, so the rules hold and each
write has its audit row."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from core.models import Membership, Tenant
from core.years import FinancialYear
from funding.models import BuyBack, DeDelegationLine, FundingYear
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
    return year


def demo_wipe(tenant: Tenant) -> None:
    """Buy-backs hold a school; the years take their lines and votes with them."""
    BuyBack.objects.filter(tenant=tenant).delete()
    FundingYear.objects.filter(tenant=tenant).delete()



