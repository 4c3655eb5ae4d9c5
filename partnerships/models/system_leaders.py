"""System-leader designations an officer records on a person (issue 10, item 6).

Warwickshire's consortium lead may be "an NLE or LLE" (seed 001, 7.5). Until the support app
brings a directory of system leaders (and registers it as the eligibility source), an officer
records the designation here, with the evidence seen; the eligibility check reads it. Never
deleted: a designation that lapses is ended with a date and a reason.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import TenantOwned


class Designation(models.TextChoices):
    NLE = "nle", "National leader of education (NLE)"
    LLE = "lle", "Local leader of education (LLE)"


class SystemLeaderDesignation(TenantOwned):
    person = models.ForeignKey("core.Membership", on_delete=models.PROTECT,
                               related_name="system_leader_designations")
    designation = models.CharField(max_length=3, choices=Designation.choices)
    designated_on = models.DateField(help_text="When the DfE or the teaching school hub "
                                               "designated them.")
    evidence = models.CharField(max_length=300, help_text="What you saw, e.g. 'DfE letter of "
                                                          "12 March 2023'.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    ended_on = models.DateField(null=True, blank=True)
    ended_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-designated_on", "-recorded_at"]
        constraints = [
            # One current designation of a kind per person: a second would double-count.
            models.UniqueConstraint(fields=["tenant", "person", "designation"],
                                    condition=Q(ended_on__isnull=True),
                                    name="one_current_designation_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_designation_display()} since {self.designated_on}"
