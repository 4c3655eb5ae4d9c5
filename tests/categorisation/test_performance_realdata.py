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


@pytest.mark.parametrize(("path", "schools", "values", "suppressed"), [
    ("ks2/2016-2017_850_ks2final.csv", 328, 317, 5),
    ("ks2/2017-2018_936_ks2final.csv", 235, 223, 2),
    ("ks2/2018-2019_850_ks2final.csv", 331, 323, 3),
])
def test_every_ks2_year_format_parses_with_its_school_counts(path, schools, values, suppressed):
    parsed = parse(path)
    assert parsed.errors == []
    assert parsed.schools == schools
    assert parsed.count_by_measure() == {
        "ks2_rwm_expected": {"values": values, "suppressed": suppressed}}
    assert parsed.suppression_counts() == {"SUPP": suppressed}


@pytest.mark.parametrize(("path", "year", "national"), [
    ("ks2/2016-2017_936_ks2final.csv", 2016, "61"),
    ("ks2/2017-2018_850_ks2final.csv", 2017, "64"),
    ("ks2/2018-2019_936_ks2final.csv", 2018, "65"),
])
def test_the_ks2_national_comparator_is_read_from_the_national_row(path, year, national):
    parsed = parse(path)
    assert (parsed.year, parsed.national) == (year, {"ks2_rwm_expected": Decimal(national)})


def test_ks4_2016_17_reads_attainment_8_progress_8_and_their_codes():
    parsed = parse("ks4/2016-2017_850_ks4final.csv")
    assert parsed.errors == []
    assert parsed.schools == 123
    assert parsed.national == {"ks4_att8": Decimal("46.3"), "ks4_p8": Decimal("-0.03")}
    assert parsed.count_by_measure() == {"ks4_att8": {"values": 105, "suppressed": 15},
                                         "ks4_p8": {"values": 82, "suppressed": 38}}
    assert parsed.suppression_counts() == {"NP": 32, "SUPP": 14, "NE": 7}


def test_ks4_2018_19_with_its_different_columns_parses_too():
    parsed = parse("ks4/2018-2019_936_ks4final.csv")
    assert parsed.errors == []
    assert (parsed.schools, parsed.year) == (130, 2018)
    assert parsed.national == {"ks4_att8": Decimal("46.7"), "ks4_p8": Decimal("-0.03")}


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
    assert total == PerformanceIndicator.objects.count() == 322 + 324 + 326
    again = indicators_import(file=file.read_bytes(), name=file.name, today=TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 326)
    years = PerformanceIndicator.objects.values_list("urn", flat=True)
    assert max(list(years).count(urn) for urn in set(years)) == 3
