"""Escalation (issue 13 item 9): a school not engaging with agreed support, recorded with the
support it agreed, the evidence and its dates, and the next steps the council took (or recorded
of DfE), each of a kind open on its date (`support.escalation`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.models import TenantOwned
from support.escalation import StepKind

STEP_LABELS = {
    StepKind.EVIDENCE: "Further evidence",
    StepKind.WARNING_NOTICE: "Warning notice",
    StepKind.IEB: "Interim executive board",
    StepKind.ACADEMY_ORDER_DUTY: "Academy order (duty)",
    StepKind.ACADEMY_ORDER_POWER: "Academy order (power)",
    StepKind.TRUST_LIAISON: "Liaison with the trust",
    StepKind.DFE_LIAISON: "Liaison with DfE",
    StepKind.DFE_ACTION: "DfE's action",
}
# A step's kinds as choices (its model, its revisions' and the API's input share one enum).
STEP_CHOICES = [(kind.value, label) for kind, label in STEP_LABELS.items()]


class Escalation(TenantOwned):
    """One escalation of a school; at most one open per school."""

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    agreed_support = models.TextField(help_text="The support the school agreed to.")
    evidence = models.TextField(help_text="How the school is not engaging, with dates.")
    noticed_on = models.DateField(help_text="When the non-engagement began or was first seen.")
    opened_on = models.DateField()
    deployment = models.ForeignKey("support.Deployment", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    raised_by = models.ForeignKey("core.Membership", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        constraints = [models.UniqueConstraint(
            fields=["tenant", "school"], condition=models.Q(closed_on__isnull=True),
            name="escalation_one_open_per_school")]

    def __str__(self) -> str:
        return f"Escalation {self.pk} of school {self.school_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class EscalationStep(TenantOwned):
    """A next step taken (or DfE's, recorded), dated, with what was done."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=24, choices=STEP_CHOICES)
    taken_on = models.DateField()
    note = models.TextField()
    recorded_by = models.ForeignKey("core.Membership", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["taken_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of escalation {self.escalation_id}"


class EscalationStepRevision(TenantOwned):
    """A step as it was before an officer corrected it (its kind, date and note), with why it
    was corrected: a step's history is its revisions, oldest first, then the step itself."""

    step = models.ForeignKey(EscalationStep, on_delete=models.CASCADE,
                             related_name="revisions")
    kind = models.CharField(max_length=24, choices=STEP_CHOICES)
    taken_on = models.DateField()
    note = models.TextField()
    reason = models.TextField(help_text="Why the step was corrected.")
    revised_by = models.ForeignKey("core.Membership", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    revised_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["revised_at", "pk"]

    def __str__(self) -> str:
        return f"Revision of escalation step {self.step_id}"
