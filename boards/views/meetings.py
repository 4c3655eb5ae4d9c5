"""Meetings: planning, moving and cancelling them, the meeting page (agenda, RSVPs and the
expected quorum, attendance, decisions, minutes), RSVPs, attendance and the agenda's items."""

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from boards.forms import (
    AgendaItemForm,
    AttendanceForm,
    CancelForm,
    ItemPresenceForm,
    MeetingForm,
    RsvpForm,
)
from boards.models import Board, Meeting, Paper, Seat
from boards.permissions import BoardAccess
from boards.selectors import meetings as selectors
from boards.selectors.notes import meeting_notes
from boards.selectors.papers import papers_notice
from boards.services import meetings as services
from boards.views._common import (
    NAV,
    board_meeting_of,
    board_of,
    board_url,
    form_page,
    item_of,
    meeting_of,
    meeting_url,
)
from boards.views.downloads import DECISIONS
from core.downloads import download_links, list_download
from core.models import Membership
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from core.years import working_days_before


def _starts_at(data: dict) -> datetime:
    return timezone.make_aware(datetime.combine(data["date"], data["time"]))


@tenant_view()
def meeting_create(request: TenantRequest, board_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, run=True)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                tenant=request.tenant, actor=request.user, board=board,
                starts_at=_starts_at(data), duration_minutes=data["duration_minutes"],
                location=data["location"], remote_link=data["remote_link"])
        except ValidationError as error:
            show_refusal(form, error, aliases={"starts_at": "date"})
        else:
            messages.success(request, f"Planned the meeting on {data['date']:%d %B %Y}.")
            return redirect(meeting_url(request, meeting))
    return form_page(request, form, board=board, heading="Plan a meeting", button="Plan meeting",
                     back_url=board_url(request, board), back_label=f"Back to {board.name}")


def _rsvp_seats(request: TenantRequest, day: selectors.MeetingDay,
                access: BoardAccess) -> list[Seat]:
    """The seats this person may answer for: every filled seat for those who run the board,
    else their own."""
    if access.can_run:
        return [seat.seat for seat in day.seats if seat.member]
    mine = request.membership.pk
    return [seat.seat for seat in day.seats if seat.member and (
        seat.member.holder_id == mine or (seat.substitute and seat.substitute.holder_id == mine))]


def _meeting_page(request: TenantRequest, board: Board, access: BoardAccess, meeting: Meeting,
                  *, rsvp_form: Form | None = None, cancel_form: Form | None = None
                  ) -> HttpResponse:
    day = selectors.meeting_day(meeting=meeting)
    minutes, texts = selectors.minutes_with_texts(meeting=meeting)
    seats = _rsvp_seats(request, day, access)
    starts = timezone.localtime(meeting.starts_at)
    errors = bool((rsvp_form and rsvp_form.errors) or (cancel_form and cancel_form.errors))
    withdrawn: list[Paper] = []
    items = selectors.agenda(meeting=meeting, withdrawn=withdrawn)
    corrections = selectors.corrections_of(minutes=minutes)
    for item in items:
        entry = texts.get(item.pk)
        item.minute_text = entry.text if entry else ""  # type: ignore[attr-defined]
        item.corrections = corrections.get(item.pk, [])  # type: ignore[attr-defined]
    return render(request, "boards/meeting_detail.html", {
        "board": board, "access": access, "meeting": meeting, "day": day,
        "items": items, "minutes": minutes, "notes": meeting_notes(meeting=meeting),
        "papers_due": working_days_before(starts.date(), board.papers_notice_days),
        "notice": papers_notice(meeting=meeting, items=items) if access.can_run else None,
        # Withdrawn papers, with why: only for whoever runs the board.
        "withdrawn": withdrawn if access.can_run else [],
        "is_ahead": meeting.starts_at > timezone.now() and not meeting.is_cancelled,
        "rsvp_form": rsvp_form or (RsvpForm(seats=seats) if seats else None),
        "cancel_form": cancel_form or CancelForm(), "nav_section": NAV,
        "downloads": download_links(request, "boards:meeting-detail") if any(
            item.decisions.all() for item in items) else None,
    }, status=400 if errors else 200)


@tenant_view()
@require_GET
def meeting_detail(request: TenantRequest, board_id: int, meeting_id: int,
                   export: bool = False) -> HttpResponse:
    board, access, meeting = board_meeting_of(request, board_id, meeting_id, read=True)
    if export:
        return list_download(request, download=DECISIONS, rows=[
            (item, decision) for item in selectors.agenda(meeting=meeting,
                                                          decisions_only=True)
            for decision in item.decisions.all()])
    return _meeting_page(request, board, access, meeting)


@tenant_view()
def meeting_edit(request: TenantRequest, board_id: int, meeting_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, run=True)
    meeting = meeting_of(board, meeting_id)
    starts = timezone.localtime(meeting.starts_at)
    form = MeetingForm(request.POST or None, initial={
        "date": starts.date(), "time": starts.time(), "location": meeting.location,
        "duration_minutes": meeting.duration_minutes, "remote_link": meeting.remote_link})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.meeting_update(tenant=request.tenant, actor=request.user, meeting=meeting,
                                    starts_at=_starts_at(data),
                                    duration_minutes=data["duration_minutes"],
                                    location=data["location"], remote_link=data["remote_link"])
        except ValidationError as error:
            show_refusal(form, error, aliases={"starts_at": "date"})
            meeting.refresh_from_db()
        else:
            messages.success(request, "Saved the meeting's details.")
            return redirect(meeting_url(request, meeting))
    return form_page(request, form, board=board, meeting=meeting, heading="Change the meeting",
                     button="Save", back_url=meeting_url(request, meeting),
                     back_label="Back to the meeting")


@tenant_view()
@require_POST
def meeting_cancel(request: TenantRequest, board_id: int, meeting_id: int) -> HttpResponse:
    board, access = board_of(request, board_id, run=True)
    meeting = meeting_of(board, meeting_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_cancel(tenant=request.tenant, actor=request.user, meeting=meeting,
                                    reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The meeting is cancelled; it stays on record.")
            return redirect(meeting_url(request, meeting))
    meeting.refresh_from_db()
    return _meeting_page(request, board, access, meeting, cancel_form=form)


@tenant_view()
@require_POST
def meeting_rsvp(request: TenantRequest, board_id: int, meeting_id: int) -> HttpResponse:
    """A seat's answer: by its member or substitute, or by whoever runs the board."""
    board, access = board_of(request, board_id, read=True)
    meeting = meeting_of(board, meeting_id)
    seats = _rsvp_seats(request, selectors.meeting_day(meeting=meeting), access)
    form = RsvpForm(request.POST, seats=seats)
    if form.is_valid():
        seat = next(s for s in seats if s.pk == form.cleaned_data["seat"])
        try:
            services.rsvp_record(tenant=request.tenant, actor=request.user, meeting=meeting,
                                 seat=seat, answer=form.cleaned_data["answer"],
                                 note=form.cleaned_data["note"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Recorded the answer for {seat.label}.")
            return redirect(meeting_url(request, meeting))
    return _meeting_page(request, board, access, meeting, rsvp_form=form)


@tenant_view()
def meeting_attendance(request: TenantRequest, board_id: int, meeting_id: int) -> HttpResponse:
    """Who was there for which seat, on the day: one person at a time."""
    board, access, meeting = board_meeting_of(request, board_id, meeting_id, run=True)
    day = selectors.meeting_day(meeting=meeting, rsvps=False)
    form = AttendanceForm(request.POST or None, seat_days=day.seats)
    if request.method == "POST" and form.is_valid():
        seat_id, person_id = form.seat_and_person()
        seat = next(s.seat for s in day.seats if s.seat.pk == seat_id)
        person = Membership.objects.select_related("user").get(pk=person_id)
        try:
            services.attendance_record(
                tenant=request.tenant, actor=request.user, meeting=meeting, seat=seat,
                person=person, mode=form.cleaned_data["mode"],
                apology_reason=form.cleaned_data["apology_reason"])
        except ValidationError as error:
            show_refusal(form, error, aliases={"person": "attendee", "seat": "attendee"})
        else:
            messages.success(request, f"Recorded {person.user}'s attendance.")
            return redirect("boards:meeting-attendance", request.tenant.slug, board.pk,
                            meeting.pk)
    return render(request, "boards/attendance.html", {
        "board": board, "meeting": meeting, "day": day, "form": form, "access": access,
        "nav_section": NAV}, status=400 if form.errors else 200)


@tenant_view()
def item_presence(request: TenantRequest, board_id: int, meeting_id: int,
                  agenda_item_id: int) -> HttpResponse:
    """Who was present for one item: the meeting's attendance less whoever was out of the
    room for it (after declaring an interest, say). The item's quorum is counted from it."""
    board, _, meeting = board_meeting_of(request, board_id, meeting_id, run=True)
    item = item_of(meeting, agenda_item_id)
    # The day for the item: every attendance, and who was out of the room for the item.
    day = selectors.meeting_day(meeting=meeting, item=item, rsvps=False)
    present = [a for seat in day.seats for a in seat.attendances if a.is_present]
    out = day.seats[0].out if day.seats else set()
    form = ItemPresenceForm(request.POST or None, present=present, initial={
        "out": [f"{a.seat_id}:{a.person_id}" for a in present if a.pk in out]})
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["out"])
        try:
            services.item_presence_record(
                tenant=request.tenant, actor=request.user, item=item,
                out=[a for a in present if f"{a.seat_id}:{a.person_id}" in chosen],
                reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Recorded who was present for item {item.number}.")
            return redirect(meeting_url(request, meeting) + f"#item-{item.number}")
    if request.method == "POST":
        day = selectors.meeting_day(meeting=meeting, item=item, rsvps=False)
    return render(request, "boards/item_presence.html", {
        "board": board, "meeting": meeting, "item": item, "form": form, "quorum": day.quorum,
        "declarations": item.declarations.select_related("person__user"),
        "back_url": meeting_url(request, meeting), "nav_section": NAV},
        status=400 if form.errors else 200)


# --- The agenda -------------------------------------------------------------------------------


@tenant_view()
def item_create(request: TenantRequest, board_id: int, meeting_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, run=True)
    meeting = meeting_of(board, meeting_id)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.agenda_item_create(tenant=request.tenant, actor=request.user,
                                               meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Added item {item.number}.")
            return redirect(meeting_url(request, meeting))
    return form_page(request, form, board=board, meeting=meeting, heading="Add an agenda item",
                     button="Add item", back_url=meeting_url(request, meeting),
                     back_label="Back to the meeting")


@tenant_view()
def item_edit(request: TenantRequest, board_id: int, meeting_id: int,
              agenda_item_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, run=True)
    meeting = meeting_of(board, meeting_id)
    item = item_of(meeting, agenda_item_id)
    form = AgendaItemForm(request.POST or None, initial={
        name: getattr(item, name) for name in services.ITEM_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(tenant=request.tenant, actor=request.user, item=item,
                                        **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
            item.refresh_from_db()
        else:
            messages.success(request, f"Saved item {item.number}.")
            return redirect(meeting_url(request, meeting))
    return form_page(request, form, board=board, meeting=meeting,
                     heading=f"Change item {item.number}", button="Save item",
                     back_url=meeting_url(request, meeting), back_label="Back to the meeting")


@tenant_view()
@require_POST
def item_move_up(request: TenantRequest, board_id: int, meeting_id: int,
                 agenda_item_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, run=True)
    meeting = meeting_of(board, meeting_id)
    item = item_of(meeting, agenda_item_id)
    try:
        services.agenda_item_move_up(tenant=request.tenant, actor=request.user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(meeting_url(request, meeting))
