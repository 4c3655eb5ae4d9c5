"""Minutes: the clerk's editor (one text per agenda item), circulating and publishing, and the
published page — the one web page of a board that may need no sign-in."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_scopes import scope

from boards.forms import MinuteCorrectionForm, MinutesForm, MinutesStatusForm
from boards.models import AgendaItem
from boards.selectors import meetings as selectors
from boards.selectors.published import published_minutes
from boards.services import minutes as services
from boards.views._common import (
    NAV,
    board_of,
    form_page,
    item_of,
    meeting_of,
    meeting_url,
    published_board_meeting,
    published_reader,
)
from core.permissions import permissions_of
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view


@tenant_view()
def minutes_edit(request: TenantRequest, board_id: int, meeting_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, run=True)
    meeting = meeting_of(board, meeting_id)
    minutes = selectors.minutes_of(meeting=meeting)
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("number"))
    form = MinutesForm(request.POST or None, items=items,
                       texts=selectors.minute_texts(minutes=minutes))
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_save(tenant=request.tenant, actor=request.user, meeting=meeting,
                                  texts=form.texts())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Saved the draft minutes.")
            return redirect(meeting_url(request, meeting))
    return render(request, "boards/minutes_form.html", {
        "board": board, "meeting": meeting, "minutes": minutes, "form": form,
        "nav_section": NAV}, status=400 if form.errors else 200)


@tenant_view()
def minute_correction_create(request: TenantRequest, board_id: int, meeting_id: int,
                             agenda_item_id: int) -> HttpResponse:
    """Propose a correction to one item's minute of approved minutes (whoever runs the
    board); a later meeting approves it."""
    board, _ = board_of(request, board_id, run=True)
    meeting = meeting_of(board, meeting_id)
    item = item_of(meeting, agenda_item_id)
    minutes = selectors.minutes_of(meeting=meeting)
    if minutes is None:
        raise Http404("This meeting has no minutes.")
    current = services.minute_in_force(minutes=minutes, item=item)
    form = MinuteCorrectionForm(request.POST or None, initial={"text": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.minute_correction_propose(tenant=request.tenant, actor=request.user,
                                               minutes=minutes, item=item,
                                               **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Proposed a correction to item {item.number}: put it "
                                      "to approval at the next meeting.")
            return redirect(meeting_url(request, meeting))
    return form_page(request, form, board=board, meeting=meeting,
                     heading=f"Correct the minute of item {item.number}",
                     button="Propose the correction", back_url=meeting_url(request, meeting),
                     back_label="Back to the meeting", intro=item.title)


@tenant_view()
@require_POST
def minutes_status(request: TenantRequest, board_id: int, meeting_id: int) -> HttpResponse:
    """Circulate the draft to members, or publish approved minutes (approval is a decision
    at a later meeting)."""
    board, _ = board_of(request, board_id, run=True)
    meeting = meeting_of(board, meeting_id)
    minutes = selectors.minutes_of(meeting=meeting)
    form = MinutesStatusForm(request.POST)
    if not form.is_valid() or minutes is None:
        messages.error(request, "Draft the minutes first." if minutes is None
                       else "Choose to circulate or publish the minutes.")
        return redirect(meeting_url(request, meeting))
    change = (services.minutes_circulate if form.cleaned_data["action"] == "circulate"
              else services.minutes_publish)
    try:
        change(tenant=request.tenant, actor=request.user, minutes=minutes)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The minutes are {minutes.get_status_display().lower()}.")
    return redirect(meeting_url(request, meeting))


def minutes_published(request: HttpRequest, tenant_slug: str, board_id: int,
                      meeting_id: int) -> HttpResponse:
    """The published minutes, through the published view only (exempt items redacted).

    Needs no sign-in when the board's terms say public; otherwise the reader must be of the
    tenant and allowed by the terms (a member, or a head or officer where the terms say so).
    Anyone else gets 404 (403 for a member of the tenant beyond their rights), for every
    method, before the method is looked at: the page must not tell an outsider a board exists.
    """
    tenant, membership = published_reader(request, tenant_slug)
    with scope(tenant=tenant):
        board, meeting = published_board_meeting(board_id, meeting_id, membership)
        published = published_minutes(meeting=meeting)
        if published is None:
            raise Http404("These minutes are not published.")
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        context = {"published": published, "board": board, "tenant": tenant,
                   "nav_section": NAV}
        if membership is not None:
            context.update(membership=membership, permissions=permissions_of(membership))
        return render(request, "boards/minutes_published.html", context)
