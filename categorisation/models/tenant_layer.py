"""A council's own inspections and indicators (DESIGN §2, the tenant layer): what it uploads,
posts through the API or types in before the national files carry it — an inspection entered
the day its report is published, a provisional KS2 file received before the national release.

Read only by that council (its register, categories, pages and API), shown as entered by it,
and superseded — kept, no longer read — when the national store has the same inspection (same
inspection number) or the same (URN, measure, year) in any release. The rules read these rows
exactly as national ones: they share their columns (`InspectionValues`, `IndicatorValues`).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from categorisation.models.pipeline import DataImport
from categorisation.models.public import IndicatorValues, InspectionValues
from core.models import TenantOwned


class TenantLayerRow(TenantOwned):
    """Who entered a row of the council's own layer, when, and from which upload (none: the
    API or a form)."""

    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    data_import = models.ForeignKey(DataImport, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def entered_by_council_on(self) -> date | None:
        return self.entered_at.date()


class TenantInspection(TenantLayerRow, InspectionValues):
    """An inspection a council entered itself: read by it until the national file carries the
    same inspection number."""

    inspection_number = models.CharField(max_length=20)

    class Meta:
        ordering = ["-start_date", "inspection_number"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "inspection_number"],
                                    name="tenantinspection_once_per_tenant"),
        ]
        indexes = [models.Index(fields=["tenant", "urn"]),
                   models.Index(fields=["tenant", "inspected_urn"])]


class TenantIndicator(TenantLayerRow, IndicatorValues):
    """A performance measure a council loaded itself (a provisional file before the national
    release): read by it until the national store has the same URN, measure and year."""

    class Meta:
        ordering = ["urn", "measure", "year"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "urn", "measure", "year", "release"],
                                    name="tenantindicator_unique_release"),
        ]
        indexes = [models.Index(fields=["tenant", "urn"])]
