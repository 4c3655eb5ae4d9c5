"""Boards' part of "waiting for you" and the weekly digest (core.notifications), issue 12
item 7:

- waiting (the home page, and the digest's "Waiting for you" every week until done): the board
  actions a person owns that are overdue or due within the week;
- waiting, for whoever runs a board (its chair and clerk): each seat whose member missed two
  meetings in a row without apologies, so the chair writes to the nominating group (the members
  page holds the draft letter);
- waiting, for whoever runs a board: the minutes of its meetings that are not yet published
  (draft: circulate; circulated: put to approval; approved: publish);
- digest ("Since last week"): to whoever runs a board (its chair and clerk), the board's actions
  that fell overdue in the week, whoever owns them, so they can chase them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from boards.models import Board, BoardAction, Minutes
from boards.permissions import BOARD_RUN
from boards.selectors.attendance import board_attendance
from core.actions import CLOSED
from core.grants import grants_of
from core.models import Membership
from core.notifications import DigestLine, Source, Waiting

DUE_SOON = timedelta(days=7)


def actions_owned(*, membership: Membership, today: date) -> QuerySet[BoardAction]:
    """The open board actions `membership` owns that are overdue or due within a week of
    `today`, soonest first."""
    return (BoardAction.objects.filter(owner=membership, due_date__lte=today + DUE_SOON)
            .exclude(status__in=CLOSED).select_related("board").order_by("due_date", "pk"))


def _sentence(action: BoardAction, today: date) -> str:
    assert action.due_date is not None
    when = (f"Overdue since {action.due_date:%-d %B %Y}" if action.due_date < today
            else f"Due {action.due_date:%-d %B %Y}")
    return f"{when}: {action} ({action.board.name})"


def _url(membership: Membership, action: BoardAction) -> str:
    return reverse("boards:action-detail",
                   args=[membership.tenant.slug, action.board_id, action.pk])


def boards_run_by(membership: Membership, today: date) -> list[int]:
    """The ids of the boards `membership` runs (holds the chair's or the clerk's seat of)."""
    return [grant.target.pk for grant in grants_of(membership, today)
            if grant.permission == BOARD_RUN]


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


def _waiting(membership: Membership, permissions: frozenset[str]) -> list[Waiting]:
    today = timezone.localdate()
    boards = boards_run_by(membership, today)
    return [Waiting(_sentence(action, today), _url(membership, action))
            for action in actions_owned(membership=membership, today=today)] + \
        _minutes(membership, boards) + _absences(membership, boards)


def fell_overdue(*, membership: Membership, since: date,
                 today: date) -> QuerySet[BoardAction]:
    """The open actions of the boards `membership` runs (chair or clerk) whose due date passed
    between `since` and `today`: due on or after `since`, before `today`."""
    return (BoardAction.objects.filter(board__in=boards_run_by(membership, today),
                                       due_date__gte=since, due_date__lt=today)
            .exclude(status__in=CLOSED).select_related("board", "owner__user")
            .order_by("board__name", "due_date", "pk"))


def _owner(action: BoardAction) -> str:
    return str(action.owner.user) if action.owner is not None else action.owner_name


def _digest(membership: Membership, permissions: frozenset[str],
            since: datetime) -> list[DigestLine]:
    today = timezone.localdate()
    return [DigestLine(f"{action.board.name}: {action} ({_owner(action)}) was due "
                       f"{action.due_date:%-d %B %Y} and is not done", _url(membership, action))
            for action in fell_overdue(membership=membership,
                                       since=timezone.localdate(since), today=today)]


SOURCE = Source(key="boards", waiting=_waiting, digest=_digest)
