"""Boards' part of "waiting for you" and the weekly digest (core.notifications), issue 12
item 7:

- waiting (the home page, and the digest's "Waiting for you" every week until done): the board
  actions a person owns that are overdue or due within the week;
- digest ("Since last week"): to whoever runs a board (its chair and clerk), the board's actions
  that fell overdue in the week, whoever owns them, so they can chase them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from boards.models import BoardAction
from boards.permissions import BOARD_RUN
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


def _waiting(membership: Membership, permissions: frozenset[str]) -> list[Waiting]:
    today = timezone.localdate()
    return [Waiting(_sentence(action, today), _url(membership, action))
            for action in actions_owned(membership=membership, today=today)]


def fell_overdue(*, membership: Membership, since: date,
                 today: date) -> QuerySet[BoardAction]:
    """The open actions of the boards `membership` runs (chair or clerk) whose due date passed
    between `since` and `today`: due on or after `since`, before `today`."""
    runs = [grant.target.pk for grant in grants_of(membership, today)
            if grant.permission == BOARD_RUN]
    return (BoardAction.objects.filter(board__in=runs, due_date__gte=since, due_date__lt=today)
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
