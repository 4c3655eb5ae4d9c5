"""What each confirmed allocation puts in a financial year: a financial-year run's amounts in
its own year, an academic-year run's profiled parts in each of the two years it spans
(`funding.profiling`). The reconciliation, the commitments, the budget history and the
reports all read a year's allocations through here, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from core.years import AcademicYear, FinancialYear
from funding.models import (
    AllocationRun,
    AllocationRunPartnership,
    AllocationRunSchool,
    FundingYear,
    RunStatus,
)
from funding.profiling import MONTHS, split, split_shares


def run_start_years(run: AllocationRun) -> tuple[int, ...]:
    """The start years of the financial years a run funds: one, or two for an academic-year
    run."""
    first = run.year.start_year
    return (first, first + 1) if run.is_academic else (first,)


def months_in(run: AllocationRun, start_year: int) -> int:
    """The twelfths of the run's amounts that fall in the financial year starting in April of
    `start_year` (12 for a financial-year run in its year; 0 outside the run's years)."""
    if start_year not in run_start_years(run):
        return 0
    if not run.is_academic:
        return MONTHS
    first = run.first_year_months or 0
    return first if start_year == run.year.start_year else MONTHS - first


def part_in(run: AllocationRun, amount: Decimal, start_year: int) -> Decimal:
    """The part of `amount` (a partnership's or the run's total) in that financial year."""
    months = months_in(run, start_year)
    if months in (0, MONTHS):
        return amount if months else Decimal("0.00")
    first, second = split(amount, run.first_year_months or 0)
    return first if start_year == run.year.start_year else second


def profile_label(run: AllocationRun, start_year: int) -> str:
    """"7/12 of academic year 2025/26" for a profiled part; "" for a whole financial year."""
    if not run.is_academic:
        return ""
    return (f"{months_in(run, start_year)}/{MONTHS} of academic year "
            f"{AcademicYear(run.year.start_year).label}")


def profile_summary(run: AllocationRun) -> list[tuple[str, int, Decimal]]:
    """(financial year label, months, the run total's part) for each year the run funds."""
    return [(FinancialYear(start).label, months_in(run, start), part_in(run, run.total, start))
            for start in run_start_years(run)]


@dataclass(frozen=True)
class Portion:
    """A partnership's allocation in a confirmed run, as it falls in one financial year."""

    allocation: AllocationRunPartnership
    start_year: int
    amount: Decimal

    @property
    def run(self) -> AllocationRun:
        return self.allocation.run

    @property
    def whole(self) -> Decimal:
        return self.allocation.amount

    @property
    def label(self) -> str:
        return profile_label(self.run, self.start_year)


def _in_year(start_year: int, prefix: str = "run__") -> Q:
    """Confirmed runs funding the financial year starting in `start_year`."""
    return Q(**{f"{prefix}status": RunStatus.CONFIRMED}) & (
        Q(**{f"{prefix}year__start_year": start_year})
        | Q(**{f"{prefix}year__start_year": start_year - 1, f"{prefix}period": "academic"}))


def runs_in(year: FundingYear) -> list[AllocationRun]:
    """The confirmed runs with money in the year (its own and last year's academic-year runs).
    One query."""
    return list(AllocationRun.objects.filter(_in_year(year.start_year, prefix=""))
                .select_related("year", "formula", "fund").order_by("confirmed_at", "pk"))


def allocation_portions(year: FundingYear) -> list[Portion]:
    """Every partnership allocation of a confirmed run with money in the year, with its part
    in the year. One query."""
    rows = (AllocationRunPartnership.objects.filter(_in_year(year.start_year))
            .select_related("run__year", "run__formula")
            .order_by("run__confirmed_at", "run_id", "name", "pk"))
    return [Portion(allocation=row, start_year=year.start_year,
                    amount=part_in(row.run, row.amount, year.start_year)) for row in rows]


def portion_of(allocation: AllocationRunPartnership, start_year: int) -> Portion | None:
    """The allocation's part in that financial year, or None when its run funds no such
    year."""
    if start_year not in run_start_years(allocation.run):
        return None
    return Portion(allocation=allocation, start_year=start_year,
                   amount=part_in(allocation.run, allocation.amount, start_year))


def school_parts(runs: list[AllocationRun], start_year: int) -> dict[int, list[tuple[
        AllocationRunSchool, Decimal]]]:
    """Run id -> each school line of the run with its part in the financial year. Within a
    partnership, the schools share the partnership's part by the largest remainder, so they add
    to it exactly. One query, whatever the number of runs and schools."""
    rows = list(AllocationRunSchool.objects.filter(run__in=[run.pk for run in runs])
                .select_related("partnership").order_by("run_id", "urn", "pk"))
    by_run: dict[int, list[AllocationRunSchool]] = defaultdict(list)
    for row in rows:
        by_run[row.run_id].append(row)
    result: dict[int, list[tuple[AllocationRunSchool, Decimal]]] = {}
    for run in runs:
        lines = by_run.get(run.pk, [])
        months = months_in(run, start_year)
        if months in (0, MONTHS):
            result[run.pk] = [(row, row.amount if months else Decimal("0.00")) for row in lines]
            continue
        groups: dict[int | None, list[AllocationRunSchool]] = defaultdict(list)
        for row in lines:
            groups[row.partnership_id].append(row)
        # The first year's shares decide both years: a school's second-year part is the rest
        # of its amount, so its two parts add to its amount as the partnership's do.
        in_first = start_year == run.year.start_year
        parts: dict[int, Decimal] = {}
        for members in groups.values():
            whole = sum((row.amount for row in members), Decimal("0.00"))
            first, _ = split(whole, run.first_year_months or 0)
            shares = split_shares(first, {(row.urn, row.pk): row.amount for row in members})
            parts.update({row.pk: shares[(row.urn, row.pk)] if in_first
                          else row.amount - shares[(row.urn, row.pk)] for row in members})
        result[run.pk] = [(row, parts[row.pk]) for row in lines]
    return result
