"""Traded days (issue 11 item 2): academies and small trusts buy days of school-improvement
support from the council (maintained schools de-delegate instead: DESIGN §3 funding/). The
council sets a day rate for each financial year; each purchase is recorded with the rate it
was bought at, so a later change of the rate leaves it as it was; and since the council's
ledger, not this product, issues the invoices, each purchase is an invoice request, exported
and then marked as sent.

Money: days (to the half day or tenth) x a rate in pounds and pence, rounded half up to the
penny (`TradedDayPurchase.amount` is stored as computed). Amounts are net of VAT; the VAT flag
tells the ledger to charge it on top.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from core.models import TenantOwned
from funding.models.dedelegation import FundingYear
from funding.models.money import NO_PENCE


def day_amount(days: Decimal, rate: Decimal) -> Decimal:
    """Days x the day rate, to the penny, half up (the one rounding rule of traded days)."""
    return (days * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class TradedDayRate(TenantOwned):
    """The council's price of a day of support in one financial year, with the ledger codes
    its income is booked to and whether VAT is charged on it. One per year."""

    year = models.ForeignKey(FundingYear, on_delete=models.CASCADE, related_name="day_rates")
    day_rate = models.DecimalField("day rate (£)", max_digits=8, decimal_places=2,
                                   validators=[MinValueValidator(NO_PENCE)])
    vat = models.BooleanField("VAT charged on top", default=True)
    cost_centre = models.CharField(max_length=40, blank=True)
    ledger_code = models.CharField(max_length=40, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "year"],
                                               name="tradeddayrate_once_per_year")]

    def __str__(self) -> str:
        return f"£{self.day_rate} a day in {self.year.label}" if self.year_id else "Day rate"


class CustomerKind(models.TextChoices):
    SCHOOL = "school", "An academy in the register"
    TRUST = "trust", "A trust"


class TradedDayPurchase(TenantOwned):
    """Days bought by an academy of the register or by a trust, at the rate of the purchase,
    booked to the council's cost centre and ledger code: an invoice request for the council's
    ledger until it is marked as sent."""

    reference = models.CharField(max_length=40)
    year = models.ForeignKey(FundingYear, on_delete=models.CASCADE,
                             related_name="traded_day_purchases")
    customer_kind = models.CharField(max_length=10, choices=CustomerKind.choices)
    # RESTRICT, not PROTECT: deleting the tenant takes both rows, which RESTRICT allows.
    school = models.ForeignKey("schools.School", null=True, blank=True,
                               on_delete=models.RESTRICT, related_name="+")
    # The customer as invoiced: the academy's name, or the trust's, as it stood.
    customer_name = models.CharField(max_length=300)
    ukprn = models.CharField("UKPRN", max_length=8, blank=True)
    days = models.DecimalField(max_digits=5, decimal_places=1,
                               validators=[MinValueValidator(Decimal("0.1"))])
    rate = models.DecimalField("day rate (£)", max_digits=8, decimal_places=2,
                               validators=[MinValueValidator(NO_PENCE)])
    amount = models.DecimalField("amount net of VAT (£)", max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(NO_PENCE)])
    vat = models.BooleanField("VAT charged on top", default=True)
    purchased_on = models.DateField("date")
    cost_centre = models.CharField(max_length=40, blank=True)
    ledger_code = models.CharField(max_length=40, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_by_name = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    request_sent_at = models.DateTimeField("invoice request sent", null=True, blank=True)
    request_sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    request_sent_by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["purchased_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "reference"],
                                    name="tradeddaypurchase_unique_reference"),
            models.CheckConstraint(
                condition=(Q(customer_kind="school", school__isnull=False)
                           | Q(customer_kind="trust", school__isnull=True)),
                name="tradeddaypurchase_school_when_school"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.days} days for {self.customer_name}"

    @property
    def is_sent(self) -> bool:
        return self.request_sent_at is not None

    @property
    def identifier(self) -> str:
        """What the ledger knows the customer by: the academy's URN, or the trust's UKPRN."""
        if self.school is not None:
            return f"URN {self.school.urn}"
        return f"UKPRN {self.ukprn}" if self.ukprn else "Trust"
