"""One file-import framework: every upload (GIAS, Ofsted, performance; census returns and
contributions to come) goes through the same pages and the same bookkeeping, and differs only
in its parser and its preview.

The flow, the same for every kind: upload (checked by a form, refused with the field named) →
a background task reads the file and stores a preview, writing its progress as it goes → the
admin reads the preview (rows by problem, row and column) → applies it → a background task
writes, and the status record says what was applied.

An app declares its kind once:

    GIAS = ImportKind(
        model=GiasImport, upload_form=GiasUploadForm, record_name="gias_import",
        create=lambda tenant, actor, data: gias_import_create(...),
        apply_request=lambda record, actor: gias_import_apply_request(...),
        url_prefix="imports:gias-import", list_template="schools/gias_import_list.html",
        detail_template="schools/gias_import_detail.html")
    views = ImportViews(GIAS)   # views.upload, views.detail, views.progress, views.apply

and its detail template extends `includes/file_import_detail.html`, filling the `preview`
block. `ProgressRecorder` writes the progress a polling page sees, whatever the model (the
platform's national imports, `core.national_imports`, use it too).

With tasks inline (no broker: the embedded default) a kind's steps (`import_steps` on its
model: the analyse and apply tasks) go a chunk of rows per request for the running import's page
or progress, and the imports list finishes any left running (`core.file_import_chunks`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.audit import audit_record
from core.file_import_chunks import finish_running, run_step, tasks_inline
from core.models import FileImport, ImportRecord
from core.permissions import IMPORTS_RUN
from core.refusals import show_refusal
from core.tasks import enqueue_on_commit
from core.tenancy import TenantRequest, tenant_view

logger = logging.getLogger(__name__)

HISTORY_LENGTH = 50


@dataclass(frozen=True)
class ImportKind:
    model: type[FileImport]
    upload_form: type[forms.Form]
    # create(tenant, actor, cleaned_data) -> the new record; refuses with ValidationError.
    create: Callable[..., FileImport]
    # apply_request(record, actor): the admin confirms the preview.
    apply_request: Callable[..., FileImport]
    record_name: str  # the record's name in the templates ("gias_import")
    url_prefix: str  # "<namespace>:<prefix>": "-list", "-detail", "-progress", "-apply" its URLs
    list_template: str
    detail_template: str
    detail_context: Callable[[FileImport], dict] = field(default=lambda record: {})


class ImportViews:
    """The four pages of one kind of import, for its URLconf. Tenant admins only
    (IMPORTS_RUN); another tenant's import is not found (the scope hides it): 404."""

    def __init__(self, kind: ImportKind):
        self.kind = kind
        self.upload = tenant_view(IMPORTS_RUN)(self._upload)
        self.detail = tenant_view(IMPORTS_RUN)(self._detail)
        self.progress = tenant_view(IMPORTS_RUN)(self._progress)
        self.apply = tenant_view(IMPORTS_RUN)(require_POST(self._apply))

    def _record(self, kwargs: dict) -> FileImport:
        [import_id] = kwargs.values()
        return get_object_or_404(self.kind.model.objects.select_related("uploaded_by"),
                                 pk=import_id)

    def _context(self, request: TenantRequest, record: FileImport) -> dict:
        return {"record": record, self.kind.record_name: record, "nav_section": "imports",
                "progress_url": reverse(f"{self.kind.url_prefix}-progress",
                                        args=[request.tenant.slug, record.pk]),
                "list_url": reverse(f"{self.kind.url_prefix}-list", args=[request.tenant.slug])}

    def _upload(self, request: TenantRequest) -> HttpResponse:
        form = self.kind.upload_form(request.POST or None, request.FILES or None)
        if request.method == "GET" and tasks_inline():
            # With tasks inline only a request moves an upload on: one whose page was left
            # would say "Checking the file" for ever. A person opening the list expects each
            # upload on it to say how it ended (checked, failed with its rows named, applied),
            # not to reopen each to nudge it, and there is no bar here to watch a chunk at a
            # time: finish them now, in full, as a worker would have.
            finish_running(self.kind.model)
        if request.method == "POST" and form.is_valid():
            try:
                record = self.kind.create(request.tenant, request.user, form.cleaned_data)
            except ValidationError as error:
                show_refusal(form, error)
            else:
                return redirect(f"{self.kind.url_prefix}-detail", request.tenant.slug,
                                record.pk)
        imports = self.kind.model.objects.select_related("uploaded_by")[:HISTORY_LENGTH]
        return render(request, self.kind.list_template, {
            "imports": imports, "form": form, "nav_section": "imports",
            "detail_url_name": f"{self.kind.url_prefix}-detail",
        }, status=400 if form.errors else 200)

    def _advance(self, record: FileImport, kwargs: dict) -> FileImport:
        """With tasks inline, the running import's next chunk, done in this request."""
        if not record.is_running or not tasks_inline():
            return record
        run_step(self.kind.model, record.pk, record.status)
        return self._record(kwargs)

    def _detail(self, request: TenantRequest, **kwargs) -> HttpResponse:
        record = self._advance(self._record(kwargs), kwargs)
        return render(request, self.kind.detail_template, {
            **self._context(request, record), **self.kind.detail_context(record)})

    def _progress(self, request: TenantRequest, **kwargs) -> HttpResponse:
        """The progress bar alone, polled by htmx; once the work ends the page reloads."""
        record = self._advance(self._record(kwargs), kwargs)
        response = render(request, "includes/file_import_progress.html",
                          self._context(request, record))
        if not record.is_running and request.htmx:
            response["HX-Refresh"] = "true"
        return response

    def _apply(self, request: TenantRequest, **kwargs) -> HttpResponse:
        record = self._record(kwargs)
        self.kind.apply_request(record, request.user)
        return redirect(f"{self.kind.url_prefix}-detail", request.tenant.slug, record.pk)


@transaction.atomic
def file_import_apply_request(record: FileImport, *, actor, action: str, summary: str,
                              task: str) -> FileImport:
    """The admin confirms a preview: lock the record, check it may be applied (checked, no
    errors), mark it applying, audit it and enqueue `task` (by name) with its id after commit.
    Returns the locked, updated record."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if record.status != FileImport.Status.PREVIEWED or record.errors:
        raise PermissionDenied("Only a checked import without errors can be applied.")
    record.start_applying()
    audit_record(tenant=record.tenant, actor=actor, action=action, obj=record, summary=summary)
    enqueue_on_commit(task, record.pk)
    return record


class ProgressRecorder:
    """Writes an import's progress so the page polling it (another connection) sees it.

    Outside a transaction an UPDATE commits at once. Inside apply's transaction the UPDATE would
    stay invisible until the end, so on PostgreSQL it goes through a second connection in
    autocommit; SQLite allows one writer, so there the figures wait for the commit.
    """

    def __init__(self, record: ImportRecord, note: str):
        self.model = type(record)
        self.pk = record.pk
        # A tenant's record is changed within its tenant only; a national one has none.
        self.same_record = {"pk": record.pk}
        if isinstance(record, FileImport):
            self.same_record["tenant_id"] = record.tenant_id
        self.note = note
        self.last = 0.0
        self.side: BaseDatabaseWrapper | None = None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.3 and done < total:
            return
        self.last = now
        total = max(total, done)
        if not connection.in_atomic_block:
            self.model.objects.filter(**self.same_record).update(  # type: ignore[attr-defined]
                processed_rows=done, total_rows=total, progress_note=self.note)
        elif connection.vendor == "postgresql":
            try:
                if self.side is None:
                    self.side = connections.create_connection("default")
                    with self.side.cursor() as cursor:
                        cursor.execute("SET lock_timeout = '1s'")
                with self.side.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {self.model._meta.db_table} SET processed_rows = %s, "
                        "total_rows = %s, progress_note = %s WHERE id = %s",
                        [done, total, self.note, self.pk])
            except Exception:  # progress is a courtesy: never fail an import over it
                logger.warning("Could not record the progress of %s %s", self.model.__name__,
                               self.pk, exc_info=True)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None
