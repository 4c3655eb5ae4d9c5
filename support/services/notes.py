"""Visit notes: the officer starts a note from a template, the school completes its part before
the visit, the officer writes commentary and rates each RAG field, and submits it; where the
tenant asks for it a senior officer checks it (never their own) before it is released; once
released, that school's headteacher marks it accurate or inaccurate (a comment required for
inaccurate), once, as a school answers its category."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from core.permissions import VISIT_NOTES_CHECK
from core.tenancy import ensure_same_tenant
from support.models import (
    NoteRating,
    NoteStatus,
    NoteTemplate,
    Rating,
    Response,
    Visit,
    VisitNote,
    VisitStatus,
)
from support.permissions import require, require_head_of, require_recorder
from support.services.settings import support_settings

TEXT_LIMIT = 10_000


def _locked(tenant: Tenant, note: VisitNote) -> VisitNote:
    ensure_same_tenant(tenant, note=note)
    return (VisitNote.objects.select_for_update(of=("self",))
            .select_related("visit__school__establishment").get(pk=note.pk))


def _text(value: object, name: str) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > TEXT_LIMIT:
        raise ValidationError({name: f"Keep this under {TEXT_LIMIT:,} characters."})
    return text


def _keyed_texts(values: object, keys: list[str], name: str) -> dict[str, str]:
    if not isinstance(values, dict):
        raise ValidationError({name: "Give the texts by their keys."})
    unknown = sorted(set(values) - set(keys))
    if unknown:
        raise ValidationError({name: f"Not part of this note: {', '.join(map(str, unknown))}."})
    return {key: _text(values.get(key, ""), name) for key in keys}


@transaction.atomic
def note_start(*, tenant: Tenant, actor: User | None, visit: Visit,
               template: NoteTemplate) -> VisitNote:
    """Start the note of a visit from a template (its structure is copied into the note)."""
    ensure_same_tenant(tenant, visit=visit, template=template)
    visit = Visit.objects.select_for_update(of=("self",)).select_related(
        "school__establishment").get(pk=visit.pk)
    require_recorder(tenant=tenant, actor=actor, school=visit.school)
    if visit.status == VisitStatus.CANCELLED:
        raise ValidationError("This visit was cancelled: it has no note.")
    if VisitNote.objects.filter(visit=visit).exists():
        raise ValidationError("This visit already has a note.")
    if not template.is_active:
        raise ValidationError({"template": "That template is no longer used."})
    note = VisitNote(tenant=tenant, visit=visit, template=template, written_by=actor,
                     structure={"name": template.name, "sections": template.sections,
                                "school_questions": template.school_questions})
    note.full_clean(exclude=["visit", "template", "written_by", "tenant"])
    note.save()
    if visit.focus_id != template.pk:
        visit.focus = template
        visit.save(update_fields=["focus", "updated_at"])
    audit_record(tenant=tenant, actor=actor, action="support.note_start", obj=note,
                 summary=f"{visit.school}: started the {template.name} note of "
                         f"{visit.planned_on:%d %b %Y}")
    return note


@transaction.atomic
def note_school_part_save(*, tenant: Tenant, actor: User | None, note: VisitNote,
                          answers: dict) -> VisitNote:
    """The school's headteacher completes the school's part (before the visit; until the note
    is released)."""
    note = _locked(tenant, note)
    require_head_of(tenant=tenant, actor=actor, school=note.visit.school)
    if note.is_released:
        raise ValidationError("This note has been released: the school's part is closed.")
    note.school_answers = _keyed_texts(answers, [q["key"] for q in note.school_questions],
                                       "answers")
    note.school_completed_at, note.school_completed_by = timezone.now(), actor
    note.full_clean(exclude=["visit", "template", "tenant"])
    note.save()
    audit_record(tenant=tenant, actor=actor, action="support.note_school_part", obj=note,
                 summary=f"{note.visit.school}: the school completed its part of the note")
    return note


def _ratings(values: object, fields: dict[str, tuple[str, str]]) -> dict[str, str]:
    if not isinstance(values, dict):
        raise ValidationError({"ratings": "Give the ratings by field."})
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise ValidationError({"ratings": f"Not a field of this note: "
                                          f"{', '.join(map(str, unknown))}."})
    ratings = {}
    for key, value in values.items():
        if value in (None, ""):
            continue
        if value not in Rating.values:
            raise ValidationError({"ratings": f"{fields[key][1]}: rate it red, amber or "
                                              "green."})
        ratings[key] = value
    return ratings


@transaction.atomic
def note_write(*, tenant: Tenant, actor: User | None, note: VisitNote, commentary: dict,
               ratings: dict, summary: str = "") -> VisitNote:
    """The officer's part: commentary per section, a rating per RAG field, a summary. Only
    while the note is a draft."""
    note = _locked(tenant, note)
    require_recorder(tenant=tenant, actor=actor, school=note.visit.school)
    if note.status != NoteStatus.DRAFT:
        raise ValidationError(f"This note is {note.get_status_display().lower()}: it can no "
                              "longer be changed.")
    fields = {field["key"]: (section["key"], field["label"])
              for section in note.sections for field in section.get("fields", [])}
    note.commentary = _keyed_texts(commentary, [s["key"] for s in note.sections], "commentary")
    rated = _ratings(ratings, fields)
    note.summary = _text(summary, "summary")
    note.written_by = actor
    note.full_clean(exclude=["visit", "template", "tenant"])
    note.save()
    NoteRating.objects.filter(note=note).delete()
    NoteRating.objects.bulk_create([
        NoteRating(tenant=tenant, note=note, section_key=fields[key][0], field_key=key,
                   field_label=fields[key][1][:200], rating=value)
        for key, value in rated.items()])
    audit_record(tenant=tenant, actor=actor, action="support.note_write", obj=note,
                 summary=f"{note.visit.school}: wrote the visit note", changes={
                     "ratings": rated})
    return note


def _release(note: VisitNote) -> None:
    note.status, note.released_at = NoteStatus.RELEASED, timezone.now()


@transaction.atomic
def note_submit(*, tenant: Tenant, actor: User | None, note: VisitNote) -> VisitNote:
    """Submit a finished note: released to the school at once, or first to a senior officer's
    check where the tenant's setting asks for it. Refused until the visit is recorded as
    done, the summary written and every RAG field rated."""
    note = _locked(tenant, note)
    require_recorder(tenant=tenant, actor=actor, school=note.visit.school)
    if note.status != NoteStatus.DRAFT:
        raise ValidationError(f"This note is already {note.get_status_display().lower()}.")
    if note.visit.status != VisitStatus.DONE:
        raise ValidationError("Record the visit as done before submitting its note.")
    if not note.summary:
        raise ValidationError({"summary": "Write the summary before submitting the note."})
    rated = set(NoteRating.objects.filter(note=note).values_list("field_key", flat=True))
    missing = [field["label"] for section in note.sections
               for field in section.get("fields", []) if field["key"] not in rated]
    if missing:
        raise ValidationError({"ratings": f"Rate every field before submitting: "
                                          f"{', '.join(missing)}."})
    note.submitted_at = timezone.now()
    if support_settings(tenant=tenant).notes_quality_check:
        note.status = NoteStatus.AWAITING_CHECK
        what = "submitted for a quality check"
    else:
        _release(note)
        what = "released to the school"
    note.save()
    audit_record(tenant=tenant, actor=actor, action="support.note_submit", obj=note,
                 summary=f"{note.visit.school}: visit note {what}")
    return note


@transaction.atomic
def note_check(*, tenant: Tenant, actor: User | None, note: VisitNote, approve: bool,
               comment: str = "") -> VisitNote:
    """A senior officer's quality check: release the note, or return it to its writer with a
    comment. Nobody checks a note they wrote."""
    note = _locked(tenant, note)
    require(tenant=tenant, actor=actor, permission=VISIT_NOTES_CHECK,
            refusal="Only a senior officer checks visit notes.")
    if note.status != NoteStatus.AWAITING_CHECK:
        raise ValidationError("This note is not waiting for a quality check.")
    if actor is not None and note.written_by_id == actor.pk:
        raise PermissionDenied("Someone other than the note's writer must check it.")
    comment = _text(comment, "comment")
    if not approve and not comment:
        raise ValidationError({"comment": "Say what to change before the note is released."})
    note.checked_by, note.checked_at, note.check_comment = actor, timezone.now(), comment
    if approve:
        _release(note)
    else:
        note.status = NoteStatus.DRAFT
    note.save()
    audit_record(tenant=tenant, actor=actor, action="support.note_check", obj=note,
                 summary=f"{note.visit.school}: visit note "
                         f"{'released after a check' if approve else 'returned'}"
                         + (f". {comment}" if comment else ""))
    return note


@transaction.atomic
def note_respond(*, tenant: Tenant, actor: User | None, note: VisitNote, response: str,
                 comment: str = "") -> VisitNote:
    """Only the headteacher of the note's school marks a released note accurate or
    inaccurate (saying why), once."""
    note = _locked(tenant, note)
    require_head_of(tenant=tenant, actor=actor, school=note.visit.school)
    if not note.is_released:
        raise ValidationError("This note has not been released to your school yet.")
    if note.response:
        raise ValidationError(f"You have already marked this note "
                              f"{note.get_response_display().lower()}.")
    if response not in Response.values:
        raise ValidationError({"response": "Choose accurate or inaccurate."})
    comment = _text(comment, "comment")
    if response == Response.INACCURATE and not comment:
        raise ValidationError({"comment": "Say what is inaccurate in the note."})
    note.response, note.response_comment = response, comment
    note.responded_by, note.responded_at = actor, timezone.now()
    note.full_clean(exclude=["visit", "template", "tenant"])
    note.save()
    audit_record(tenant=tenant, actor=actor, action="support.note_respond", obj=note,
                 summary=f"{note.visit.school}: the headteacher marked the visit note "
                         f"{note.get_response_display().lower()}"
                         + (f". {comment}" if comment else ""))
    return note
