"""Reads of commitments and spend: the budgets of a year (each de-delegation line's total charge,
each confirmed run's partnership allocations, what each strategic fund has not shared out), a
budget's balance, commitments with what was
spent against them, and the tenant's approval limit. Money is summed in Python (SQLite sums
decimals as floats); each read takes a fixed number of queries, whatever the number of rows.

Balance (remaining) = budget - committed, where committed counts requested and approved
commitments, never cancelled ones; spent = the sum of spend against the budget's commitments;
underspend = budget - spent (negative: overspent). All net of VAT (funding.models.spending).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from funding.models import (
    BUDGET_FIELDS,
    DEFAULT_APPROVAL_LIMIT,
    NO_PENCE,
    AllocationRunPartnership,
    CarryForward,
    Commitment,
    CommitmentStatus,
    DeDelegationLine,
    FundingSettings,
    FundingYear,
    Spend,
    SpendImport,
    StrategicFund,
)
from funding.selectors.funds import FundSummary, fund_summaries, fund_summary
from funding.selectors.profiled import Portion, allocation_portions, portion_of
from funding.selectors.totals import line_totals, tenant_of
from funding.selectors.years import lines_of

# The kinds are the names of Commitment's budget keys (BUDGET_FIELDS).
LINE, ALLOCATION, FUND, CARRY = "line", "allocation", "fund", "carry_forward"
KIND_LABELS = {LINE: "De-delegation line", ALLOCATION: "Partnership allocation",
               FUND: "Strategic fund", CARRY: "Carried forward"}


@dataclass
class Budget:
    """One budget a commitment may be made against, with its balance once `with_balances`
    has filled it. `key` ("line:4", "allocation:12") names it in forms."""

    kind: str
    target: models.Model
    name: str
    amount: Decimal
    year: FundingYear
    cost_centre: str = ""
    ledger_code: str = ""
    # How an academic-year allocation's part was profiled ("7/12 of academic year 2025/26").
    note: str = ""
    committed: Decimal = NO_PENCE
    spent: Decimal = NO_PENCE
    # Carried forward to the next financial year at the year end (`CarryForward`).
    carried: Decimal = NO_PENCE
    commitments: list[Commitment] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.target.pk}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.committed - self.carried

    @property
    def underspend(self) -> Decimal:
        return self.amount - self.spent - self.carried

    @property
    def carryable(self) -> Decimal:
        """What may still be carried forward: the budget less the larger of what is committed
        and what is spent (money committed stays with its commitment), less what is carried
        already; never below £0."""
        return max(self.amount - max(self.committed, self.spent) - self.carried, NO_PENCE)


def _line_budget(line: DeDelegationLine, amount: Decimal) -> Budget:
    return Budget(kind=LINE, target=line, name=line.name, amount=amount, year=line.year,
                  cost_centre=line.cost_centre, ledger_code=line.ledger_code)


def _allocation_budget(portion: Portion, year: FundingYear | None = None) -> Budget:
    """A partnership's allocation as a budget of one financial year: its part in that year
    (the whole of it for a financial-year run)."""
    allocation, run = portion.allocation, portion.run
    note = f"{portion.label} (£{allocation.amount:,} in all)" if portion.label else ""
    return Budget(kind=ALLOCATION, target=allocation,
                  name=f"{allocation.name} (allocation run {run.pk})", amount=portion.amount,
                  year=year or run.year, note=note, cost_centre=run.cost_centre,
                  ledger_code=run.ledger_code)


def _fund_budget(summary: FundSummary) -> Budget:
    # What the fund has not shared out: the shares of its pot runs are budgets of their own
    # (their partnerships' allocations), so counting them here would count them twice.
    fund = summary.fund
    return Budget(kind=FUND, target=fund, name=f"{fund.name} (not shared out)",
                  amount=summary.unshared, year=fund.year, cost_centre=fund.cost_centre,
                  ledger_code=fund.ledger_code)


def _carry_budget(carried: CarryForward) -> Budget:
    """Money carried into `carried.to_year`: a budget of that year."""
    return Budget(kind=CARRY, target=carried,
                  name=f"{carried.source_name}, carried forward from {carried.from_year.label}",
                  amount=carried.amount, year=carried.to_year,
                  cost_centre=carried.cost_centre, ledger_code=carried.ledger_code,
                  note=f"Carried forward by {carried.carried_by_name or 'the council'} on "
                       f"{carried.carried_at:%-d %B %Y}: {carried.reason}")


def carried_forward(year: FundingYear) -> QuerySet[CarryForward]:
    """Everything carried out of or into the year, oldest first."""
    return (CarryForward.objects.filter(Q(from_year=year) | Q(to_year=year))
            .select_related("from_year", "to_year").order_by("carried_at", "pk"))


def carried_out(year: FundingYear) -> dict[str, Decimal]:
    """Budget key -> what has been carried out of it to the next year. One query."""
    totals: dict[str, Decimal] = defaultdict(lambda: NO_PENCE)
    for key, amount in CarryForward.objects.filter(from_year=year).values_list("source_key",
                                                                                "amount"):
        totals[key] += amount
    return totals


def _with_carried(budgets: list[Budget], year: FundingYear) -> list[Budget]:
    out = carried_out(year)
    for budget in budgets:
        budget.carried = out.get(budget.key, NO_PENCE)
    return budgets


def line_total(line: DeDelegationLine) -> Decimal:
    return line_totals(tenant_of(line.year), [line.year]).get(line.pk, NO_PENCE)


def _budget_of(target: models.Model, year: FundingYear | None) -> Budget:
    if isinstance(target, DeDelegationLine):
        return _line_budget(target, line_total(target))
    if isinstance(target, AllocationRunPartnership):
        year = year or target.run.year
        portion = portion_of(target, year.start_year)
        if portion is None:
            raise Http404("That allocation has no money in that financial year.")
        return _allocation_budget(portion, year)
    if isinstance(target, StrategicFund):
        return _fund_budget(fund_summary(target.pk))
    if isinstance(target, CarryForward):
        return _carry_budget(target)
    raise TypeError(f"Not a budget: {type(target).__name__}")


def budget_for(target: models.Model, year: FundingYear | None = None) -> Budget:
    """The budget read of whichever kind `target` is (a line's amount is its total charge for
    the year, from the schedule; an allocation's is its part in `year`, by default its run's
    year: an academic-year run's allocation is a budget in each of its two financial years;
    money carried forward is a budget of the year it was carried into), with what has been
    carried out of it."""
    budget = _budget_of(target, year)
    return _with_carried([budget], budget.year)[0]


def budgets_of(year: FundingYear) -> list[Budget]:
    """Every budget of the year: its de-delegation lines, the partnership allocations of the
    confirmed runs with money in it (an academic-year run's profiled part), what its
    strategic funds have not shared out, then what was carried into it from last year; each
    with what was carried out of it. Fourteen queries."""
    totals = line_totals(tenant_of(year), [year])
    budgets = [_line_budget(line, totals.get(line.pk, NO_PENCE)) for line in lines_of(year)]
    budgets += [_allocation_budget(portion, year) for portion in allocation_portions(year)]
    budgets += [_fund_budget(summary) for summary in fund_summaries(year)]
    budgets += [_carry_budget(carried) for carried in CarryForward.objects.filter(
        to_year=year).select_related("from_year", "to_year").order_by("carried_at", "pk")]
    return _with_carried(budgets, year)


def budget_by_key(year: FundingYear, key: str) -> models.Model | None:
    """The budget object a form's choice names, if it is one of the year's."""
    return next((b.target for b in budgets_of(year) if b.key == key), None)


def commitments_of(year: FundingYear) -> QuerySet[Commitment]:
    return (Commitment.objects.filter(year=year)
            .select_related("allocation__run", "line", "fund", "carry_forward")
            .order_by("-committed_on", "-pk"))


def spent_by_commitment(commitments: list[Commitment]) -> dict[int, Decimal]:
    """Spend per commitment id, summed in Python. One query."""
    spent: dict[int, Decimal] = defaultdict(lambda: NO_PENCE)
    rows = Spend.objects.filter(commitment__in=[c.pk for c in commitments]).values_list(
        "commitment_id", "amount")
    for commitment_id, amount in rows:
        spent[commitment_id] += amount
    return spent


def with_balances(budgets: list[Budget], commitments: list[Commitment]) -> list[Budget]:
    """Fill each budget's committed and spent from `commitments` (and their spend: one
    query). A commitment's `spent` is set on it too."""
    spent = spent_by_commitment(commitments)
    index = {b.key: b for b in budgets}
    for commitment in commitments:
        commitment.spent = spent[commitment.pk]  # type: ignore[attr-defined]
        budget = index.get(commitment.budget_key)
        if budget is None:
            continue
        budget.commitments.append(commitment)
        budget.spent += spent[commitment.pk]
        if commitment.counts:
            budget.committed += commitment.amount
    return budgets


def year_balances(year: FundingYear) -> tuple[list[Budget], list[Commitment]]:
    """The year's budgets with their balances, and its commitments with what was spent."""
    commitments = list(commitments_of(year))
    return with_balances(budgets_of(year), commitments), commitments


def committed_against(budget: Budget, *, exclude: int | None = None) -> Decimal:
    """What counts against a budget now: requested and approved commitments, net."""
    # Of the budget's year: an academic-year allocation is a budget in each of two years.
    rows = (Commitment.objects.filter(year=budget.year, **{budget.kind: budget.target})
            .exclude(status=CommitmentStatus.CANCELLED))
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return sum((amount for amount in rows.values_list("amount", flat=True)), NO_PENCE)


def spent_against(commitment: Commitment) -> Decimal:
    return sum((a for a in Spend.objects.filter(commitment=commitment)
                .values_list("amount", flat=True)), NO_PENCE)


# What each kind of budget is read with (`budget_for`, the pages' breadcrumbs).
BUDGET_RELATED: dict[str, tuple[str, ...]] = {
    "allocation": ("run__year",), "line": ("year",), "fund": (),
    "carry_forward": ("from_year", "to_year")}


def commitment_for(commitment_id: int) -> Commitment:
    """The commitment with its year, its people and its budget (read on its own: one join of
    every kind of budget took longer to build and plan than two small queries)."""
    commitment = (Commitment.objects.filter(pk=commitment_id)
                  .select_related("year", "requested_by", "approved_by", "cancelled_by")
                  .first())
    if commitment is None:
        raise Http404("No such commitment.")
    name = next(name for name in BUDGET_FIELDS if getattr(commitment, f"{name}_id") is not None)
    field = Commitment._meta.get_field(name)
    budget = (field.related_model._default_manager  # type: ignore[union-attr]
              .select_related(*BUDGET_RELATED[name])
              .get(pk=getattr(commitment, f"{name}_id")))
    setattr(commitment, name, budget)
    return commitment


def spend_of(commitment: Commitment) -> list[Spend]:
    return list(Spend.objects.filter(commitment=commitment).select_related("recorded_by"))


def funding_settings() -> FundingSettings:
    """The scope's tenant's settings, or the defaults (unsaved) before any change."""
    return FundingSettings.objects.first() or FundingSettings(
        approval_limit=DEFAULT_APPROVAL_LIMIT)


def spend_imports() -> QuerySet[SpendImport]:
    return SpendImport.objects.select_related("uploaded_by").order_by("-created_at", "-pk")


def spend_import_for(import_id: int) -> SpendImport:
    record = SpendImport.objects.filter(pk=import_id).select_related("uploaded_by").first()
    if record is None:
        raise Http404("No such import.")
    return record
