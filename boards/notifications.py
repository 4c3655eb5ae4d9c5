"""Boards' part of "waiting for you" and the weekly digest (core.notifications), issue 12
item 7:

- waiting (the home page, and the digest's "Waiting for you" every week until done): the board
  actions a person owns that are overdue or due within the week;
- waiting, for whoever runs a board (its chair and clerk): each seat whose member missed two
  meetings in a row without apologies, so the chair writes to the nominating group (the members
  page holds the draft letter);
- waiting, for whoever runs a board: terms of office ending within `TERM_NOTICE` (a member's
  holding with an end date, a co-opted seat's end) and seats left without a member, so the
  chair asks the nominating group in time;
- waiting, for whoever runs a board: the minutes of its meetings that are not yet published
  (draft: circulate; circulated: put to approval; approved: publish);
- digest ("Since last week"): to whoever runs a board (its chair and clerk), the board's actions
  that fell overdue in the week, whoever owns them, so they can chase them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from boards.models import Board, BoardAction, BoardKind, HoldingKind, Minutes, Seat, SeatHolding
from boards.permissions import BOARD_RUN
from boards.selectors.attendance import board_attendance
from core import actions
from core.actions import due_sentence, owned_due_soon, owner_label
from core.grants import grants_including
from core.models import Membership
from core.notifications import DigestLine, Source, Waiting

# How far ahead the chair and clerk hear of a term of office ending: a nominating group (a
# consortium's schools) needs a half-term to choose someone.
TERM_NOTICE = timedelta(days=60)


def actions_owned(*, membership: Membership, today: date) -> QuerySet[BoardAction]:
    """The open board actions `membership` owns that are overdue or due within a week of
    `today`, soonest first."""
    return owned_due_soon(BoardAction.objects.select_related("board"), owner=membership,
                          today=today)


def _sentence(action: BoardAction, today: date) -> str:
    return f"{due_sentence(action, today)} ({action.board.name})"


def _url(membership: Membership, action: BoardAction) -> str:
    return reverse("boards:action-detail",
                   args=[membership.tenant.slug, action.board_id, action.pk])


def boards_run_by(membership: Membership, today: date, *,
                  hubs: bool = True) -> list[int]:
    """The ids of the boards `membership` runs (holds the chair's or the clerk's seat of),
    without hubs' boards unless `hubs`. Asks the boards' own holder of grants (one query)
    unless the request has read every holder's already: the waiting list asks this on every
    home page."""
    held = grants_including(membership, "boards.seat", today)
    return list(dict.fromkeys(
        grant.target.pk for grant in held
        if grant.permission == BOARD_RUN
        and (hubs or not (isinstance(grant.target, Board) and grant.target.kind == BoardKind.HUB))))


def _absences(membership: Membership, boards: list[int]) -> list[Waiting]:
    items = []
    for board in Board.objects.filter(pk__in=boards).order_by("name"):
        for row in board_attendance(board=board).flagged:
            items.append(Waiting(
                f"{board.name}: {row.holding.holder.user} ({row.holding.seat.label}) missed "
                "two meetings in a row without apologies: write to "
                f"{row.holding.seat.nominated_by or 'the nominating group'}",
                reverse("boards:board-members", args=[membership.tenant.slug, board.pk])))
    return items


# What whoever runs a board does next with a meeting's minutes, by their status.
_MINUTES_NEXT: dict[str, str] = {
    Minutes.Status.DRAFT: "are a draft: finish and circulate them",
    Minutes.Status.CIRCULATED: "are circulated: put them to the board for approval",
    Minutes.Status.APPROVED: "are approved: publish them",
}


def _minutes(membership: Membership, boards: list[int]) -> list[Waiting]:
    """For whoever runs a board (chair or clerk): minutes that still need their next step,
    oldest meeting first. One query."""
    if not boards:
        return []
    waiting = (Minutes.objects.filter(meeting__board__in=boards, status__in=_MINUTES_NEXT)
               .select_related("meeting__board").order_by("meeting__starts_at", "pk"))
    return [Waiting(f"The minutes of {minutes.meeting} {_MINUTES_NEXT[minutes.status]}",
                    reverse("boards:minutes-edit", args=[membership.tenant.slug,
                                                         minutes.meeting.board_id,
                                                         minutes.meeting_id]))
            for minutes in waiting]


def _terms(membership: Membership, boards: list[int], today: date) -> list[Waiting]:
    """For whoever runs a board: members whose term ends within `TERM_NOTICE`, co-opted seats
    ending as soon, and seats with no member today. Two queries."""
    if not boards:
        return []
    soon = today + TERM_NOTICE
    items = []
    ending = (SeatHolding.objects.current(today)
              .filter(seat__board__in=boards, kind=HoldingKind.MEMBER, end_date__lte=soon)
              .select_related("seat__board", "seat__nominating_partnership", "holder__user")
              .order_by("end_date", "pk"))
    for holding in ending:
        assert holding.end_date is not None
        items.append(Waiting(
            f"{holding.seat.board.name}: {holding.holder.user}'s term as "
            f"{holding.seat.label} ends on {holding.end_date:%-d %B %Y}: ask "
            f"{holding.seat.nominated_by or 'the nominating group'} to nominate",
            reverse("boards:board-members", args=[membership.tenant.slug,
                                                  holding.seat.board_id])))
    seats = (Seat.objects.filter(board__in=boards)
             .exclude(co_opted_until__lte=today)
             .annotate(members=Count("holdings", filter=Q(
                 holdings__kind=HoldingKind.MEMBER, holdings__start_date__lte=today)
                 & (Q(holdings__end_date__isnull=True) | Q(holdings__end_date__gt=today))))
             .select_related("board", "nominating_partnership").order_by("board__name", "pk"))
    for seat in seats:
        url = reverse("boards:board-members", args=[membership.tenant.slug, seat.board_id])
        if not seat.members:
            items.append(Waiting(f"{seat.board.name}: the seat {seat.label} has no member: ask "
                                 f"{seat.nominated_by or 'the nominating group'} to nominate",
                                 url))
        elif seat.co_opted_until is not None and seat.co_opted_until <= soon:
            items.append(Waiting(f"{seat.board.name}: the co-opted seat {seat.label} ends on "
                                 f"{seat.co_opted_until:%-d %B %Y}: renew it or let it end",
                                 url))
    return items


def _waiting(membership: Membership, permissions: frozenset[str]) -> list[Waiting]:
    today = timezone.localdate()
    # A hub keeps no minutes, its seats follow its schools' heads (a vacancy is a school with
    # no head signed up, not the chair's to fill) and it takes no register: its chair hears of
    # its actions only, as before it moved onto the boards engine.
    boards = boards_run_by(membership, today, hubs=False)
    return [Waiting(_sentence(action, today), _url(membership, action))
            for action in actions_owned(membership=membership, today=today)] + \
        _minutes(membership, boards) + _terms(membership, boards, today) + \
        _absences(membership, boards)


def fell_overdue(*, membership: Membership, since: date,
                 today: date) -> QuerySet[BoardAction]:
    """The open actions of the boards `membership` runs (chair or clerk) whose due date passed
    between `since` and `today`: due on or after `since`, before `today`."""
    runs = BoardAction.objects.filter(board__in=boards_run_by(membership, today))
    return (actions.fell_overdue(runs, since=since, today=today)
            .select_related("board", "owner__user").order_by("board__name", "due_date", "pk"))


def _digest(membership: Membership, permissions: frozenset[str],
            since: datetime) -> list[DigestLine]:
    today = timezone.localdate()
    return [DigestLine(f"{action.board.name}: {action} ({owner_label(action)}) was due "
                       f"{action.due_date:%-d %B %Y} and is not done", _url(membership, action))
            for action in fell_overdue(membership=membership,
                                       since=timezone.localdate(since), today=today)]


SOURCE = Source(key="boards", waiting=_waiting, digest=_digest)
