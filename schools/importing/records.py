"""The status record of an upload by a tenant admin (`GiasImport`): create (and enqueue the
analysis), analyse, request apply, apply, fail. Tasks and views call only these."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.file_imports import ProgressRecorder, file_import_apply_request
from core.models import Tenant
from core.tasks import enqueue_on_commit
from schools import gias
from schools.gias import EstablishmentFile, FileRejected, LinksFile
from schools.importing.establishments import establishments_analyse
from schools.importing.links import links_analyse, links_apply
from schools.importing.values import ImportRefused
from schools.importing.writing import establishments_apply, establishments_read, stage_discard
from schools.models import GiasImport

logger = logging.getLogger(__name__)


def _file_bytes(gias_import: GiasImport) -> bytes:
    with gias_import.file.open("rb") as handle:
        return handle.read()


def _parse(gias_import: GiasImport, progress=None,
           stage: bool = False) -> EstablishmentFile | LinksFile:
    data = _file_bytes(gias_import)
    limit = settings.GIAS_UPLOAD_MAX_BYTES
    if gias_import.kind == GiasImport.Kind.LINKS:
        return gias.parse_links(data, max_bytes=limit)
    return establishments_read(data, stage=stage, max_bytes=limit, progress=progress)



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


def gias_import_analyse(*, gias_import: GiasImport) -> GiasImport:
    """Read the file and store the preview. Not one transaction on purpose: the progress it
    writes as it reads must be visible to the page that polls it."""
    if gias_import.status not in (GiasImport.Status.PENDING, GiasImport.Status.ANALYSING):
        return gias_import  # analysed already: running the task twice is harmless
    gias_import.status = GiasImport.Status.ANALYSING
    gias_import.processed_rows = 0
    gias_import.save(update_fields=["status", "processed_rows"])
    recorder = ProgressRecorder(gias_import, "Checking the file")
    try:
        parsed = _parse(gias_import, progress=recorder)
        if isinstance(parsed, LinksFile):
            summary, errors = links_analyse(parsed, tenant=gias_import.tenant)
        else:
            summary, errors = establishments_analyse(parsed, tenant=gias_import.tenant)
    except FileRejected as rejected:
        summary, errors = {}, [rejected.error]
    gias_import.record_preview(summary=summary, errors=GiasImport.stored_errors(errors),
                               total_rows=summary.get("total_rows", 0))
    return gias_import


def gias_import_apply_request(*, gias_import: GiasImport, actor: User) -> GiasImport:
    """The admin confirms the preview: mark the import as applying and enqueue the work."""
    return file_import_apply_request(
        gias_import, actor=actor, action="gias_import.apply_request",
        summary=f"Applying GIAS import {gias_import.original_name}",
        task="schools.tasks.gias_import_apply")


def gias_import_apply(*, gias_import: GiasImport) -> GiasImport:
    """Write a previewed import. The file is read again (the register may have changed since
    the preview); the writing is one transaction, and the status is recorded after it."""
    if gias_import.status != GiasImport.Status.APPLYING:
        return gias_import  # applied already, or never confirmed: nothing to do
    reading = ProgressRecorder(gias_import, "Reading the file")
    writing = ProgressRecorder(gias_import, "Writing the changes")
    actor = gias_import.uploaded_by
    staged = ""
    try:
        # Staged: the rows reach PostgreSQL while the file is still being read.
        parsed = _parse(gias_import, progress=reading, stage=True)
        staged = getattr(parsed, "staged", "")
        if isinstance(parsed, LinksFile):
            summary = links_apply(parsed, tenant=gias_import.tenant, actor=actor,
                                  progress=writing)
        else:
            summary = establishments_apply(parsed, tenant=gias_import.tenant, actor=actor,
                                           progress=writing)
    except (FileRejected, ImportRefused) as refused:
        errors = [refused.error] if isinstance(refused, FileRejected) else refused.errors
        gias_import.errors = GiasImport.stored_errors(errors)
        gias_import.status = GiasImport.Status.FAILED
    else:
        gias_import.summary = {**gias_import.summary, "applied": summary["counts"]}
        gias_import.status = GiasImport.Status.DONE
        gias_import.processed_rows = gias_import.total_rows = summary["total_rows"]
    finally:
        reading.close()
        writing.close()
        stage_discard(staged)
    gias_import.progress_note = ""
    gias_import.finished_at = timezone.now()
    gias_import.save()
    return gias_import

