"""A board's priorities (current and ended) and its actions: the open ones with their RAG and
latest update, overdue flagged, and one action with its history. Fixed queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from boards.models import AgendaItem, Board, BoardAction, BoardActionUpdate, BoardPriority
from core.actions import CLOSED


def priorities_of(*, board: Board) -> list[BoardPriority]:
    """Current priorities in the board's order, then ended ones, latest ended first. One
    query."""
    rows = list(BoardPriority.objects.filter(board=board).order_by("position", "pk"))
    current = [p for p in rows if p.is_current]
    ended = sorted((p for p in rows if not p.is_current),
                   key=lambda p: (p.end_date, p.pk), reverse=True)
    return current + ended


def _actions(board: Board) -> QuerySet[BoardAction]:
    return (BoardAction.objects.filter(board=board)
            .select_related("owner__user", "priority", "item__meeting")
            .order_by("due_date", "pk"))


@dataclass(frozen=True)
class ActionRow:
    action: BoardAction
    is_overdue: bool

    @property
    def latest_update(self) -> str:
        return self.action.progress_note


def open_actions(*, board: Board, today: date | None = None) -> list[ActionRow]:
    """Actions neither done nor cancelled, soonest due first (undated last), overdue flagged.
    One query."""
    today = today or timezone.localdate()
    rows = [ActionRow(action, action.is_overdue(today))
            for action in _actions(board).exclude(status__in=CLOSED)]
    return sorted(rows, key=lambda row: (row.action.due_date is None,
                                         row.action.due_date or today, row.action.pk))


def closed_actions(*, board: Board) -> list[BoardAction]:
    """Actions done or cancelled, latest first. One query."""
    return list(_actions(board).filter(status__in=CLOSED).order_by("-updated_at", "-pk"))


def action_for(*, board: Board, action_id: int) -> BoardAction | None:
    return _actions(board).filter(pk=action_id).first()


def action_history(*, action: BoardAction) -> list[BoardActionUpdate]:
    """Every progress update, oldest first. One query."""
    return list(BoardActionUpdate.objects.filter(action=action).select_related("author")
                .order_by("created_at", "pk"))


def items_of(*, board: Board) -> list[AgendaItem]:
    """The agenda items an action may arise from: the board's meetings', latest first. One
    query."""
    return list(AgendaItem.objects.filter(meeting__board=board).select_related("meeting")
                .order_by("-meeting__starts_at", "number"))
