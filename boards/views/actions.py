"""A board's priorities and actions: the actions page (open ones with their RAG, overdue
flagged; closed ones below), an action with its history and the progress form for its owner
and whoever runs the board, and the forms that set priorities and actions (chair, clerk,
officers)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from boards.action_forms import ActionForm, PriorityEndForm, PriorityForm, ProgressForm
from boards.models import Board, BoardAction, BoardPriority
from boards.permissions import BoardAccess, may_record_progress
from boards.selectors import actions as selectors
from boards.selectors.interests import current_holders
from boards.services import actions as services
from boards.views._common import NAV, board_of, board_url, form_page
from boards.views.downloads import ACTIONS
from core.downloads import page_or_download
from core.models import Membership
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from core.years import AcademicYear


def _priority(board: Board, priority_id: int) -> BoardPriority:
    priority = BoardPriority.objects.filter(board=board, pk=priority_id).first()
    if priority is None:
        raise Http404("No such priority.")
    return priority


def _action(board: Board, action_id: int) -> BoardAction:
    action = selectors.action_for(board=board, action_id=action_id)
    if action is None:
        raise Http404("No such action.")
    return action


def _actions_url(request: TenantRequest, board: Board) -> str:
    return reverse("boards:action-list", args=[request.tenant.slug, board.pk])


def _action_url(request: TenantRequest, action: BoardAction) -> str:
    return reverse("boards:action-detail", args=[request.tenant.slug, action.board_id,
                                                 action.pk])


# --- Priorities -------------------------------------------------------------------------------


@tenant_view()
@require_GET
def priority_list(request: TenantRequest, board_id: int) -> HttpResponse:
    """The board's priorities of one academic year (`?year=2024`; this year's by default),
    each with its actions, and the other years it has priorities in (members)."""
    board, access = board_of(request, board_id, read=True)
    this_year = AcademicYear.of(timezone.localdate())
    try:
        year = AcademicYear(int(request.GET.get("year", this_year.start_year)))
        year.start  # noqa: B018 - a year out of the calendar's range is refused here
    except (TypeError, ValueError, OverflowError):
        year = this_year
    # Every year's priorities at once: the years the board has priorities in, and the year's.
    every_year = selectors.priorities_of(board=board)
    years = {AcademicYear(priority.academic_year) for priority in every_year}
    return render(request, "boards/priorities.html", {
        "board": board, "access": access, "year": year, "this_year": this_year,
        "years": sorted({*years, this_year}, reverse=True),
        "rows": selectors.year_priorities(board=board, year=year, every_year=every_year),
        "nav_section": NAV})


def _year_url(request: TenantRequest, board: Board, priority: BoardPriority) -> str:
    return (reverse("boards:priority-list", args=[request.tenant.slug, board.pk])
            + f"?year={priority.academic_year}")


def _years(priority: BoardPriority | None = None) -> list[AcademicYear]:
    years = services.priority_years()
    if priority is not None and priority.year not in years:
        years = sorted([*years, priority.year])
    return years


@tenant_view()
def priority_create(request: TenantRequest, board_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, run=True)
    form = PriorityForm(request.POST or None, years=_years(),
                        initial={"academic_year": AcademicYear.of(timezone.localdate())
                                 .start_year})
    if request.method == "POST" and form.is_valid():
        try:
            priority = services.priority_create(tenant=request.tenant, actor=request.user,
                                                board=board, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Added the priority {priority.title} for "
                                      f"{priority.year.label}.")
            return redirect(_year_url(request, board, priority))
    return form_page(request, form, board=board, heading="Add a priority",
                     button="Add priority", back_url=board_url(request, board),
                     back_label=f"Back to {board.name}")


@tenant_view()
def priority_edit(request: TenantRequest, board_id: int, board_priority_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, run=True)
    priority = _priority(board, board_priority_id)
    form = PriorityForm(request.POST or None, years=_years(priority), initial={
        "academic_year": priority.academic_year, "title": priority.title,
        "description": priority.description, "start_date": priority.start_date})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["start_date"] = data["start_date"] or priority.start_date
        data["academic_year"] = data["academic_year"] or priority.academic_year
        try:
            services.priority_update(tenant=request.tenant, actor=request.user,
                                     priority=priority, **data)
        except ValidationError as error:
            show_refusal(form, error)
            priority.refresh_from_db()
        else:
            messages.success(request, f"Saved the priority {priority.title}.")
            return redirect(_year_url(request, board, priority))
    return form_page(request, form, board=board, heading=f"Change the priority {priority.title}",
                     button="Save", back_url=board_url(request, board),
                     back_label=f"Back to {board.name}")


@tenant_view()
def priority_end(request: TenantRequest, board_id: int, board_priority_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, run=True)
    priority = _priority(board, board_priority_id)
    form = PriorityEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_end(tenant=request.tenant, actor=request.user, priority=priority,
                                  **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
            priority.refresh_from_db()
        else:
            messages.success(request, f"The priority {priority.title} has ended; it stays on "
                                      "record with its actions.")
            return redirect(_year_url(request, board, priority))
    return form_page(request, form, board=board, heading=f"End the priority {priority.title}",
                     button="End priority", back_url=board_url(request, board),
                     back_label=f"Back to {board.name}")


@tenant_view()
@require_POST
def priority_move_up(request: TenantRequest, board_id: int,
                     board_priority_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, run=True)
    priority = _priority(board, board_priority_id)
    try:
        services.priority_move_up(tenant=request.tenant, actor=request.user, priority=priority)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_year_url(request, board, priority))


# --- Actions ----------------------------------------------------------------------------------


@tenant_view()
@require_GET
def action_list(request: TenantRequest, board_id: int, export: bool = False) -> HttpResponse:
    board, access = board_of(request, board_id, read=True)
    open_rows, closed = selectors.open_and_closed_actions(board=board)
    return page_or_download(request, "boards/actions.html", {
        "board": board, "access": access, "open": open_rows, "closed": closed,
        "nav_section": NAV}, rows=[*open_rows, *closed], download=ACTIONS, export=export)


def _action_form(request: TenantRequest, board: Board, **kwargs) -> ActionForm:
    return ActionForm(request.POST or None, people=current_holders(board=board),
                      priorities=[p for p in selectors.priorities_of(board=board)
                                  if p.is_current or p.pk == kwargs.get("initial", {})
                                  .get("priority")],
                      items=selectors.items_of(board=board), **kwargs)


def _links(board: Board, data: dict) -> dict:
    """The form's ids as the board's own objects (the form offered only those)."""
    data = dict(data)
    data["owner"] = Membership.objects.filter(pk=data["owner"]).first() \
        if data["owner"] else None
    data["priority"] = BoardPriority.objects.filter(board=board, pk=data["priority"]).first() \
        if data["priority"] else None
    data["item"] = next((item for item in selectors.items_of(board=board)
                         if item.pk == data["item"]), None) if data["item"] else None
    return data


@tenant_view()
def action_create(request: TenantRequest, board_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, run=True)
    form = _action_form(request, board)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(tenant=request.tenant, actor=request.user,
                                            board=board, **_links(board, form.cleaned_data))
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Recorded the action for {action.owner_label}.")
            return redirect(_actions_url(request, board))
    return form_page(request, form, board=board, heading="Record an action",
                     button="Record action", back_url=_actions_url(request, board),
                     back_label="Back to the actions")


@tenant_view()
def action_edit(request: TenantRequest, board_id: int, board_action_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, run=True)
    action = _action(board, board_action_id)
    form = _action_form(request, board, initial={
        "description": action.description, "owner": action.owner_id,
        "owner_name": action.owner_name, "due_date": action.due_date,
        "priority": action.priority_id, "item": action.item_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(tenant=request.tenant, actor=request.user, action=action,
                                   **_links(board, form.cleaned_data))
        except ValidationError as error:
            show_refusal(form, error)
            action.refresh_from_db()
        else:
            messages.success(request, "Saved the action.")
            return redirect(_action_url(request, action))
    return form_page(request, form, board=board, heading="Change the action", button="Save",
                     back_url=_action_url(request, action), back_label="Back to the action")


def _action_page(request: TenantRequest, board: Board, access: BoardAccess,
                 action: BoardAction, form: Form | None) -> HttpResponse:
    return render(request, "boards/action_detail.html", {
        "board": board, "access": access, "action": action, "form": form,
        "is_overdue": action.is_overdue(), "history": selectors.action_history(action=action),
        "nav_section": NAV}, status=400 if form is not None and form.errors else 200)


@tenant_view()
def action_detail(request: TenantRequest, board_id: int, board_action_id: int) -> HttpResponse:
    """An action and its history (members); its owner or whoever runs the board records
    progress (POST)."""
    board, access = board_of(request, board_id, read=True)
    action = _action(board, board_action_id)
    may = may_record_progress(access=access, membership=request.membership,
                              owner_id=action.owner_id)
    if request.method != "POST":
        form = ProgressForm(initial={"status": action.status, "rag": action.rag}) \
            if may and action.status != action.Progress.CANCELLED else None
        return _action_page(request, board, access, action, form)
    if not may:
        raise PermissionDenied("Only the action's owner, the board's chair, its clerk or an "
                               "officer can record progress on it.")
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.action_progress(tenant=request.tenant, actor=request.user, action=action,
                                     **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
            action.refresh_from_db()
        else:
            messages.success(request, "Recorded the update.")
            return redirect(_action_url(request, action))
    return _action_page(request, board, access, action, form)
