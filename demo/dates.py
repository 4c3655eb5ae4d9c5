"""Dates that look real: the demo's meetings and visits fall on working days (no weekends, no
England bank holidays: `core.years.is_working_day`), however many weeks before today they are
counted."""

from datetime import date, timedelta

from core.years import is_working_day, working_day_on_or_after

__all__ = ["working_day_between", "working_day_on_or_after", "working_day_on_or_before"]


def working_day_on_or_before(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def working_day_between(day: date, first: date, last: date) -> date:
    """The working day nearest `day` (the one before first) within [first, last]; `day` itself
    if there is none (a window of a weekend only)."""
    for candidate in (working_day_on_or_before(day), working_day_on_or_after(day)):
        if first <= candidate <= last:
            return candidate
    return day
