"""Brokered support (issue 13 item 4): what support knows of a system leader beyond their
designation (kept in partnerships): their capacity, specialisms, expiry, employer and declared
interests; who employs an officer (the conflict when the supporter's employer also employs the
broker); and the deployment an officer creates."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from core.models import TenantOwned


class Specialism(models.TextChoices):
    LEADERSHIP = "leadership", "Leadership"
    ENGLISH = "english", "English and reading"
    MATHS = "maths", "Mathematics"
    SEND = "send", "Special educational needs"
    EARLY_YEARS = "early_years", "Early years"
    BEHAVIOUR = "behaviour", "Behaviour and attendance"
    CURRICULUM = "curriculum", "Curriculum"
    GOVERNANCE = "governance", "Governance"


class Employment(TenantOwned):
    """Who employs a person of the tenant: a school of the register, or a named organisation
    (a trust, the council). Read for two conflicts: the supporter's school, and the supporter's
    employer also employing the brokering officer."""

    person = models.ForeignKey("core.Membership", on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey("schools.School", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    organisation = models.CharField(max_length=200, blank=True,
                                    help_text="A trust or the council, when no school employs "
                                              "them.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "person"],
                                               name="employment_one_per_person")]

    def __str__(self) -> str:
        return f"{self.person_id} employed by {self.school or self.organisation}"

    def clean(self) -> None:
        if self.school_id is None and not self.organisation.strip():
            raise ValidationError({"organisation": "Name the school or the organisation that "
                                                   "employs them."})


class LeaderCapacity(TenantOwned):
    """A system leader's capacity to give support: days a year, specialisms, and when their
    designation expires. Confidential: officers and admins only."""

    person = models.ForeignKey("core.Membership", on_delete=models.CASCADE, related_name="+")
    days_per_year = models.DecimalField(max_digits=5, decimal_places=1)
    specialisms = models.JSONField(default=list)
    expires_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "person"],
                                               name="leadercapacity_one_per_person")]

    def __str__(self) -> str:
        return f"Capacity of {self.person_id}: {self.days_per_year} days"

    def clean(self) -> None:
        if self.days_per_year is not None and not Decimal("0") <= self.days_per_year <= 200:
            raise ValidationError({"days_per_year": "Give the days a year, from 0 to 200."})
        unknown = set(self.specialisms or []) - set(Specialism.values)
        if unknown:
            raise ValidationError({"specialisms": f"Unknown specialism: {sorted(unknown)[0]}."})


class DeclaredInterest(TenantOwned):
    """A leader's declared interest in a school (a relative on its staff, a governorship):
    they are never brokered to it."""

    person = models.ForeignKey("core.Membership", on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    description = models.CharField(max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "person", "school"],
                                               name="declaredinterest_once")]

    def __str__(self) -> str:
        return f"Interest of {self.person_id} in school {self.school_id}"


class DeploymentStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    AGREED = "agreed", "Agreed"
    ENDED = "ended", "Ended"


class Deployment(TenantOwned):
    """A system leader brokered to support a school: objectives, days, cost and dates; its
    cost becomes a funding commitment (`commitment_id`, funding's row, not a key: support reads
    funding, never the other way)."""

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    # None when a school able to give support is brokered with no leader named: then
    # `supporter_school` is the supporting school.
    supporter = models.ForeignKey("core.Membership", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    supporter_school = models.ForeignKey("schools.School", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+")
    need = models.CharField(max_length=20, choices=Specialism.choices, blank=True)
    objectives = models.TextField()
    days = models.DecimalField(max_digits=5, decimal_places=1)
    cost = models.DecimalField(max_digits=10, decimal_places=2)
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=10, choices=DeploymentStatus.choices,
                              default=DeploymentStatus.PROPOSED)
    officer = models.ForeignKey("core.Membership", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    commitment = models.ForeignKey("funding.Commitment", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["tenant", "supporter", "starts_on"]),
                   models.Index(fields=["tenant", "school"])]
        constraints = [models.CheckConstraint(
            condition=models.Q(supporter__isnull=False) | models.Q(supporter_school__isnull=False),
            name="deployment_has_a_supporter")]

    def __str__(self) -> str:
        return f"Deployment {self.pk} to school {self.school_id}"

    @property
    def supporter_name(self) -> str:
        """The leader brokered, or the supporting school when no leader is named."""
        if self.supporter is not None:
            return str(self.supporter.user)
        return self.supporter_school.establishment.name if self.supporter_school else ""

    def clean(self) -> None:
        if self.days is not None and not Decimal("0") < self.days <= 200:
            raise ValidationError({"days": "Give the days, more than 0 and at most 200."})
        if self.cost is not None and self.cost < 0:
            raise ValidationError({"cost": "The cost cannot be negative."})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The deployment cannot end before it starts."})
        if not (self.objectives or "").strip():
            raise ValidationError({"objectives": "Say what the support should achieve."})


class Progress(models.TextChoices):
    """A termly review's judgement of progress against the objectives."""

    ON_TRACK = "on_track", "On track"
    CONCERNS = "concerns", "Some concerns"
    OFF_TRACK = "off_track", "Off track"


class Impact(models.TextChoices):
    """The impact review's judgement when the deployment ends."""

    EXCEEDED = "exceeded", "Objectives exceeded"
    MET = "met", "Objectives met"
    PARTLY = "partly", "Objectives partly met"
    NOT_MET = "not_met", "Objectives not met"


class ValueForMoney(models.TextChoices):
    """Quality assurance of a finished deployment (seed 001: support is quality assured for
    value for money)."""

    GOOD = "good", "Good value for money"
    ADEQUATE = "adequate", "Adequate value for money"
    POOR = "poor", "Poor value for money"


class DeploymentReview(TenantOwned):
    """A review of a deployment: termly (progress so far) or the impact review that ends it.
    `days_used` is the total used to the review date, so the last review gives the days the
    deployment took."""

    class Kind(models.TextChoices):
        TERMLY = "termly", "Termly review"
        IMPACT = "impact", "Impact review"

    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE,
                                   related_name="reviews")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reviewed_on = models.DateField()
    progress = models.CharField(max_length=10, choices=Progress.choices, blank=True)
    impact = models.CharField(max_length=10, choices=Impact.choices, blank=True)
    days_used = models.DecimalField(max_digits=5, decimal_places=1)
    summary = models.TextField()
    reviewed_by = models.ForeignKey("core.Membership", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reviewed_on", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["deployment"], condition=models.Q(kind="impact"),
            name="deploymentreview_one_impact_review")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of deployment {self.deployment_id}"


class QualityAssurance(TenantOwned):
    """A senior officer's judgement of a finished deployment's value for money, never by the
    officer who brokered it."""

    deployment = models.OneToOneField(Deployment, on_delete=models.CASCADE,
                                      related_name="quality_assurance")
    value_for_money = models.CharField(max_length=10, choices=ValueForMoney.choices)
    comment = models.TextField()
    checked_by = models.ForeignKey("core.Membership", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    checked_on = models.DateField()

    def __str__(self) -> str:
        return f"Quality assurance of deployment {self.deployment_id}"
