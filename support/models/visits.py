"""Visits (issue 13 item 2): a school's plan for an academic year, the visits planned from its
category's entitlement or added by an officer, and the notice left when a category change
re-plans them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from core.models import TenantOwned


class VisitStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class VisitOrigin(models.TextChoices):
    PLAN = "plan", "Planned from the entitlement"
    OFFICER = "officer", "Added by an officer"


class VisitPlan(TenantOwned):
    """That an officer planned a school's visits for an academic year, and from which
    category: a later category change re-plans exactly the schools that have a plan."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    academic_year = models.PositiveIntegerField()
    category_code = models.CharField(max_length=20, blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    planned_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "school", "academic_year"],
                                               name="visitplan_one_per_school_year")]

    def __str__(self) -> str:
        return f"Visit plan {self.academic_year} of school {self.school_id}"


class Visit(TenantOwned):
    """One visit to a school. Planned from the entitlement (`origin` plan, `computed_on` the
    date the cadence gave) or added by an officer; moved (`planned_on` differs from
    `computed_on`), done (with the days it used) or cancelled (with why). A planned visit is
    *untouched* while it is planned, on its computed date and has no note: only those are
    replaced when the category changes."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    academic_year = models.PositiveIntegerField()
    kind = models.CharField(max_length=60)
    label = models.CharField(max_length=200)
    focus = models.ForeignKey("support.NoteTemplate", null=True, blank=True,
                              on_delete=models.RESTRICT, related_name="visits",
                              help_text="The note template the visit is recorded with.")
    origin = models.CharField(max_length=10, choices=VisitOrigin.choices,
                              default=VisitOrigin.OFFICER)
    category_code = models.CharField(max_length=20, blank=True)
    computed_on = models.DateField(null=True, blank=True)
    planned_on = models.DateField()
    status = models.CharField(max_length=10, choices=VisitStatus.choices,
                              default=VisitStatus.PLANNED)
    officer = models.ForeignKey("core.Membership", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    days_used = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("0"))
    done_on = models.DateField(null=True, blank=True)
    cancelled_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["planned_on", "kind", "pk"]
        indexes = [models.Index(fields=["tenant", "school", "academic_year"]),
                   models.Index(fields=["tenant", "officer", "academic_year"])]

    def __str__(self) -> str:
        return f"{self.label} on {self.planned_on:%d %b %Y}"

    def clean(self) -> None:
        if self.days_used is not None and not Decimal("0") <= self.days_used <= Decimal("20"):
            raise ValidationError({"days_used": "Give the days the visit used, from 0 to 20."})
        if self.status == VisitStatus.DONE and self.done_on is None:
            raise ValidationError({"done_on": "Give the day the visit took place."})

    @property
    def is_moved(self) -> bool:
        return self.computed_on is not None and self.planned_on != self.computed_on

    def is_untouched(self, today: date, has_note: bool) -> bool:
        return (self.origin == VisitOrigin.PLAN and self.status == VisitStatus.PLANNED
                and not self.is_moved and not has_note and self.planned_on >= today)


class ReplanNotice(TenantOwned):
    """What a category change did to a school's planned visits, for the officer to read on the
    school's visits page until they dismiss it: the visits added and removed (each
    {"kind", "label", "planned_on"}) and the visits kept because an officer had touched them."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    academic_year = models.PositiveIntegerField()
    old_code = models.CharField(max_length=20, blank=True)
    new_code = models.CharField(max_length=20, blank=True)
    added = models.JSONField(default=list)
    removed = models.JSONField(default=list)
    kept = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Visits re-planned for school {self.school_id} ({self.old_code} to {self.new_code})"
