"""The budget history (seed 001, appendix A): every funding year of the tenant as a column,
each de-delegation line, each strategic fund and the formula allocations as rows, with totals.

- A de-delegation line's amount is its total charge that year, as the year's schedule computes
  it (`funding.selectors.charges`), from the pupils on the census in force on the year's
  1 April. Lines are matched across years by name.
- A strategic fund's amount is what it holds: base + contributions - fixed costs. Funds are
  matched across years by name.
- Formula allocations: the latest confirmed run of each formula that year, not drawn from a
  strategic fund (a fund's pot runs share the fund's money, already counted in its row); an
  academic-year run counts its profiled part in each of its two financial years.
- Money carried forward at a year end: a row of what each year received from the year before.
A year without a line or fund shows nothing there (not £0). A fixed number of queries, whatever the
number of years, lines, funds and schools.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from funding.models import (
    NO_PENCE,
    AllocationRun,
    CarryForward,
    FundingYear,
    RunStatus,
)
from funding.selectors.funds import drawn, fund_summaries
from funding.selectors.profiled import part_in, run_start_years
from funding.selectors.totals import line_totals
from funding.selectors.years import lines_of_years

ALLOCATIONS = "Formula allocations (confirmed runs)"
CARRIED = "Carried forward from the year before"


@dataclass
class HistoryRow:
    name: str
    kind: str  # "De-delegation", "Strategic fund", "Allocation"
    amounts: dict[int, Decimal] = field(default_factory=dict)  # year id -> amount

    def cells(self, years: list[FundingYear]) -> list[Decimal | None]:
        return [self.amounts.get(year.pk) for year in years]

    def amount_in(self, year: FundingYear) -> Decimal | None:
        return self.amounts.get(year.pk)


@dataclass
class BudgetHistory:
    years: list[FundingYear]
    rows: list[HistoryRow]

    @property
    def totals(self) -> HistoryRow:
        total = HistoryRow(name="Total", kind="")
        for year in self.years:
            total.amounts[year.pk] = sum((row.amounts.get(year.pk, NO_PENCE)
                                          for row in self.rows), NO_PENCE)
        return total


def _line_rows(years: list[FundingYear]) -> list[HistoryRow]:
    """Each line's total charge per year, by the schedule's own rules (`totals.line_totals`:
    kept per version of its inputs), lines of the same name in one row."""
    if not years:
        return []
    totals = line_totals(years[0].tenant, years)
    rows: dict[str, HistoryRow] = {}
    for line in lines_of_years(years):
        row = rows.setdefault(line.name.lower(), HistoryRow(name=line.name,
                                                            kind="De-delegation"))
        row.amounts[line.year_id] = (row.amounts.get(line.year_id, NO_PENCE)
                                     + totals.get(line.pk, NO_PENCE))
    return list(rows.values())


def _fund_rows(years: list[FundingYear]) -> list[HistoryRow]:
    rows: dict[str, HistoryRow] = {}
    for summary in sorted(fund_summaries(), key=lambda s: s.fund.name.lower()):
        fund = summary.fund
        row = rows.setdefault(fund.name.lower(), HistoryRow(name=fund.name,
                                                            kind="Strategic fund"))
        row.amounts[fund.year_id] = row.amounts.get(fund.year_id, NO_PENCE) + summary.available
    return list(rows.values())


def in_force(runs: list[AllocationRun]) -> list[AllocationRun]:
    """The latest confirmed run of each formula for each year and period among `runs` (a
    later run of a formula replaces the earlier for the same year)."""
    groups: dict[tuple[int, str], list[AllocationRun]] = {}
    for run in runs:
        groups.setdefault((run.year_id, run.period), []).append(run)
    return [run for group in groups.values() for run in drawn(group)]


def _allocation_row(years: list[FundingYear]) -> HistoryRow:
    """Each year's allocations: a financial-year run's total in its year, an academic-year
    run's profiled parts in each of its two years (`funding.selectors.profiled`)."""
    starts = [year.start_year for year in years]
    runs = in_force(list(AllocationRun.objects.filter(
        year__start_year__in=starts + [start - 1 for start in starts],
        status=RunStatus.CONFIRMED, fund__isnull=True).select_related("formula", "year")))
    row = HistoryRow(name=ALLOCATIONS, kind="Allocation")
    for year in years:
        of_year = [run for run in runs if year.start_year in run_start_years(run)]
        if of_year:
            row.amounts[year.pk] = sum((part_in(run, run.total, year.start_year)
                                        for run in of_year), NO_PENCE)
    return row


def _carried_rows(years: list[FundingYear]) -> list[HistoryRow]:
    """What was carried into each year from the year before (none: no row). One query."""
    row = HistoryRow(name=CARRIED, kind="Carried forward")
    for to_year_id, amount in CarryForward.objects.filter(to_year__in=years).values_list(
            "to_year_id", "amount"):
        row.amounts[to_year_id] = row.amounts.get(to_year_id, NO_PENCE) + amount
    return [row] if row.amounts else []


def budget_history() -> BudgetHistory:
    """The scope's tenant's budget history, oldest year first."""
    years = list(FundingYear.objects.order_by("start_year"))
    rows = (_line_rows(years) + _fund_rows(years) + [_allocation_row(years)]
            + _carried_rows(years))
    return BudgetHistory(years=years, rows=rows)
