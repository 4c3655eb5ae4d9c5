"""A categorisation round: a named period ("Autumn 2026") in which officers review the
proposals, confirm the unchanged ones in bulk and close the round with a summary."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.models import TenantOwned


class CategorisationRound(TenantOwned):
    """One round of a tenant's categorisation. At most one is open at a time (a database
    constraint); a closed round keeps who closed it, when, and the summary of that moment, and
    is never changed again. The category in force at `closed_at` is the baseline the next round
    compares its proposals with."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=100)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    # Written once, at close: {"by_category": [[code, label, count], ...], "confirmed": n,
    # "overridden": n, "still_open": n, "schools": n}.
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant"], condition=models.Q(status="open"),
                                    name="categorisationround_one_open_per_tenant"),
            models.UniqueConstraint(fields=["tenant", "name"],
                                    name="categorisationround_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display().lower()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
