"""A meeting on the day: each seat with its member and substitute on the meeting's date, its
RSVP and who attended for it; the quorum expected from the RSVPs and the quorum in the room;
and the meeting page (agenda, decisions with their votes, minutes). Fixed queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from boards.models import (
    AgendaItem,
    Attendance,
    AttendanceMode,
    Board,
    Decision,
    Declaration,
    HoldingKind,
    ItemAbsence,
    Meeting,
    MinuteCorrection,
    MinuteEntry,
    Minutes,
    Paper,
    Rsvp,
    RsvpAnswer,
    Seat,
    SeatHolding,
    Vote,
)
from boards.quorum import QuorumCount, SeatOnTheDay, quorum_count


@dataclass
class SeatDay:
    seat: Seat
    member: SeatHolding | None = None
    substitute: SeatHolding | None = None
    rsvp: Rsvp | None = None
    attendances: list[Attendance] = field(default_factory=list)
    # For one agenda item: the attendances of those out of the room for it.
    out: set[int] = field(default_factory=set)

    def _attended(self, *, as_substitute: bool, remote_counts: bool) -> bool:
        counted = {AttendanceMode.IN_PERSON} | ({AttendanceMode.REMOTE} if remote_counts
                                                else set())
        return any(a.as_substitute == as_substitute and a.mode in counted
                   for a in self.attendances)

    def member_attendance(self) -> Attendance | None:
        return next((a for a in self.attendances if not a.as_substitute), None)

    def substitute_attendance(self) -> Attendance | None:
        return next((a for a in self.attendances if a.as_substitute), None)

    def _out(self, *, as_substitute: bool) -> bool:
        return any(a.as_substitute == as_substitute and a.pk in self.out
                   for a in self.attendances)

    def in_the_room(self, board: Board) -> SeatOnTheDay:
        """The seat as attendance records it (for the day's item, when there is one: less who
        was out of the room for it)."""
        remote = board.remote_attendance_counts
        return SeatOnTheDay(
            seat_id=self.seat.pk, has_vote=self.seat.has_vote, filled=self.member is not None,
            member_present=self._attended(as_substitute=False, remote_counts=remote),
            substitute_present=self._attended(as_substitute=True, remote_counts=remote),
        ).for_item(member_out=self._out(as_substitute=False),
                   substitute_out=self._out(as_substitute=True))

    def expected(self, board: Board) -> SeatOnTheDay:
        """The seat as its RSVP says it will be."""
        answer = self.rsvp.answer if self.rsvp else None
        member = answer == RsvpAnswer.ATTENDING or (
            answer == RsvpAnswer.ATTENDING_REMOTELY and board.remote_attendance_counts)
        return SeatOnTheDay(
            seat_id=self.seat.pk, has_vote=self.seat.has_vote, filled=self.member is not None,
            member_present=member and self.member is not None,
            substitute_present=(answer == RsvpAnswer.SENDING_SUBSTITUTE
                                and self.substitute is not None))


@dataclass
class MeetingDay:
    meeting: Meeting
    board: Board
    seats: list[SeatDay]
    # The agenda item the day is seen for (its presence), or None for the whole meeting.
    item: AgendaItem | None = None

    def _count(self, facts: list[SeatOnTheDay]) -> QuorumCount:
        board = self.board
        return quorum_count(facts, kind=board.quorum_kind, number=board.quorum_number,
                            numerator=board.quorum_numerator,
                            denominator=board.quorum_denominator)

    @property
    def quorum(self) -> QuorumCount:
        return self._count([seat.in_the_room(self.board) for seat in self.seats])

    @property
    def expected_quorum(self) -> QuorumCount:
        return self._count([seat.expected(self.board) for seat in self.seats])

    @property
    def unanswered(self) -> list[SeatDay]:
        return [seat for seat in self.seats if seat.member and seat.rsvp is None]

    def seat_day(self, seat_id: int) -> SeatDay | None:
        return next((seat for seat in self.seats if seat.seat.pk == seat_id), None)

    def seat_of(self, membership_id: int) -> tuple[SeatDay, bool] | None:
        """The seat this person holds (False) or stands by for (True) on the day."""
        for seat in self.seats:
            if seat.member and seat.member.holder_id == membership_id:
                return seat, False
        for seat in self.seats:
            if seat.substitute and seat.substitute.holder_id == membership_id:
                return seat, True
        return None


def meeting_day(*, meeting: Meeting, item: AgendaItem | None = None,
                holders_only: bool = False, rsvps: bool = True) -> MeetingDay:
    """Every seat of the board with who holds it on the meeting's date, its RSVP and its
    attendance; for an agenda item, less who was out of the room for it (its quorum and who
    may vote on it). Four queries (five for an item); one less without the RSVPs (`rsvps`
    False: attendance is recorded, the expected quorum is not wanted); two with
    `holders_only` (the seats and their holders, no RSVP or attendance: who may sit that
    day)."""
    board = meeting.board
    on = timezone.localtime(meeting.starts_at).date()
    seats = [SeatDay(seat) for seat in Seat.objects.filter(board=board).order_by("position",
                                                                                 "id")
             if seat.is_open_on(on)]
    by_id = {seat.seat.pk: seat for seat in seats}
    for holding in (SeatHolding.objects.current(on).filter(seat__board=board)
                    .select_related("holder__user")):
        seat = by_id.get(holding.seat_id)
        if seat is not None:
            holding.seat = seat.seat  # read already: no query per holder
            if holding.kind == HoldingKind.MEMBER:
                seat.member = holding
            else:
                seat.substitute = holding
    if holders_only:
        return MeetingDay(meeting=meeting, board=board, seats=seats, item=item)
    for rsvp in Rsvp.objects.filter(meeting=meeting) if rsvps else ():
        if rsvp.seat_id in by_id:
            rsvp.seat = by_id[rsvp.seat_id].seat
            by_id[rsvp.seat_id].rsvp = rsvp
    for attendance in (Attendance.objects.filter(meeting=meeting)
                       .select_related("person__user").order_by("as_substitute", "pk")):
        if attendance.seat_id in by_id:
            attendance.seat = by_id[attendance.seat_id].seat  # no query per attendance
            by_id[attendance.seat_id].attendances.append(attendance)
    if item is not None:
        out = set(ItemAbsence.objects.filter(item=item).values_list("attendance_id", flat=True))
        for seat in seats:
            seat.out = out
    return MeetingDay(meeting=meeting, board=board, seats=seats, item=item)


def meeting_for(*, board: Board, meeting_id: int) -> Meeting | None:
    meeting = Meeting.objects.filter(board=board, pk=meeting_id).first()
    if meeting is not None:
        meeting.board = board
    return meeting


def agenda(*, meeting: Meeting, decisions_only: bool = False,
           withdrawn: list[Paper] | None = None) -> list[AgendaItem]:
    """The items in order, each with its papers in the pack (`pack_papers`), its
    declarations, its decisions and who was out of the room for it (for members). Five
    queries; with `decisions_only` three: the items with their decisions and each decision's
    votes (the API's list, the download; the page shows only a decision's counts). Given a
    `withdrawn` list, the meeting's withdrawn papers (with their item and who withdrew them)
    are added to it from the same query as the papers in the pack."""
    decisions = (Decision.objects.select_related("approves_minutes_of",
                                                 "approves_correction__minutes__meeting")
                 .order_by("created_at", "id"))
    items = AgendaItem.objects.filter(meeting=meeting).order_by("number")
    if decisions_only:
        votes = Vote.objects.select_related("seat", "voter__user").order_by("seat__position",
                                                                            "seat_id")
        return list(items.prefetch_related(Prefetch(
            "decisions", queryset=decisions.prefetch_related(Prefetch("votes",
                                                                      queryset=votes)))))
    found: list[AgendaItem] = list(items.prefetch_related(
        Prefetch("decisions", queryset=decisions),
        Prefetch("papers", to_attr="every_paper", queryset=Paper.objects.select_related(
            "withdrawn_by").order_by("uploaded_at", "pk")),
        Prefetch("declarations", queryset=Declaration.objects.select_related("person__user")
                 .order_by("person__user__full_name", "pk")),
        Prefetch("absences", queryset=ItemAbsence.objects
                 .select_related("attendance__person__user", "attendance__seat")
                 .order_by("attendance__seat__position", "pk"))))
    gone: list[Paper] = []
    for item in found:
        every: list[Paper] = item.every_paper  # type: ignore[attr-defined]
        for paper in every:
            paper.item = item  # read already: no query per paper
        # Withdrawn papers are listed apart, for whoever runs the board (`withdrawn`).
        item.pack_papers = [  # type: ignore[attr-defined]
            paper for paper in every if paper.withdrawn_at is None]
        gone += [paper for paper in every if paper.withdrawn_at is not None]
    if withdrawn is not None:
        withdrawn += sorted(gone, key=lambda paper: (paper.item.number, paper.withdrawn_at,
                                                     paper.pk))
    return found


def minutes_of(*, meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting=meeting).select_related("approved_by__item__meeting"
                                                                  ).first()


def minute_texts(*, minutes: Minutes | None) -> dict[int, MinuteEntry]:
    """{agenda item id: its minute}."""
    if minutes is None:
        return {}
    return {entry.item_id: entry for entry in MinuteEntry.objects.filter(minutes=minutes)}


def minutes_with_texts(*, meeting: Meeting) -> tuple[Minutes | None, dict[int, MinuteEntry]]:
    """`minutes_of` and `minute_texts`: the minutes come with their entries (each with its
    item, in the items' order), in one query once an item is minuted (the minutes read alone
    before then)."""
    entries = list(MinuteEntry.objects.filter(minutes__meeting=meeting)
                   .select_related("item", "minutes__approved_by__item__meeting")
                   .order_by("item__number"))
    if not entries:
        return minutes_of(meeting=meeting), {}
    return entries[0].minutes, {entry.item_id: entry for entry in entries}


def earlier_meetings_awaiting_approval(*, meeting: Meeting) -> list[Meeting]:
    """Meetings of the same board before this one whose minutes are circulated and not yet
    approved: what this meeting may approve."""
    waiting = Minutes.objects.filter(meeting__board=meeting.board,
                                     meeting__starts_at__lt=meeting.starts_at,
                                     status=Minutes.Status.CIRCULATED).values("meeting_id")
    return list(Meeting.objects.filter(pk__in=waiting).order_by("starts_at"))


def corrections_of(*, minutes: Minutes | None) -> dict[int, list[MinuteCorrection]]:
    """{agenda item id: its corrections, oldest first}, proposed and approved, for the people
    who read the full minutes."""
    found: dict[int, list[MinuteCorrection]] = {}
    if minutes is None:
        return found
    for correction in (MinuteCorrection.objects.filter(minutes=minutes)
                       .select_related("approved_by__item__meeting")
                       .order_by("proposed_at", "pk")):
        found.setdefault(correction.item_id, []).append(correction)
    return found


def corrections_awaiting_approval(*, meeting: Meeting) -> list[MinuteCorrection]:
    """Proposed corrections to minutes of the same board's earlier meetings: what this
    meeting may approve."""
    return list(MinuteCorrection.objects.filter(
        minutes__meeting__board=meeting.board,
        minutes__meeting__starts_at__lt=meeting.starts_at,
        status=MinuteCorrection.Status.PROPOSED)
        .select_related("item", "minutes__meeting").order_by("proposed_at", "pk"))
