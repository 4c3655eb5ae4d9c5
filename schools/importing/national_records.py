"""The platform operator's national GIAS imports (`NationalGiasImport`): create (and enqueue
the check), analyse, request apply, apply. They call the national functions the command line
calls (`manage.py import_gias`, tenant None), so the page and the command write alike: every
row to the national register, rows older than stored skipped, a links file marked full ending
the links it no longer carries. Tasks and views call only these."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.models import User
from core.national_imports import (
    national_audit,
    national_import_apply_request,
    national_upload_check,
)
from core.tasks import enqueue_on_commit
from schools.importing.records import analyse_file, apply_file
from schools.models import NationalGiasImport

Kind = NationalGiasImport.Kind
LINK_KINDS = (Kind.LINKS, Kind.LINKS_FULL)


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
    """Read the file and store the preview of the national import, writing nothing
    (`records.analyse_file`, with no tenant)."""
    analyse_file(record, links=record.kind in LINK_KINDS, tenant=None,
                 full=record.kind == Kind.LINKS_FULL)
    return record


def national_gias_import_apply_request(*, record: NationalGiasImport,
                                       actor: User) -> NationalGiasImport:
    """The operator confirms the preview: mark it applying and enqueue the work."""
    return national_import_apply_request(record, actor=actor,
                                         task="schools.tasks.national_gias_import_apply")


def national_gias_import_apply(*, record: NationalGiasImport) -> NationalGiasImport:
    """Write a previewed national import (`records.apply_file`, with no tenant), and log who
    applied it."""
    if record.status != record.Status.APPLYING:
        return record  # applied already, or never confirmed: nothing to do
    actor = record.applied_by or record.uploaded_by
    apply_file(record, links=record.kind in LINK_KINDS, tenant=None, actor=actor,
               full=record.kind == Kind.LINKS_FULL)
    national_audit(action="national_gias_import.apply", record=record, actor=actor,
                   summary=f"{record.original_name}: {record.get_status_display()}, "
                           f"{record.summary.get('applied', {})}")
    return record
