"""The platform operator's national Ofsted and performance imports (`NationalDataImport`):
create (and enqueue the check), analyse, request apply, apply. The check is the dry run of
the national writer the command line uses (`national_ofsted_import`,
`national_performance_import`), so its counts are exactly what applying writes; apply is the
real run, which schedules the recompute of the schools whose data changed in every tenant.
Tasks and views call only these."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from categorisation.importing.national import (
    NationalImport,
    national_ofsted_import,
    national_performance_import,
)
from categorisation.importing.uploads import result_summary
from categorisation.models import NationalDataImport
from core.national_imports import (
    national_audit,
    national_import_apply_request,
    national_upload_check,
)
from core.tasks import enqueue_on_commit

Kind = NationalDataImport.Kind


@transaction.atomic
def national_data_import_create(
    *, actor: User, kind: str, uploaded_file: UploadedFile, academic_year: int | None = None,
    release: str = "",
) -> NationalDataImport:
    """Store a national Ofsted or performance file the operator uploaded and enqueue its check
    (after commit). A year or release is for a performance file only."""
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose Ofsted inspections or performance tables."})
    national_upload_check(uploaded_file)
    if kind == Kind.OFSTED and (academic_year or release):
        raise ValidationError({"academic_year": "An Ofsted file says when each inspection was: "
                                                "choose a year and release for a performance "
                                                "file only."})
    record = NationalDataImport(kind=kind, uploaded_by=actor, file=uploaded_file,
                                original_name=(uploaded_file.name or "")[:255],
                                academic_year=academic_year, release=release or "")
    record.full_clean()
    record.save()
    national_audit(action="national_data_import.create", record=record, actor=actor,
                   summary=f"Uploaded {record.original_name} ({record.get_kind_display()})")
    enqueue_on_commit("categorisation.import_tasks.national_data_import_analyse", record.pk)
    return record


def _run(record: NationalDataImport, *, dry_run: bool, today: date | None) -> NationalImport:
    with record.file.open("rb") as handle:
        data = handle.read()
    if record.kind == Kind.OFSTED:
        return national_ofsted_import(data=data, source=record.original_name, dry_run=dry_run,
                                      today=today)
    return national_performance_import(data=data, name=record.original_name,
                                       year=record.academic_year, release=record.release or None,
                                       dry_run=dry_run, today=today)


def _note(record: NationalDataImport, note: str) -> None:
    """Say what the running step does, where the polling page (another connection) sees it."""
    record.progress_note = note
    NationalDataImport.objects.filter(pk=record.pk).update(progress_note=note)


def national_data_import_analyse(*, record: NationalDataImport,
                                 today: date | None = None) -> NationalDataImport:
    """Check the file: the national import's dry run, rolled back, stored as the preview."""
    if record.status not in (record.Status.PENDING, record.Status.ANALYSING):
        return record  # checked already: running the task twice is harmless
    record.status = record.Status.ANALYSING
    record.save(update_fields=["status"])
    _note(record, "Checking the file")
    outcome = _run(record, dry_run=True, today=today)
    summary, _urns = result_summary(record.kind, outcome.result)
    summary["older"] = outcome.older
    record.record_preview(summary=summary,
                          errors=NationalDataImport.stored_errors(outcome.result.errors),
                          total_rows=summary["total_rows"])
    return record


def national_data_import_apply_request(*, record: NationalDataImport,
                                       actor: User) -> NationalDataImport:
    """The operator confirms the preview: mark it applying and enqueue the work."""
    return national_import_apply_request(
        record, actor=actor, task="categorisation.import_tasks.national_data_import_apply")


def national_data_import_apply(*, record: NationalDataImport,
                               today: date | None = None) -> NationalDataImport:
    """Write a checked import to the national store (one transaction, in the writer) and
    schedule the recompute. The file is read again: the store may have changed since."""
    if record.status != record.Status.APPLYING:
        return record  # applied already, or never confirmed: nothing to do
    _note(record, "Writing the changes")
    outcome = _run(record, dry_run=False, today=today)
    result = outcome.result
    if result.errors:
        record.errors = NationalDataImport.stored_errors(result.errors)
        record.status = record.Status.FAILED
    else:
        applied, urns = result_summary(record.kind, result)
        record.summary = {**record.summary, "applied": applied["counts"],
                          "recompute": {"arrival": outcome.recompute_arrival,
                                        "schools": len(urns)}}
        record.status = record.Status.DONE
        record.processed_rows = record.total_rows = result.rows
    record.progress_note = ""
    record.finished_at = timezone.now()
    record.save()
    national_audit(action="national_data_import.apply", record=record,
                   actor=record.applied_by or record.uploaded_by,
                   summary=f"{record.original_name}: {record.get_status_display()}, "
                           f"{record.summary.get('applied', {})}")
    return record
