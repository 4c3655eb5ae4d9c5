"""The platform operator's national GIAS imports (`NationalGiasImport`): create (and enqueue
the check), analyse, request apply, apply. They call the national functions the command line
calls (`manage.py import_gias`, tenant None), so the page and the command write alike: every
row to the national register, rows older than stored skipped, a links file marked full ending
the links it no longer carries. Tasks and views call only these."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.file_imports import ProgressRecorder
from core.national_imports import (
    national_audit,
    national_import_apply_request,
    national_upload_check,
)
from core.tasks import enqueue_on_commit
from schools import gias
from schools.gias import EstablishmentFile, FileRejected, LinksFile
from schools.importing.establishments import establishments_analyse
from schools.importing.links import NotAFullFile, links_analyse, links_apply
from schools.importing.values import ImportRefused
from schools.importing.writing import establishments_apply, establishments_read, stage_discard
from schools.models import NationalGiasImport

Kind = NationalGiasImport.Kind
LINK_KINDS = (Kind.LINKS, Kind.LINKS_FULL)


def _parse(record: NationalGiasImport, progress=None,
           stage: bool = False) -> EstablishmentFile | LinksFile:
    with record.file.open("rb") as handle:
        data = handle.read()
    limit = settings.GIAS_UPLOAD_MAX_BYTES
    if record.kind in LINK_KINDS:
        return gias.parse_links(data, max_bytes=limit)
    return establishments_read(data, stage=stage, max_bytes=limit, progress=progress)


def _refusal(message: str) -> list[dict]:
    """A refusal of the whole file (not of a row), as the record stores errors."""
    return [{"row": None, "column": "", "message": message}]


@transaction.atomic
def national_gias_import_create(*, actor: User, uploaded_file: UploadedFile,
                                kind: str) -> NationalGiasImport:
    """Store a national GIAS file the operator uploaded and enqueue its check (after commit)."""
    national_upload_check(uploaded_file)
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose establishments, links, or the whole links file."})
    record = NationalGiasImport(kind=kind, uploaded_by=actor, file=uploaded_file,
                                original_name=(uploaded_file.name or "")[:255])
    record.full_clean()
    record.save()
    national_audit(action="national_gias_import.create", record=record, actor=actor,
                   summary=f"Uploaded {record.original_name} ({record.get_kind_display()})")
    enqueue_on_commit("schools.tasks.national_gias_import_analyse", record.pk)
    return record


def national_gias_import_analyse(*, record: NationalGiasImport) -> NationalGiasImport:
    """Read the file and store the preview of the national import, writing nothing. Not one
    transaction on purpose: the progress it writes must be visible to the page polling it."""
    if record.status not in (record.Status.PENDING, record.Status.ANALYSING):
        return record  # checked already: running the task twice is harmless
    record.status = record.Status.ANALYSING
    record.processed_rows = 0
    record.save(update_fields=["status", "processed_rows"])
    recorder = ProgressRecorder(record, "Checking the file")
    try:
        parsed = _parse(record, progress=recorder)
        if isinstance(parsed, LinksFile):
            summary, errors = links_analyse(parsed, full=record.kind == Kind.LINKS_FULL)
        else:
            summary, errors = establishments_analyse(parsed)
        stored = NationalGiasImport.stored_errors(errors)
    except FileRejected as rejected:
        summary, stored = {}, NationalGiasImport.stored_errors([rejected.error])
    except NotAFullFile as refused:
        summary, stored = {}, _refusal(str(refused))
    record.record_preview(summary=summary, errors=stored,
                          total_rows=summary.get("total_rows", 0))
    return record


def national_gias_import_apply_request(*, record: NationalGiasImport,
                                       actor: User) -> NationalGiasImport:
    """The operator confirms the preview: mark it applying and enqueue the work."""
    return national_import_apply_request(record, actor=actor,
                                         task="schools.tasks.national_gias_import_apply")


def national_gias_import_apply(*, record: NationalGiasImport) -> NationalGiasImport:
    """Write a previewed national import. The file is read again (the register may have
    changed since the preview); the writing is one transaction, the status recorded after."""
    if record.status != record.Status.APPLYING:
        return record  # applied already, or never confirmed: nothing to do
    reading = ProgressRecorder(record, "Reading the file")
    writing = ProgressRecorder(record, "Writing the changes")
    actor = record.applied_by or record.uploaded_by
    staged = ""
    try:
        parsed = _parse(record, progress=reading, stage=True)
        staged = getattr(parsed, "staged", "")
        if isinstance(parsed, LinksFile):
            result = links_apply(parsed, actor=actor, progress=writing,
                                 full=record.kind == Kind.LINKS_FULL)
        else:
            result = establishments_apply(parsed, actor=actor, progress=writing)
    except (FileRejected, ImportRefused) as refused:
        errors = [refused.error] if isinstance(refused, FileRejected) else refused.errors
        record.errors = NationalGiasImport.stored_errors(errors)
        record.status = record.Status.FAILED
    except NotAFullFile as refused:
        record.errors = _refusal(str(refused))
        record.status = record.Status.FAILED
    else:
        record.summary = {**record.summary, "applied": result["counts"]}
        record.status = record.Status.DONE
        record.processed_rows = record.total_rows = result["total_rows"]
    finally:
        reading.close()
        writing.close()
        stage_discard(staged)
    record.progress_note = ""
    record.finished_at = timezone.now()
    record.save()
    national_audit(action="national_gias_import.apply", record=record, actor=actor,
                   summary=f"{record.original_name}: {record.get_status_display()}, "
                           f"{record.summary.get('applied', {})}")
    return record
