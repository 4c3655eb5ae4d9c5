"""Where the hub pages partnerships used to serve now live (`core.forwarding`): each old page
name of partnerships' hub paths and the boards page it answers with, the old ids of meetings,
notes, priorities and actions found through `hub_copy_of` (kept by migration 0012). Called
inside the tenant's scope: another tenant's hub or row is not found (None: 404)."""

from django.urls import reverse

from boards.models import BoardAction, BoardKind, BoardPriority, Meeting, MeetingNote
from boards.services.hubs import hub_of

# Old page name -> (boards page name, the row it needs beside the hub, if any).
PAGES = {
    "partnership-hub": ("board-detail", None),
    "partnership-hub-export": ("board-detail-export", None),
    "hub-actions-export": ("action-list-export", None),
    "hub-meeting-add": ("meeting-create", None),
    "hub-meeting-detail": ("meeting-detail", "meeting"),
    "hub-meeting-status": ("meeting-detail", "meeting"),
    "hub-note-add": ("meeting-note-add", "meeting"),
    "hub-note-edit": ("meeting-note-edit", "note"),
    "hub-priority-add": ("priority-create", None),
    "hub-priority-end": ("priority-end", "priority"),
    "hub-action-add": ("action-create", None),
    "hub-action-progress": ("action-detail", "action"),
}


def hub_page_address(*, tenant_slug: str, page: str, partnership_id: int,
                     hub_meeting_id: int | None = None, hub_note_id: int | None = None,
                     hub_priority_id: int | None = None, hub_action_id: int | None = None,
                     **_) -> str | None:
    if page not in PAGES:
        return None
    board = hub_of(partnership_id=partnership_id)
    if board is None or board.kind != BoardKind.HUB:
        return None
    name, needs = PAGES[page]
    args: list[int] = [board.pk]
    if needs in ("meeting", "note"):
        meeting = Meeting.objects.filter(board=board, hub_copy_of=hub_meeting_id).first()
        if meeting is None:
            return None
        args.append(meeting.pk)
        if needs == "note":
            note = MeetingNote.objects.filter(meeting=meeting, hub_copy_of=hub_note_id).first()
            if note is None:
                return None
            args.append(note.pk)
    elif needs == "priority":
        priority = BoardPriority.objects.filter(board=board, hub_copy_of=hub_priority_id).first()
        if priority is None:
            return None
        args.append(priority.pk)
    elif needs == "action":
        action = BoardAction.objects.filter(board=board, hub_copy_of=hub_action_id).first()
        if action is None:
            return None
        args.append(action.pk)
    return reverse(f"boards:{name}", args=[tenant_slug, *args])
