"""Partnerships for the demo tenant (Northshire), Wiltshire-style: three regions, about twenty
hubs of the open schools (most, not all: a few academies have not joined and the pupil referral
units sit outside), a chair, advisers and a regional lead each, hub meetings with notes,
priorities and actions, and a consultation survey with about forty responses.

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
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from core.models import Membership, Tenant
from demo.dates import working_day_on_or_before
from demo.surveys import area_name, consultation_survey
from partnerships.models import (
    FormationProposal,
    HubAction,
    HubActionUpdate,
    HubMeeting,
    HubMeetingNote,
    HubPriority,
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
from partnerships.services import hubs as hub_services
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
PRIORITIES = [
    ("Disadvantaged learners", "Close the gap for disadvantaged pupils, starting with reading "
                               "and attendance in years 3 to 6."),
    ("Reading", "Every child reading fluently by the end of year 2: shared phonics training and "
                "a reading leads' network."),
    ("Attendance", "Persistent absence back below pre-pandemic levels: shared family workers "
                   "and one attendance policy."),
]
ACTIONS = [
    # (priority index, description, owner is the chair?, owner name, days from today due,
    #  [(status, note)])
    (0, "Audit pupil premium spending in each school against the EEF guide and share the "
        "findings at the next meeting.", True, "", 21,
     [("in_progress", "Five of the schools have sent their audits.")]),
    (1, "Book the phonics trainer for a shared INSET day in the spring term.", False,
     "English hub lead", -14, [("done", "Booked for 6 January; all schools have places.")]),
    (2, "Share the attendance dashboards of every school each half-term.", False,
     "Education welfare officer", 35, []),
    (1, "Set up a reading leads' network meeting every half-term.", True, "", -30,
     [("in_progress", "First meeting held."), ("done", "Meets every half-term from now.")]),
    (0, "Visit a school with a narrow disadvantage gap outside the hub.", False,
     "Link adviser", -7,
     [("cancelled", "Replaced by the trust's open day, which all heads attended.")]),
]
NOTES = [
    "Heads shared their pupil premium strategies; three schools will pilot the tutoring model. "
    "Attendance figures for the autumn term were reviewed against last year.",
    "Agreed the hub's priorities for the year. The adviser presented the categorisation results "
    "and the support on offer; the chair will circulate the action log.",
]



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
    for index, (hub, chair) in enumerate(zip(result.hubs, result.chairs, strict=True)):
        busy = hub == result.head_hub or index % 4 == 0
        _hub_activity(tenant=tenant, hub=hub, chair=chair, rng=rng, today=today, busy=busy,
                      cancelled=index == 4)
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


def _at(day: date, hour: int = 15, minute: int = 30) -> datetime:
    """After school on `day`, or on the working day before it (never a weekend or a bank
    holiday)."""
    return timezone.make_aware(datetime.combine(working_day_on_or_before(day),
                                                time(hour, minute)))


def _hub_activity(*, tenant, hub: Partnership, chair: Membership, rng: random.Random,
                  today: date, busy: bool, cancelled: bool) -> None:
    """Priorities for every hub; for a busy one also meetings with notes and actions."""
    user = chair.user
    chosen = rng.sample(PRIORITIES, 3 if busy else 2)
    priorities = [
        hub_services.hub_priority_create(tenant=tenant, actor=user, partnership=hub,
                                         title=title, description=text,
                                         start_date=date(2025, 9, 1))
        for title, text in chosen
    ]
    if not busy:
        return
    achieved = hub_services.hub_priority_create(
        tenant=tenant, actor=user, partnership=hub, title="Early years transition",
        description="A shared transition pack from nursery to reception.",
        start_date=date(2024, 9, 1))
    hub_services.hub_priority_end(tenant=tenant, actor=user, priority=achieved,
                                  status=HubPriority.Status.ACHIEVED, end_date=date(2025, 7, 18))
    venue = hub.name.removesuffix(" Hub")
    meetings = []
    for weeks_ago, note in ((10, NOTES[1]), (4, NOTES[0])):
        meeting = hub_services.hub_meeting_create(
            tenant=tenant, actor=user, partnership=hub,
            starts_at=_at(today - timedelta(weeks=weeks_ago)),
            location=f"Staff room, {school_of(chair).establishment.name}",
            agenda="1. Data and categories\n2. Priorities: progress\n3. Actions\n4. Any other "
                   "business")
        hub_services.hub_meeting_set_status(tenant=tenant, actor=user, meeting=meeting,
                                            status=HubMeeting.Status.HELD)
        hub_services.hub_meeting_note_add(tenant=tenant, actor=user, meeting=meeting, text=note)
        meetings.append(meeting)
    if cancelled:
        meeting = hub_services.hub_meeting_create(
            tenant=tenant, actor=user, partnership=hub, is_online=True,
            starts_at=_at(today - timedelta(weeks=7), 16, 0), agenda="Attendance data")
        hub_services.hub_meeting_set_status(
            tenant=tenant, actor=user, meeting=meeting, status=HubMeeting.Status.CANCELLED,
            reason="Clashed with the county moderation day; items moved to the next meeting.")
    hub_services.hub_meeting_create(
        tenant=tenant, actor=user, partnership=hub, starts_at=_at(today + timedelta(weeks=3)),
        location=f"{venue} Library meeting room",
        agenda="1. Spring term data\n2. Reading network\n3. Attendance: shared family worker")
    by_title = {priority.title: priority for priority in priorities}
    for index, description, by_chair, owner_name, due, updates in ACTIONS:
        priority = by_title.get(PRIORITIES[index][0])
        action = hub_services.hub_action_create(
            tenant=tenant, actor=user, partnership=hub, description=description,
            priority=priority, meeting=meetings[-1] if due > 0 else meetings[0],
            owner=chair if by_chair else None, owner_name=owner_name,
            due_date=today + timedelta(days=due))
        for status, note in updates:
            hub_services.hub_action_update_progress(tenant=tenant, actor=user, action=action,
                                                    status=status, note=note)


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
    for model in (HubActionUpdate, HubAction):
        model.objects.filter(tenant=tenant).delete()
    HubMeetingNote.objects.filter(tenant=tenant).update(replaces=None)
    for model in (HubMeetingNote, HubMeeting, HubPriority, SurveyResponse, SurveyOption, Survey,
                  ProposalResponse, ProposedMember, ProposedPartnership, FormationProposal,
                  ProFormaPartner, ProForma, PartnershipRole, PartnershipMembership):
        model.objects.filter(tenant=tenant).delete()
    Partnership.objects.filter(tenant=tenant).update(parent=None, lead_school=None)
    Partnership.objects.filter(tenant=tenant).delete()
    PartnershipLevel.objects.filter(tenant=tenant).update(parent_level=None)
    PartnershipLevel.objects.filter(tenant=tenant).delete()

