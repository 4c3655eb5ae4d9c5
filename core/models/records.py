"""What every app records: the audit trail and the file-import status records (a tenant's
and the platform's national imports)."""


from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models.tenants import TenantOwned
from core.waiting import waiting_changed


class AuditEvent(TenantOwned):
    """Who did what, when, to which object: written in the same transaction as the change."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["tenant", "object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor or 'system'} at {self.created_at:%Y-%m-%d %H:%M}"


class ImportRecord(models.Model):
    """What every uploaded-file import records, whoever owns it (a tenant's `FileImport`, the
    platform's `NationalFileImport`): pending -> analysing -> previewed -> applying -> done, or
    failed, with progress for the page and the preview's summary and errors. Running a step
    twice is harmless."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be checked"
        ANALYSING = "analysing", "Checking"
        PREVIEWED = "previewed", "Ready to apply"
        APPLYING = "applying", "Applying"
        DONE = "done", "Applied"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    # What the running step is doing ("Checking the file", "Writing the changes").
    progress_note = models.CharField(max_length=100, blank=True)
    # Counts and the first rows of each kind of change, errors with row and column.
    summary = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import {self.original_name} ({self.status})"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0 if self.status in (self.Status.PENDING, self.Status.ANALYSING) else 100
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.ANALYSING, self.Status.APPLYING)

    # The problems kept with a record: enough to correct a file, never a whole bad file.
    MAX_STORED_ERRORS = 200

    @classmethod
    def stored_errors(cls, errors) -> list[dict]:
        """Row errors (core.csvfiles.RowError) as the record keeps them, the first few only."""
        return [error.as_dict() for error in errors[:cls.MAX_STORED_ERRORS]]

    def _same_record(self) -> models.QuerySet:
        return type(self).objects.filter(pk=self.pk)  # type: ignore[attr-defined]

    def record_failure(self, message: str) -> None:
        """An unexpected failure (a task's last resort): failed and finished, so the page
        polling it stops waiting."""
        self._same_record().update(
            status=self.Status.FAILED, finished_at=timezone.now(), progress_note="",
            errors=[{"row": None, "column": "", "message": message}])
        self.refresh_from_db()

    def record_preview(self, *, summary: dict, errors: list[dict], total_rows: int) -> None:
        """Store what the check found: previewed, or failed (and finished) with errors."""
        self.summary = summary
        self.errors = errors
        self.total_rows = self.processed_rows = total_rows
        self.status = self.Status.FAILED if errors else self.Status.PREVIEWED
        self.progress_note = ""
        if errors:
            self.finished_at = timezone.now()
        self.save()
        if getattr(self, "tenant_id", None) is not None:
            # A tenant's import now waits to be applied: its admins' header counts move on.
            waiting_changed(self.tenant_id)

    def start_applying(self) -> None:
        """The admin confirmed the preview (the caller holds the row lock and has checked it
        may be applied): applying, from zero."""
        self.status = self.Status.APPLYING
        self.processed_rows = 0
        self.progress_note = "Waiting to start"
        self.save(update_fields=["status", "processed_rows", "progress_note"])


class FileImport(TenantOwned, ImportRecord):
    """Base of every tenant's uploaded-file import (GIAS, Ofsted, performance tables), owned
    by the tenant whose admin uploaded it."""

    # The names of its analyse and apply tasks, each taking the record's id: run a chunk at a
    # time by the requests for its page with tasks inline, and run again to finish an upload
    # left running (`core.file_import_chunks`). None: the kind has no such steps.
    import_steps: ClassVar[tuple[str, str] | None] = None

    class Meta(ImportRecord.Meta):
        abstract = True

    def _same_record(self) -> models.QuerySet:
        # The tenant key as well: a tenant's record is only ever changed within its tenant.
        return type(self).objects.filter(pk=self.pk, tenant_id=self.tenant_id)


class NationalFileImport(ImportRecord):
    """Base of the platform operator's imports of whole national files (GIAS, Ofsted,
    performance tables): the national layer every tenant reads. No tenant owns it: who
    uploaded and who applied it are on the record (the audit trail is per tenant, so these
    imports are also logged; see `core.national_imports`)."""

    file = models.FileField(upload_to="imports/national/%Y/%m/")
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(ImportRecord.Meta):
        abstract = True
