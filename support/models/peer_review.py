"""Peer review (issue 13 item 6, Lincolnshire's model): a cycle of reviews in an academic year,
a training record per person (who was trained as a peer reviewer, when, by whom), a review of
one school with its team of trained headteachers, its improvement workshop and its outcomes by
theme (a theme list per tenant). The rules a team must keep are `support.peer_review`."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from core.models import TenantOwned
from core.years import AcademicYear


class Judgement(models.TextChoices):
    STRENGTH = "strength", "Strength"
    AREA_TO_DEVELOP = "area_to_develop", "Area to develop"


class PeerReviewTheme(TenantOwned):
    """One theme reviews report on ("Leadership", "Curriculum", "Behaviour"), in the tenant's
    order. A theme no longer used is retired, never deleted: past outcomes keep it."""

    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["tenant", "name"],
                                               name="peerreviewtheme_unique_name")]

    def __str__(self) -> str:
        return self.name


class PeerReviewTraining(TenantOwned):
    """A person trained as a peer reviewer: when, and by whom (the LA, a teaching school...)."""

    person = models.ForeignKey("core.Membership", on_delete=models.CASCADE, related_name="+")
    trained_on = models.DateField()
    trained_by = models.CharField(max_length=200, help_text="Who gave the training.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-trained_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["tenant", "person", "trained_on"],
                                               name="peerreviewtraining_once_a_day")]

    def __str__(self) -> str:
        return f"Peer review training of {self.person_id} on {self.trained_on}"


class PeerReviewCycle(TenantOwned):
    """A round of peer reviews in one academic year, set up for one partnership's schools (a
    cluster) or school by school."""

    name = models.CharField(max_length=200)
    academic_year = models.PositiveSmallIntegerField(help_text="The year it starts in: 2025 "
                                                               "is 2025/26.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    # Partnerships' own id and name as its published read gave them when the cycle was set up:
    # support reads partnerships, it keeps no key into them.
    partnership_id = models.PositiveIntegerField(null=True, blank=True)
    partnership_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["tenant", "name"],
                                               name="peerreviewcycle_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def year_label(self) -> str:
        return AcademicYear(self.academic_year).label

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The cycle cannot end before it starts."})
        if self.starts_on and self.academic_year and \
                not AcademicYear(self.academic_year).contains(self.starts_on):
            raise ValidationError({"starts_on": "The cycle starts inside its academic year "
                                                f"({AcademicYear(self.academic_year).label})."})


class PeerReview(TenantOwned):
    """One school's review in a cycle: from `starts_on` to `ends_on` (the reviewers' access
    ends with it), its improvement workshop and its outcomes by theme."""

    cycle = models.ForeignKey(PeerReviewCycle, on_delete=models.CASCADE,
                              related_name="reviews")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()
    summary = models.TextField(blank=True)
    workshop_on = models.DateField("improvement workshop", null=True, blank=True)
    workshop_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["tenant", "cycle", "school"],
                                               name="peerreview_once_a_cycle")]

    def __str__(self) -> str:
        return f"Peer review of school {self.school_id} ({self.cycle_id})"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The review cannot end before it starts."})

    @property
    def access_ends(self) -> date:
        """The first day the reviewers no longer see the review."""
        return self.ends_on + timedelta(days=1)

    def has_ended(self, today: date) -> bool:
        return today >= self.access_ends


class PeerReviewer(TenantOwned):
    """A trained headteacher on a review's team (one of them leads it)."""

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey("core.Membership", on_delete=models.CASCADE, related_name="+")
    is_lead = models.BooleanField(default=False)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_lead", "pk"]
        constraints = [models.UniqueConstraint(fields=["tenant", "review", "person"],
                                               name="peerreviewer_once_a_review")]

    def __str__(self) -> str:
        return f"Reviewer {self.person_id} of review {self.review_id}"


class PeerReviewOutcome(TenantOwned):
    """What the review found on one theme: a strength or an area to develop, in words."""

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="outcomes")
    theme = models.ForeignKey(PeerReviewTheme, on_delete=models.PROTECT, related_name="+")
    judgement = models.CharField(max_length=20, choices=Judgement.choices)
    text = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["theme__position", "theme__name"]
        constraints = [models.UniqueConstraint(fields=["tenant", "review", "theme"],
                                               name="peerreviewoutcome_once_a_theme")]

    def __str__(self) -> str:
        return f"{self.theme_id}: {self.judgement} (review {self.review_id})"
