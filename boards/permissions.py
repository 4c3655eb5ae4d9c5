"""Who may do what with one board, on top of the role table of `core.permissions`: 404 for
another tenant's board (the tenant scope hides it), 403 for a board of one's own tenant beyond
one's rights.

- Officers and admins (BOARDS_MANAGE) set up and run every board of the tenant.
- A seat's current member or designated substitute reads that board in full, exempt items
  included (the grant BOARD_READ, through `core.grants`, whatever their role in the tenant).
- The holder of the chair's or the clerk's seat also runs the board's meetings: agenda,
  attendance, votes and minutes (the grant BOARD_RUN).
- Whoever runs the board sets its priorities and actions; an action's owner (a member of the
  board) records progress on their own action (`may_record_progress`).
- Anyone else reads only the published view, and only where the board's terms allow it:
  every head and officer (BOARDS_PUBLISHED_VIEW) for TENANT, anyone at all for PUBLIC.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from boards.models import Board, MinutesReaders, SeatHolding, SeatKind
from core.grants import Grant, grants_including
from core.models import Membership
from core.permissions import BOARDS_MANAGE, BOARDS_PUBLISHED_VIEW, has

# Held on one board, never by a role.
BOARD_READ = "board.read"
BOARD_RUN = "board.run"
RUNS_MEETINGS = (SeatKind.INDEPENDENT_CHAIR, SeatKind.CHAIR, SeatKind.CLERK)


def seat_grants(memberships: list[Membership], on: date) -> dict[int, list[Grant]]:
    """The boards these people hold a seat of (or stand by for) on the date: BOARD_READ on
    each, and BOARD_RUN where the seat is the chair's or the clerk's. One query."""
    held: dict[int, list[Grant]] = {}
    holdings = (SeatHolding.objects.current(on)
                .filter(holder__in=[m.pk for m in memberships])
                .select_related("seat__board").order_by("start_date", "pk"))
    for holding in holdings:
        seat, board = holding.seat, holding.seat.board
        since = f"since {holding.start_date.day} {holding.start_date:%B %Y}"
        as_what = "Substitute for" if holding.kind == "substitute" else "Holder of"
        grants = held.setdefault(holding.holder_id, [])
        grants.append(Grant(BOARD_READ, board, f"{as_what} the seat {seat.label} on "
                                               f"{board.name} {since}",
                            starts_on=holding.start_date, ends_on=holding.end_date))
        if seat.kind in RUNS_MEETINGS and holding.kind == "member":
            grants.append(Grant(BOARD_RUN, board, f"{seat.get_kind_display()} of {board.name} "
                                                  f"{since}",
                                starts_on=holding.start_date, ends_on=holding.end_date))
    return held


@dataclass(frozen=True)
class BoardAccess:
    """What one person may do with one board."""

    can_read: bool  # the board in full, exempt items included
    can_run: bool  # meetings, agenda, attendance, votes, minutes
    can_manage: bool  # terms of reference and seats
    can_read_published: bool  # the published minutes (redacted)
    is_member: bool = False

    @property
    def can_see_board(self) -> bool:
        return self.can_read or self.can_read_published


NO_ACCESS = BoardAccess(can_read=False, can_run=False, can_manage=False,
                        can_read_published=False)


def published_open_to(board: Board, membership: Membership | None) -> bool:
    """Whether the board's terms let this person (None: an anonymous visitor) read its
    published minutes without holding a seat."""
    if board.minutes_readers == MinutesReaders.PUBLIC:
        return True
    if membership is None or membership.tenant_id != board.tenant_id:
        return False
    return (board.minutes_readers == MinutesReaders.TENANT
            and has(membership, BOARDS_PUBLISHED_VIEW))


def _board_grants(membership: Membership, on: date) -> list[Grant]:
    """The grants that can concern a board. Only the seat holder (`seat_grants`) grants
    BOARD_READ and BOARD_RUN (tests/boards check that no other holder does), so this
    person's seats on the date answer in one query instead of every holder's five, read once
    in a request that only reads (`core.grants.grants_including`)."""
    return grants_including(membership, "boards.seat", on)


def board_access(*, membership: Membership, board: Board, on: date | None = None) -> BoardAccess:
    if membership.tenant_id != board.tenant_id or not membership.is_active:
        return NO_ACCESS
    if has(membership, BOARDS_MANAGE):
        return BoardAccess(can_read=True, can_run=True, can_manage=True,
                           can_read_published=True)
    held = {grant.permission for grant in _board_grants(membership, on or timezone.localdate())
            if grant.covers(board)}
    is_member = BOARD_READ in held
    return BoardAccess(can_read=is_member, can_run=BOARD_RUN in held, can_manage=False,
                       can_read_published=is_member or published_open_to(board, membership),
                       is_member=is_member)


def board_for_member(*, membership: Membership, board_id: int, read: bool = False,
                     run: bool = False, manage: bool = False) -> tuple[Board, BoardAccess]:
    """The board a member asks for, with what they may do: Http404 when the tenant has no such
    board (another tenant's is out of scope, so it looks the same), PermissionDenied when they
    may not see it at all, or may not read it in full (`read`), run it (`run`) or set it up
    (`manage`)."""
    board = Board.objects.filter(pk=board_id).first()
    if board is None:
        raise Http404("No such board.")
    return board, access_needed(membership=membership, board=board, read=read, run=run,
                                manage=manage)


def access_needed(*, membership: Membership, board: Board, read: bool = False,
                  run: bool = False, manage: bool = False) -> BoardAccess:
    """What this person may do with the board, refused as `board_for_member` says."""
    access = board_access(membership=membership, board=board)
    if not access.can_see_board:
        raise PermissionDenied("This board's papers are for its members.")
    if read and not access.can_read:
        raise PermissionDenied("Only the board's members read its papers; its published "
                               "minutes are on the board's page.")
    if run and not access.can_run:
        raise PermissionDenied("Only the board's chair, its clerk or an officer can do this.")
    if manage and not access.can_manage:
        raise PermissionDenied("Only an officer can change a board's terms and seats.")
    return access


def ensure_access(*, membership: Membership | None, board: Board, run: bool = False,
                  manage: bool = False) -> BoardAccess:
    """The services' own check (whatever the caller: page, API, command)."""
    access = (board_access(membership=membership, board=board) if membership is not None
              else NO_ACCESS)
    if manage and not access.can_manage:
        raise PermissionDenied("Only an officer can change a board's terms and seats.")
    if run and not access.can_run:
        raise PermissionDenied("Only the board's chair, its clerk or an officer can do this.")
    return access


def may_record_progress(*, access: BoardAccess, membership: Membership | None,
                        owner_id: int | None) -> bool:
    """Whoever runs the board moves any of its actions on; a member of the board who owns an
    action moves that one on (an outsider named as owner reports to the clerk)."""
    if access.can_run:
        return True
    return (access.can_read and membership is not None and owner_id is not None
            and owner_id == membership.pk)


def ensure_may_record_progress(*, access: BoardAccess, membership: Membership | None,
                               owner_id: int | None) -> None:
    if not may_record_progress(access=access, membership=membership, owner_id=owner_id):
        raise PermissionDenied("Only the action's owner, the board's chair, its clerk or an "
                               "officer can record progress on it.")
