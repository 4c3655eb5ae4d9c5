"""The demo council's School Improvement Board, set up from Dorset's terms of reference (seed
002, appendix 1): an independent chair (the demo board login), two seats per region nominated by
its schools — a primary head and a secondary or special head, each with a designated substitute
— a co-opted maths lead, the LA representative (one vote) and a clerk (no vote). Its minutes are
published for the public, exempt items redacted.

Three priorities and six actions in every state (demo.board_actions). Three meetings, counted
from today: one held ten weeks ago with an exempt item, votes, and
minutes approved at the next meeting and published; one held three weeks ago with draft
minutes; one ahead in four weeks with RSVPs giving the expected quorum. Everything goes
through `boards.services`, so the rules hold and each write has its audit row.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from boards.models import (
    AgendaItem,
    Attendance,
    AttendanceMode,
    Board,
    BoardAction,
    BoardActionUpdate,
    BoardPriority,
    Decision,
    Declaration,
    ExemptParagraph,
    HoldingKind,
    ItemAbsence,
    Meeting,
    MeetingNote,
    MinuteEntry,
    Minutes,
    Paper,
    RegisteredInterest,
    Rsvp,
    RsvpAnswer,
    Seat,
    SeatHolding,
    SeatKind,
    Vote,
)
from boards.services import boards as board_services
from boards.services import decisions as decision_services
from boards.services import meetings as meeting_services
from boards.services import minutes as minutes_services
from core.models import Membership, Role, Tenant
from demo import board_actions, board_interests, board_papers
from demo.dates import working_day_on_or_after
from partnerships.models import Partnership, PartnershipRole, RoleKind
from schools.models import Phase, School
from schools.selectors import school_of

STARTED = date(2024, 9, 1)
TERMS = """Vision and purpose. The schools-led partnership will work to: ensure that every \
child and young person attends a good or outstanding school; develop the leadership role of \
successful schools to expand system leadership; promote a transparent and consistent strategy \
to drive school improvement; identify and collectively respond to priorities and \
opportunities across {area}; secure a consistent approach to monitoring and evaluating the \
impact of all partners' work; and embed a self-improving system driven by school leaders.

Responsibilities of members. Members are nominated by their group and contribute on its \
behalf as system leaders. Members are expected to attend each meeting or to send a \
substitute. Substitute members have full voting rights when taking the place of the ordinary \
member for whom they are the designated substitute. If a member fails to attend two \
consecutive meetings, the Chair will write to the relevant group.

Frequency of meetings. The partnership meets half-termly, plus one meeting at the beginning of \
each academic year to review results and confirm priorities. Meetings are two hours long.

Membership. The Board appoints an Independent Chair to chair meetings and facilitate the \
partnership's work. Membership seeks to represent expertise across all key stages; a gap in \
expertise may be filled by co-option, by agreement of the Board, for a project or a time.

Quorum (entered by the clerk; the terms set none): one third of the voting seats filled. The \
local authority holds one vote."""

PersonFor = Callable[[str, str, str, str], Membership]


def _at(day: date, hour: int = 14) -> datetime:
    """The board meets on Tuesdays: the Tuesday of the week of `day` (the next working day
    if that is a bank holiday)."""
    day = working_day_on_or_after(day - timedelta(days=day.weekday() - 1))
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _day(meeting: Meeting) -> str:
    day = timezone.localtime(meeting.starts_at)
    return f"{day.day} {day:%B %Y}"


def _region_heads(region: Partnership, head: Membership) -> tuple[list[Membership],
                                                                  list[Membership]]:
    """The chairs of the region's hubs whose schools are primary, and the others; the demo
    headteacher first where they are one."""
    chairs = [role.person for role in PartnershipRole.objects.filter(
        partnership__parent=region, kind=RoleKind.CHAIR, end_date__isnull=True,
        person__isnull=False).select_related("person__user").order_by("partnership__name")
        if role.person is not None]
    chairs.sort(key=lambda person: person.pk != head.pk)
    primary = [p for p in chairs if (school := school_of(p)) and
               school.establishment.phase == Phase.PRIMARY]
    return primary, [p for p in chairs if p not in primary]


def seed_boards(*, tenant: Tenant, admin: Membership, head: Membership, chair: Membership,
                regions: list[Partnership], headteacher_for: Callable[[School], Membership],
                person_for: PersonFor, today: date | None = None) -> Board:
    """The board, its seats and three meetings. Call inside the tenant's scope."""
    today = today or timezone.localdate()
    officer = admin.user
    board = board_services.board_create(
        tenant=tenant, actor=officer, name=f"{tenant.name.removesuffix(' Council')} School "
                                           "Improvement Board",
        terms=TERMS.format(area=tenant.name.removesuffix(" Council")), quorum_numerator=1,
        quorum_denominator=3, minutes_readers="public", papers_notice_days=5)
    clerk = person_for("priya.shah", "Priya Shah", Role.BOARD_MEMBER,
                       "Democratic services officer")
    maths = person_for("tom.beaumont", "Tom Beaumont", Role.BOARD_MEMBER, "Maths hub lead")

    def seat(label: str, kind: str = SeatKind.MEMBER, member: Membership | None = None,
             substitute: Membership | None = None, **extra) -> Seat:
        made = board_services.seat_create(tenant=tenant, actor=officer, board=board,
                                          label=label, kind=kind, **extra)
        for person, holding in ((member, HoldingKind.MEMBER),
                                (substitute, HoldingKind.SUBSTITUTE)):
            if person is not None:
                board_services.seat_holding_add(tenant=tenant, actor=officer, seat=made,
                                                holder=person, kind=holding, start_date=STARTED)
        return made

    seat("Independent chair", SeatKind.INDEPENDENT_CHAIR, chair,
         nominating_group="Appointed by the Board; paid from the strategic fund")
    specials = list(School.objects.filter(establishment__is_open=True,
                                          establishment__phase=Phase.SPECIAL)
                    .select_related("establishment").order_by("establishment_id"))
    for index, region in enumerate(regions):
        primary, other = _region_heads(region, head)
        name = region.name.removesuffix(" Region")
        seat(f"Primary headteacher, {name}", member=primary[0],
             substitute=primary[1] if len(primary) > 1 else None,
             nominating_partnership=region)
        secondary = other or primary[2:]
        sub = (headteacher_for(specials[index]) if index < len(specials)
               else (secondary[1] if len(secondary) > 1 else None))
        if secondary:
            seat(f"Secondary or special headteacher, {name}", member=secondary[0],
                 substitute=sub, nominating_partnership=region)
    seat("Co-opted: maths improvement", SeatKind.CO_OPTED, maths,
         co_opted_until=date(today.year + 1, 8, 31),
         co_opted_purpose="The maths improvement strategy with the maths hub, for a year")
    seat("Local authority", SeatKind.LA_REPRESENTATIVE, admin,
         nominating_group="Director of Children's Services")
    seat("Clerk", SeatKind.CLERK, clerk, nominating_group="Democratic services")
    _meetings(tenant=tenant, board=board, clerk=clerk, today=today)
    return board


def _attend(tenant, actor, meeting, day_seats, *, substitute_for=(), apologies=(),
            remote=()) -> None:
    """Everyone present in person but: the seats in `substitute_for` (member's apologies,
    substitute present), `apologies` (no one) and `remote` (the member joins remotely)."""
    for seat_day in day_seats:
        label, member = seat_day.seat.label, seat_day.member
        if member is None:
            continue
        if label in substitute_for and seat_day.substitute:
            meeting_services.attendance_record(
                tenant=tenant, actor=actor, meeting=meeting, seat=seat_day.seat,
                person=member.holder, mode=AttendanceMode.APOLOGIES,
                apology_reason="Ofsted inspection at school")
            meeting_services.attendance_record(
                tenant=tenant, actor=actor, meeting=meeting, seat=seat_day.seat,
                person=seat_day.substitute.holder, mode=AttendanceMode.IN_PERSON)
        elif label in apologies:
            meeting_services.attendance_record(
                tenant=tenant, actor=actor, meeting=meeting, seat=seat_day.seat,
                person=member.holder, mode=AttendanceMode.APOLOGIES,
                apology_reason="Headteachers' conference")
        else:
            mode = AttendanceMode.REMOTE if label in remote else AttendanceMode.IN_PERSON
            meeting_services.attendance_record(tenant=tenant, actor=actor, meeting=meeting,
                                               seat=seat_day.seat, person=member.holder,
                                               mode=mode)


def _vote_all(tenant, actor, decision, against=(), abstain=()) -> Decision:
    from boards.selectors.meetings import meeting_day

    day = meeting_day(meeting=decision.item.meeting, item=decision.item)
    for seat_day in day.seats:
        facts = seat_day.in_the_room(day.board)
        if not facts.represented:
            continue
        voter = (seat_day.substitute if facts.substitute_votes else seat_day.member)
        assert voter is not None
        label = seat_day.seat.label
        choice = "against" if label in against else "abstain" if label in abstain else "for"
        decision_services.vote_record(tenant=tenant, actor=actor, decision=decision,
                                      voter=voter.holder, choice=choice)
    return decision_services.decision_close(tenant=tenant, actor=actor, decision=decision)


def _meetings(*, tenant: Tenant, board: Board, clerk: Membership, today: date) -> None:
    from boards.selectors.meetings import meeting_day

    actor = clerk.user
    labels = [seat.label for seat in Seat.objects.filter(board=board).order_by("position")]
    alliances = [label for label in labels if "headteacher" in label]
    heads, maths_lead = board_interests.seed_register(tenant=tenant, board=board, clerk=clerk,
                                                      since=STARTED)

    def item(meeting, title, text="", **exempt) -> AgendaItem:
        return meeting_services.agenda_item_create(tenant=tenant, actor=actor,
                                                   meeting=meeting, title=title, text=text,
                                                   **exempt)

    # 1. Held ten weeks ago: results and priorities, and an exempt support package.
    first = meeting_services.meeting_create(
        tenant=tenant, actor=actor, board=board, starts_at=_at(today - timedelta(weeks=10)),
        location="Committee Room 2, County Hall")
    _attend(tenant, actor, first, meeting_day(meeting=first).seats,
            substitute_for=alliances[1:2], apologies=alliances[-1:])
    welcome = item(first, "Welcome, apologies and declarations of interest")
    results = item(first, "Results and priorities for the year",
                   "The adviser's summary of key stage 2 and 4 results against national, by "
                   "region, and the proposed priorities.")
    support = item(first, "Support package for a school causing concern",
                   "Proposal to commission a National Leader of Education for a maintained "
                   "primary school after its inspection, funded from the strategic fund.",
                   is_exempt=True, exempt_paragraph=ExemptParagraph.FINANCIAL,
                   public_interest_reason="The item names a school and the cost of support "
                                          "to it before the governors have been told; "
                                          "disclosure now would harm the school's recovery.")
    aob = item(first, "Any other business")
    board_interests.declare_at_first(tenant=tenant, clerk=clerk, results=results,
                                     support=support, heads=heads)
    board_papers.papers_for_first(tenant=tenant, clerk=clerk, results=results, support=support)
    # The head who declared an interest in the results leaves the room for that item.
    left = Attendance.objects.filter(meeting=first, person=heads[0],
                                     mode=AttendanceMode.IN_PERSON).first()
    if left is not None:
        meeting_services.item_presence_record(
            tenant=tenant, actor=actor, item=results, out=[left],
            reason="Left the room, having declared an interest")
    priorities = decision_services.decision_create(
        tenant=tenant, actor=actor, item=results,
        motion="That the Board adopts Disadvantaged learners and Reading as its priorities "
               "for the year.")
    _vote_all(tenant, actor, priorities, abstain=alliances[:1])
    package = decision_services.decision_create(
        tenant=tenant, actor=actor, item=support,
        motion="That the Board commissions twelve days of NLE support at £4,800 from the "
               "strategic fund.")
    _vote_all(tenant, actor, package, against=alliances[2:3])
    minutes_services.minutes_save(tenant=tenant, actor=actor, meeting=first, texts={
        welcome.pk: "The Chair welcomed members. Apologies were received and a substitute "
                    "attended in a member's place. Declarations of interest are "
                    "recorded against the items.",
        results.pk: "Members discussed the results by region. Reading at the end of key "
                    "stage 2 remains below national in two regions; the gap for "
                    "disadvantaged pupils widened. The Board agreed its priorities.",
        support.pk: "Members considered the adviser's report on the school and agreed the "
                    "support package.",
        aob.pk: "None."})
    minutes_services.minutes_circulate(tenant=tenant, actor=actor,
                                       minutes=Minutes.objects.get(meeting=first))

    # 2. Held three weeks ago: approves the first meeting's minutes; its own are a draft.
    second = meeting_services.meeting_create(
        tenant=tenant, actor=actor, board=board, starts_at=_at(today - timedelta(weeks=3)),
        location="Committee Room 2, County Hall", remote_link="Microsoft Teams")
    _attend(tenant, actor, second, meeting_day(meeting=second).seats,
            remote=alliances[:1])
    item(second, "Welcome, apologies and declarations of interest")
    minutes_item = item(second, f"Minutes of the meeting of {_day(first)}")
    maths = item(second, "Maths improvement strategy",
                 "The co-opted maths lead presents a system-wide map of support for maths.")
    board_interests.declare_at_second(tenant=tenant, clerk=clerk, strategy=maths,
                                      maths=maths_lead)
    board_papers.papers_for_second(tenant=tenant, clerk=clerk, strategy=maths)
    approval = decision_services.decision_create(
        tenant=tenant, actor=actor, item=minutes_item, approves_minutes_of=first,
        motion="That the minutes of the last meeting are approved as a correct record.")
    _vote_all(tenant, actor, approval)
    minutes_services.minutes_publish(tenant=tenant, actor=actor,
                                     minutes=Minutes.objects.get(meeting=first))
    minutes_services.minutes_save(tenant=tenant, actor=actor, meeting=second, texts={
        minutes_item.pk: "The minutes were approved as a correct record.",
        maths.pk: "Members welcomed the strategy and asked for termly reports on its "
                  "impact."})

    board_actions.seed_actions(tenant=tenant, board=board, clerk=clerk, today=today,
                               results=results, maths=maths)

    # 3. Ahead in four weeks: the agenda and the seats' answers so far.
    third = meeting_services.meeting_create(
        tenant=tenant, actor=actor, board=board, starts_at=_at(today + timedelta(weeks=4)),
        location="Committee Room 2, County Hall")
    for title in ("Welcome, apologies and declarations of interest",
                  f"Minutes of the meeting of {_day(second)}",
                  "Disadvantaged learners: progress", "Any other business"):
        made = item(third, title)
        if title.startswith("Disadvantaged"):
            board_papers.papers_for_third(tenant=tenant, clerk=clerk, progress=made)
    answers = [RsvpAnswer.ATTENDING, RsvpAnswer.ATTENDING, RsvpAnswer.SENDING_SUBSTITUTE,
               RsvpAnswer.APOLOGIES, RsvpAnswer.ATTENDING_REMOTELY, RsvpAnswer.ATTENDING]
    day = meeting_day(meeting=third)
    for seat_day, answer in zip([s for s in day.seats if s.member and s.seat.has_vote],
                                answers, strict=False):
        if answer == RsvpAnswer.SENDING_SUBSTITUTE and seat_day.substitute is None:
            answer = RsvpAnswer.ATTENDING
        meeting_services.rsvp_record(tenant=tenant, actor=actor, meeting=third,
                                     seat=seat_day.seat, answer=answer)


def demo_wipe(tenant: Tenant) -> None:
    """Remove the tenant's boards in an order their protected links allow."""
    Minutes.objects.filter(tenant=tenant).update(approved_by=None)
    MeetingNote.objects.filter(tenant=tenant).update(replaces=None)
    for paper in Paper.objects.filter(tenant=tenant):
        paper.file.delete(save=False)
    for model in (BoardActionUpdate, BoardAction, BoardPriority, Vote, MinuteEntry, Minutes,
                  Decision, Declaration, RegisteredInterest, Paper, ItemAbsence, Attendance, Rsvp,
                  AgendaItem, MeetingNote,
                  Meeting, SeatHolding, Seat, Board):
        model.objects.filter(tenant=tenant).delete()
