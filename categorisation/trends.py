"""Whether a school's results really changed: a trend per measure with a stated method, on the
school's own results and, beside it, against national (issue 10, finding 1).

Why not the change in the gap to national with one threshold: national KS2 results rose four
points between 2016-17 and 2018-19, so a school whose own results did not move looked
"declining"; and Progress 8 never moves by 2, so it was always "stable". Here:

- a **percentage** measure (KS2 reading, writing and maths at the expected standard) changes
  really when the change is outside the band of the binomial standard error of the two
  cohorts (1.96 standard errors, in percentage points): a cohort of 15 needs a larger change
  than a cohort of 90, by itself;
- **Progress 8** changes really only when the two years' published confidence intervals do not
  overlap;
- a **point** measure (Attainment 8) changes really outside a band in points the scheme states
  (`att8_band`, 3 points by default).

The school's own direction decides (`Trend.direction`); the change against national is shown
beside it, and given to rules as `Trend.against_national`. A measure at 0% in every year is
"not applicable" (a special school whose pupils do not sit the tests), never "declining".

**Publication calendar and as-at date**: results drive a category only when the school's latest
year is no older than the oldest of the last `limit` published years of that measure at the
as-at date (three by default). No tables were published for 2019-20 and 2020-21; no Progress 8
for 2024-25 and 2025-26; a year's results are taken as published on 1 December of the next
calendar year for key stage 2 and 1 February of the year after for key stage 4 (the revised
tables). A council's provisional results of a year not yet published count: they are newer.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from categorisation.derived import RELEASE_ORDER
from core.years import AcademicYear

YEARS_COMPARED = 3
Z = 1.96  # 95%

# How each headline measure's change is judged.
PERCENTAGE, CONFIDENCE_INTERVAL, POINTS = "percentage", "confidence interval", "points"
METHOD = {"ks2_rwm_expected": PERCENTAGE, "ks4_p8": CONFIDENCE_INTERVAL, "ks4_att8": POINTS}
WORDS = {
    "ks2_rwm_expected": "KS2 reading, writing and maths at the expected standard",
    "ks4_p8": "Progress 8",
    "ks4_att8": "Attainment 8",
}
UNPUBLISHED = {  # start years of the academic years with no published results
    "ks2_rwm_expected": {2019, 2020},
    "ks4_att8": {2019, 2020},
    "ks4_p8": {2019, 2020, 2024, 2025},
}
# (years after the academic year's start, month) the revised results are published.
PUBLISHED_AFTER = {"ks2_rwm_expected": (1, 12), "ks4_att8": (2, 2), "ks4_p8": (2, 2)}
FIRST_YEAR = 2015  # the first year of the current key stage 2 tests and of Progress 8


@dataclass(frozen=True)
class MeasureTrend:
    measure: str
    direction: str  # improving, declining, stable, unknown, not_applicable
    text: str
    against_national: str = "unknown"


@dataclass(frozen=True)
class Trend:
    direction: str  # improving, declining, stable, unknown
    text: str
    gap: Decimal | None = None  # latest mean gap to national, signed so + is better
    against_national: str = "unknown"
    measures: dict[str, MeasureTrend] = field(default_factory=dict)


def published_years(measure: str, as_at: date, limit: int) -> list[int]:
    """The start years of the last `limit` academic years whose results for `measure` were
    published by `as_at`, oldest first."""
    after, month = PUBLISHED_AFTER[measure]
    years = [year for year in range(FIRST_YEAR, as_at.year + 1)
             if year not in UNPUBLISHED[measure] and date(year + after, month, 1) <= as_at]
    return years[-limit:]


def _best_by_year(items: Iterable) -> list:
    best: dict[int, Any] = {}
    for item in items:
        kept = best.get(item.year)
        if kept is None or RELEASE_ORDER.get(item.release, 0) > RELEASE_ORDER.get(kept.release, 0):
            best[item.year] = item
    return [best[year] for year in sorted(best)]


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.1f}"


def _shown(measure: str, value) -> str:
    value = Decimal(value)
    if METHOD[measure] == PERCENTAGE:
        return f"{_number(value)}%"
    if measure == "ks4_p8":
        return f"{value:+.2f}"
    return _number(value)


def _direction(change: float, band: float) -> str:
    return "stable" if abs(change) <= band else "improving" if change > 0 else "declining"


def binomial_band(first: float, last: float, first_cohort: int, last_cohort: int) -> float:
    """1.96 standard errors of the difference of two percentages, in percentage points."""
    variance = (first * (100 - first) / first_cohort + last * (100 - last) / last_cohort)
    return Z * math.sqrt(variance)


def measure_trend(measure: str, items: list, *, att8_band: float = 3.0) -> MeasureTrend:
    """The trend of one measure over `items` (one per year, oldest first, with a value)."""
    words = WORDS[measure]
    first, last = items[0], items[-1]
    years = f"{AcademicYear(first.year).label} to {AcademicYear(last.year).label}"
    if len(items) < 2:
        return MeasureTrend(measure, "unknown",
                            f"{words}: one year of results ({AcademicYear(last.year).label})")
    values = [float(item.value) for item in items]
    method = METHOD[measure]
    change = values[-1] - values[0]
    moved = f"{words} {_shown(measure, first.value)} → {_shown(measure, last.value)} ({years})"
    if method == PERCENTAGE and not any(values):
        return MeasureTrend(measure, "not_applicable",
                            f"{words}: 0% in every year ({years}), so the measure does not "
                            "describe this school's pupils: not applicable")
    if method == PERCENTAGE:
        if not first.cohort or not last.cohort:
            return MeasureTrend(measure, "unknown", f"{moved}: the cohort is not published, so "
                                                    "no real change can be judged")
        band = binomial_band(values[0], values[-1], first.cohort, last.cohort)
        how = (f"cohorts {first.cohort} and {last.cohort}: "
               f"{'within' if abs(change) <= band else 'beyond'} ±{band:.1f} points")
    elif method == CONFIDENCE_INTERVAL:
        if None in (first.ci_low, first.ci_high, last.ci_low, last.ci_high):
            return MeasureTrend(measure, "unknown", f"{moved}: no confidence intervals "
                                                    "published, so no real change can be judged")
        overlap = not (last.ci_low > first.ci_high or last.ci_high < first.ci_low)
        band = math.inf if overlap else 0.0
        how = (f"confidence intervals {float(first.ci_low):+.2f} to {float(first.ci_high):+.2f} "
               f"and {float(last.ci_low):+.2f} to {float(last.ci_high):+.2f} "
               f"{'overlap' if overlap else 'do not overlap'}")
    else:
        band = att8_band
        how = f"{'within' if abs(change) <= band else 'beyond'} ±{band:g} points"
    direction = _direction(change, band)
    result = {"stable": "no real change", "improving": "a real improvement",
              "declining": "a real decline"}[direction]
    text = f"{moved}, {how}: {result}"
    against = "unknown"
    if first.national is not None and last.national is not None:
        gaps = [float(item.value) - float(item.national) for item in (first, last)]
        # National Progress 8 is 0 by construction: against national is the school's own.
        against = (direction if method == CONFIDENCE_INTERVAL
                   else _direction(gaps[1] - gaps[0], band))
        text += (f". Against national: {gaps[0]:+.1f} → {gaps[1]:+.1f}"
                 + ("" if against == direction else f" ({against})"))
    return MeasureTrend(measure, direction, text, against)


def indicator_trend(indicators: Iterable, *, as_at: date, limit: int = 3,
                    att8_band: float = 3.0) -> Trend:
    """The school's trend across its headline measures (see the module's docstring)."""
    by_measure: dict[str, list] = {}
    for item in indicators:
        if item.value is not None and item.measure in METHOD:
            by_measure.setdefault(item.measure, []).append(item)
    if not by_measure:
        return Trend("unknown", "No performance results on record")
    trends: dict[str, MeasureTrend] = {}
    latest_gaps: list[Decimal] = []
    for measure, items in sorted(by_measure.items()):
        kept = _best_by_year(items)
        recent = published_years(measure, as_at, limit)
        if recent and kept[-1].year < recent[0]:
            trends[measure] = MeasureTrend(
                measure, "unknown",
                f"{WORDS[measure]}: the latest results are for "
                f"{AcademicYear(kept[-1].year).label}, older than the last {limit} published "
                f"years at {as_at:%-d %B %Y} ({AcademicYear(recent[0]).label} to "
                f"{AcademicYear(recent[-1]).label}), so they do not count")
            continue
        kept = kept[-YEARS_COMPARED:]
        trends[measure] = measure_trend(measure, kept, att8_band=att8_band)
        if kept[-1].national is not None:
            latest_gaps.append(Decimal(kept[-1].value) - Decimal(kept[-1].national))
    gap = sum(latest_gaps, Decimal(0)) / len(latest_gaps) if latest_gaps else None
    text = "; ".join(trend.text for trend in trends.values())
    return Trend(_overall([t.direction for t in trends.values()]), text, gap,
                 _overall([t.against_national for t in trends.values()]), trends)


def _overall(directions: list[str]) -> str:
    """Improving when some measure really improved and none really declined; declining the
    other way round; stable when the judged measures show no real change, or disagree;
    unknown when no measure could be judged."""
    judged = [d for d in directions if d in ("improving", "declining", "stable")]
    if not judged:
        return "unknown"
    ups, downs = judged.count("improving"), judged.count("declining")
    if ups and not downs:
        return "improving"
    if downs and not ups:
        return "declining"
    return "stable"
