"""The low-attainment watchlist: bottom quarter nationally on KS2 reading, writing and maths or
on Attainment 8 (overall, and for disadvantaged pupils), or Progress 8 below −0.5 in each of the
last three published years.

The national bottom-quarter thresholds are computed once per (measure, year) over the national
store (`bottom_quartiles`, fed by `selectors.national_bottom_quartiles`), never per school.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from categorisation.derived import RELEASE_ORDER, long_date
from categorisation.flags.base import Flag, RuleVersion
from categorisation.trends import published_years
from core.years import AcademicYear

LOW_ATTAINMENT = RuleVersion(
    "Low-attainment watchlist", "low-attainment/2025-26", date(2025, 9, 1),
    "DfE school improvement 2025-26: bottom quarter nationally of state-funded mainstream "
    "schools on KS2 reading, writing and maths or Attainment 8, overall or disadvantaged; "
    "Progress 8 below -0.5 in each of the last three published years")
# Measure -> (words, the measure whose publication calendar it follows).
QUARTILE_MEASURES = {
    "ks2_rwm_expected": ("KS2 reading, writing and maths at the expected standard",
                         "ks2_rwm_expected"),
    "ks2_rwm_expected_disadvantaged": (
        "KS2 reading, writing and maths at the expected standard, disadvantaged pupils",
        "ks2_rwm_expected"),
    "ks4_att8": ("Attainment 8", "ks4_att8"),
    "ks4_att8_disadvantaged": ("Attainment 8, disadvantaged pupils", "ks4_att8"),
}
PERCENT_MEASURES = {"ks2_rwm_expected", "ks2_rwm_expected_disadvantaged"}
P8_FLOOR = Decimal("-0.5")
P8_YEARS = 3


@dataclass(frozen=True)
class Quartile:
    """The bottom-quarter threshold of one measure in one year: a school at or below it is in
    the bottom quarter of the `schools` state-funded mainstream schools with a value."""

    measure: str
    year: int
    threshold: Decimal
    schools: int


def _best(rows: Iterable) -> dict:
    """(urn, measure, year) -> value of the most final release."""
    best: dict[tuple[int, str, int], tuple[int, Decimal]] = {}
    for measure, year, urn, release, value in rows:
        order = RELEASE_ORDER.get(release, 0)
        kept = best.get((urn, measure, year))
        if kept is None or order > kept[0]:
            best[(urn, measure, year)] = (order, value)
    return {key: value for key, (_, value) in best.items()}


def bottom_quartiles(rows: Iterable) -> dict[tuple[str, int], Quartile]:
    """Thresholds by (measure, year) from `rows` of (measure, year, urn, release, value): the
    lower quartile by the nearest-rank method (the value a quarter of the way up, rounded up),
    one value per school (its most final release)."""
    values: dict[tuple[str, int], list[Decimal]] = {}
    for (_, measure, year), value in _best(rows).items():
        values.setdefault((measure, year), []).append(value)
    result = {}
    for (measure, year), found in values.items():
        found.sort()
        rank = max(1, math.ceil(len(found) / 4))
        result[(measure, year)] = Quartile(measure, year, found[rank - 1], len(found))
    return result


def _shown(measure: str, value: Decimal) -> str:
    if measure in PERCENT_MEASURES:
        return f"{value.normalize():f}%"
    if measure == "ks4_p8":
        return f"{value:+.2f}"
    return f"{value.normalize():f}"


def _school_values(indicators: Sequence) -> dict[tuple[str, int], Decimal]:
    rows = [(i.measure, i.year, 0, i.release, i.value) for i in indicators
            if i.value is not None]
    return {(measure, year): value for (_, measure, year), value in _best(rows).items()}


def low_attainment(indicators: Sequence, *, quartiles: dict, as_at: date,
                   limit: int = 3) -> Flag:
    """Value "yes" when any criterion holds, else "unknown" when one cannot be decided (a
    year's results or its national quarter missing), else "no"; "unknown" too when the school
    has no results in the published years that count at `as_at` (the last `limit` for the
    quarters, the last three for Progress 8)."""
    values = _school_values(indicators)
    inputs: list[str] = []
    statuses: list[str] = []
    for measure, (words, calendar) in QUARTILE_MEASURES.items():
        recent = published_years(calendar, as_at, limit)
        years = [year for year in recent if (measure, year) in values]
        if not years:
            continue
        year = years[-1]
        value, label = values[(measure, year)], AcademicYear(year).label
        quartile = quartiles.get((measure, year))
        if quartile is None:
            statuses.append("unknown")
            inputs.append(f"{words} {label}: {_shown(measure, value)}; no national figures "
                          "for that year, so the bottom quarter is not known")
            continue
        low = value <= quartile.threshold
        statuses.append("yes" if low else "no")
        inputs.append(f"{words} {label}: {_shown(measure, value)}, "
                      f"{'in' if low else 'above'} the bottom quarter nationally (at or below "
                      f"{_shown(measure, quartile.threshold)} of {quartile.schools} "
                      "state-funded mainstream schools)")
    p8_years = published_years("ks4_p8", as_at, P8_YEARS)
    p8 = {year: values[("ks4_p8", year)] for year in p8_years if ("ks4_p8", year) in values}
    if p8:
        shown = ", ".join(f"{AcademicYear(year).label} {_shown('ks4_p8', value)}"
                          for year, value in sorted(p8.items()))
        if any(value >= P8_FLOOR for value in p8.values()):
            statuses.append("no")
            inputs.append(f"Progress 8 {shown}: not below -0.5 in every published year")
        elif len(p8) < len(p8_years):
            statuses.append("unknown")
            inputs.append(f"Progress 8 {shown}: below -0.5, but not every one of the last "
                          f"{P8_YEARS} published years is on record")
        else:
            statuses.append("yes")
            inputs.append(f"Progress 8 {shown}: below -0.5 in each of the last {P8_YEARS} "
                          "published years")
    if "yes" in statuses:
        return Flag(LOW_ATTAINMENT, "yes", "On the low-attainment watchlist", tuple(inputs),
                    raised=True)
    if not statuses:
        return Flag(LOW_ATTAINMENT, "unknown",
                    "Not known: no results in the published years that count at "
                    f"{long_date(as_at)}", ())
    if "unknown" in statuses:
        return Flag(LOW_ATTAINMENT, "unknown", "Not known: a criterion cannot be decided",
                    tuple(inputs))
    return Flag(LOW_ATTAINMENT, "no", "Not on the low-attainment watchlist", tuple(inputs))
