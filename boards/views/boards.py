"""The boards list, a board's page, its terms of reference and its seats."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from boards.forms import BoardForm, HoldingEndForm, HoldingForm, SeatForm
from boards.models import Board, Seat, SeatHolding
from boards.selectors.actions import open_actions, year_and_open_actions, year_priorities
from boards.selectors.attendance import board_attendance
from boards.selectors.boards import board_page, boards_for
from boards.selectors.published import published_agendas, published_meetings
from boards.services import boards as services
from boards.views._common import NAV, board_of, board_url, form_page
from boards.views.downloads import BOARDS, MEETINGS
from core.downloads import list_download, page_or_download
from core.models import Membership
from core.permissions import BOARDS_MANAGE
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from core.years import AcademicYear
from partnerships.models import Partnership

TERMS = ["name", "terms", "quorum_kind", "quorum_number", "quorum_numerator",
         "quorum_denominator", "remote_attendance_counts", "minutes_readers",
         "papers_notice_days", "attendance_window"]


@tenant_view()
@require_GET
def board_list(request: TenantRequest, export: bool = False) -> HttpResponse:
    boards = boards_for(membership=request.membership)
    return page_or_download(request, "boards/board_list.html", {
        "boards": boards, "can_create": BOARDS_MANAGE in request.tenant_permissions,
        "nav_section": NAV}, rows=boards, download=BOARDS, export=export)


@tenant_view(BOARDS_MANAGE)
def board_create(request: TenantRequest) -> HttpResponse:
    form = BoardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            board = services.board_create(tenant=request.tenant, actor=request.user,
                                          **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Set up {board.name}. Add its seats next.")
            return redirect("boards:board-detail", request.tenant.slug, board.pk)
    back = reverse("boards:board-list", args=[request.tenant.slug])
    return render(request, "boards/form_page.html", {
        "form": form, "heading": "Set up a board", "button": "Set up board", "back_url": back,
        "back_label": "Back to boards", "nav_section": NAV}, status=400 if form.errors else 200)


@tenant_view()
@require_GET
def board_detail(request: TenantRequest, board_id: int, export: bool = False) -> HttpResponse:
    board, access = board_of(request, board_id)
    if export and not access.can_read:
        raise PermissionDenied("Only the board's members download its meetings.")
    if not access.can_read:
        # Beyond the board's members, only the published minutes its terms open.
        return render(request, "boards/board_published.html", {
            "board": board, "meetings": published_meetings(board=board),
            "agendas": published_agendas(board=board), "nav_section": NAV})
    page = board_page(board=board, access=access)
    this_year = AcademicYear.of(timezone.localdate())
    meetings = [*page.upcoming, *page.past]
    if export:
        return list_download(request, rows=meetings, download=MEETINGS)
    actions = year_and_open_actions(board=board, year=this_year)
    return page_or_download(request, "boards/board_detail.html", {
        "page": page, "board": board, "access": access, "year": this_year,
        "priority_rows": year_priorities(board=board, year=this_year, actions=actions),
        "open_actions": open_actions(board=board, actions=actions),
        # The clerk is told here when a member has missed two meetings in a row unexcused.
        "absence_flags": board_attendance(board=board, page=page).flagged
        if access.can_run else [],
        "nav_section": NAV}, rows=meetings, download=MEETINGS)


@tenant_view()
def board_edit(request: TenantRequest, board_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, manage=True)
    form = BoardForm(request.POST or None, initial={name: getattr(board, name)
                                                    for name in TERMS})
    if request.method == "POST" and form.is_valid():
        try:
            services.board_update(tenant=request.tenant, actor=request.user, board=board,
                                  **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Saved the terms of reference.")
            return redirect(board_url(request, board))
        board.refresh_from_db()
    return form_page(request, form, board=board, heading="Terms of reference",
                     button="Save terms", back_url=board_url(request, board),
                     back_label=f"Back to {board.name}")


@tenant_view()
def seat_create(request: TenantRequest, board_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, manage=True)
    partnerships = list(Partnership.objects.select_related("level").order_by("level__rank",
                                                                             "name"))
    form = SeatForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["nominating_partnership"] = next(
            (p for p in partnerships if p.pk == data["nominating_partnership"]), None)
        try:
            seat = services.seat_create(tenant=request.tenant, actor=request.user, board=board,
                                        **data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Added the seat {seat.label}.")
            return redirect(board_url(request, board))
    return form_page(request, form, board=board, heading="Add a seat", button="Add seat",
                     back_url=board_url(request, board), back_label=f"Back to {board.name}")


def _seat(board: Board, seat_id: int) -> Seat:
    seat = Seat.objects.filter(board=board, pk=seat_id).first()
    if seat is None:
        raise Http404("No such seat.")
    return seat


@tenant_view()
def seat_holding_add(request: TenantRequest, board_id: int, seat_id: int) -> HttpResponse:
    """Appoint a member or the designated substitute of a seat: any person of the tenant
    (a headteacher, an officer, an independent chair invited as a board member)."""
    board, _ = board_of(request, board_id, manage=True)
    seat = _seat(board, seat_id)
    people = list(Membership.objects.filter(is_active=True).select_related("user")
                  .order_by("user__full_name", "user__email"))
    form = HoldingForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["holder"] = next(m for m in people if m.pk == data["holder"])
        try:
            holding = services.seat_holding_add(tenant=request.tenant, actor=request.user,
                                                seat=seat, **data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{holding.holder.user} holds {seat.label} as "
                                      f"{holding.get_kind_display().lower()}.")
            return redirect(board_url(request, board))
    return form_page(request, form, board=board, heading=f"Appoint to {seat.label}",
                     button="Appoint", back_url=board_url(request, board),
                     back_label=f"Back to {board.name}")


@tenant_view()
def seat_holding_end(request: TenantRequest, board_id: int, seat_id: int,
                     seat_holding_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, manage=True)
    seat = _seat(board, seat_id)
    holding = (SeatHolding.objects.filter(seat=seat, pk=seat_holding_id)
               .select_related("holder__user", "seat__board").first())
    if holding is None:
        raise Http404("No such term of office.")
    form = HoldingEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.seat_holding_end(tenant=request.tenant, actor=request.user,
                                      holding=holding, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{holding.holder.user}'s term for {seat.label} ends on "
                                      f"{holding.end_date:%d %B %Y}; it stays on record.")
            return redirect(board_url(request, board))
    return form_page(request, form, board=board,
                     heading=f"End {holding.holder.user}'s term: {seat.label}",
                     button="End term", back_url=board_url(request, board),
                     back_label=f"Back to {board.name}")
