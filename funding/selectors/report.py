"""A financial year's funding report: totals by stream, by partnership and by school, and the
history of each stream across the years. Every figure is one the reconciliation or the budget
history already gives, grouped, so the report's totals are theirs to the penny:

- By stream: the year's budgets (`funding.selectors.spending.budgets_of`: de-delegation lines,
  partnership allocations with an academic-year run's profiled part, what strategic funds have
  not shared out, money carried in) grouped by where the money comes from; a pot run's
  allocations are the strategic fund's money. Budget, committed, spent, carried forward,
  remaining and underspend, as the reconciliation counts them.
- By partnership: the allocation budgets of the year grouped by partnership (by its id when
  the run was made, so a renamed partnership is one row, under its latest name).
- By school: each school's part of the year's allocations (`school_parts`: a partnership's part
  shared to the penny) and its de-delegation charge for the year (the schedule's).
- History: the budget history's rows summed by stream, per year.
A fixed number of queries, whatever the number of budgets, partnerships, schools and years.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from core.kept import kept
from core.models import Tenant
from funding.models import NO_PENCE, AllocationRun, AllocationRunPartnership, FundingYear
from funding.selectors.history import budget_history
from funding.selectors.profiled import runs_in, school_parts
from funding.selectors.spending import ALLOCATION, CARRY, FUND, LINE, Budget, year_balances
from funding.selectors.totals import TOTALS_TTL, cached_schedule
from funding.selectors.traded import TradedIncome, income_rows
from funding.selectors.versions import charges_version, funding_version

DEDELEGATION, FORMULA, STRATEGIC, CARRIED = ("De-delegation", "Formula allocations",
                                             "Strategic funds", "Carried forward")
STREAMS = (DEDELEGATION, FORMULA, STRATEGIC, CARRIED)
# The budget history's row kinds, as streams.
HISTORY_STREAMS = {"De-delegation": DEDELEGATION, "Allocation": FORMULA,
                   "Strategic fund": STRATEGIC, "Carried forward": CARRIED}
COLOURS = {DEDELEGATION: "#1d70b8", FORMULA: "#00703c", STRATEGIC: "#f47738",
           CARRIED: "#4c2c92"}


@dataclass
class Sums:
    """Money of a group of budgets, as the reconciliation counts it."""

    name: str
    amount: Decimal = NO_PENCE
    committed: Decimal = NO_PENCE
    spent: Decimal = NO_PENCE
    carried: Decimal = NO_PENCE
    budgets: int = 0

    def add(self, budget: Budget) -> None:
        self.amount += budget.amount
        self.committed += budget.committed
        self.spent += budget.spent
        self.carried += budget.carried
        self.budgets += 1

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.committed - self.carried

    @property
    def underspend(self) -> Decimal:
        return self.amount - self.spent - self.carried


@dataclass
class SchoolTotal:
    urn: int
    name: str
    allocated: Decimal = NO_PENCE
    charged: Decimal = NO_PENCE
    partnerships: set[str] = field(default_factory=set)

    @property
    def partnership_names(self) -> str:
        return ", ".join(sorted(self.partnerships))


@dataclass
class YearReport:
    year: FundingYear
    streams: list[Sums]
    partnerships: list[Sums]
    schools: list[SchoolTotal]
    history_years: list[FundingYear]
    history: dict[str, dict[int, Decimal]]  # stream -> year id -> amount
    income: list[TradedIncome] = field(default_factory=list)  # by source, then the total
    version: str = ""  # of funding's data, as the request read it (`kept_year_report`)

    @property
    def totals(self) -> Sums:
        total = Sums(name="Total")
        for stream in self.streams:
            total.amount += stream.amount
            total.committed += stream.committed
            total.spent += stream.spent
            total.carried += stream.carried
            total.budgets += stream.budgets
        return total

    @property
    def history_rows(self) -> list[tuple[FundingYear, list[Decimal], Decimal]]:
        """Each year: its amount per stream (`STREAMS` order) and its total."""
        rows = []
        for year in self.history_years:
            cells = [self.history[stream].get(year.pk, NO_PENCE) for stream in STREAMS]
            rows.append((year, cells, sum(cells, NO_PENCE)))
        return rows


def stream_of(budget: Budget) -> str:
    if budget.kind == LINE:
        return DEDELEGATION
    if budget.kind == FUND:
        return STRATEGIC
    if budget.kind == CARRY:
        return CARRIED
    assert budget.kind == ALLOCATION and isinstance(budget.target, AllocationRunPartnership)
    return STRATEGIC if budget.target.run.fund_id else FORMULA


def _streams(budgets: list[Budget]) -> list[Sums]:
    sums = {name: Sums(name=name) for name in STREAMS}
    for budget in budgets:
        sums[stream_of(budget)].add(budget)
    return [sums[name] for name in STREAMS]


def _partnerships(budgets: list[Budget]) -> list[Sums]:
    groups: dict[object, Sums] = {}
    for budget in budgets:  # in confirmation order: the latest name wins
        if budget.kind != ALLOCATION:
            continue
        allocation = budget.target
        assert isinstance(allocation, AllocationRunPartnership)
        key = allocation.partnership_id_then or allocation.name.lower()
        group = groups.setdefault(key, Sums(name=allocation.name))
        group.name = allocation.name
        group.add(budget)
    return sorted(groups.values(), key=lambda g: g.name.lower())


def _schools(tenant: Tenant, year: FundingYear) -> list[SchoolTotal]:
    """Every school's part, once per version of what it reads: confirmed runs never change,
    so their ids name them; the charges are the schedule's (`charges_version`)."""
    runs = runs_in(year)
    key = (f"funding:report-schools:t{tenant.pk}:{charges_version(tenant)}:{year.pk}:"
           + ",".join(str(run.pk) for run in runs))
    found = kept(key, lambda: _compute_schools(tenant, year, runs), ttl=TOTALS_TTL)
    return found


def _compute_schools(tenant: Tenant, year: FundingYear,
                     runs: list[AllocationRun]) -> list[SchoolTotal]:
    totals: dict[int, SchoolTotal] = {}
    for lines in school_parts(runs, year.start_year).values():
        for row, part in lines:
            school = totals.setdefault(row.school_id, SchoolTotal(urn=row.urn,
                                                                  name=row.school_name))
            school.allocated += part
            if row.partnership is not None and part:
                school.partnerships.add(row.partnership.name)
    for charge in cached_schedule(tenant, year).schools:
        school = totals.setdefault(charge.school.pk, SchoolTotal(
            urn=charge.school.urn, name=charge.school.establishment.name))
        school.charged += charge.total
    return sorted((s for s in totals.values() if s.allocated or s.charged),
                  key=lambda s: (s.name.lower(), s.urn))


def _history() -> tuple[list[FundingYear], dict[str, dict[int, Decimal]]]:
    history = budget_history()
    by_stream: dict[str, dict[int, Decimal]] = {stream: defaultdict(lambda: NO_PENCE)
                                                for stream in STREAMS}
    for row in history.rows:
        stream = HISTORY_STREAMS[row.kind]
        for year_id, amount in row.amounts.items():
            by_stream[stream][year_id] += amount
    # Plain dictionaries: the report is kept (pickled), and a default's lambda is not.
    return history.years, {stream: dict(amounts) for stream, amounts in by_stream.items()}


def year_report(tenant: Tenant, year: FundingYear, *, with_schools: bool) -> YearReport:
    """The report of the year; the schools' table only `with_schools` (it names schools)."""
    budgets, _ = year_balances(year)
    years, history = _history()
    return YearReport(year=year, streams=_streams(budgets), partnerships=_partnerships(budgets),
                      schools=_schools(tenant, year) if with_schools else [], history_years=years,
                      history=history, income=income_rows(year))


def kept_year_report(tenant: Tenant, year: FundingYear, *, with_schools: bool) -> YearReport:
    """`year_report`, once per version of funding's data (`funding_version`, one query): the
    budgets, balances, history and income it groups are all funding's. The year is the
    caller's, so a note edited on it is shown at once."""
    version = funding_version(tenant)
    key = f"funding:year-report:t{tenant.pk}:{version}:{year.pk}:{int(with_schools)}"
    found = kept(key, lambda: year_report(tenant, year, with_schools=with_schools),
                 ttl=TOTALS_TTL)
    found.year = year
    found.version = version
    return found
