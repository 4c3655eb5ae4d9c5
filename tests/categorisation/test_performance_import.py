"""indicators_import: writes the public store all or nothing, idempotently; the trend reads it."""

from datetime import date
from decimal import Decimal

import pytest

from categorisation import trends
from categorisation.importing import indicator_trend_rows, indicators_import
from categorisation.models import PerformanceIndicator
from tests.categorisation.performance_files import ks2

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 1)


def school_row(urn: str, value: str) -> list[str]:
    return ["1", "a", "865", "2001", urn, "Avonside Primary School", "Calne", "30", value, "10%",
            "0"]


def test_a_ks2_file_creates_one_indicator_per_school_with_a_value_or_a_code():
    result = indicators_import(file=ks2(), name="2018-2019_865_ks2final.csv", today=TODAY)
    assert result.ok
    assert result.created == PerformanceIndicator.objects.count() == 3
    suppressed = PerformanceIndicator.objects.get(urn=126002)
    assert (suppressed.value, suppressed.suppression) == (None, "SUPP")
    stored = PerformanceIndicator.objects.get(urn=126001)
    assert (stored.measure, stored.year, stored.release, stored.value, stored.national) == (
        "ks2_rwm_expected", 2018, "final", Decimal("72"), Decimal("65"))
    assert stored.source == "2018-2019_865_ks2final.csv"
    assert result.affected_urns == {126001, 126002, 126009}


def test_reimporting_the_same_file_changes_nothing_and_affects_no_school():
    indicators_import(file=ks2(), name="2018-2019_865_ks2final.csv", today=TODAY)
    again = indicators_import(file=ks2(), name="2018-2019_865_ks2final.csv", today=TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert again.affected_urns == set()
    assert PerformanceIndicator.objects.count() == 3


def test_a_changed_value_updates_only_that_school():
    name = "2018-2019_865_ks2final.csv"
    indicators_import(file=ks2([school_row("126001", "72%"), school_row("126002", "50%")]),
                      name=name, today=TODAY)
    result = indicators_import(
        file=ks2([school_row("126001", "72%"), school_row("126002", "SUPP")]), name=name,
        today=TODAY)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert result.affected_urns == {126002}
    changed = PerformanceIndicator.objects.get(urn=126002)
    assert (changed.value, changed.suppression) == (None, "SUPP")


def test_a_file_with_one_bad_row_writes_nothing():
    result = indicators_import(
        file=ks2([school_row("126001", "72%"), school_row("126002", "seventy")]),
        name="2018-2019_865_ks2final.csv", today=TODAY)
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "PTRWM_EXP")]
    assert PerformanceIndicator.objects.count() == 0
    assert result.affected_urns == set()


def test_each_year_is_kept_and_the_trend_reads_up_to_three_of_them():
    for year, value in ((2016, "50%"), (2017, "58%"), (2018, "66%"), (2015, "90%")):
        indicators_import(file=ks2([school_row("126001", value)], national="60%"),
                          name=f"{year}-{year + 1}_865_ks2final.csv", today=TODAY)
    indicators = list(PerformanceIndicator.objects.filter(urn=126001))
    assert len(indicators) == 4
    trend = trends.indicator_trend(indicators, as_at=date(2019, 9, 1))
    # 50% -> 66% with the file's cohort of 30 each year: within the binomial band (±24.6), so
    # no real change — 16 points is what chance gives 30 pupils.
    assert trend.direction == "stable"
    assert "2016/17 to 2018/19" in trend.text and "cohorts 30 and 30: within ±24.6" in trend.text
    rows = indicator_trend_rows(urn=126001)
    assert [row["year"] for row in rows] == ["2016/17", "2017/18", "2018/19"]
