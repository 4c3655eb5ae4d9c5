"""A meeting's notes: added and edited (by a new version) by whoever runs the board; read on
the meeting page by its members."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from boards.forms import NoteForm
from boards.models import MeetingNote
from boards.services import notes as services
from boards.views._common import board_of, form_page, meeting_of, meeting_url
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view


@tenant_view()
def note_add(request: TenantRequest, board_id: int, meeting_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, run=True)
    meeting = meeting_of(board, meeting_id)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_add(tenant=request.tenant, actor=request.user, meeting=meeting,
                              text=form.cleaned_data["text"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Added the note.")
            return redirect(meeting_url(request, meeting))
    return form_page(request, form, board=board, meeting=meeting, heading="Add a note",
                     button="Add note", back_url=meeting_url(request, meeting),
                     back_label="Back to the meeting")


@tenant_view()
def note_edit(request: TenantRequest, board_id: int, meeting_id: int,
              meeting_note_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, run=True)
    meeting = meeting_of(board, meeting_id)
    note = MeetingNote.objects.filter(meeting=meeting, pk=meeting_note_id).first()
    if note is None:
        raise Http404("No such note.")
    form = NoteForm(request.POST or None, initial={"text": note.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.note_edit(tenant=request.tenant, actor=request.user, note=note,
                               text=form.cleaned_data["text"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Saved the note; the earlier version is kept.")
            return redirect(meeting_url(request, meeting))
    return form_page(request, form, board=board, meeting=meeting, heading="Edit the note",
                     button="Save note", back_url=meeting_url(request, meeting),
                     back_label="Back to the meeting",
                     intro="Saving adds the new version; the earlier one is kept beside it.")
