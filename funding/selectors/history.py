"""The budget history (seed 001, appendix A): every funding year of the tenant as a column,
each de-delegation line, each strategic fund and the formula allocations as rows, with totals.

- A de-delegation line's amount is its total charge that year, as the year's schedule computes
  it (`funding.selectors.charges`), from the pupils on the census in force on the year's
  1 April. Lines are matched across years by name.
- A strategic fund's amount is what it holds: base + contributions - fixed costs. Funds are
  matched across years by name.
- Formula allocations: the latest confirmed run of each formula that year, not drawn from a
  strategic fund (a fund's pot runs share the fund's money, already counted in its row).
A year without a line or fund shows nothing there (not £0). Thirteen queries, whatever the
number of years, lines, funds and schools.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from funding.models import (
    NO_PENCE,
    AllocationRun,
    DeDelegationLine,
    FundingYear,
    PhaseVote,
    RunStatus,
)
from funding.selectors.charges import charge_for, placement_of
from funding.selectors.funds import drawn, fund_summaries
from funding.selectors.pupils import census_date_for, pupils_on_each
from schools.models import School

ALLOCATIONS = "Formula allocations (confirmed runs)"


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
    lines = list(DeDelegationLine.objects.filter(year__in=years)
                 .prefetch_related(Prefetch("votes", PhaseVote.objects.order_by("phase")))
                 .order_by("name"))
    schools = list(School.objects.filter(establishment__is_open=True)
                   .select_related("establishment"))
    placed: list[tuple[School, str]] = []
    for school in schools:
        phase = placement_of(school.establishment).phase
        if phase is not None:
            placed.append((school, phase))
    numbers = pupils_on_each(schools, years)
    when = {year.pk: census_date_for(year) for year in years}
    rows: dict[str, HistoryRow] = {}
    for line in lines:
        pupils = numbers[when[line.year_id]]
        total = NO_PENCE
        for school, phase in placed:
            number = pupils.get(school.pk)
            charge = charge_for(line, phase, number.pupils if number else None)
            total += charge or NO_PENCE
        row = rows.setdefault(line.name.lower(), HistoryRow(name=line.name,
                                                            kind="De-delegation"))
        row.amounts[line.year_id] = row.amounts.get(line.year_id, NO_PENCE) + total
    return list(rows.values())


def _fund_rows(years: list[FundingYear]) -> list[HistoryRow]:
    rows: dict[str, HistoryRow] = {}
    for summary in sorted(fund_summaries(), key=lambda s: s.fund.name.lower()):
        fund = summary.fund
        row = rows.setdefault(fund.name.lower(), HistoryRow(name=fund.name,
                                                            kind="Strategic fund"))
        row.amounts[fund.year_id] = row.amounts.get(fund.year_id, NO_PENCE) + summary.available
    return list(rows.values())


def _allocation_row(years: list[FundingYear]) -> HistoryRow:
    runs = list(AllocationRun.objects.filter(year__in=years, status=RunStatus.CONFIRMED,
                                             fund__isnull=True).select_related("formula"))
    row = HistoryRow(name=ALLOCATIONS, kind="Allocation")
    for year in years:
        of_year = [run for run in runs if run.year_id == year.pk]
        if of_year:
            row.amounts[year.pk] = sum((run.total for run in drawn(of_year)), NO_PENCE)
    return row


def budget_history() -> BudgetHistory:
    """The scope's tenant's budget history, oldest year first."""
    years = list(FundingYear.objects.order_by("start_year"))
    rows = _line_rows(years) + _fund_rows(years) + [_allocation_row(years)]
    return BudgetHistory(years=years, rows=rows)
