"""Commitments and spend against a budget (issue 11 item 6): the tenant's approval limit, a
commitment of money against one budget, the actuals spent against it, and the uploads of
actuals from the council's finance system.

A budget is one of: a confirmed allocation run's partnership allocation
(`AllocationRunPartnership`), a de-delegation line of a year (`DeDelegationLine`) or what a
strategic fund has not shared out (`StrategicFund`: the board commissions support from it). A
commitment points at exactly one, through one nullable foreign key per kind (BUDGET_FIELDS)
and a database check that exactly one is set; another kind is one more nullable key, one more
name in BUDGET_FIELDS and one more branch in `funding.selectors.spending.budget_for`.

VAT: amounts are held net of recoverable VAT (a council recovers the VAT it pays, so its
budgets bear the net cost). The VAT flag records that VAT was charged on top (spending with
an academy or a trust may carry it); `vat_amount` is what was charged and `gross` is what the
supplier is paid. Budgets, balances, the approval limit and spend all count the net amount.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core.models import TenantOwned
from funding.models.allocations import AllocationRunPartnership
from funding.models.dedelegation import DeDelegationLine, FundingYear
from funding.models.funds import StrategicFund
from funding.models.money import NO_PENCE

DEFAULT_APPROVAL_LIMIT = Decimal("10000.00")
# The kinds of budget a commitment may be made against: one nullable key each.
BUDGET_FIELDS = ("allocation", "line", "fund", "carry_forward")


def exactly_one_set(fields: tuple[str, ...]) -> Q:
    """Exactly one of the foreign keys `fields` is set."""
    either = Q()
    for chosen in fields:
        one = Q(**{f"{chosen}__isnull": False})
        for other in fields:
            if other != chosen:
                one &= Q(**{f"{other}__isnull": True})
        either |= one
    return either


class ConversionRule(models.TextChoices):
    """How a school converting to an academy during the financial year is charged: for the
    days it was maintained (the default: the seeds state no rule), for the calendar months it
    was maintained on the 1st of, or the whole year's charge retained."""

    DAYS = "days", "Days maintained"
    MONTHS = "months", "Months maintained"
    WHOLE_YEAR = "whole_year", "The whole year retained"


class FundingSettings(TenantOwned):
    """A tenant's funding settings: one row per tenant, made on first change (until then the
    defaults apply, `funding.selectors.spending.funding_settings`)."""

    approval_limit = models.DecimalField(
        "approval limit (£)", max_digits=12, decimal_places=2, default=DEFAULT_APPROVAL_LIMIT,
        validators=[MinValueValidator(NO_PENCE)],
        help_text="A commitment of more than this (net of VAT) needs a second person's "
                  "approval.")
    conversion_rule = models.CharField(
        "mid-year conversion rule", max_length=20, choices=ConversionRule.choices,
        default=ConversionRule.DAYS,
        help_text="How a maintained school converting to an academy during the financial year "
                  "is charged de-delegation.")
    first_year_months = models.PositiveSmallIntegerField(
        "months of an academic year in its first financial year", default=7,
        validators=[MinValueValidator(1), MaxValueValidator(11)],
        help_text="An academic-year allocation is profiled across its two financial years: "
                  "this many twelfths in the first (7: September to March), the rest in the "
                  "second.")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant"],
                                               name="fundingsettings_once_per_tenant")]

    def __str__(self) -> str:
        return f"Funding settings (approval limit £{self.approval_limit})"


class CarryForward(TenantOwned):
    """An underspend of one budget at the end of a financial year, carried to the next year by
    the finance officer's explicit year-end step: who, when, why and how much. In the year it
    leaves it is taken off the budget's remaining money and underspend; in the next year it is
    a budget of its own, which commitments may draw on.

    The budget it comes from is named by its key in the year ("line:4", "allocation:12",
    "fund:3", "carry_forward:7" for money carried once already), with its name as it stood:
    a budget is a read of the year (`funding.selectors.spending.budgets_of`), not one table."""

    from_year = models.ForeignKey(FundingYear, on_delete=models.CASCADE,
                                  related_name="carried_out")
    to_year = models.ForeignKey(FundingYear, on_delete=models.CASCADE,
                                related_name="carried_in")
    source_key = models.CharField(max_length=60)
    source_name = models.CharField(max_length=300)
    source_kind = models.CharField(max_length=60)
    amount = models.DecimalField("amount (£)", max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    reason = models.TextField()
    cost_centre = models.CharField(max_length=40, blank=True)
    ledger_code = models.CharField(max_length=40, blank=True)
    carried_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    carried_by_name = models.CharField(max_length=200, blank=True)
    carried_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["from_year__start_year", "carried_at", "pk"]

    def __str__(self) -> str:
        return f"£{self.amount} of {self.source_name} carried forward"


class CommitmentStatus(models.TextChoices):
    REQUESTED = "requested", "Awaiting approval"
    APPROVED = "approved", "Approved"
    CANCELLED = "cancelled", "Cancelled"


class Commitment(TenantOwned):
    """Money promised to a supplier against one budget: what, who, how much (net, with any VAT
    charged on top), when, and the council's ledger codes. Requested commitments above the
    tenant's approval limit wait for a second person's approval; cancelled ones count nowhere."""

    reference = models.CharField(max_length=40)
    year = models.ForeignKey(FundingYear, on_delete=models.CASCADE, related_name="commitments")
    # RESTRICT: a budget with commitments is not deleted, except with the tenant or the year.
    allocation = models.ForeignKey(AllocationRunPartnership, null=True, blank=True,
                                   on_delete=models.RESTRICT, related_name="commitments")
    line = models.ForeignKey(DeDelegationLine, null=True, blank=True,
                             on_delete=models.RESTRICT, related_name="commitments")
    fund = models.ForeignKey(StrategicFund, null=True, blank=True,
                             on_delete=models.RESTRICT, related_name="commitments")
    carry_forward = models.ForeignKey(CarryForward, null=True, blank=True,
                                      on_delete=models.RESTRICT, related_name="commitments")
    description = models.CharField("what", max_length=300)
    supplier = models.CharField("supplier or school", max_length=200)
    amount = models.DecimalField("amount net of VAT (£)", max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    vat = models.BooleanField("VAT charged", default=False)
    vat_amount = models.DecimalField("VAT (£)", max_digits=12, decimal_places=2,
                                     default=NO_PENCE, validators=[MinValueValidator(NO_PENCE)])
    committed_on = models.DateField("date")
    cost_centre = models.CharField(max_length=40, blank=True)
    ledger_code = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=20, choices=CommitmentStatus.choices,
                              default=CommitmentStatus.REQUESTED)
    # Where it came from when another part of the product made it ("Deployment 12").
    source = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    approval_limit = models.DecimalField(max_digits=12, decimal_places=2,
                                         default=DEFAULT_APPROVAL_LIMIT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_by_name = models.CharField(max_length=200, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    # An admin's reason for committing past the budget (also in the audit trail).
    override_reason = models.TextField(blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-committed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "reference"],
                                    name="commitment_unique_reference"),
            models.CheckConstraint(condition=exactly_one_set(BUDGET_FIELDS),
                                   name="commitment_exactly_one_budget"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.description}"

    @property
    def budget_object(self) -> models.Model:
        """Whichever budget this commitment is against (`BUDGET_FIELDS`)."""
        for name in BUDGET_FIELDS:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        raise ValueError("A commitment without a budget.")

    @property
    def budget_key(self) -> str:
        """"line:4", "allocation:12": the kind of budget (its field) and its id."""
        for name in BUDGET_FIELDS:
            pk = getattr(self, f"{name}_id")
            if pk is not None:
                return f"{name}:{pk}"
        raise ValueError("A commitment without a budget.")

    @property
    def gross(self) -> Decimal:
        return self.amount + self.vat_amount

    @property
    def counts(self) -> bool:
        """Whether it counts against its budget (requested and approved do; cancelled not)."""
        return self.status != CommitmentStatus.CANCELLED

    @property
    def needs_approval(self) -> bool:
        return self.amount > self.approval_limit


class SpendSource(models.TextChoices):
    TYPED = "typed", "Typed"
    IMPORTED = "imported", "Imported"


class SpendImport(TenantOwned):
    """An upload of actuals from the council's finance system: the CSV as uploaded, checked on
    upload (the preview) and applied whole or not at all."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Ready to import"
        FAILED = "failed", "Has errors"
        APPLIED = "applied", "Imported"

    original_name = models.CharField(max_length=255)
    content = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    rows = models.JSONField(default=list, blank=True)  # the preview: one dict per row
    errors = models.JSONField(default=list, blank=True)  # core.csvfiles.RowError.as_dict()
    total = models.DecimalField(max_digits=14, decimal_places=2, default=NO_PENCE)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Actuals import {self.original_name} ({self.get_status_display().lower()})"


class Spend(TenantOwned):
    """Money actually spent against a commitment (net of VAT, as the commitment): typed by the
    finance officer or imported from the finance system's actuals. A negative amount is a
    credit (a refund or a reversal)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="spend")
    spent_on = models.DateField("date")
    amount = models.DecimalField("amount net of VAT (£)", max_digits=12, decimal_places=2)
    description = models.CharField(max_length=300, blank=True)
    # The finance system's own reference for the transaction: one row per reference.
    ledger_reference = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=10, choices=SpendSource.choices,
                              default=SpendSource.TYPED)
    spend_import = models.ForeignKey(SpendImport, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="spend")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["spent_on", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["tenant", "ledger_reference"], condition=~Q(ledger_reference=""),
            name="spend_unique_ledger_reference")]

    def __str__(self) -> str:
        return f"£{self.amount} on {self.spent_on:%-d %B %Y}"
