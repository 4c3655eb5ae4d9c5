"""What the engine proposes and the workflow decides: proposals, each school's category steps
and moderation cases."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from categorisation.models.schemes import CategorisationScheme, SchemeCategory
from core.models import TenantOwned


class CategoryProposal(TenantOwned):
    """What the engine computed for a school under one scheme version, with its reasons and the
    inputs it used. `input_hash` lets a recompute recognise "nothing changed" and write nothing."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an officer"
        CONFIRMED = "confirmed", "Confirmed"
        OVERRIDDEN = "overridden", "Overridden"
        SUPERSEDED = "superseded", "Superseded by a newer proposal"

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="category_proposals"
    )
    scheme = models.ForeignKey(
        CategorisationScheme, on_delete=models.PROTECT, related_name="proposals"
    )
    category = models.ForeignKey(
        SchemeCategory, null=True, blank=True, on_delete=models.PROTECT,
        related_name="proposals",
        help_text="Empty when the data cannot decide: see `undetermined`.")
    # The codes the rules could not choose between (an officer chooses, with a reason); empty
    # when `category` is set.
    undetermined = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    reasons = models.JSONField(default=list)
    evidence = models.JSONField(default=dict, help_text="The facts the rules read.")
    input_hash = models.CharField(max_length=64)
    previous_category = models.ForeignKey(
        SchemeCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["tenant", "school", "status"])]

    def __str__(self) -> str:
        return f"Proposal {self.proposed} for {self.school_id} ({self.status})"

    @property
    def is_undetermined(self) -> bool:
        return self.category_id is None

    @property
    def proposed(self) -> str:
        """What the proposal says, in words: "3C Requires improvement", or the choices."""
        if self.category is not None:
            return f"{self.category.code} {self.category.label}"
        return "Not determined: " + " or ".join(self.undetermined)


class SchoolCategory(TenantOwned):
    """One step in the life of a school's category: who, when, why, the evidence and the value
    it replaced. Steps are appended, never edited; `is_current` marks the step in force."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        CONFIRMED = "confirmed", "Confirmed by an officer"
        OVERRIDDEN = "overridden", "Overridden by an officer"
        CHOSEN = "chosen", "Chosen by an officer (the data did not decide)"
        AGREED = "agreed", "Agreed by the school"
        DISAGREED = "disagreed", "Disagreed by the school"
        MODERATED = "moderated", "Moderated"

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="category_steps"
    )
    scheme = models.ForeignKey(
        CategorisationScheme, on_delete=models.PROTECT, related_name="school_categories"
    )
    category = models.ForeignKey(
        SchemeCategory, on_delete=models.PROTECT, related_name="school_categories"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    proposal = models.ForeignKey(
        CategoryProposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="steps"
    )
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    previous_category = models.ForeignKey(
        SchemeCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True, help_text="Why: required to override or disagree.")
    reasons = models.JSONField(default=list, blank=True, help_text="The engine's reasons.")
    evidence = models.JSONField(default=dict, blank=True)
    is_current = models.BooleanField(default=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school", "-decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "school"], condition=models.Q(is_current=True),
                name="schoolcategory_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.code} for {self.school_id} ({self.status})"

    def decided_words(self) -> str:
        """Who took the step, in one phrase: "Confirmed by Rob Fielding", "Agreed by the
        school (Jo Head)"; the status alone when nobody is recorded (a data proposal)."""
        if self.decided_by_id is None:
            return self.get_status_display()
        by_school = self.status in (self.Status.AGREED, self.Status.DISAGREED)
        if by_school:
            return f"{self.get_status_display()} ({self.decided_by})"
        verb = self.get_status_display().split(" by an officer")[0]
        return f"{verb} by {self.decided_by}" + (
            " (the data did not decide)" if self.status == self.Status.CHOSEN else "")


class ModerationCase(TenantOwned):
    """A school's disagreement with its category, waiting for a senior officer or the board.

    Opened by the headteacher's disagreement step; closed by the moderation step, which records
    the category decided, who decided it (a senior officer, or an officer recording the board's
    decision, `by_board`) and why.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for moderation"
        DECIDED = "decided", "Decided"

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="moderation_cases"
    )
    disagreement = models.ForeignKey(
        SchoolCategory, on_delete=models.PROTECT, related_name="moderation_cases"
    )
    decision = models.ForeignKey(
        SchoolCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    by_board = models.BooleanField(
        default=False, help_text="The decision is the board's, recorded by an officer."
    )
    board_name = models.CharField(max_length=200, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "school"], condition=models.Q(status="open"),
                name="moderation_one_open_per_school",
            ),
        ]

    def __str__(self) -> str:
        return f"Moderation for {self.school_id} ({self.status})"
