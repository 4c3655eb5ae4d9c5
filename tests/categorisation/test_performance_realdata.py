"""The real DfE performance files in ../shared/data/real/performance (skipped where absent)."""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from categorisation import performance
from categorisation.importing import indicators_import
from categorisation.models import PerformanceIndicator

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "real" / "performance"
TODAY = date(2026, 3, 1)
pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(not REAL.is_dir(), reason=f"real performance files not found at {REAL}"),
]


def parse(path: str) -> performance.PerformanceParse:
    file = REAL / path
    if not file.is_file():
        pytest.skip(f"{path} not found")
    return performance.parse_file(file.read_bytes(), today=TODAY, name=file.name)


@pytest.mark.parametrize(("path", "schools", "values", "suppressed", "disadvantaged"), [
    ("ks2/2016-2017_850_ks2final.csv", 328, 317, 5, (191, 112)),
    ("ks2/2017-2018_936_ks2final.csv", 235, 223, 2, (148, 75)),
    ("ks2/2018-2019_850_ks2final.csv", 331, 323, 3, (187, 125)),
])
def test_every_ks2_year_format_parses_with_its_school_counts(path, schools, values, suppressed,
                                                             disadvantaged):
    parsed = parse(path)
    assert parsed.errors == []
    assert parsed.schools == schools
    assert parsed.count_by_measure() == {
        "ks2_rwm_expected": {"values": values, "suppressed": suppressed},
        # PTRWM_EXP_FSM6CLA1A: disadvantaged pupils, suppressed far more often (small groups).
        "ks2_rwm_expected_disadvantaged": {"values": disadvantaged[0],
                                           "suppressed": disadvantaged[1]}}
    assert parsed.suppression_counts() == {"SUPP": suppressed + disadvantaged[1]}


@pytest.mark.parametrize(("path", "year", "national", "disadvantaged"), [
    ("ks2/2016-2017_936_ks2final.csv", 2016, "61", "47"),
    ("ks2/2017-2018_850_ks2final.csv", 2017, "64", "51"),
    ("ks2/2018-2019_936_ks2final.csv", 2018, "65", "51"),
])
def test_the_ks2_national_comparator_is_read_from_the_national_row(path, year, national,
                                                                   disadvantaged):
    parsed = parse(path)
    assert (parsed.year, parsed.national) == (year, {
        "ks2_rwm_expected": Decimal(national),
        "ks2_rwm_expected_disadvantaged": Decimal(disadvantaged)})


def test_ks4_2016_17_reads_attainment_8_progress_8_and_their_codes():
    parsed = parse("ks4/2016-2017_850_ks4final.csv")
    assert parsed.errors == []
    assert parsed.schools == 123
    assert parsed.national == {"ks4_att8": Decimal("46.3"), "ks4_p8": Decimal("-0.03"),
                               "ks4_att8_disadvantaged": Decimal("37")}
    assert parsed.count_by_measure() == {
        "ks4_att8": {"values": 105, "suppressed": 15},
        "ks4_p8": {"values": 82, "suppressed": 38},
        "ks4_att8_disadvantaged": {"values": 76, "suppressed": 44}}
    assert parsed.suppression_counts() == {"NP": 65, "SUPP": 25, "NE": 7}


def test_ks4_2018_19_with_its_different_columns_parses_too():
    parsed = parse("ks4/2018-2019_936_ks4final.csv")
    assert parsed.errors == []
    assert (parsed.schools, parsed.year) == (130, 2018)
    assert parsed.national == {"ks4_att8": Decimal("46.7"), "ks4_p8": Decimal("-0.03"),
                               "ks4_att8_disadvantaged": Decimal("36.7")}


def test_the_ees_england_file_parses_every_school():
    parsed = parse("ks4/2023-2024_england_ks4_school_information_ees.csv")
    assert parsed.errors == []
    assert (parsed.format, parsed.year, parsed.release) == ("ees_school", 2023, "final")
    assert parsed.schools == 5709
    assert parsed.count_by_measure()["ks4_att8_disadvantaged_gap"] == {
        "values": 3446, "suppressed": 2263}


@pytest.mark.parametrize("year", ["2016-2017", "2017-2018", "2018-2019"])
def test_the_dfe_metadata_names_the_columns_read_with_the_meaning_assumed(year):
    meta = REAL / "metadata"
    ks2 = {row[1]: row[2] for row in csv.reader((meta / f"{year}_ks2_meta.csv").open(
        encoding="utf-8-sig")) if len(row) > 2}
    ks4 = {row[1]: row[2] for row in csv.reader((meta / f"{year}_ks4_final_meta.csv").open(
        encoding="utf-8-sig")) if len(row) > 2}
    assert "expected standard in reading, writing and maths" in ks2["PTRWM_EXP"]
    assert ks2["RECTYPE"].startswith("Record type")
    if year == "2018-2019":  # the older metadata names RECTYPE without listing its values
        assert "5=National (state-funded schools only)" in ks2["RECTYPE"]
    assert ks4["ATT8SCR"] == "Average Attainment 8 score per pupil"
    assert ks4["P8MEA"].startswith("Progress 8 measure")
    assert "7=national (maintained schools)" in ks4["RECTYPE"].lower()


@pytest.mark.django_db
def test_three_years_of_hampshire_ks2_import_and_reimport_idempotently():
    total = 0
    for year in ("2016-2017", "2017-2018", "2018-2019"):
        file = REAL / "ks2" / f"{year}_850_ks2final.csv"
        result = indicators_import(file=file.read_bytes(), name=file.name, today=TODAY)
        assert result.ok
        total += result.created
    # Overall and disadvantaged results (PTRWM_EXP_FSM6CLA1A) of every school with either.
    assert total == PerformanceIndicator.objects.count() == 625 + 636 + 638
    again = indicators_import(file=file.read_bytes(), name=file.name, today=TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 638)
    years = PerformanceIndicator.objects.filter(measure="ks2_rwm_expected").values_list(
        "urn", flat=True)
    assert max(list(years).count(urn) for urn in set(years)) == 3


def ks2_trends(la: str, as_at: date) -> dict:
    """The trend of every school of an LA's KS2 files 2016-17 to 2018-19, by URN."""
    from types import SimpleNamespace

    from categorisation import trends

    by_urn: dict[int, list] = {}
    for year in (2016, 2017, 2018):
        for item in parse(f"ks2/{year}-{year + 1}_{la}_ks2final.csv").indicators:
            if item["measure"] == "ks2_rwm_expected":  # the trend's measure, not disadvantaged
                by_urn.setdefault(item["urn"], []).append(SimpleNamespace(**item))
    return {urn: (trends.indicator_trend(items, as_at=as_at), items)
            for urn, items in by_urn.items()}


@pytest.mark.parametrize("la", ["850", "936"])
def test_on_the_real_ks2_files_no_school_whose_results_held_is_declining(la):
    """Finding 1 on the Hampshire (850) and Surrey (936) files: with the old gap rule, schools
    whose own results did not fall — one at 100% in all three years, special schools at 0% —
    were "declining". Judged at December 2019, after the 2018/19 tables."""
    found = ks2_trends(la, date(2019, 12, 5))
    counts: dict[str, int] = {}
    for urn, (trend, items) in found.items():
        counts[trend.direction] = counts.get(trend.direction, 0) + 1
        values = [item.value for item in sorted(items, key=lambda i: i.year)
                  if item.value is not None]
        if trend.direction == "declining":
            assert values[-1] < values[0], (urn, trend.text)
        if values and all(value == 100 for value in values):
            assert trend.direction != "declining"
        if len(values) > 1 and not any(values):
            assert trend.measures["ks2_rwm_expected"].direction == "not_applicable"
    print(f"LA {la} KS2 trends at 5 December 2019: {dict(sorted(counts.items()))}")
    assert counts.get("declining", 0) < counts.get("stable", 0)
    # Judged today, 2016-19 results are far older than the last three published years.
    today = ks2_trends(la, date(2026, 12, 5))
    assert {trend.direction for trend, _items in today.values()} == {"unknown"}
