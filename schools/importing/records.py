"""The status record of an upload by a tenant admin (`GiasImport`): create (and enqueue the
analysis), analyse, request apply, apply, fail. Tasks and views call only these. The check and
the write of a record (`analyse_file`, `apply_file`) also serve the operator's national
imports (`national_records`)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.file_import_chunks import chunked_step
from core.file_imports import ProgressRecorder, file_import_apply_request
from core.models import ImportRecord, Tenant
from core.tasks import enqueue_on_commit
from schools import gias
from schools.gias import EstablishmentFile, FileRejected, LinksFile
from schools.importing.establishments import establishments_analyse
from schools.importing.links import NotAFullFile, links_analyse, links_apply
from schools.importing.staging import stage_discard
from schools.importing.streamed import establishments_import
from schools.importing.values import ImportRefused
from schools.importing.writing import establishments_apply, establishments_read
from schools.models import GiasImport

logger = logging.getLogger(__name__)


def _read(record: ImportRecord) -> bytes:
    with record.file.open("rb") as handle:
        return handle.read()


def _parse(record: ImportRecord, *, links: bool, progress=None,
           stage: bool = False) -> EstablishmentFile | LinksFile:
    data = _read(record)
    limit = settings.GIAS_UPLOAD_MAX_BYTES
    if links:
        return gias.parse_links(data, max_bytes=limit)
    return establishments_read(data, stage=stage, max_bytes=limit, progress=progress)


def _whole_file_refusal(message: str) -> list[dict]:
    """A refusal of the whole file (not of a row), as a record stores errors."""
    return [{"row": None, "column": "", "message": message}]


def analyse_file(record: ImportRecord, *, links: bool, tenant: Tenant | None,
                 full: bool = False) -> None:
    """The check of a GIAS file's status record, for a council's upload (`tenant`) and the
    operator's national import (None) alike: read the file and store the preview, writing
    nothing. Not one transaction on purpose: the progress it writes as it reads must be
    visible to the page that polls it. Checked already: nothing to do."""
    if record.status not in (record.Status.PENDING, record.Status.ANALYSING):
        return
    record.status = record.Status.ANALYSING
    record.processed_rows = 0
    record.save(update_fields=["status", "processed_rows"])
    recorder = ProgressRecorder(record, "Checking the file")
    try:
        parsed = _parse(record, links=links, progress=recorder)
        if isinstance(parsed, LinksFile):
            summary, errors = links_analyse(parsed, tenant=tenant, full=full)
        else:
            summary, errors = establishments_analyse(parsed, tenant=tenant)
        stored = record.stored_errors(errors)
    except FileRejected as rejected:
        summary, stored = {}, record.stored_errors([rejected.error])
    except NotAFullFile as refused:
        summary, stored = {}, _whole_file_refusal(str(refused))
    finally:
        recorder.close()  # its second connection, opened when called inside a transaction
    record.record_preview(summary=summary, errors=stored,
                          total_rows=summary.get("total_rows", 0))


def _apply_parsed(record: ImportRecord, *, links: bool, tenant: Tenant | None,
                  actor: User | None, full: bool, reading: ProgressRecorder,
                  writing: ProgressRecorder) -> tuple[dict, str]:
    """Read the file (staged: the rows reach PostgreSQL while it is still being read), then
    write it: the summary, and the staging table the reading left (to drop if the writing
    failed)."""
    parsed = _parse(record, links=links, progress=reading, stage=True)
    staged = getattr(parsed, "staged", "")
    if isinstance(parsed, LinksFile):
        return links_apply(parsed, tenant=tenant, actor=actor, progress=writing,
                           full=full), staged
    return establishments_apply(parsed, tenant=tenant, actor=actor, progress=writing), staged


def apply_file(record: ImportRecord, *, links: bool, tenant: Tenant | None,
               actor: User | None, full: bool = False) -> None:
    """Write a previewed GIAS file (see `analyse_file`). The file is read again (the register
    may have changed since the preview); the writing is one transaction, and the status is
    recorded after it. Applied already, or never confirmed: nothing to do."""
    if record.status != record.Status.APPLYING:
        return
    reading = ProgressRecorder(record, "Reading the file")
    writing = ProgressRecorder(record, "Writing the changes")
    staged = ""
    try:
        if not links and tenant is None:
            # The operator's national file: read and written in one pass.
            summary = establishments_import(
                _read(record), max_bytes=settings.GIAS_UPLOAD_MAX_BYTES, progress=reading)
        else:
            # Staged: the rows reach PostgreSQL while the file is still being read.
            summary, staged = _apply_parsed(record, links=links, tenant=tenant, actor=actor,
                                            full=full, reading=reading, writing=writing)
    except (FileRejected, ImportRefused) as refused:
        errors = [refused.error] if isinstance(refused, FileRejected) else refused.errors
        record.errors = record.stored_errors(errors)
        record.status = record.Status.FAILED
    except NotAFullFile as refused:
        record.errors = _whole_file_refusal(str(refused))
        record.status = record.Status.FAILED
    else:
        record.summary = {**record.summary, "applied": summary["counts"]}
        record.status = record.Status.DONE
        record.processed_rows = record.total_rows = summary["total_rows"]
    finally:
        reading.close()
        writing.close()
        stage_discard(staged)
    record.progress_note = ""
    record.finished_at = timezone.now()
    record.save()


@transaction.atomic
def gias_import_create(
    *, tenant: Tenant, actor: User, uploaded_file: UploadedFile, kind: str,
) -> GiasImport:
    """Store an uploaded GIAS file and enqueue its analysis (after commit)."""
    if uploaded_file.size == 0:
        raise ValidationError({"file": "The selected file is empty."})
    if uploaded_file.size > settings.GIAS_UPLOAD_MAX_BYTES:
        raise ValidationError({"file": (
            f"The selected file must be smaller than "
            f"{settings.GIAS_UPLOAD_MAX_BYTES / 1_048_576:.0f} MB.")})
    if kind not in GiasImport.Kind.values:
        raise ValidationError({"kind": "Choose an establishments file."})
    if kind == GiasImport.Kind.LINKS:
        raise ValidationError({"kind": "Links between schools come only from the national GIAS "
                                       "import, which the platform runs for every council: "
                                       "upload an establishments file."})
    gias_import = GiasImport(tenant=tenant, kind=kind, uploaded_by=actor,
                             original_name=uploaded_file.name[:255], file=uploaded_file)
    gias_import.full_clean()
    gias_import.save()
    audit_record(tenant=tenant, actor=actor, action="gias_import.create", obj=gias_import,
                 summary=f"Uploaded {gias_import.original_name} for a GIAS import")
    enqueue_on_commit("schools.tasks.gias_import_analyse", gias_import.pk)
    return gias_import


def establishment_rows_fine(data: bytes, start: int, stop: int) -> bool:
    """A chunk of an establishments file's reading (`core.file_import_chunks.read_ahead`):
    whether its rows up to `stop` are read without a problem and more follow. The reader
    streams, so it reads from the top; a problem ends the chunks and the whole step reports
    it."""
    try:
        parsed, rows = gias.read_establishments(data, max_bytes=settings.GIAS_UPLOAD_MAX_BYTES)
        for row in rows:
            if parsed.errors:
                return False
            if row.row_number - 1 > stop:  # row 1 is the header
                return True
    except FileRejected:
        return False
    return False


def gias_import_analyse(*, gias_import: GiasImport, chunk_rows: int | None = None) -> GiasImport:
    """Read the council's file and store the preview (`analyse_file`); with `chunk_rows`
    (tasks inline), only the next chunk of its rows until the last
    (`core.file_import_chunks`)."""
    if (gias_import.kind == GiasImport.Kind.ESTABLISHMENTS
            and gias_import.status in (GiasImport.Status.PENDING, GiasImport.Status.ANALYSING)
            and chunked_step(gias_import, chunk_rows, establishment_rows_fine)):
        return gias_import
    analyse_file(gias_import, links=gias_import.kind == GiasImport.Kind.LINKS,
                 tenant=gias_import.tenant)
    return gias_import


def gias_import_apply_request(*, gias_import: GiasImport, actor: User) -> GiasImport:
    """The admin confirms the preview: mark the import as applying and enqueue the work."""
    return file_import_apply_request(
        gias_import, actor=actor, action="gias_import.apply_request",
        summary=f"Applying GIAS import {gias_import.original_name}",
        task="schools.tasks.gias_import_apply")


def gias_import_apply(*, gias_import: GiasImport, chunk_rows: int | None = None) -> GiasImport:
    """Write the council's previewed file (`apply_file`, one transaction); with `chunk_rows`
    (tasks inline), first read it a chunk of rows at a time (`core.file_import_chunks`),
    writing nothing until the last."""
    if (gias_import.kind == GiasImport.Kind.ESTABLISHMENTS
            and gias_import.status == GiasImport.Status.APPLYING
            and chunked_step(gias_import, chunk_rows, establishment_rows_fine)):
        return gias_import
    apply_file(gias_import, links=gias_import.kind == GiasImport.Kind.LINKS,
               tenant=gias_import.tenant, actor=gias_import.uploaded_by)
    return gias_import
