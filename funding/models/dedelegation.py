"""De-delegation, the first funding stream: a funding year, its service lines with a rate per
pupil for each phase, the schools forum's vote on each line by phase, and academies buying a
line's service back.

Money is `Decimal` with two places, never a float: a rate per pupil times a whole number of
pupils is exact to the penny, so charges need no rounding and sum exactly (in Python: SQLite
sums decimals in floating point).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import TenantOwned
from core.years import FinancialYear
from funding.models.money import NO_PENCE


class ForumPhase(models.TextChoices):
    """The two groups of the schools forum's maintained members that vote on de-delegation,
    line by line (DESIGN §3 funding/; seed 000 §5: "school forum maintained school decisions on
    de-delegation")."""

    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"


class ChargeBasis(models.TextChoices):
    """What a line's rate for a phase is multiplied by (issue 11: "a rate per pupil, or per
    school, or per EAL pupil: the basis is chosen"). EAL pupils come from the census return."""

    PER_PUPIL = "per_pupil", "per pupil"
    PER_SCHOOL = "per_school", "per school"
    PER_EAL_PUPIL = "per_eal_pupil", "per EAL pupil"


class VoteOutcome(models.TextChoices):
    PASSED = "passed", "Agreed"
    FAILED = "failed", "Not agreed"


class FundingYear(TenantOwned):
    """A financial year (April to March, `core.years.FinancialYear`) of a tenant's funding:
    every amount belongs to one."""

    start_year = models.PositiveSmallIntegerField(
        "financial year starting in April of",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_year"]
        constraints = [models.UniqueConstraint(fields=["tenant", "start_year"],
                                               name="fundingyear_once_per_tenant")]

    def __str__(self) -> str:
        return f"Financial year {self.label}"

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.start_year)

    @property
    def label(self) -> str:
        return self.financial_year.label


class DeDelegationLine(TenantOwned):
    """A service maintained mainstream schools may fund centrally ("School improvement",
    "Behaviour support"), with a rate per pupil for each phase. The forum votes on it every
    year, so a line belongs to one year."""

    year = models.ForeignKey(FundingYear, on_delete=models.CASCADE, related_name="lines")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    primary_rate = models.DecimalField("rate per primary pupil (£)", max_digits=8,
                                       decimal_places=2,
                                       validators=[MinValueValidator(NO_PENCE)])
    secondary_rate = models.DecimalField("rate per secondary pupil (£)", max_digits=8,
                                         decimal_places=2,
                                         validators=[MinValueValidator(NO_PENCE)])
    primary_basis = models.CharField("primary rate is", max_length=20,
                                     choices=ChargeBasis.choices, default=ChargeBasis.PER_PUPIL)
    secondary_basis = models.CharField("secondary rate is", max_length=20,
                                       choices=ChargeBasis.choices,
                                       default=ChargeBasis.PER_PUPIL)
    # The council's ledger: its finance system, not this one, books the money.
    cost_centre = models.CharField(max_length=40, blank=True)
    ledger_code = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["tenant", "year", "name"],
                                               name="dedelegationline_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.year.label})" if self.year_id else self.name

    def rate_for(self, phase: str) -> Decimal:
        return self.primary_rate if phase == ForumPhase.PRIMARY else self.secondary_rate

    def basis_for(self, phase: str) -> str:
        return self.primary_basis if phase == ForumPhase.PRIMARY else self.secondary_basis

    def basis_label(self, phase: str) -> str:
        return ChargeBasis(self.basis_for(phase)).label


class PhaseVote(TenantOwned):
    """The schools forum's decision on one line for one phase: agreed or not, the date, and the
    numbers for and against where the minutes give them. One per line and phase: a line can be
    agreed by one phase and refused by the other.

    A vote recorded wrongly is corrected, never edited: the old row is kept, superseded (when,
    by whom, why), and the new one points at it (`corrects`), so the history shows both. Only
    the current (not superseded) vote of a line and phase counts, and there is one at most."""

    line = models.ForeignKey(DeDelegationLine, on_delete=models.CASCADE, related_name="votes")
    phase = models.CharField(max_length=20, choices=ForumPhase.choices)
    outcome = models.CharField(max_length=10, choices=VoteOutcome.choices)
    decided_on = models.DateField("date of the forum's decision")
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    minute_reference = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # RESTRICT, not PROTECT: deleting the line or tenant takes both votes, which RESTRICT allows.
    # A key made unique with the tenant below (a vote is corrected once), not a one-to-one,
    # whose uniqueness would leave the tenant out.
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.RESTRICT,
                                 related_name="corrections")
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    superseded_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["phase", "recorded_at", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["tenant", "line", "phase"], condition=models.Q(superseded_at__isnull=True),
            name="phasevote_once_per_phase"),
            models.UniqueConstraint(fields=["tenant", "corrects"],
                                    name="phasevote_corrected_once")]

    def __str__(self) -> str:
        return f"{self.get_phase_display()}: {self.get_outcome_display().lower()}"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    @property
    def passed(self) -> bool:
        return self.outcome == VoteOutcome.PASSED

    def clean(self) -> None:
        """Numbers that contradict the outcome are a typing error, not a decision."""
        if self.votes_for is None or self.votes_against is None:
            return
        if self.outcome == VoteOutcome.PASSED and self.votes_for <= self.votes_against:
            raise ValidationError({"votes_for": "An agreed line needs more votes for than "
                                                "against: check the numbers or the outcome."})
        if self.outcome == VoteOutcome.FAILED and self.votes_for > self.votes_against:
            raise ValidationError({"votes_against": "More votes for than against is an "
                                                    "agreed line: check the numbers or the "
                                                    "outcome."})


class BuyBack(TenantOwned):
    """An academy buying back the service of a line (academies receive the money instead of
    de-delegating it): a traded purchase at the price agreed, recorded for the council's
    ledger to invoice."""

    line = models.ForeignKey(DeDelegationLine, on_delete=models.CASCADE,
                             related_name="buy_backs")
    # RESTRICT, not PROTECT: deleting the tenant takes both rows, which RESTRICT allows.
    school = models.ForeignKey("schools.School", on_delete=models.RESTRICT, related_name="+")
    amount = models.DecimalField("price (£)", max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(NO_PENCE)])
    agreed_on = models.DateField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreed_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["tenant", "line", "school"],
                                               name="buyback_once_per_school")]

    def __str__(self) -> str:
        return f"{self.school} buys back {self.line.name}"


