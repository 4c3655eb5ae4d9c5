"""A meeting's notes (`boards.models.MeetingNote`), current versions with their history."""

from boards.models import Meeting, MeetingNote


def meeting_notes(*, meeting: Meeting) -> list[MeetingNote]:
    """The current version of each note, with the earlier versions it replaced (newest first)
    in `earlier` and the first version in `first_written`, in the order the notes were first
    written (an edit does not move a note to the end). One query."""
    notes = list(MeetingNote.objects.filter(meeting=meeting).select_related("author")
                 .order_by("created_at", "id"))
    by_id = {note.pk: note for note in notes}
    replaced = {note.replaces_id for note in notes if note.replaces_id}
    current = [note for note in notes if note.pk not in replaced]
    for note in current:
        earlier = []
        walker = by_id.get(note.replaces_id) if note.replaces_id else None
        while walker is not None:
            earlier.append(walker)
            walker = by_id.get(walker.replaces_id) if walker.replaces_id else None
        note.earlier = earlier  # type: ignore[attr-defined]
        note.first_written = earlier[-1] if earlier else note  # type: ignore[attr-defined]
    return sorted(current, key=lambda note: (note.first_written.created_at,  # type: ignore
                                             note.first_written.pk))  # type: ignore
