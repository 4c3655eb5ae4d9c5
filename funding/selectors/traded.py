"""Reads of traded days: a year's day rate, its purchases (all of them, one school's, sent or
not) and the income they bring, in a fixed number of queries whatever the number of rows.
Money is summed in Python (SQLite sums decimals as floats)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from funding.models import NO_PENCE, FundingYear, TradedDayPurchase, TradedDayRate
from schools.models import School

SENT, UNSENT = "sent", "unsent"


def day_rate_of(year: FundingYear) -> TradedDayRate | None:
    return TradedDayRate.objects.filter(year=year).first()


def purchases_of(year: FundingYear, *, school: School | None = None,
                 status: str = "") -> QuerySet[TradedDayPurchase]:
    """The year's purchases by date; one school's only when `school` is given; invoice
    requests sent or not yet sent when `status` is "sent" or "unsent"."""
    purchases = (TradedDayPurchase.objects.filter(year=year)
                 .select_related("school__establishment", "year")
                 .order_by("purchased_on", "pk"))
    if school is not None:
        purchases = purchases.filter(school=school)
    if status == SENT:
        purchases = purchases.filter(request_sent_at__isnull=False)
    elif status == UNSENT:
        purchases = purchases.filter(request_sent_at__isnull=True)
    return purchases


def purchase_for(purchase_id: int) -> TradedDayPurchase:
    purchase = (TradedDayPurchase.objects.filter(pk=purchase_id)
                .select_related("school__establishment", "year").first())
    if purchase is None:
        raise Http404("No such traded-day purchase.")
    return purchase


@dataclass(frozen=True)
class TradedIncome:
    """The income traded days bring in a year: every purchase counts (the day is sold when it
    is recorded); `sent` is what the ledger has been asked to invoice."""

    purchases: int
    days: Decimal
    amount: Decimal
    sent: Decimal
    name: str = "Traded days sold"

    @property
    def not_sent(self) -> Decimal:
        return self.amount - self.sent


def traded_income(year: FundingYear) -> TradedIncome:
    """One query."""
    rows = list(TradedDayPurchase.objects.filter(year=year)
                .values_list("days", "amount", "request_sent_at"))
    return TradedIncome(purchases=len(rows), days=sum((r[0] for r in rows), Decimal("0.0")),
                        amount=sum((r[1] for r in rows), NO_PENCE),
                        sent=sum((r[1] for r in rows if r[2] is not None), NO_PENCE))


def income_rows(year: FundingYear) -> list[TradedIncome]:
    """The year's income by source, then the total: the report's and reconciliation's income
    table. Traded days are its one source today; another is one more row summed here."""
    sources = [traded_income(year)]
    return [*sources, TradedIncome(
        purchases=sum(s.purchases for s in sources), days=sum((s.days for s in sources),
                                                              Decimal("0.0")),
        amount=sum((s.amount for s in sources), NO_PENCE),
        sent=sum((s.sent for s in sources), NO_PENCE), name="Total income")]
