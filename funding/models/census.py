"""The council's census return: pupils per school from the census the schools forum chose
(usually the October census before the financial year), uploaded as a CSV with its census date
and source name. Checked on upload into a preview naming each bad row and column, then applied
whole or not at all; only applied returns count (`funding.selectors.pupils.pupils_on`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.models import TenantOwned


class CensusReturn(TenantOwned):
    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Ready to apply"
        FAILED = "failed", "Has errors"
        APPLIED = "applied", "Applied"

    census_date = models.DateField()
    source = models.CharField("source name", max_length=100)
    original_name = models.CharField(max_length=255)
    content = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    rows = models.JSONField(default=list, blank=True)  # the preview: one dict per row
    errors = models.JSONField(default=list, blank=True)  # core.csvfiles.RowError.as_dict()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-census_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} ({self.census_date:%d %B %Y})"


class CensusPupils(TenantOwned):
    """One school's pupils on an applied census return."""

    census_return = models.ForeignKey(CensusReturn, on_delete=models.CASCADE,
                                      related_name="schools")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    pupils = models.PositiveIntegerField()
    eal_pupils = models.PositiveIntegerField("pupils with English as an additional language",
                                             null=True, blank=True)
    # An all-through school's pupils by phase, where the return gives them
    # (`funding.selectors.placement.split_all_through`).
    primary_pupils = models.PositiveIntegerField(null=True, blank=True)
    secondary_pupils = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "census_return", "school"],
                                               name="censuspupils_once_per_return")]

    def __str__(self) -> str:
        return f"{self.pupils} pupils"
