"""A board's priorities (current and ended) and its actions: the open ones with their RAG and
latest update, overdue flagged, and one action with its history. Fixed queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from boards.models import AgendaItem, Board, BoardAction, BoardActionUpdate, BoardPriority
from core.actions import CLOSED
from core.years import AcademicYear


def priorities_of(*, board: Board, year: int | None = None) -> list[BoardPriority]:
    """The priorities of one academic year (or of every year, latest year first): in each
    year the current ones in the board's order, then the ended ones, latest ended first. One
    query."""
    found = BoardPriority.objects.filter(board=board)
    if year is not None:
        found = found.filter(academic_year=year)
    rows = list(found.order_by("-academic_year", "position", "pk"))
    return sorted(rows, key=lambda p: (
        -p.academic_year, not p.is_current,
        (p.position, p.pk) if p.is_current else (-(p.end_date or date.min).toordinal(), -p.pk)))


def priority_years(*, board: Board) -> list[AcademicYear]:
    """The academic years the board has priorities in, latest first. One query."""
    years = (BoardPriority.objects.filter(board=board).values_list("academic_year", flat=True)
             .distinct().order_by("-academic_year"))
    return [AcademicYear(year) for year in years]


@dataclass(frozen=True)
class PriorityRow:
    """A priority with the actions serving it: open ones first (soonest due), then closed."""

    priority: BoardPriority
    actions: list[ActionRow]

    @property
    def open_count(self) -> int:
        return sum(1 for row in self.actions if row.action.status not in CLOSED)


def year_priorities(*, board: Board, year: AcademicYear, today: date | None = None,
                    actions: Iterable[BoardAction] | None = None,
                    every_year: list[BoardPriority] | None = None) -> list[PriorityRow]:
    """The board's priorities for one academic year, each with its actions (overdue flagged).
    Two queries, however many priorities and actions; one less given the board's actions
    read already (at least those of the year's priorities), or its priorities of every year
    (`priorities_of` without a year)."""
    today = today or timezone.localdate()
    priorities = (priorities_of(board=board, year=year.start_year) if every_year is None
                  else [p for p in every_year if p.academic_year == year.start_year])
    serving: dict[int, list[ActionRow]] = {p.pk: [] for p in priorities}
    if actions is None:
        actions = _actions(board).filter(priority__academic_year=year.start_year)
    for action in actions:
        if action.priority_id in serving:
            serving[action.priority_id].append(ActionRow(action, action.is_overdue(today)))
    for rows in serving.values():
        rows.sort(key=lambda row: (row.action.status in CLOSED, row.action.due_date is None,
                                   row.action.due_date or today, row.action.pk))
    return [PriorityRow(p, serving[p.pk]) for p in priorities]


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


def year_and_open_actions(*, board: Board, year: AcademicYear) -> list[BoardAction]:
    """The actions `year_priorities` and `open_actions` show, in one query: those serving the
    year's priorities and those still open."""
    return list(_actions(board).filter(Q(priority__academic_year=year.start_year)
                                       | ~Q(status__in=CLOSED)))


def open_actions(*, board: Board, today: date | None = None,
                 actions: Iterable[BoardAction] | None = None,
                 last_update: bool = False) -> list[ActionRow]:
    """Actions neither done nor cancelled, soonest due first (undated last), overdue flagged.
    One query, or none given the board's actions read already (at least the open ones). With
    `last_update`, each action carries when its latest progress update was written (or None)
    from the same query."""
    today = today or timezone.localdate()
    if actions is None:
        read = _actions(board).exclude(status__in=CLOSED)
        if last_update:
            read = read.annotate(last_update=Subquery(
                BoardActionUpdate.objects.filter(action=OuterRef("pk"))
                .order_by("-created_at").values("created_at")[:1]))
        found: Iterable[BoardAction] = read
    else:
        found = [action for action in actions if action.status not in CLOSED]
    rows = [ActionRow(action, action.is_overdue(today)) for action in found]
    return sorted(rows, key=lambda row: (row.action.due_date is None,
                                         row.action.due_date or today, row.action.pk))


def open_and_closed_actions(*, board: Board,
                            today: date | None = None) -> tuple[list[ActionRow], list[BoardAction]]:
    """`open_actions` and `closed_actions`, from one query."""
    every = list(_actions(board))
    closed = sorted((action for action in every if action.status in CLOSED),
                    key=lambda action: (action.updated_at, action.pk), reverse=True)
    return open_actions(board=board, today=today, actions=every), closed


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
