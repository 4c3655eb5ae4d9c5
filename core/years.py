"""Years, terms and working days: the one place that knows the school and financial calendars.

- An **academic year** runs 1 September to 31 August and is named by the year it starts in
  (`AcademicYear(2025)` is "2025/26"); results, entitlements and visits belong to one.
- A **financial year** runs 1 April to 31 March (`FinancialYear(2025)` is "2025-26"); every
  amount of money belongs to one. An academic-year sum is profiled across its two financial
  years: September to March (7 months) in the first, April to August (5 months) in the second.
- A **school calendar** is a year's six half-terms. England's schools set their own dates, so a
  tenant may store its own (`core.models.SchoolCalendarYear`); until it does, the default is
  the pattern the product has always assumed: half-terms from 1 September, 1 November,
  1 January, 22 February, 15 April and 1 June, teaching ending on 20 July.
- **Working days** skip weekends and England's bank holidays (the `holidays` package, offline):
  "papers out five clear working days before the meeting".
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    # A table rather than calendar.monthrange, which works out the weekday too: a GIAS import
    # asks this for every distinct date of 25,000 rows.
    if month == 2 and calendar.isleap(year):
        return 29
    return _MONTH_DAYS[month]


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), on the month's last day when it is shorter:
    31 January + 1 month is 28 (or 29) February."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, days_in_month(year, month)))


@dataclass(frozen=True, order=True)
class AcademicYear:
    start_year: int

    @classmethod
    def of(cls, day: date) -> AcademicYear:
        return cls(day.year if day.month >= 9 else day.year - 1)

    @property
    def start(self) -> date:
        return date(self.start_year, 9, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 8, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    def __str__(self) -> str:
        return self.label

    def shifted(self, years: int) -> AcademicYear:
        return AcademicYear(self.start_year + years)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def has_ended(self, today: date) -> bool:
        """Whether the year is over: its results exist only from 31 August."""
        return self.end <= today

    def date_of(self, month: int, day: int) -> date:
        """The date with this month and day inside the year (September-December in its first
        calendar year, January-August in its second)."""
        return date(self.start_year if month >= 9 else self.start_year + 1, month, day)

    def financial_years(self) -> tuple[tuple[FinancialYear, int], tuple[FinancialYear, int]]:
        """The two financial years the academic year spans, with its months in each (7, 5)."""
        return ((FinancialYear(self.start_year), 7), (FinancialYear(self.start_year + 1), 5))


@dataclass(frozen=True, order=True)
class FinancialYear:
    start_year: int

    @classmethod
    def of(cls, day: date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def start(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    def __str__(self) -> str:
        return self.label

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


# --- The school calendar -------------------------------------------------------------------

DEFAULT_HALF_TERM_STARTS = ((9, 1), (11, 1), (1, 1), (2, 22), (4, 15), (6, 1))
DEFAULT_TEACHING_ENDS = (7, 20)
TERM_NAMES = ("autumn", "spring", "summer")


@dataclass(frozen=True)
class Term:
    name: str  # "autumn", "spring" or "summer"
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class SchoolCalendar:
    """A year's six half-terms, (first day, last day) each, in order."""

    year: AcademicYear
    half_terms: tuple[tuple[date, date], ...]
    is_default: bool = True

    @classmethod
    def default(cls, year: AcademicYear) -> SchoolCalendar:
        starts = [year.date_of(*start) for start in DEFAULT_HALF_TERM_STARTS]
        ends = [next_start - timedelta(days=1) for next_start in starts[1:]]
        ends.append(year.date_of(*DEFAULT_TEACHING_ENDS))
        return cls(year=year, half_terms=tuple(zip(starts, ends, strict=True)))

    @property
    def half_term_starts(self) -> list[date]:
        return [start for start, _ in self.half_terms]

    @property
    def terms(self) -> list[Term]:
        """Autumn, spring and summer: each two half-terms."""
        return [Term(name, self.half_terms[2 * index][0], self.half_terms[2 * index + 1][1])
                for index, name in enumerate(TERM_NAMES)]

    @property
    def teaching_starts(self) -> date:
        return self.half_terms[0][0]

    @property
    def teaching_ends(self) -> date:
        return self.half_terms[-1][1]

    def term_containing(self, day: date) -> Term | None:
        """The term `day` falls in (a holiday counts with the term before it)."""
        found = None
        for term in self.terms:
            if term.starts_on <= day:
                found = term
        return found


def check_half_terms(year: AcademicYear, half_terms) -> list[str]:
    """What is wrong with six (first day, last day) pairs for `year`, as sentences naming the
    half-term; empty when they are right."""
    problems = []
    if len(half_terms) != 6:
        return ["Give all six half-terms."]
    previous_end = None
    for number, (start, end) in enumerate(half_terms, start=1):
        if start is None or end is None:
            problems.append(f"Half-term {number}: give its first and last day.")
            continue
        if not (year.contains(start) and year.contains(end)):
            problems.append(f"Half-term {number}: its dates must fall in {year.label} "
                            f"(1 September to 31 August).")
        if end < start:
            problems.append(f"Half-term {number}: the last day is before the first.")
        if previous_end is not None and start <= previous_end:
            problems.append(f"Half-term {number}: it starts before half-term {number - 1} ends.")
        previous_end = end
    return problems


# --- Working days --------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.UK(subdiv="ENG", years=year))


def bank_holidays(start: date, end: date) -> list[date]:
    """England's bank holidays from `start` to `end`, inclusive."""
    return sorted(day for year in range(start.year, end.year + 1)
                  for day in _bank_holidays(year) if start <= day <= end)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_day_on_or_after(day: date) -> date:
    """`day` when it is a working day, else the next one (after a weekend or a bank holiday)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def clear_working_days_between(first: date, last: date) -> int:
    """Working days strictly between two dates: papers sent on `first` for a meeting on `last`
    are out `clear_working_days_between(first, last)` clear working days before it."""
    days, day = 0, first + timedelta(days=1)
    while day < last:
        days += is_working_day(day)
        day += timedelta(days=1)
    return days


def working_days_before(day: date, count: int) -> date:
    """The last working day that still leaves `count` clear working days before `day`: when
    papers must be out by."""
    candidate = day - timedelta(days=1)
    while not is_working_day(candidate) or clear_working_days_between(candidate, day) < count:
        candidate -= timedelta(days=1)
    return candidate
