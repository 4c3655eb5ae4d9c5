"""The platform operator's imports of whole national files: the national layer every tenant
reads (DESIGN §2: "Who writes public data"). The same flow as a tenant's file import
(`core.file_imports`): upload → a background check stores a preview → the operator reads it
and applies it → a background task writes it; the status record says what happened. It
differs in who may run it: only a platform operator, on pages under /platform/, and no tenant
owns the record.

An app declares its kind once:

    GIAS = NationalImportSpec(
        model=NationalGiasImport, upload_form=NationalGiasUploadForm,
        create=lambda actor, data: national_gias_import_create(...),
        apply_request=lambda record, actor: national_gias_import_apply_request(...),
        url_prefix="platform_gias:gias-import", title="National GIAS imports",
        list_template="platform/gias_import_list.html",
        detail_template="platform/gias_import_detail.html")
    views = NationalImportViews(GIAS)   # views.upload, views.detail, views.progress, views.apply

Audit: the audit trail (`core.AuditEvent`) belongs to a tenant, and these imports belong to
none. Who uploaded and who applied each file is kept on the record, and every step is written
to the `platform.audit` log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.models import NationalFileImport
from core.refusals import show_refusal
from core.tasks import FAILED_UNEXPECTEDLY, enqueue_on_commit
from core.tenancy import operator_required

logger = logging.getLogger(__name__)
audit_log = logging.getLogger("platform.audit")

HISTORY_LENGTH = 50

Record = TypeVar("Record", bound=NationalFileImport)


def national_audit(*, action: str, record: NationalFileImport, actor, summary: str) -> None:
    """Write who did what to a national import to the platform's audit log."""
    audit_log.info("%s %s %s by %s: %s", action, record._meta.label, record.pk,
                   getattr(actor, "email", None) or "system", summary,
                   extra={"action": action, "import_id": record.pk,
                          "actor_id": getattr(actor, "pk", None)})


def national_upload_check(uploaded_file: UploadedFile) -> None:
    """Refuse an empty or too large file, naming the field."""
    if not uploaded_file.size:
        raise ValidationError({"file": "The selected file is empty."})
    if uploaded_file.size > settings.GIAS_UPLOAD_MAX_BYTES:
        raise ValidationError({"file": (
            f"The selected file must be smaller than "
            f"{settings.GIAS_UPLOAD_MAX_BYTES / 1_048_576:.0f} MB.")})


@transaction.atomic
def national_import_apply_request(record: Record, *, actor, task: str) -> Record:
    """The operator confirms a preview: lock the record, mark it applying, note who applied
    it, log it and enqueue `task` (by name) with its id after commit. A record applying or
    applied already is returned as it is (a second click changes nothing); one that was never
    checked, or has errors, is refused."""
    record = type(record).objects.select_for_update().get(pk=record.pk)  # type: ignore[attr-defined]
    if record.status in (record.Status.APPLYING, record.Status.DONE):
        return record
    if record.status != record.Status.PREVIEWED or record.errors:
        raise PermissionDenied("Only a checked import without errors can be applied.")
    record.start_applying()
    record.applied_by = actor
    record.save(update_fields=["applied_by"])
    national_audit(action="national_import.apply_request", record=record, actor=actor,
                   summary=f"Applying {record.original_name}")
    enqueue_on_commit(task, record.pk)
    return record


def run_national_import_step(model: type[NationalFileImport], import_id: int,
                             step: Callable[[NationalFileImport], object]) -> None:
    """Run one step (check or apply) of a national import. No tenant scope: the national layer
    is no tenant's. An unexpected error is logged and recorded on the import, not re-raised
    (the record is what the operator's page shows; a retry would meet the same file)."""
    record = model.objects.select_related("uploaded_by", "applied_by").filter(  # type: ignore[attr-defined]
        pk=import_id).first()
    if record is None:
        logger.warning("%s %s no longer exists", model.__name__, import_id)
        return
    try:
        step(record)
    except Exception:
        logger.exception("%s %s failed", model.__name__, import_id)
        record.record_failure(FAILED_UNEXPECTEDLY)


@dataclass(frozen=True)
class NationalImportSpec:
    model: type[NationalFileImport]
    upload_form: type[forms.Form]
    # create(actor, cleaned_data) -> the new record; refuses with ValidationError.
    create: Callable[..., NationalFileImport]
    # apply_request(record, actor): the operator confirms the preview.
    apply_request: Callable[..., NationalFileImport]
    url_prefix: str  # "<namespace>:<prefix>": "-list", "-detail", "-progress", "-apply" its URLs
    title: str  # the list page's heading ("National GIAS imports")
    list_template: str
    detail_template: str
    detail_context: Callable[[NationalFileImport], dict] = field(default=lambda record: {})


class NationalImportViews:
    """The four pages of one kind of national import, for its URLconf: operators only."""

    def __init__(self, spec: NationalImportSpec):
        self.spec = spec
        self.upload = operator_required(self._upload)
        self.detail = operator_required(self._detail)
        self.progress = operator_required(self._progress)
        self.apply = operator_required(require_POST(self._apply))

    def _records(self):
        return self.spec.model.objects.select_related(  # type: ignore[attr-defined]
            "uploaded_by", "applied_by")

    def _record(self, import_id: int) -> NationalFileImport:
        return get_object_or_404(self._records(), pk=import_id)

    def _context(self, record: NationalFileImport) -> dict:
        prefix = self.spec.url_prefix
        return {"record": record, "title": self.spec.title,
                "progress_url": reverse(f"{prefix}-progress", args=[record.pk]),
                "apply_url": reverse(f"{prefix}-apply", args=[record.pk]),
                "list_url": reverse(f"{prefix}-list")}

    def _upload(self, request: HttpRequest) -> HttpResponse:
        form = self.spec.upload_form(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                record = self.spec.create(request.user, form.cleaned_data)
            except ValidationError as error:
                show_refusal(form, error)
            else:
                return redirect(f"{self.spec.url_prefix}-detail", record.pk)
        return render(request, self.spec.list_template, {
            "imports": self._records()[:HISTORY_LENGTH], "form": form,
            "title": self.spec.title, "detail_url_name": f"{self.spec.url_prefix}-detail",
        }, status=400 if form.errors else 200)

    def _detail(self, request: HttpRequest, import_id: int) -> HttpResponse:
        record = self._record(import_id)
        return render(request, self.spec.detail_template, {
            **self._context(record), **self.spec.detail_context(record)})

    def _progress(self, request: HttpRequest, import_id: int) -> HttpResponse:
        """The progress bar alone, polled by htmx; once the work ends the page reloads."""
        record = self._record(import_id)
        response = render(request, "includes/file_import_progress.html", self._context(record))
        if not record.is_running and getattr(request, "htmx", False):
            response["HX-Refresh"] = "true"
        return response

    def _apply(self, request: HttpRequest, import_id: int) -> HttpResponse:
        record = self._record(import_id)
        self.spec.apply_request(record, request.user)
        return redirect(f"{self.spec.url_prefix}-detail", record.pk)
