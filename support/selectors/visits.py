"""A school's visits for a year, with their notes, and the re-plan notices waiting for the
officer. A headteacher sees a note only once it is released."""

from __future__ import annotations

from django.db.models import QuerySet

from schools.models import School
from support.models import NoteTemplate, ReplanNotice, Visit, VisitNote


def school_visits(*, school: School, academic_year: int) -> list[Visit]:
    """The school's visits of the year, each with its note (`visit.note` or none) and
    officer: one query."""
    return list(Visit.objects.filter(school=school, academic_year=academic_year)
                .select_related("note", "focus", "officer__user", "school__establishment")
                .order_by("planned_on", "kind", "pk"))


def note_of(visit: Visit) -> VisitNote | None:
    try:
        return visit.note
    except VisitNote.DoesNotExist:
        return None


def released_note_of(visit: Visit) -> VisitNote | None:
    note = note_of(visit)
    return note if note is not None and note.is_released else None


def open_notices(*, school: School) -> QuerySet[ReplanNotice]:
    return ReplanNotice.objects.filter(school=school, dismissed_at__isnull=True)


def note_with_ratings(visit: Visit) -> VisitNote | None:
    """The visit's note with its ratings (`note.ratings.all()`) and people: two queries."""
    return (VisitNote.objects.filter(visit=visit)
            .select_related("template", "written_by", "checked_by", "responded_by",
                            "school_completed_by")
            .prefetch_related("ratings").first())


def active_templates() -> list[NoteTemplate]:
    return list(NoteTemplate.objects.filter(is_active=True).order_by("name"))
