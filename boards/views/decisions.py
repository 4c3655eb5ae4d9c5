"""Decisions: putting a motion on an item, recording each seat's vote, closing the vote."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from boards.forms import DecisionForm, VoteForm
from boards.models import Board, Decision, Meeting, Vote
from boards.permissions import BoardAccess
from boards.selectors import links
from boards.selectors import meetings as selectors
from boards.services import decisions as services
from boards.views._common import (
    NAV,
    board_meeting_of,
    board_of,
    form_page,
    item_of,
    meeting_of,
    meeting_url,
)
from core.models import Membership
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view


@tenant_view()
def decision_create(request: TenantRequest, board_id: int, meeting_id: int,
                    agenda_item_id: int) -> HttpResponse:
    board, _, meeting = board_meeting_of(request, board_id, meeting_id, run=True)
    item = item_of(meeting, agenda_item_id)
    earlier = selectors.earlier_meetings_awaiting_approval(meeting=meeting)
    corrections = selectors.corrections_awaiting_approval(meeting=meeting)
    runs, cases, categories = links.open_to_decide()
    form = DecisionForm(request.POST or None, meetings=earlier, corrections=corrections,
                        runs=runs, cases=cases, categories=categories)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["approves_run"] = next((r for r in runs if r.pk == data.get("approves_run")), None)
        data["decides_case"] = next((c for c in cases if c.pk == data.get("decides_case")),
                                    None)
        data["decides_category"] = next(
            (c for c in categories if c.pk == data.get("decides_category")), None)
        data["approves_minutes_of"] = next(
            (m for m in earlier if m.pk == data["approves_minutes_of"]), None)
        data["approves_correction"] = next(
            (c for c in corrections if c.pk == data.get("approves_correction")), None)
        try:
            decision = services.decision_create(tenant=request.tenant, actor=request.user,
                                                item=item, **data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            if decision.is_open:
                messages.success(request, "The motion is put: record the seats' votes.")
                return redirect("boards:decision-detail", request.tenant.slug, board.pk,
                                meeting.pk, decision.pk)
            messages.success(request, "Recorded as agreed without a vote.")
            return redirect(meeting_url(request, meeting))
    return form_page(request, form, board=board, meeting=meeting,
                     heading=f"Put a motion on item {item.number}", button="Put the motion",
                     back_url=meeting_url(request, meeting), back_label="Back to the meeting",
                     intro=f"{item.title}")


def _decision(meeting: Meeting, decision_id: int) -> Decision:
    decision = (Decision.objects.filter(item__meeting=meeting, pk=decision_id)
                .select_related("item__meeting__board", "approves_minutes_of", "approves_run__year",
                                "decides_case__school__establishment", "decides_category")
                .first())
    if decision is None:
        raise Http404("No such decision.")
    return decision


def _decision_page(request: TenantRequest, board: Board, access: BoardAccess, meeting: Meeting,
                   decision: Decision, day: selectors.MeetingDay | None,
                   form: Form | None = None, close_form: Form | None = None) -> HttpResponse:
    """The decision with its votes; the vote form (from the day's seats) only for whoever runs
    the board while the vote is open."""
    if form is None and access.can_run and decision.is_open:
        form = VoteForm(seat_days=(day or selectors.meeting_day(meeting=meeting)).seats)
    votes = list(Vote.objects.filter(decision=decision)
                 .select_related("seat", "voter__user").order_by("seat__position", "seat_id"))
    return render(request, "boards/decision_detail.html", {
        "board": board, "access": access, "meeting": meeting, "decision": decision,
        "item": decision.item, "votes": votes,
        "form": form, "close_form": close_form,
        "nav_section": NAV,
    }, status=400 if (form is not None and form.errors) or close_form is not None else 200)


@tenant_view()
def decision_detail(request: TenantRequest, board_id: int, meeting_id: int,
                    decision_id: int) -> HttpResponse:
    """The motion and its open votes (members read it); whoever runs the board records each
    seat's vote here (POST)."""
    board, access, meeting = board_meeting_of(request, board_id, meeting_id, read=True,
                                              run=request.method == "POST")
    decision = _decision(meeting, decision_id)
    if request.method != "POST":
        return _decision_page(request, board, access, meeting, decision, None)
    day = selectors.meeting_day(meeting=meeting)
    form = VoteForm(request.POST, seat_days=day.seats)
    if form.is_valid():
        voter = Membership.objects.select_related("user").get(pk=form.cleaned_data["voter"])
        try:
            services.vote_record(tenant=request.tenant, actor=request.user, decision=decision,
                                 voter=voter, choice=form.cleaned_data["choice"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Recorded {voter.user}'s vote.")
            return redirect("boards:decision-detail", request.tenant.slug, board.pk,
                            meeting.pk, decision.pk)
    return _decision_page(request, board, access, meeting, decision, day, form)


@tenant_view()
@require_POST
def decision_close(request: TenantRequest, board_id: int, meeting_id: int,
                   decision_id: int) -> HttpResponse:
    board, access = board_of(request, board_id, run=True)
    meeting = meeting_of(board, meeting_id)
    decision = _decision(meeting, decision_id)
    try:
        services.decision_close(tenant=request.tenant, actor=request.user, decision=decision)
    except ValidationError as error:
        refused = Form(request.POST)
        refused.is_valid()
        show_refusal(refused, error)
        decision.refresh_from_db()
        return _decision_page(request, board, access, meeting, decision,
                              selectors.meeting_day(meeting=meeting), close_form=refused)
    messages.success(request, f"The motion is {decision.get_outcome_display().lower()}.")
    return redirect(meeting_url(request, meeting))
