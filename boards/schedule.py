"""A board's year of meetings from the school calendar (pure: no database).

Dorset's School Improvement Board meets once a half-term, plus once at the start of the year to
look at the results, for two hours. So: one meeting in each of the year's six half-terms on the
board's usual weekday — its Nth such weekday, N chosen (the last of a half-term too short for
it) — and the results meeting on the autumn term's second such weekday (the first week is often
training days).

A day that is a bank holiday, a weekend or outside the half-terms (a school holiday) is moved to
the next working day of the same half-term — or, when none is left, the working day before it —
with the reason kept for the page. Meetings the board already has in a half-term keep its slots
(in date order; a cancelled one too: the clerk decided that half-term), so generating twice
plans nothing new.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import holidays

from core.years import SchoolCalendar, is_working_day

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
RESULTS_WEEK = 2
WEEK_CHOICES = (3, 4, 5, 6, 7)
DEFAULT_WEEKDAY = 1  # Tuesday
DEFAULT_WEEK = 4
DEFAULT_TIME = (14, 0)
DEFAULT_MINUTES = 120
HALF_TERM_NAMES = ("Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2")

RESULTS = "results"
HALF_TERMLY = "half-termly"
NEW, KEPT, PAST, NO_DAY = "new", "kept", "past", "no day"


def _long(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def usual_day(start: date, end: date, weekday: int, week: int) -> date:
    """The half-term's `week`th `weekday` (0 Monday), or its last such weekday when it has
    fewer; its first day when it has none at all."""
    first = start + timedelta(days=(weekday - start.weekday()) % 7)
    day = first + timedelta(weeks=week - 1)
    while day > end and day - timedelta(weeks=1) >= start:
        day -= timedelta(weeks=1)
    return day if day <= end else start


def why_not(day: date, calendar: SchoolCalendar) -> str | None:
    """Why a board cannot meet on `day` (None when it can)."""
    name = holidays.UK(subdiv="ENG", years=day.year).get(day)
    if name:
        return f"{_long(day)} is a bank holiday ({name})"
    if day.weekday() >= 5:
        return f"{_long(day)} is a weekend"
    if not any(start <= day <= end for start, end in calendar.half_terms):
        return f"{_long(day)} is in the school holidays"
    if not is_working_day(day):
        return f"{_long(day)} is not a working day"
    return None


def place(usual: date, start: date, end: date,
          calendar: SchoolCalendar) -> tuple[date | None, str]:
    """The day the meeting falls on, and why it moved from `usual` ("" when it did not)."""
    reason = why_not(usual, calendar)
    if reason is None:
        return usual, ""
    day = usual + timedelta(days=1)
    while day <= end:
        if why_not(day, calendar) is None:
            return day, f"Moved from {reason}: the next working day of the half-term."
        day += timedelta(days=1)
    day = usual - timedelta(days=1)
    while day >= start:
        if why_not(day, calendar) is None:
            return day, (f"Moved from {reason}: the half-term has no working day after it, so "
                         "the working day before.")
        day -= timedelta(days=1)
    return None, f"Not planned: {reason}, and the half-term has no working day."


@dataclass(frozen=True)
class Slot:
    half_term: int  # 1 to 6
    kind: str  # RESULTS or HALF_TERMLY
    usual: date
    day: date | None
    reason: str  # why it moved; "" when it did not

    @property
    def half_term_name(self) -> str:
        return HALF_TERM_NAMES[self.half_term - 1]

    @property
    def label(self) -> str:
        return ("Start-of-year results meeting" if self.kind == RESULTS
                else f"{self.half_term_name} meeting")


def slots(calendar: SchoolCalendar, *, weekday: int, week: int) -> list[Slot]:
    """The year's seven meetings: the results meeting, then one per half-term."""
    made = []
    for number, (start, end) in enumerate(calendar.half_terms, start=1):
        weeks = ((RESULTS, RESULTS_WEEK), (HALF_TERMLY, week)) if number == 1 else \
            ((HALF_TERMLY, week),)
        for kind, in_week in weeks:
            usual = usual_day(start, end, weekday, in_week)
            day, reason = place(usual, start, end, calendar)
            made.append(Slot(number, kind, usual, day, reason))
    return made


@dataclass(frozen=True)
class Row:
    slot: Slot
    status: str  # NEW, KEPT, PAST or NO_DAY
    kept: object | None = None  # the board's meeting that keeps the slot

    @property
    def is_new(self) -> bool:
        return self.status == NEW


def plan(calendar: SchoolCalendar, *, weekday: int, week: int, today: date,
         existing: Sequence[tuple[date, object]]) -> list[Row]:
    """What generating would do: each slot new, kept by a meeting the board already has in
    that half-term (its meetings there, in date order, keep its slots in order), already past,
    or with no day. `existing` is (date, meeting) for the board's meetings, cancelled ones
    included."""
    rows, every = [], slots(calendar, weekday=weekday, week=week)
    for number, (start, end) in enumerate(calendar.half_terms, start=1):
        there = sorted((pair for pair in existing if start <= pair[0] <= end),
                       key=lambda pair: pair[0])
        mine = [slot for slot in every if slot.half_term == number]
        for index, slot in enumerate(mine):
            if index < len(there):
                rows.append(Row(slot, KEPT, there[index][1]))
            elif slot.day is None:
                rows.append(Row(slot, NO_DAY))
            elif slot.day <= today:
                rows.append(Row(slot, PAST))
            else:
                rows.append(Row(slot, NEW))
    return rows
