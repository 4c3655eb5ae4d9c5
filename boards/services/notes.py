"""Notes on a meeting: a hub's record of what was said (it keeps no formal minutes), written by
whoever runs the board (the hub chair, an officer). Nothing is lost: an edit adds the note's
next version (`replaces`), keeping the earlier text, its author and time."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from boards.models import Meeting, MeetingNote
from boards.services._common import check, save
from core.audit import audit_record
from core.models import Tenant


@transaction.atomic
def note_add(*, tenant: Tenant, actor: User | None, meeting: Meeting, text: str) -> MeetingNote:
    check(tenant=tenant, actor=actor, board=meeting.board, run=True, meeting=meeting)
    note = MeetingNote(tenant=tenant, meeting=meeting, author=actor, text=text.strip())
    save(note)
    audit_record(tenant=tenant, actor=actor, action="board.note_add", obj=note,
                 summary=f"Added a note to {meeting}", changes={"meeting": meeting.pk})
    return note


@transaction.atomic
def note_edit(*, tenant: Tenant, actor: User | None, note: MeetingNote,
              text: str) -> MeetingNote:
    """Edit a note by adding its next version; the earlier text, author and time are kept."""
    check(tenant=tenant, actor=actor, board=note.meeting.board, run=True, note=note)
    # Lock the note so two simultaneous edits cannot both become its next version.
    MeetingNote.objects.select_for_update().filter(pk=note.pk).first()
    if MeetingNote.objects.filter(replaces=note).exists():
        raise ValidationError({"text": "That note has been edited since; edit its latest version."})
    if text.strip() == note.text:
        raise ValidationError({"text": "The note is unchanged."})
    edited = MeetingNote(tenant=tenant, meeting=note.meeting, author=actor, text=text.strip(),
                         replaces=note)
    save(edited)
    audit_record(tenant=tenant, actor=actor, action="board.note_edit", obj=edited,
                 summary=f"Edited a note on {note.meeting}",
                 changes={"replaces": note.pk, "text": [note.text, edited.text]})
    return edited
