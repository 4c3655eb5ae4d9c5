"""Status records: data arrivals for the recompute, per-school computations, uploads of
Ofsted and performance files by a tenant admin, and the platform operator's national ones."""

from __future__ import annotations

from django.db import models

from categorisation.models.schemes import CategorisationScheme
from core.models import FileImport, NationalFileImport, TenantOwned


class DataArrival(models.Model):
    """A batch of inspections or indicators that arrived for some URNs and must be recomputed
    in every tenant whose register holds them. Public: one national arrival serves every
    tenant. An arrival in one council's own layer carries that `tenant`, and recomputes its
    schools only: one council's upload never re-runs another's recompute. The nightly sweep
    re-enqueues the arrivals left pending or failed."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be recomputed"
        PROCESSING = "processing", "Being recomputed"
        DONE = "done", "Recomputed"
        FAILED = "failed", "Failed"

    urns = models.JSONField(default=list)
    tenant = models.ForeignKey(
        "core.Tenant", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="Set when the data is one council's own: only its schools are recomputed.",
    )
    reason = models.CharField(max_length=200)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    tenants_count = models.PositiveIntegerField(default=0)
    schools_count = models.PositiveIntegerField(default=0)
    proposals_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Arrival {self.pk} ({self.reason}, {len(self.urns)} URNs, {self.status})"


class CategoryComputation(TenantOwned):
    """The last time a school was computed under a scheme (by key), with the hash of the result.

    One row per school and scheme key, rewritten only when the result changes; `computed_at`
    moves on every computation. The recompute compares `input_hash` to write nothing for an
    unchanged result; the nightly sweep compares `computed_at` with the inputs' timestamps and
    `scheme` with the active version to find schools a lost task never reached.
    """

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="category_computations"
    )
    scheme_key = models.SlugField(max_length=60)
    scheme = models.ForeignKey(CategorisationScheme, on_delete=models.CASCADE, related_name="+")
    input_hash = models.CharField(max_length=64)
    category_code = models.CharField(max_length=20, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["school", "scheme_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "school", "scheme_key"], name="computation_one_per_scheme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme_key} {self.category_code or '-'} for {self.school_id}"


class DataImport(FileImport):
    """One upload of an Ofsted MI file or a performance file by a tenant admin: its status,
    progress, preview and result. What it writes goes to the council's own layer
    (`TenantInspection`, `TenantIndicator`), read by no other council."""

    import_steps = ("categorisation.import_tasks.data_import_analyse",
                    "categorisation.import_tasks.data_import_apply")

    class Kind(models.TextChoices):
        OFSTED = "ofsted", "Ofsted inspections (management information)"
        PERFORMANCE = "performance", "Performance tables (key stage 2 or 4)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to="imports/data/%Y/%m/")
    # Start year of the academic year, when the person importing chose it (performance files
    # carry none); otherwise read from the file name.
    academic_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta(FileImport.Meta):
        pass


class NationalDataImport(NationalFileImport):
    """One national Ofsted MI or performance file the platform operator imported
    (`/platform/imports/data/`): it writes the national store every tenant reads
    (`Inspection`, `PerformanceIndicator`) and schedules the recompute in every tenant. No
    tenant owns it."""

    class Kind(models.TextChoices):
        OFSTED = "ofsted", "Ofsted inspections (management information)"
        PERFORMANCE = "performance", "Performance tables (key stage 2 or 4)"

    class Release(models.TextChoices):
        PROVISIONAL = "provisional", "Provisional"
        REVISED = "revised", "Revised"
        FINAL = "final", "Final"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    # A performance file's academic year (its start year) and release, when the operator chose
    # them; otherwise read from the file's name or content.
    academic_year = models.PositiveSmallIntegerField(null=True, blank=True)
    release = models.CharField(max_length=20, choices=Release.choices, blank=True)

    class Meta(NationalFileImport.Meta):
        pass
