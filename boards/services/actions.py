"""A board's priorities and actions. Whoever runs the board (its chair, its clerk, an officer)
sets priorities and records and changes actions; an action's owner records progress on it. The
progress rule is the core one (`core.actions.record_progress`): every update kept."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from boards.models import (
    AgendaItem,
    Board,
    BoardAction,
    BoardActionUpdate,
    BoardPriority,
    SeatHolding,
)
from boards.permissions import ensure_may_record_progress
from boards.services._common import check, save
from core.actions import record_progress
from core.audit import audit_record, field_changes
from core.models import Membership, Tenant
from core.selectors import membership_for
from core.years import AcademicYear

PRIORITY_FIELDS = ["title", "description", "start_date", "academic_year"]
# How far from this academic year a priority may be set: last year's (recorded late) to next.
YEARS_BACK, YEARS_AHEAD = 1, 1
ACTION_FIELDS = ["description", "owner", "owner_name", "due_date", "priority", "item"]


# --- Priorities -------------------------------------------------------------------------------


def _check_title(board: Board, title: str, year: int, exclude: int | None = None) -> None:
    clash = BoardPriority.objects.filter(board=board, academic_year=year, title__iexact=title,
                                         end_date__isnull=True)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"title": f"{board.name} already has the priority {title} in "
                                        f"{AcademicYear(year).label}."})


def priority_years(today: date | None = None) -> list[AcademicYear]:
    """The academic years a priority may be set for: last year's to next year's."""
    this = AcademicYear.of(today or timezone.localdate())
    return [this.shifted(offset) for offset in range(-YEARS_BACK, YEARS_AHEAD + 1)]


def _check_year(year: int, was: int | None = None) -> None:
    if year != was and year not in {y.start_year for y in priority_years()}:
        allowed = priority_years()
        raise ValidationError({"academic_year": (
            f"Set priorities for {allowed[0].label} to {allowed[-1].label}; "
            f"{AcademicYear(year).label if 0 < year < 10_000 else year} is out of reach.")})


def _check_start(year: int, start_date: date) -> None:
    if start_date > AcademicYear(year).end:
        raise ValidationError({"start_date": f"A priority for {AcademicYear(year).label} "
                                             f"starts by {AcademicYear(year).end:%d %B %Y}."})


@transaction.atomic
def priority_create(*, tenant: Tenant, actor: User | None, board: Board, title: str,
                    description: str = "", start_date: date | None = None,
                    academic_year: int | None = None) -> BoardPriority:
    """Add a priority for an academic year (the start date's, or this year's), at the end of
    the board's order for that year. A priority for next year starts on 1 September unless
    a start date is given."""
    check(tenant=tenant, actor=actor, board=board, run=True)
    today = timezone.localdate()
    if academic_year is None:
        academic_year = AcademicYear.of(start_date or today).start_year
    _check_year(academic_year)
    if start_date is None:
        start_date = max(today, AcademicYear(academic_year).start) \
            if academic_year >= AcademicYear.of(today).start_year \
            else AcademicYear(academic_year).start
    _check_start(academic_year, start_date)
    title = title.strip()
    _check_title(board, title, academic_year)
    last = (BoardPriority.objects.filter(board=board, academic_year=academic_year)
            .order_by("-position").values_list("position", flat=True).first())
    priority = BoardPriority(tenant=tenant, board=board, title=title, academic_year=academic_year,
                             description=description.strip(), start_date=start_date,
                             position=(last or 0) + 1, created_by=actor)
    save(priority)
    audit_record(tenant=tenant, actor=actor, action="board.priority_create", obj=priority,
                 summary=f"{board.name}: new priority {title} for {priority.year.label}",
                 changes={"start_date": str(priority.start_date),
                          "academic_year": academic_year})
    return priority


@transaction.atomic
def priority_update(*, tenant: Tenant, actor: User | None, priority: BoardPriority,
                    **values) -> BoardPriority:
    """Change a priority's title, description, start date or academic year (any of
    PRIORITY_FIELDS)."""
    unknown = set(values) - set(PRIORITY_FIELDS)
    if unknown:
        raise ValidationError(f"Not a field of a priority: {', '.join(sorted(unknown))}.")
    check(tenant=tenant, actor=actor, board=priority.board, run=True, priority=priority)
    if values.get("academic_year") is None:
        values.pop("academic_year", None)
    year = values.get("academic_year", priority.academic_year)
    _check_year(year, was=priority.academic_year)
    _check_start(year, values.get("start_date") or priority.start_date)
    if "title" in values:
        values["title"] = values["title"].strip()
    if priority.is_current and ("title" in values or year != priority.academic_year):
        _check_title(priority.board, values.get("title", priority.title), year,
                     exclude=priority.pk)
    changes = field_changes(priority, list(values), values)
    for name, value in values.items():
        setattr(priority, name, value)
    save(priority)
    audit_record(tenant=tenant, actor=actor, action="board.priority_update", obj=priority,
                 summary=f"{priority.board.name}: changed the priority {priority.title}",
                 changes=changes)
    return priority


@transaction.atomic
def priority_end(*, tenant: Tenant, actor: User | None, priority: BoardPriority, reason: str,
                 end_date: date | None = None) -> BoardPriority:
    """End a priority with the reason. Kept, with its actions and their history."""
    check(tenant=tenant, actor=actor, board=priority.board, run=True, priority=priority)
    if not priority.is_current:
        raise ValidationError({"end_date": f"The priority {priority.title} has already ended."})
    priority.end_date = end_date or timezone.localdate()
    priority.end_reason = reason.strip()
    try:
        save(priority)
    except ValidationError:
        # Refused: the caller's object is current again, as in the database.
        priority.end_date, priority.end_reason = None, ""
        raise
    audit_record(tenant=tenant, actor=actor, action="board.priority_end", obj=priority,
                 summary=f"{priority.board.name}: the priority {priority.title} ends",
                 changes={"end_date": str(priority.end_date), "reason": priority.end_reason})
    return priority


@transaction.atomic
def priority_move_up(*, tenant: Tenant, actor: User | None,
                     priority: BoardPriority) -> BoardPriority:
    """Swap a priority with the one before it in the board's order for its year."""
    check(tenant=tenant, actor=actor, board=priority.board, run=True, priority=priority)
    before = (BoardPriority.objects.filter(board=priority.board,
                                           academic_year=priority.academic_year,
                                           position__lt=priority.position)
              .order_by("-position", "-pk").first())
    if before is None:
        raise ValidationError({"priority": f"{priority.title} is already first."})
    before.position, priority.position = priority.position, before.position
    save(before)
    save(priority)
    audit_record(tenant=tenant, actor=actor, action="board.priority_move", obj=priority,
                 summary=f"{priority.board.name}: {priority.title} moved up",
                 changes={"position": priority.position})
    return priority


# --- Actions ----------------------------------------------------------------------------------


def _check_links(board: Board, *, owner: Membership | None, owner_name: str,
                 priority: BoardPriority | None, item: AgendaItem | None,
                 was: BoardAction | None = None) -> None:
    """The owner is a member of the board today (or a name typed in); the priority and the
    item are the board's own, and the priority is current (an ended one keeps the actions it
    had)."""
    if owner is not None and owner_name.strip():
        raise ValidationError({"owner_name": "Choose a member of the board or type a name, "
                                             "not both."})
    if owner is not None and (was is None or was.owner_id != owner.pk) and not (
            SeatHolding.objects.current(timezone.localdate())
            .filter(seat__board=board, holder=owner).exists()):
        raise ValidationError({"owner": f"{owner.user} holds no seat on {board.name}; choose "
                                        "a member, or type the owner's name."})
    if priority is not None:
        if priority.board_id != board.pk:
            raise ValidationError({"priority": f"That priority is not one of {board.name}'s."})
        if not priority.is_current and (was is None or was.priority_id != priority.pk):
            raise ValidationError({"priority": f"The priority {priority.title} has ended."})
    if item is not None and item.meeting.board_id != board.pk:
        raise ValidationError({"item": f"That agenda item is not one of {board.name}'s."})


@transaction.atomic
def action_create(*, tenant: Tenant, actor: User | None, board: Board, description: str,
                  owner: Membership | None = None, owner_name: str = "",
                  due_date: date | None = None, priority: BoardPriority | None = None,
                  item: AgendaItem | None = None, rag: str = "") -> BoardAction:
    check(tenant=tenant, actor=actor, board=board, run=True, owner=owner, priority=priority,
          item=item)
    _check_links(board, owner=owner, owner_name=owner_name, priority=priority, item=item)
    action = BoardAction(tenant=tenant, board=board, description=description.strip(),
                         owner=owner, owner_name=owner_name.strip(), due_date=due_date,
                         priority=priority, item=item, rag=rag, created_by=actor)
    save(action)
    audit_record(tenant=tenant, actor=actor, action="board.action_create", obj=action,
                 summary=f"{board.name}: new action {action}",
                 changes={"owner": owner.pk if owner else action.owner_name,
                          "due_date": str(due_date or ""),
                          "priority": priority.pk if priority else None,
                          "item": item.pk if item else None, "rag": rag})
    return action


@transaction.atomic
def action_update(*, tenant: Tenant, actor: User | None, action: BoardAction,
                  **values) -> BoardAction:
    """Change what an action is, who owns it, by when, and what it serves (any of
    ACTION_FIELDS). Progress is recorded with `action_progress`, never here."""
    unknown = set(values) - set(ACTION_FIELDS)
    if unknown:
        raise ValidationError(f"Not a field of an action: {', '.join(sorted(unknown))}.")
    check(tenant=tenant, actor=actor, board=action.board, run=True, action=action,
          owner=values.get("owner"), priority=values.get("priority"), item=values.get("item"))
    merged = {name: values.get(name, getattr(action, name)) for name in ACTION_FIELDS}
    if "owner" in values and values["owner"] is not None and "owner_name" not in values:
        merged["owner_name"] = ""
    if "owner_name" in values and values["owner_name"].strip() and "owner" not in values:
        merged["owner"] = None
    _check_links(action.board, owner=merged["owner"], owner_name=merged["owner_name"],
                 priority=merged["priority"], item=merged["item"], was=action)
    merged["description"] = merged["description"].strip()
    merged["owner_name"] = merged["owner_name"].strip()
    changes = field_changes(action, list(merged), merged)
    for name, value in merged.items():
        setattr(action, name, value)
    save(action)
    audit_record(tenant=tenant, actor=actor, action="board.action_update", obj=action,
                 summary=f"{action.board.name}: changed the action {action}", changes=changes)
    return action


@transaction.atomic
def action_progress(*, tenant: Tenant, actor: User | None, action: BoardAction, status: str,
                    note: str = "", rag: str | None = None) -> BoardActionUpdate:
    """Move an action on, with a note and optionally a RAG rating: whoever runs the board, or
    the action's own owner. The rule of what may change is core.actions.record_progress."""
    access = check(tenant=tenant, actor=actor, board=action.board, action=action)
    membership = membership_for(user=actor, tenant=tenant) if actor is not None else None
    ensure_may_record_progress(access=access, membership=membership, owner_id=action.owner_id)
    before = (action.status, action.rag)
    update = record_progress(action, update_model=BoardActionUpdate, actor=actor,
                             status=status, note=note, rag=rag)
    audit_record(tenant=tenant, actor=actor, action="board.action_progress", obj=action,
                 summary=f"{action.board.name}: {action} is "
                         f"{action.get_status_display().lower()}",
                 changes={"status": [before[0], action.status], "rag": [before[1], action.rag],
                          "note": action.progress_note})
    return update  # type: ignore[return-value]
