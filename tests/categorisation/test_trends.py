"""Trends with a stated method (issue 10, finding 1): the school's own results decide, a change
is real only beyond the binomial band of its cohorts (percentages), outside overlapping
confidence intervals (Progress 8) or a stated band in points (Attainment 8); results older
than the last published years at the as-at date do not count."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from categorisation import trends

AS_AT = date(2019, 9, 1)


def result(year, value, *, measure="ks2_rwm_expected", national=None, cohort=30,
           ci=None, release="final"):
    low, high = ci if ci is not None else (None, None)
    return SimpleNamespace(
        measure=measure, year=year, release=release,
        value=None if value is None else Decimal(str(value)),
        national=None if national is None else Decimal(str(national)), cohort=cohort,
        ci_low=None if low is None else Decimal(str(low)),
        ci_high=None if high is None else Decimal(str(high)))


def test_a_school_whose_results_held_while_national_rose_is_not_declining():
    # The finding: national KS2 rose 61 -> 65; the school stayed at 60. Against national it
    # fell behind; its own results did not move.
    trend = trends.indicator_trend(
        [result(2016, 60, national=61), result(2017, 60, national=64),
         result(2018, 60, national=65)], as_at=AS_AT)
    assert trend.direction == "stable"
    assert "60% → 60% (2016/17 to 2018/19), cohorts 30 and 30: within ±" in trend.text
    assert "Against national: -1.0 → -5.0" in trend.text


def test_a_small_cohort_needs_a_larger_change_than_a_large_one():
    # 62% -> 45%: ±35 points for cohorts of 15, ±12.4 for cohorts of 120.
    small = trends.indicator_trend([result(2016, 62, cohort=15), result(2018, 45, cohort=15)],
                                   as_at=AS_AT)
    large = trends.indicator_trend([result(2016, 62, cohort=120), result(2018, 45, cohort=120)],
                                   as_at=AS_AT)
    assert (small.direction, large.direction) == ("stable", "declining")
    assert "a real decline" in large.text and "no real change" in small.text


def test_zero_percent_every_year_is_not_applicable_never_declining():
    trend = trends.indicator_trend(
        [result(year, 0, national=61 + year - 2016, cohort=6) for year in (2016, 2017, 2018)],
        as_at=AS_AT)
    assert trend.direction == "unknown"
    assert trend.measures["ks2_rwm_expected"].direction == "not_applicable"
    assert "not applicable" in trend.text


def test_progress_8_changes_only_when_the_confidence_intervals_part():
    overlapping = trends.indicator_trend(
        [result(2016, -0.3, measure="ks4_p8", ci=(-0.6, 0.0)),
         result(2018, 0.1, measure="ks4_p8", ci=(-0.2, 0.4))], as_at=AS_AT)
    apart = trends.indicator_trend(
        [result(2016, -0.6, measure="ks4_p8", ci=(-0.8, -0.4)),
         result(2018, 0.2, measure="ks4_p8", ci=(0.0, 0.4))], as_at=AS_AT)
    assert (overlapping.direction, apart.direction) == ("stable", "improving")
    assert "do not overlap" in apart.text


def test_progress_8_without_intervals_is_not_judged():
    trend = trends.indicator_trend([result(2016, -0.3, measure="ks4_p8"),
                                    result(2018, 0.9, measure="ks4_p8")], as_at=AS_AT)
    assert trend.direction == "unknown"


def test_attainment_8_uses_the_stated_band_in_points():
    items = [result(2016, 45, measure="ks4_att8"), result(2018, 48.5, measure="ks4_att8")]
    assert trends.indicator_trend(items, as_at=AS_AT, att8_band=3).direction == "improving"
    assert trends.indicator_trend(items, as_at=AS_AT, att8_band=4).direction == "stable"


def test_results_older_than_the_last_published_years_do_not_count():
    items = [result(2016, 40, cohort=90), result(2018, 70, cohort=90)]
    assert trends.indicator_trend(items, as_at=AS_AT).direction == "improving"
    later = trends.indicator_trend(items, as_at=date(2026, 12, 5))
    assert later.direction == "unknown"
    assert "older than the last 3 published years" in later.text
    assert "2023/24 to 2025/26" in later.text


def test_the_publication_calendar_skips_the_years_without_tables():
    # No tables for 2019/20 and 2020/21; 2025/26 key stage 2 published on 1 December 2026.
    assert trends.published_years("ks2_rwm_expected", date(2023, 1, 1), 3) == [2017, 2018, 2021]
    assert trends.published_years("ks2_rwm_expected", date(2026, 12, 1), 3) == [
        2023, 2024, 2025]
    # No Progress 8 for 2024/25 and 2025/26.
    assert trends.published_years("ks4_p8", date(2027, 3, 1), 2) == [2022, 2023]


def test_one_year_only_and_no_results_are_unknown():
    assert trends.indicator_trend([result(2018, 60)], as_at=AS_AT).direction == "unknown"
    assert trends.indicator_trend([], as_at=AS_AT).direction == "unknown"


def test_a_revised_release_supersedes_the_provisional_one():
    trend = trends.indicator_trend(
        [result(2016, 60, cohort=200), result(2018, 80, cohort=200, release="provisional"),
         result(2018, 40, cohort=200, release="revised")], as_at=AS_AT)
    assert trend.direction == "declining"


# --- Properties of the pure rule ----------------------------------------------------------

percentages = st.integers(min_value=0, max_value=100)
cohorts = st.integers(min_value=5, max_value=200)


@given(values=st.lists(percentages, min_size=2, max_size=3), cohort=cohorts,
       national=st.lists(st.integers(min_value=40, max_value=80), min_size=3, max_size=3),
       shift=st.integers(min_value=-30, max_value=30))
def test_moving_national_never_changes_the_schools_own_trend(values, cohort, national, shift):
    def own(offset):
        return trends.indicator_trend(
            [result(2016 + at, value, national=national[at] + offset, cohort=cohort)
             for at, value in enumerate(values)], as_at=AS_AT).direction
    assert own(0) == own(shift)


@given(values=st.lists(st.integers(min_value=20, max_value=70), min_size=2, max_size=3),
       shift=st.integers(min_value=-15, max_value=15), band=st.integers(1, 6))
def test_adding_a_constant_to_a_point_measure_never_changes_its_trend(values, shift, band):
    def direction(offset):
        return trends.indicator_trend(
            [result(2016 + at, value + offset, measure="ks4_att8", national=46 + offset)
             for at, value in enumerate(values)], as_at=AS_AT, att8_band=band).direction
    assert direction(0) == direction(shift)


@given(cohort=cohorts, years=st.integers(min_value=2, max_value=3))
def test_a_school_at_100_percent_every_year_is_never_declining(cohort, years):
    trend = trends.indicator_trend([result(2016 + at, 100, national=61 + 2 * at, cohort=cohort)
                                    for at in range(years)], as_at=AS_AT)
    assert trend.direction != "declining"


@given(first=percentages, last=percentages, cohort=cohorts,
       extra=st.integers(min_value=0, max_value=500))
def test_widening_the_cohort_never_flips_a_trend(first, last, cohort, extra):
    def direction(size):
        return trends.indicator_trend([result(2016, first, cohort=size),
                                       result(2018, last, cohort=size)], as_at=AS_AT).direction
    narrow, wide = direction(cohort), direction(cohort + extra)
    assert {narrow, wide} != {"improving", "declining"}
    if narrow != "stable":
        assert wide == narrow
