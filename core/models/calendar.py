"""A tenant's own school calendar."""


from django.conf import settings
from django.db import models

from core.models.tenants import TenantOwned


class SchoolCalendarYear(TenantOwned):
    """A tenant's own half-term dates for one academic year (`core.years` has the default).

    `half_terms` is six [first day, last day] pairs of ISO dates, in order; the service checks
    them (`core.years.check_half_terms`)."""

    academic_year = models.PositiveSmallIntegerField(
        help_text="The year the academic year starts in: 2025 for 2025/26.")
    half_terms = models.JSONField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["academic_year"]
        constraints = [models.UniqueConstraint(fields=["tenant", "academic_year"],
                                               name="school_calendar_one_per_year")]

    def __str__(self) -> str:
        return f"{self.tenant} school calendar {self.academic_year}"
