"""Visit notes (issue 13 item 2): templates per focus held as data, the note of a visit with the
school's part (completed before the visit) and the officer's, its RAG ratings (one row per
field, so the dashboard counts them in the database), the quality check and the headteacher's
answer."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.models import TenantOwned


class Rating(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class NoteTemplate(TenantOwned):
    """A note's structure for one focus ("Review visit", "Diagnostic visit"), as data:

        sections: [{"key": "leadership", "title": "Leadership and management",
                    "guidance": "...", "fields": [{"key": "leadership_capacity",
                                                   "label": "Capacity to improve"}]}]
        school_questions: [{"key": "priorities", "label": "Your priorities this term"}]

    Each section takes the officer's commentary and a red, amber or green rating per field;
    the school answers its questions before the visit. `visit_kinds` are the entitlement's
    kinds this template records by default. A note keeps a copy of the structure it was
    written with, so changing a template never rewrites a note."""

    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    sections = models.JSONField(default=list)
    school_questions = models.JSONField(default=list, blank=True)
    visit_kinds = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["tenant", "key"],
                                               name="notetemplate_unique_key")]

    def __str__(self) -> str:
        return self.name

    def rag_fields(self) -> list[dict]:
        return [field for section in self.sections for field in section.get("fields", [])]


class NoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_CHECK = "awaiting_check", "Waiting for a quality check"
    RELEASED = "released", "Released to the school"


class Response(models.TextChoices):
    ACCURATE = "accurate", "Accurate"
    INACCURATE = "inaccurate", "Inaccurate"


class VisitNote(TenantOwned):
    visit = models.OneToOneField("support.Visit", on_delete=models.CASCADE, related_name="note")
    template = models.ForeignKey(NoteTemplate, on_delete=models.RESTRICT, related_name="notes")
    # The template's sections and questions as they were when the note was started.
    structure = models.JSONField(default=dict)
    school_answers = models.JSONField(default=dict, blank=True)
    school_completed_at = models.DateTimeField(null=True, blank=True)
    school_completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.SET_NULL, related_name="+")
    commentary = models.JSONField(default=dict, blank=True)  # section key -> text
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=NoteStatus.choices,
                              default=NoteStatus.DRAFT)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(null=True, blank=True)
    check_comment = models.TextField(blank=True)
    released_at = models.DateTimeField(null=True, blank=True, db_index=True)
    response = models.CharField(max_length=12, choices=Response.choices, blank=True)
    response_comment = models.TextField(blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)
    # Set by the officer when the note names members of staff: it is then redacted when the
    # tenant's retention period (`SupportSettings.staff_notes_retention_months`) has passed
    # since the visit (`support.services.retention`).
    names_staff = models.BooleanField(default=False)
    redacted_at = models.DateTimeField(null=True, blank=True)
    redaction_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Note of visit {self.visit_id} ({self.get_status_display().lower()})"

    @property
    def is_released(self) -> bool:
        return self.status == NoteStatus.RELEASED

    @property
    def sections(self) -> list[dict]:
        return list(self.structure.get("sections", []))

    @property
    def school_questions(self) -> list[dict]:
        return list(self.structure.get("school_questions", []))


class NoteRating(TenantOwned):
    """One RAG field of a note, rated red, amber or green (the label kept as written)."""

    note = models.ForeignKey(VisitNote, on_delete=models.CASCADE, related_name="ratings")
    section_key = models.CharField(max_length=60)
    field_key = models.CharField(max_length=60)
    field_label = models.CharField(max_length=200)
    rating = models.CharField(max_length=5, choices=Rating.choices)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["tenant", "note", "field_key"],
                                               name="noterating_one_per_field")]

    def __str__(self) -> str:
        return f"{self.field_label}: {self.get_rating_display()}"
