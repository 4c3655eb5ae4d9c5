"""The boards a person may see, and a board's page: its seats with who holds them today, and
its meetings with their expected quorum and minutes status. Fixed queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from boards.models import Board, HoldingKind, Meeting, Minutes, MinutesReaders, Seat, SeatHolding
from boards.permissions import BOARD_READ, BoardAccess
from core.grants import grants_including
from core.models import Membership
from core.permissions import BOARDS_MANAGE, BOARDS_PUBLISHED_VIEW, has

# What the list, its download and the API's list show of a board (not its terms).
API_FIELDS = ("quorum_kind", "quorum_number", "quorum_numerator", "quorum_denominator",
              "remote_attendance_counts", "papers_notice_days", "attendance_window",
              "partnership")
SEAT_GRANTS = "boards.seat"  # the holder `boards.apps` registers


def _count(model: type[Seat] | type[Meeting]) -> Coalesce:
    rows = (model.objects.filter(board=OuterRef("pk")).order_by().values("board")
            .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def boards_for(*, membership: Membership) -> list[tuple[Board, bool]]:
    """(board, is a member) for each board the person may see: every board for those who run
    them; else the boards they hold a seat of and those whose published minutes their role may
    read. Two queries: the person's seats (only seats give BOARD_READ, so no other holder of
    grants is asked) and the boards, each count in its own subquery (counting both over one
    join would count every seat once per meeting)."""
    boards = (Board.objects.only("name", "kind", "minutes_readers", *API_FIELDS)
              .annotate(seat_count=_count(Seat), meeting_count=_count(Meeting))
              .order_by("kind", "name"))
    if has(membership, BOARDS_MANAGE):
        return [(board, False) for board in boards]
    seated = {grant.target.pk for grant in grants_including(membership, SEAT_GRANTS)
              if grant.permission == BOARD_READ}
    open_to = [MinutesReaders.PUBLIC]
    if has(membership, BOARDS_PUBLISHED_VIEW):
        open_to.append(MinutesReaders.TENANT)
    return [(board, board.pk in seated)
            for board in boards.filter(Q(pk__in=seated) | Q(minutes_readers__in=open_to))]


@dataclass
class SeatRow:
    seat: Seat
    member: SeatHolding | None = None
    substitute: SeatHolding | None = None
    past: list[SeatHolding] = field(default_factory=list)


@dataclass
class BoardPage:
    board: Board
    access: BoardAccess
    seats: list[SeatRow]
    upcoming: Sequence[Meeting]
    past: Sequence[Meeting]

    @property
    def vacancies(self) -> list[SeatRow]:
        return [row for row in self.seats if row.member is None]


def board_page(*, board: Board, access: BoardAccess, on: date | None = None) -> BoardPage:
    """Seats with their current and past holders, meetings with their minutes' status. Three
    queries."""
    on = on or timezone.localdate()
    rows = {seat.pk: SeatRow(seat) for seat in
            Seat.objects.filter(board=board).select_related("nominating_partnership")
            .order_by("position", "id")}
    for holding in (SeatHolding.objects.filter(seat__board=board)
                    .select_related("holder__user").order_by("-start_date", "-pk")):
        row = rows[holding.seat_id]
        holding.seat = row.seat  # read already: no query per holder
        if holding.is_current(on) and holding.kind == HoldingKind.MEMBER and row.member is None:
            row.member = holding
        elif holding.is_current(on) and holding.kind == HoldingKind.SUBSTITUTE \
                and row.substitute is None:
            row.substitute = holding
        elif holding.start_date <= on:
            row.past.append(holding)
    status = Minutes.objects.filter(meeting=OuterRef("pk")).values("status")[:1]
    meetings = list(Meeting.objects.filter(board=board)
                    .annotate(minutes_status=Subquery(status)).order_by("starts_at"))
    now = timezone.now()
    upcoming = [m for m in meetings if m.starts_at >= now and not m.is_cancelled]
    past = [m for m in reversed(meetings) if m not in upcoming]
    return BoardPage(board=board, access=access, seats=list(rows.values()), upcoming=upcoming,
                     past=past)
