"""A strategic school improvement fund (seed 002, Dorset: "an initial budget of £100K in the
first year. This funding would include the cost of providing an independent chair (£4.5K)"):
a fund of a financial year with its base sum, fixed costs taken first, and contributions into
it from schools or a neighbouring council ("This would require a pro-rata contribution to the
Strategic School Improvement Fund"), fixed or pro rata to pupils.

What the fund holds = base + contributions - fixed costs; what remains = that, less what
confirmed pot-mode allocation runs drawing on it share out (`funding.selectors.funds`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from core.models import TenantOwned
from funding.models.dedelegation import FundingYear
from funding.models.money import NO_PENCE


class StrategicFund(TenantOwned):
    year = models.ForeignKey(FundingYear, on_delete=models.CASCADE, related_name="funds")
    name = models.CharField(max_length=200)
    base_amount = models.DecimalField("the council's budget for the fund (£)", max_digits=14,
                                      decimal_places=2, validators=[MinValueValidator(NO_PENCE)])
    description = models.TextField(blank=True)
    cost_centre = models.CharField(max_length=40, blank=True)
    ledger_code = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year__start_year", "name"]
        constraints = [models.UniqueConstraint(fields=["tenant", "year", "name"],
                                               name="strategicfund_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.year.label})" if self.year_id else self.name


class FundCost(TenantOwned):
    """A fixed cost taken from the fund before anything is shared ("Independent chair")."""

    fund = models.ForeignKey(StrategicFund, on_delete=models.CASCADE, related_name="costs")
    name = models.CharField(max_length=200)
    amount = models.DecimalField("amount (£)", max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(NO_PENCE)])
    cost_centre = models.CharField(max_length=40, blank=True)
    ledger_code = models.CharField(max_length=40, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["tenant", "fund", "name"],
                                               name="fundcost_unique_name")]

    def __str__(self) -> str:
        return f"{self.name}: £{self.amount}"


class ContributorKind(models.TextChoices):
    SCHOOL = "school", "A school in the register"
    COUNCIL = "council", "A neighbouring council"
    OTHER = "other", "Another body"


class ContributionBasis(models.TextChoices):
    FIXED = "fixed", "A fixed amount"
    PER_PUPIL = "per_pupil", "Pro rata: a rate per pupil"


class FundContribution(TenantOwned):
    """Money paid into a fund. Pro rata: the rate x the pupils of the contributing schools (a
    school's census number, kept as it was; a council's pupils as it declared them)."""

    fund = models.ForeignKey(StrategicFund, on_delete=models.CASCADE,
                             related_name="contributions")
    contributor_kind = models.CharField(max_length=10, choices=ContributorKind.choices)
    contributor_name = models.CharField(max_length=300)
    # RESTRICT, not PROTECT: deleting the tenant takes both rows, which RESTRICT allows.
    school = models.ForeignKey("schools.School", null=True, blank=True,
                               on_delete=models.RESTRICT, related_name="+")
    basis = models.CharField(max_length=10, choices=ContributionBasis.choices)
    rate = models.DecimalField("rate per pupil (£)", max_digits=8, decimal_places=2, null=True,
                               blank=True, validators=[MinValueValidator(NO_PENCE)])
    pupils = models.PositiveIntegerField(null=True, blank=True)
    census_date = models.DateField(null=True, blank=True)
    pupils_source = models.CharField(max_length=100, blank=True)
    amount = models.DecimalField("amount (£)", max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(NO_PENCE)])
    received_on = models.DateField()
    reference = models.CharField(max_length=100)
    cost_centre = models.CharField(max_length=40, blank=True)
    ledger_code = models.CharField(max_length=40, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.contributor_name}: £{self.amount}"
