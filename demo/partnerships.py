"""Partnerships for the demo tenant (Northshire), Wiltshire-style: three regions, about twenty
hubs of the open schools (most, not all: a few academies have not joined and the pupil referral
units sit outside), a chair, advisers and a regional lead each, each hub's board with its
meetings, notes, priorities and actions (`demo.hubs`), and a consultation survey with about
forty responses.

Everything goes through `partnerships.services`, so the rules (a chair heads a member school,
one hub per school, at most two advisers) hold and every write has its audit row.
Deterministic: the same seed and register give the same hubs, people and answers. Structure
dates are fixed (hubs began in September 2023); meeting and action dates are counted from
today, so the hub pages always show recent and coming meetings.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from boards.services.hubs import sync_hubs
from core.models import Membership, Tenant
from demo.hubs import hub_activity
from demo.surveys import area_name, consultation_survey
from partnerships.models import (
    FormationProposal,
    LeadEligibility,
    Partnership,
    PartnershipLevel,
    PartnershipMembership,
    PartnershipRole,
    PartnershipType,
    ProForma,
    ProFormaPartner,
    ProposalResponse,
    ProposedMember,
    ProposedPartnership,
    RoleKind,
    Survey,
    SurveyOption,
    SurveyResponse,
)
from partnerships.services import (
    partnership_add_school,
    partnership_assign_role,
    partnership_create,
    partnership_end_membership,
    partnership_level_create,
)
from schools.models import Governance, Phase, School
from schools.selectors import school_of

STARTED = date(2023, 9, 1)
# Region name -> the register localities it covers.
REGIONS = [
    ("North and West", ("North", "West")),
    ("Central", ("Central",)),
    ("East and South", ("East", "South")),
]
# A town with more open schools than this makes two hubs; one with fewer than SMALL joins the
# nearest hub of its locality.
SPLIT = 20
SMALL = 8

@dataclass
class HubPlan:
    name: str
    locality: str
    schools: list[School] = field(default_factory=list)


@dataclass
class PartnershipsDemo:
    regions: list[Partnership] = field(default_factory=list)
    hubs: list[Partnership] = field(default_factory=list)
    head_hub: Partnership | None = None
    chairs: list[Membership] = field(default_factory=list)
    uncovered: list[School] = field(default_factory=list)
    survey: Survey | None = None


def _centre(schools: list[School]) -> tuple[float, float]:
    return (sum(s.establishment.easting or 0 for s in schools) / len(schools),
            sum(s.establishment.northing or 0 for s in schools) / len(schools))


def plan_hubs(*, schools: list[School], left_out: set[int]) -> list[HubPlan]:
    """Hubs by town: a big town splits north and south, a small one joins the nearest hub of
    its locality. `left_out` are school ids in no hub."""
    towns: dict[tuple[str, str], list[School]] = defaultdict(list)
    for school in schools:
        if school.pk not in left_out:
            towns[(school.locality, school.establishment.town)].append(school)
    plans: list[HubPlan] = []
    small = []
    for (locality, town), members in sorted(towns.items(), key=lambda item: -len(item[1])):
        members.sort(key=lambda s: (s.establishment.northing or 0, s.pk))
        if len(members) > SPLIT:
            half = len(members) // 2
            plans.append(HubPlan(f"{town} South Hub", locality, members[:half]))
            plans.append(HubPlan(f"{town} North Hub", locality, members[half:]))
        elif len(members) >= SMALL:
            plans.append(HubPlan(f"{town} Hub", locality, members))
        else:
            small.append((locality, town, members))
    for locality, town, members in small:
        here = _centre(members)
        nearest = min(
            [plan for plan in plans if plan.locality == locality] or plans,
            key=lambda plan: (_centre(plan.schools)[0] - here[0]) ** 2
            + (_centre(plan.schools)[1] - here[1]) ** 2,
        )
        if len(members) >= 4 and " and " not in nearest.name:
            nearest.name = nearest.name.replace(" Hub", f" and {town} Hub")
        nearest.schools.extend(members)
    return sorted(plans, key=lambda plan: plan.name)


def seed_partnerships(
    *, tenant: Tenant, admin: Membership, head: Membership, advisers: dict[str, Membership],
    second_adviser: Membership, regional_leads: dict[str, Membership],
    headteacher_for: Callable[[School], Membership], seed: int = 2025,
    today: date | None = None,
) -> PartnershipsDemo:
    """Levels, regions, hubs with their members and roles, hub activity and a survey.

    `advisers` maps a locality to its school improvement adviser (also the schools' link
    adviser); `second_adviser` joins every third hub; `regional_leads` maps a region name to its
    lead; `headteacher_for(school)` returns (creating) the headteacher membership of a school.
    Call inside the tenant's scope."""
    rng = random.Random(f"partnerships-{seed}")
    today = today or timezone.localdate()
    actor = admin.user
    result = PartnershipsDemo()
    region_level = partnership_level_create(
        tenant=tenant, actor=actor, name="Region", rank=2, lead_title="Regional lead",
        description="The three areas the council's school improvement team is organised in.")
    hub_level = partnership_level_create(
        tenant=tenant, actor=actor, name="Hub", rank=1, parent_level=region_level,
        lead_title="Hub chair", lead_eligibility=LeadEligibility.HEAD_OF_MEMBER, max_advisers=2,
        description="Schools that meet termly, share priorities and support each other; "
                    "chaired by one of their headteachers.")
    regions = {}
    for name, localities in REGIONS:
        region = partnership_create(
            tenant=tenant, actor=actor, level=region_level, name=f"{name} Region",
            partnership_type=PartnershipType.STRUCTURED, start_date=STARTED,
            description=f"The hubs of the {' and '.join(localities)} localities.")
        partnership_assign_role(tenant=tenant, actor=actor, partnership=region,
                                kind=RoleKind.REGIONAL_LEAD, person=regional_leads[name],
                                start_date=STARTED)
        for locality in localities:
            regions[locality] = region
        result.regions.append(region)

    schools = list(School.objects.filter(tenant=tenant, establishment__is_open=True)
                   .select_related("establishment").order_by("establishment_id"))
    # Outside every hub: the pupil referral units and AP academies (served by the inclusion
    # service), and a few standalone academies that have not bought in yet.
    left_out = {s.pk for s in schools if s.establishment.phase == Phase.ALTERNATIVE_PROVISION}
    academies = [s for s in schools if s.establishment.governance == Governance.ACADEMY
                 and s.pk != school_of(head).pk]
    left_out |= {s.pk for s in rng.sample(academies, min(len(academies), 6))}
    plans = plan_hubs(schools=schools, left_out=left_out)
    result.uncovered = [s for s in schools if s.pk in left_out]

    for index, plan in enumerate(plans):
        hub = partnership_create(
            tenant=tenant, actor=actor, level=hub_level, name=plan.name,
            partnership_type=PartnershipType.STRUCTURED, parent=regions[plan.locality],
            start_date=STARTED, teaching_school_hub=f"{area_name(tenant)} Teaching School Hub",
            description=f"The schools of {plan.name.removesuffix(' Hub')}.")
        result.hubs.append(hub)
        late = set(rng.sample([s.pk for s in plan.schools], min(2, len(plan.schools) - 1)))
        founders = []
        for school in plan.schools:
            opened = school.establishment.open_date or STARTED
            start = max(STARTED, opened)
            if school.pk in late and school.pk != school_of(head).pk:
                start = max(start, date(2024, 9, 1))
            days = None
            if school.establishment.governance == Governance.ACADEMY and rng.random() < 0.3:
                days = Decimal(rng.choice([2, 3, 4, 5]))
            partnership_add_school(tenant=tenant, actor=actor, partnership=hub, school=school,
                                   start_date=start, days_purchased=days)
            if start == STARTED:
                founders.append(school)
        if school_of(head).pk in {s.pk for s in plan.schools}:
            chair = head
            result.head_hub = hub
        else:
            chair = headteacher_for(rng.choice(founders))
        result.chairs.append(chair)
        partnership_assign_role(tenant=tenant, actor=actor, partnership=hub,
                                kind=RoleKind.CHAIR, person=chair, start_date=STARTED)
        partnership_assign_role(tenant=tenant, actor=actor, partnership=hub,
                                kind=RoleKind.ADVISER, person=advisers[plan.locality],
                                start_date=STARTED)
        if index % 3 == 2 and second_adviser != advisers[plan.locality]:
            partnership_assign_role(tenant=tenant, actor=actor, partnership=hub,
                                    kind=RoleKind.ADVISER, person=second_adviser,
                                    start_date=date(2024, 9, 1))
        School.objects.filter(pk__in=[s.pk for s in plan.schools]).update(
            link_adviser=advisers[plan.locality])

    _move_one_school(tenant=tenant, actor=actor, hubs=result.hubs, rng=rng,
                     keep={school_of(head).pk, *(school_of(c).pk for c in result.chairs)})
    # Each hub is a board (boards' hooks make it; seated here from the hubs' start, so the
    # meetings held before today had their members, then brought to today).
    sync_hubs(tenant=tenant, on=STARTED)
    boards = sync_hubs(tenant=tenant)
    for index, (hub, chair) in enumerate(zip(result.hubs, result.chairs, strict=True)):
        busy = hub == result.head_hub or index % 4 == 0
        hub_activity(tenant=tenant, board=boards[hub.pk], chair=chair, rng=rng, today=today,
                     busy=busy, cancelled=index == 4)
    result.survey = consultation_survey(tenant=tenant, actor=advisers["Central"].user,
                                        schools=schools, rng=rng)
    return result


def _move_one_school(*, tenant, actor, hubs: list[Partnership], rng: random.Random,
                     keep: set[int]) -> None:
    """One school left a hub last summer and joined a neighbour: the history shows both."""
    source, target = hubs[0], hubs[1]
    movable = [m for m in PartnershipMembership.objects.filter(partnership=source)
               .select_related("school__establishment").order_by("school_id")
               if m.school_id not in keep and m.start_date < date(2024, 8, 31)]
    if not movable:
        return
    membership = rng.choice(movable)
    partnership_end_membership(
        tenant=tenant, actor=actor, membership=membership, end_date=date(2024, 9, 1),
        reason=f"Moved to {target.name} to work with its trust's other schools.")
    partnership_add_school(tenant=tenant, actor=actor, partnership=target,
                           school=membership.school, start_date=date(2024, 9, 1))


def coverage_share(tenant: Tenant, on: date | None = None) -> float:
    """Share of open schools in a hub today (for the summary and tests)."""
    on = on or timezone.localdate()
    open_ids = set(School.objects.filter(tenant=tenant, establishment__is_open=True)
                   .values_list("pk", flat=True))
    covered = set(PartnershipMembership.objects.current(on)
                  .filter(tenant=tenant, level__name="Hub").values_list("school_id", flat=True))
    return len(open_ids & covered) / len(open_ids) if open_ids else 0.0


def demo_wipe(tenant: Tenant) -> None:
    """Remove the tenant's partnership rows in an order their protected links allow."""
    for model in (SurveyResponse, SurveyOption, Survey,
                  ProposalResponse, ProposedMember, ProposedPartnership, FormationProposal,
                  ProFormaPartner, ProForma, PartnershipRole, PartnershipMembership):
        model.objects.filter(tenant=tenant).delete()
    Partnership.objects.filter(tenant=tenant).update(parent=None, lead_school=None)
    Partnership.objects.filter(tenant=tenant).delete()
    PartnershipLevel.objects.filter(tenant=tenant).update(parent_level=None)
    PartnershipLevel.objects.filter(tenant=tenant).delete()

