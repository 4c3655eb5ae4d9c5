"""RISE cases (issue 13 item 5): what DfE's regional improvement teams decided for a school, as
officers record it: the tier, the RISE adviser, the supporting organisation, the funding band
and DfE's grant (external money: never a commitment of the council's funds), the plan, the
stage and its termly reviews, with every change kept (who, when, from, to, why). For maintained
schools and academies alike."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.text import capfirst

from core.models import TenantOwned
from support.models.brokering import Progress


class RiseTier(models.TextChoices):
    UNIVERSAL = "universal", "Universal"
    TARGETED = "targeted", "Targeted"
    STRUCTURAL = "structural", "Structural"


class RiseStage(models.TextChoices):
    """The stages in order (DfE's casework: identification to monitoring)."""

    IDENTIFICATION = "identification", "Identification"
    DIAGNOSIS = "diagnosis", "Diagnosis"
    MATCHING = "matching", "Matching"
    PLANNING = "planning", "Planning"
    APPROVAL = "approval", "Approval"
    MONITORING = "monitoring", "Monitoring"


STAGE_ORDER: tuple[str, ...] = tuple(RiseStage.values)


class RiseCase(TenantOwned):
    """One school's RISE case. At most one open case per school; a closed case is kept."""

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    tier = models.CharField(max_length=12, choices=RiseTier.choices)
    stage = models.CharField(max_length=16, choices=RiseStage.choices,
                             default=RiseStage.IDENTIFICATION)
    adviser = models.CharField("RISE adviser", max_length=200, blank=True)
    supporting_organisation = models.CharField(max_length=200, blank=True)
    funding_band = models.CharField(max_length=100, blank=True,
                                    help_text="The band DfE set, in DfE's words.")
    grant = models.DecimalField("DfE grant", max_digits=10, decimal_places=2, null=True,
                                blank=True, help_text="External money: DfE pays it, the "
                                                      "council's funds never do.")
    plan = models.TextField("Improvement plan", blank=True)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        constraints = [models.UniqueConstraint(
            fields=["tenant", "school"], condition=models.Q(closed_on__isnull=True),
            name="risecase_one_open_per_school")]

    def __str__(self) -> str:
        return f"RISE case {self.pk} of school {self.school_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def clean(self) -> None:
        if self.grant is not None and not Decimal("0") <= self.grant <= Decimal("10000000"):
            raise ValidationError({"grant": "Give DfE's grant in pounds, 0 or more."})
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": "The case cannot close before it opened."})


class RiseCaseChange(TenantOwned):
    """One field of a case changed (the stage among them): who, when, from, to, and why."""

    case = models.ForeignKey(RiseCase, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=40)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    note = models.TextField(blank=True)
    changed_by = models.ForeignKey("core.Membership", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.field} of RISE case {self.case_id}"

    @property
    def field_label(self) -> str:
        try:
            field = RiseCase._meta.get_field(self.field)
        except FieldDoesNotExist:
            return self.field
        return capfirst(str(getattr(field, "verbose_name", self.field)))

    def _shown(self, value: str) -> str:
        choices = {"stage": RiseStage, "tier": RiseTier}.get(self.field)
        return choices(value).label if choices and value in choices.values else value

    @property
    def old_label(self) -> str:
        return self._shown(self.old_value)

    @property
    def new_label(self) -> str:
        return self._shown(self.new_value)


class RiseReview(TenantOwned):
    """A termly review of the case's plan, once DfE approved it (the monitoring stage)."""

    case = models.ForeignKey(RiseCase, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    progress = models.CharField(max_length=10, choices=Progress.choices)
    summary = models.TextField()
    reviewed_by = models.ForeignKey("core.Membership", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reviewed_on", "pk"]

    def __str__(self) -> str:
        return f"Review of RISE case {self.case_id} on {self.reviewed_on}"
