"""Interests: a board's register of its members' interests, and the declarations made on a
meeting's items (each item shown with the registered interests of those who sit that day)."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from boards.forms import DeclarationForm, DispensationForm, InterestForm
from boards.models import AgendaItem, Board, Declaration, Meeting, RegisteredInterest
from boards.permissions import BoardAccess
from boards.selectors import interests as selectors
from boards.selectors.meetings import meeting_day
from boards.services import interests as services
from boards.views._common import NAV, board_meeting_of, board_of, meeting_of
from core.downloads import ListDownload, download_links, list_download
from core.exports import Column
from core.models import Membership
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view


def _own_or_all(request: TenantRequest, access: BoardAccess,
                people: list[tuple[Membership, str]]) -> list[tuple[Membership, str]]:
    """Whoever runs the board acts for every member; a member for themselves."""
    if access.can_run:
        return people
    return [(person, seat) for person, seat in people if person.pk == request.membership.pk]


def _register_page(request: TenantRequest, board: Board, access: BoardAccess,
                   form: Form | None = None) -> HttpResponse:
    people = selectors.current_holders(board=board)
    mine = _own_or_all(request, access, people)
    return render(request, "boards/interest_register.html", {
        "board": board, "access": access,
        "register": selectors.register_of(board=board, holders=people),
        "form": form or (InterestForm(people=mine) if mine else None), "nav_section": NAV,
        # The register's links, also when ending an interest (another URL) renders it.
        "downloads": download_links(request, "boards:interest-register", {
            "tenant_slug": request.tenant.slug, "board_id": board.pk}),
    }, status=400 if form is not None and form.errors else 200)


@dataclass(frozen=True)
class _RegisterRow:
    entry: selectors.RegisterEntry
    interest: RegisteredInterest | None = None
    ended: bool = False


def _register_rows(board: Board) -> list[_RegisterRow]:
    """The register as the page shows it: each seat holder's current interests, then their
    ended ones; a holder with none registered has a row of their own."""
    register = selectors.register_of(board=board, holders=selectors.current_holders(board=board))
    rows: list[_RegisterRow] = []
    for entry in register:
        rows.extend(_RegisterRow(entry, interest) for interest in entry.current)
        rows.extend(_RegisterRow(entry, interest, ended=True) for interest in entry.ended)
        if not entry.current and not entry.ended:
            rows.append(_RegisterRow(entry))
    return rows


# The register of interests, one row an interest (current, then ended, for each seat holder).
INTERESTS = ListDownload("board-interests", "Register of interests", (
    Column("Member", lambda row: str(row.entry.person.user)),
    Column("Seats", lambda row: "; ".join(row.entry.seats)),
    Column("Interest", lambda row: (row.interest.description if row.interest
                                    else "No interests registered")),
    Column("Kind", lambda row: row.interest.get_kind_display() if row.interest else ""),
    Column("Registered", lambda row: row.interest.registered_on if row.interest else None),
    Column("Status", lambda row: "" if not row.interest else "Ended" if row.ended
           else "Current"),
    Column("Ended", lambda row: row.interest.ended_on if row.ended and row.interest else None),
))


@tenant_view()
def interest_register(request: TenantRequest, board_id: int,
                      export: bool = False) -> HttpResponse:
    """The board's register of interests (members read it, and download it); a member adds to
    their own, the chair, clerk or an officer to anyone's (POST)."""
    board, access = board_of(request, board_id, read=True)
    if export:
        return list_download(request, rows=_register_rows(board), download=INTERESTS)
    if request.method != "POST":
        return _register_page(request, board, access)
    mine = _own_or_all(request, access, selectors.current_holders(board=board))
    form = InterestForm(request.POST, people=mine)
    if form.is_valid():
        data = form.cleaned_data
        holder = next(person for person, _ in mine if person.pk == data["holder"])
        try:
            services.interest_register(tenant=request.tenant, actor=request.user, board=board,
                                       holder=holder, kind=data["kind"],
                                       description=data["description"],
                                       registered_on=data["registered_on"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Registered the interest for {holder.user}.")
            return redirect("boards:interest-register", request.tenant.slug, board.pk)
    return _register_page(request, board, access, form)


@tenant_view()
@require_POST
def interest_end(request: TenantRequest, board_id: int,
                 registered_interest_id: int) -> HttpResponse:
    board, access = board_of(request, board_id, read=True)
    interest = (RegisteredInterest.objects.filter(board=board, pk=registered_interest_id)
                .select_related("board", "holder__user").first())
    if interest is None:
        raise Http404("No such interest.")
    try:
        services.interest_end(tenant=request.tenant, actor=request.user, interest=interest)
    except ValidationError as error:
        refused = Form(request.POST)
        refused.is_valid()
        show_refusal(refused, error)
        return _register_page(request, board, access, refused)
    messages.success(request, f"Ended the interest of {interest.holder.user}.")
    return redirect("boards:interest-register", request.tenant.slug, board.pk)


def _declarations_page(request: TenantRequest, board: Board, access: BoardAccess,
                       meeting: Meeting, form: Form | None = None,
                       dispensation_form: Form | None = None) -> HttpResponse:
    day = meeting_day(meeting=meeting, holders_only=True)
    people = selectors.holders_on_the_day(day)
    on = timezone.localtime(meeting.starts_at).date()
    rows = selectors.declarations_by_item(meeting=meeting)
    registered = selectors.interests_on(board=board, on=on,
                                        people=[person.pk for person, _ in people])
    mine = _own_or_all(request, access, people)
    errors = bool((form and form.errors) or (dispensation_form and dispensation_form.errors))
    return render(request, "boards/declarations.html", {
        "board": board, "access": access, "meeting": meeting, "rows": rows,
        # Every registered interest of those who sit that day, beside each item: the prompt.
        "registered": [(person, seat, registered[person.pk]) for person, seat in people
                       if person.pk in registered],
        "form": form or (DeclarationForm(items=[row.item for row in rows], people=mine)
                         if mine and rows else None),
        "dispensation_form": dispensation_form or DispensationForm(),
        "error_form": dispensation_form if dispensation_form is not None else form,
        "nav_section": NAV,
    }, status=400 if errors else 200)


@tenant_view()
def meeting_declarations(request: TenantRequest, board_id: int,
                         meeting_id: int) -> HttpResponse:
    """Declarations of interest on the meeting's items (members read them); a member declares
    their own, whoever runs the board records anyone's (POST)."""
    board, access, meeting = board_meeting_of(request, board_id, meeting_id, read=True)
    if request.method != "POST":
        return _declarations_page(request, board, access, meeting)
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("number"))
    mine = _own_or_all(request, access, selectors.holders_on_the_day(
        meeting_day(meeting=meeting, holders_only=True)))
    form = DeclarationForm(request.POST, items=items, people=mine)
    if form.is_valid():
        data = form.cleaned_data
        item = next(item for item in items if item.pk == data["item"])
        person = next(person for person, _ in mine if person.pk == data["person"])
        try:
            services.declaration_record(tenant=request.tenant, actor=request.user, item=item,
                                        person=person, kind=data["kind"], note=data["note"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Recorded {person.user}'s declaration on item "
                                      f"{item.number}.")
            return redirect("boards:meeting-declarations", request.tenant.slug, board.pk,
                            meeting.pk)
    return _declarations_page(request, board, access, meeting, form=form)


@tenant_view()
@require_POST
def declaration_dispensation(request: TenantRequest, board_id: int, meeting_id: int,
                             declaration_id: int) -> HttpResponse:
    board, access = board_of(request, board_id, run=True)
    meeting = meeting_of(board, meeting_id)
    declaration = (Declaration.objects.filter(item__meeting=meeting, pk=declaration_id)
                   .select_related("item__meeting__board", "person__user").first())
    if declaration is None:
        raise Http404("No such declaration.")
    form = DispensationForm(request.POST)
    if form.is_valid():
        try:
            services.dispensation_record(tenant=request.tenant, actor=request.user,
                                         declaration=declaration,
                                         dispensation=form.cleaned_data["dispensation"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Recorded the dispensation for {declaration.person.user}.")
            return redirect("boards:meeting-declarations", request.tenant.slug, board.pk,
                            meeting.pk)
    return _declarations_page(request, board, access, meeting, dispensation_form=form)
