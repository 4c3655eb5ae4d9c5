"""Attendance that matters: each current voting member's attendance over the board's last N
meetings held (N is the board's `attendance_window`), and the members the clerk must act on.

The rule, as terms of reference commonly put it (Dorset's: "If a member fails to attend two
consecutive meetings, the Chair will write to the relevant group"): a member absent from two
consecutive meetings of the board *without sending apologies* is flagged to the clerk, who
drafts the letter for the chair. Apologies are sent by an RSVP (apologies, or sending the
substitute), by apologies recorded on the day, or by the substitute attending for the seat.

- Only meetings held count — those whose attendance the clerk has recorded (recording it marks
  the meeting held): cancelled meetings, meetings ahead and meetings whose attendance is not
  yet recorded are left out, so none of them breaks or makes a run of absences. At a meeting
  held, a member with no record is absent without apologies.
- A member is counted only at meetings held while they held the seat (a member appointed
  last month is not absent from last year's meetings).
- Joining remotely is attending, for the rate, whether or not it counts for the quorum.

Four queries, whatever the number of members or meetings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from boards.models import (
    NO_VOTE,
    Attendance,
    AttendanceMode,
    Board,
    HoldingKind,
    Meeting,
    Rsvp,
    RsvpAnswer,
    SeatHolding,
)
from boards.selectors.boards import BoardPage

PRESENT = "present"
APOLOGIES = "apologies"
SUBSTITUTE = "substitute"  # the member sent their substitute, who attended
ABSENT = "absent"  # absent without apologies (or attendance not recorded)
APOLOGY_ANSWERS = (RsvpAnswer.APOLOGIES, RsvpAnswer.SENDING_SUBSTITUTE)


@dataclass
class MemberAttendance:
    holding: SeatHolding
    # (meeting, what happened) for each meeting in the window while they held the seat, oldest
    # first.
    record: list[tuple[Meeting, str]] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for _, what in self.record if what == outcome)

    @property
    def expected(self) -> int:
        return len(self.record)

    @property
    def attended(self) -> int:
        return self.count(PRESENT)

    @property
    def sent_substitute(self) -> int:
        return self.count(SUBSTITUTE)

    @property
    def apologies(self) -> int:
        return self.count(APOLOGIES)

    @property
    def absent(self) -> int:
        return self.count(ABSENT)

    @property
    def rate(self) -> int | None:
        """Meetings attended as a whole percentage of the meetings they were expected at
        (None when there were none)."""
        if not self.record:
            return None
        return round(100 * self.attended / self.expected)

    @property
    def consecutive_absences(self) -> list[Meeting]:
        """The latest two meetings in a row missed without apologies, if any: the flag."""
        for (first, a), (second, b) in reversed(list(zip(self.record, self.record[1:],
                                                         strict=False))):
            if a == ABSENT and b == ABSENT:
                return [first, second]
        return []


@dataclass
class BoardAttendance:
    board: Board
    meetings: list[Meeting]
    members: list[MemberAttendance]

    @property
    def flagged(self) -> list[MemberAttendance]:
        return [row for row in self.members if row.consecutive_absences]

    @property
    def chair(self) -> str:
        """Who signs the letters: the holder of the chair's seat, or "The chair"."""
        return next((str(row.holding.holder.user) for row in self.members
                     if row.holding.seat.chairs_meetings), "The chair")

    def letters(self) -> list[tuple[MemberAttendance, str]]:
        """Each flagged member with the chair's draft letter to their nominating group."""
        return [(row, absence_letter(board=self.board, row=row, chair=self.chair))
                for row in self.flagged]


def _outcome(attendances: dict[tuple[int, int], list[Attendance]], rsvps: dict, meeting: Meeting,
             holding: SeatHolding) -> str:
    rows = attendances.get((meeting.pk, holding.seat_id), [])
    own = next((a for a in rows if a.person_id == holding.holder_id and not a.as_substitute),
               None)
    if own is not None and own.mode in (AttendanceMode.IN_PERSON, AttendanceMode.REMOTE):
        return PRESENT
    if any(a.as_substitute and a.mode in (AttendanceMode.IN_PERSON, AttendanceMode.REMOTE)
           for a in rows):
        return SUBSTITUTE
    if (own is not None and own.mode == AttendanceMode.APOLOGIES) or \
            rsvps.get((meeting.pk, holding.seat_id)) in APOLOGY_ANSWERS:
        return APOLOGIES
    return ABSENT


def board_attendance(*, board: Board, now: datetime | None = None,
                     page: BoardPage | None = None,
                     current: list[SeatHolding] | None = None) -> BoardAttendance:
    """Each current voting member's record over the board's last `attendance_window`
    meetings held (the clerk's seat, which has no vote, is left out). Four queries; three
    given the terms of office in force today, seats in order (`selectors.interests.
    current_holdings`, read on the same day); two given the board's page
    (`selectors.boards.board_page`: every meeting, each seat's member today)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if page is None:
        meetings = list(reversed(Meeting.objects.filter(board=board, starts_at__lte=now,
                                                        status=Meeting.Status.HELD)
                                 .order_by("-starts_at")[:board.attendance_window]))
        if current is None:
            holdings = list(SeatHolding.objects.current(today)
                            .filter(seat__board=board, kind=HoldingKind.MEMBER)
                            .exclude(seat__kind__in=NO_VOTE)
                            .select_related("holder__user", "seat__nominating_partnership")
                            .order_by("seat__position", "pk"))
        else:
            # One member at a time per seat (the services refuse overlaps).
            holdings = [holding for holding in current if holding.kind == HoldingKind.MEMBER
                        and holding.seat.kind not in NO_VOTE]
    else:
        held = sorted((m for m in [*page.upcoming, *page.past]
                       if m.starts_at <= now and m.status == Meeting.Status.HELD),
                      key=lambda m: m.starts_at)
        meetings = held[max(len(held) - board.attendance_window, 0):]
        # One member at a time per seat (the services refuse overlaps); seats in order.
        holdings = [row.member for row in page.seats if row.member is not None
                    and row.member.is_current(today) and row.seat.kind not in NO_VOTE]
    attendances: dict[tuple[int, int], list[Attendance]] = {}
    for attendance in Attendance.objects.filter(meeting__in=[m.pk for m in meetings]):
        attendances.setdefault((attendance.meeting_id, attendance.seat_id), []).append(attendance)
    rsvps = {(meeting_id, seat_id): answer for meeting_id, seat_id, answer in
             Rsvp.objects.filter(meeting__in=[m.pk for m in meetings])
             .values_list("meeting_id", "seat_id", "answer")}
    members = []
    for holding in holdings:
        row = MemberAttendance(holding)
        for meeting in meetings:
            if holding.is_current(timezone.localdate(meeting.starts_at)):
                row.record.append((meeting, _outcome(attendances, rsvps, meeting, holding)))
        members.append(row)
    return BoardAttendance(board=board, meetings=meetings, members=members)


def absence_letter(*, board: Board, row: MemberAttendance, chair: str) -> str:
    """The chair's draft letter to the group that nominated a member who missed two meetings
    in a row without apologies (issue 12 item 3: the terms of reference ask the chair to
    write). Plain text to copy into an e-mail; the clerk edits it as needed."""
    first, second = row.consecutive_absences
    seat = row.holding.seat
    group = seat.nominated_by or "the nominating group"
    member = str(row.holding.holder.user)
    return (
        f"Dear colleagues of {group},\n\n"
        f"{member} represents you on the {board.name} ({seat.label}). They were not at the "
        f"board's meetings of {timezone.localtime(first.starts_at):%-d %B %Y} and "
        f"{timezone.localtime(second.starts_at):%-d %B %Y}, and the board received no "
        "apologies.\n\n"
        "The board's terms of reference ask the chair to write to the nominating group when "
        "a seat is not represented at two consecutive meetings. Could you let us know whether "
        f"{member} will attend the next meeting, or nominate a colleague in their place?\n\n"
        f"Yours sincerely,\n{chair}\nChair, {board.name}")
