"""Formula allocation (issue 11 items 3-5): versioned formulas, runs and their snapshot rows."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import TenantOwned
from core.years import AcademicYear
from funding.formulas import AMOUNT_NAMES, VALUE_NAMES
from funding.models.dedelegation import FundingYear
from funding.models.money import NO_PENCE


class FormulaMode(models.TextChoices):
    """How a formula turns inputs into money (`funding.formulas` computes each; the values are
    its mode names)."""

    CATEGORY_RATES = "category_rates", "Rate per pupil for each category that triggers funding"
    POT = "pot", "A fixed pot shared out by pupils x a weight for each category"
    DAYS = "days", "Entitlement days x a day rate"
    FLAT = "flat", "A flat amount per school"
    BAND = "band", "A band per school: a fixed amount for each category"


class AllocationFormula(TenantOwned):
    """One version of a tenant's allocation formula. Never edited: a change is a new version
    (same name, version + 1), so every run points at the parameters it used.

    Warwickshire's rates mode (seed 001, appendix D's "Example of Possible Funding Allocation
    Methodology"): for each partnership of `level_name`, the sum over its schools whose
    confirmed category triggers funding of pupils x the rate for that category."""

    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    mode = models.CharField(max_length=30, choices=FormulaMode.choices,
                            default=FormulaMode.CATEGORY_RATES)
    level_name = models.CharField("partnership level", max_length=100)
    # Category code -> the mode's value as a string ("25.00"): a rate per pupil, a weight per
    # pupil (pot), whole days, or a band's amount. JSON holds no Decimal, and a string keeps the
    # pence exact.
    rates = models.JSONField(default=dict, blank=True)
    # The mode's one amount: the pot, the day rate or the amount per school.
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    # The codes that trigger funding; empty means "as the categorisation scheme says"
    # (a category's `triggers_funding`), since a tenant's scheme may already say it.
    triggering_codes = models.JSONField(default=list, blank=True)
    minimum_pupils = models.PositiveIntegerField(default=0)
    # The council's ledger codes of the stream: each run made of this version carries them.
    cost_centre = models.CharField(max_length=40, blank=True)
    ledger_code = models.CharField(max_length=40, blank=True)
    change_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["tenant", "name", "version"],
                                               name="allocationformula_one_version")]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    def rate_for(self, code: str) -> Decimal | None:
        rate = self.rates.get(code)
        return None if rate is None else Decimal(rate)

    @property
    def value_name(self) -> str:
        return VALUE_NAMES.get(self.mode, "")

    @property
    def amount_name(self) -> str:
        return AMOUNT_NAMES.get(self.mode, "")


class RunStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CONFIRMED = "confirmed", "Confirmed"


class RunPeriod(models.TextChoices):
    """What a run funds: its financial year, or the academic year starting in September of
    that financial year, profiled across the two financial years it spans
    (`funding.profiling`)."""

    FINANCIAL = "financial", "The financial year (April to March)"
    ACADEMIC = "academic", "The academic year (September to August), across two financial years"


class AllocationRun(TenantOwned):
    """A formula applied to the inputs of one date, for one funding year. Its rows are a
    snapshot (AllocationRunSchool, AllocationRunPartnership) written once when the run is made:
    nothing reads the live register again, so a confirmed run is explained exactly after
    categories, pupils, memberships or the formula have changed."""

    year = models.ForeignKey(FundingYear, on_delete=models.CASCADE, related_name="runs")
    formula = models.ForeignKey(AllocationFormula, on_delete=models.PROTECT,
                                related_name="runs")
    inputs_on = models.DateField("inputs as they stood on")
    status = models.CharField(max_length=10, choices=RunStatus.choices,
                              default=RunStatus.DRAFT)
    # The formula's parameters as used, so the run does not depend on the formula row.
    parameters = models.JSONField(default=dict)
    total = models.DecimalField(max_digits=14, decimal_places=2, default=NO_PENCE)
    origin = models.CharField(max_length=300, blank=True)
    # An academic-year run funds September of `year` to August of the next: `first_year_months`
    # twelfths of each amount belong to `year`, the rest to the next financial year. Kept on
    # the run (from the tenant's setting when it was made), so a later setting changes nothing.
    period = models.CharField(max_length=10, choices=RunPeriod.choices,
                              default=RunPeriod.FINANCIAL)
    first_year_months = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(11)])
    # A pot-mode run sharing what remains of a strategic fund (its pot is in `parameters`).
    fund = models.ForeignKey("funding.StrategicFund", null=True, blank=True,
                             on_delete=models.RESTRICT, related_name="runs")
    # The ledger codes its allocations are booked to, as they were when it was made (the
    # formula's; a pot run's fund's where the formula has none).
    cost_centre = models.CharField(max_length=40, blank=True)
    ledger_code = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmed_by_name = models.CharField(max_length=200, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Allocation run {self.pk} ({self.get_status_display().lower()})"

    @property
    def is_confirmed(self) -> bool:
        return self.status == RunStatus.CONFIRMED

    @property
    def is_academic(self) -> bool:
        return self.period == RunPeriod.ACADEMIC

    @property
    def academic_year(self) -> AcademicYear:
        """The academic year starting in September of the run's financial year."""
        return AcademicYear(self.year.start_year)

    @property
    def mode(self) -> str:
        return self.parameters.get("mode", FormulaMode.CATEGORY_RATES)

    @property
    def mode_label(self) -> str:
        return FormulaMode(self.mode).label

    @property
    def value_name(self) -> str:
        return VALUE_NAMES.get(self.mode, "")

    @property
    def amount_name(self) -> str:
        return AMOUNT_NAMES.get(self.mode, "")


class AllocationRunPartnership(TenantOwned):
    """A partnership's total in a run, as it stood (name kept: partnerships are renamed)."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="partnerships")
    partnership_id_then = models.PositiveIntegerField(null=True, blank=True)
    name = models.CharField(max_length=200)
    schools = models.PositiveIntegerField(default=0)
    funded_schools = models.PositiveIntegerField(default=0)
    funded_pupils = models.PositiveIntegerField(default=0)
    amount = models.DecimalField(max_digits=14, decimal_places=2, default=NO_PENCE)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: £{self.amount}"


class AllocationRunSchool(TenantOwned):
    """One school's line of a run: every input that decided its amount, as it stood, and the
    reason in plain words."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="schools")
    partnership = models.ForeignKey(AllocationRunPartnership, null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="school_rows")
    school = models.ForeignKey("schools.School", on_delete=models.RESTRICT, related_name="+")
    urn = models.PositiveIntegerField()
    school_name = models.CharField(max_length=300)
    category_step_id = models.PositiveIntegerField(null=True, blank=True)
    category_code = models.CharField(max_length=20, blank=True)
    category_label = models.CharField(max_length=200, blank=True)
    category_status = models.CharField(max_length=20, blank=True)
    triggers = models.BooleanField(default=False)
    pupils = models.PositiveIntegerField(null=True, blank=True)
    census_date = models.DateField(null=True, blank=True)
    pupils_source = models.CharField(max_length=100, blank=True)
    # The money the mode applied: a rate per pupil, a day rate, a flat amount or a band.
    rate = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    days = models.PositiveIntegerField(null=True, blank=True)  # days mode
    weight = models.DecimalField(max_digits=16, decimal_places=2, null=True,
                                 blank=True)  # pot mode: pupils x the category's weight
    amount = models.DecimalField(max_digits=14, decimal_places=2, default=NO_PENCE)
    reason = models.CharField(max_length=400)

    class Meta:
        ordering = ["school_name", "pk"]

    def __str__(self) -> str:
        return f"{self.school_name}: £{self.amount}"
