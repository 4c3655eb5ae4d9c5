"""Parsing DfE performance files: formats, comparators, suppression codes and bad input."""

from datetime import date
from decimal import Decimal

from categorisation import performance
from tests.categorisation.performance_files import KS2_HEADER, ees, ks2, ks4

TODAY = date(2026, 3, 1)
KS2_NAME = "2018-2019_865_ks2final.csv"
KS4_NAME = "2018-2019_865_ks4final.csv"


def by_urn(parsed) -> dict:
    return {(item["urn"], item["measure"]): item for item in parsed.indicators}


def test_a_ks2_per_la_file_is_recognised_with_its_year_and_release_from_the_name():
    parsed = performance.parse_file(ks2(), today=TODAY, name=KS2_NAME)
    assert parsed.errors == []
    assert (parsed.format, parsed.year, parsed.release) == ("ks2_final", 2018, "final")


def test_ks2_reading_writing_maths_percentages_lose_their_percent_sign():
    item = by_urn(performance.parse_file(ks2(), today=TODAY, name=KS2_NAME))[
        (126001, "ks2_rwm_expected")]
    assert item["value"] == Decimal("72")
    assert item["suppression"] == ""


def test_the_ks2_national_comparator_is_the_state_funded_row_not_the_la_row():
    parsed = performance.parse_file(ks2(national="65%"), today=TODAY, name=KS2_NAME)
    assert parsed.national == {"ks2_rwm_expected": Decimal("65")}
    assert by_urn(parsed)[(126001, "ks2_rwm_expected")]["national"] == Decimal("65")


def test_a_suppressed_value_is_stored_as_no_value_with_its_code_never_a_zero():
    item = by_urn(performance.parse_file(ks2(), today=TODAY, name=KS2_NAME))[
        (126002, "ks2_rwm_expected")]
    assert item["value"] is None
    assert item["suppression"] == "SUPP"


def test_a_real_zero_stays_a_zero():
    item = by_urn(performance.parse_file(ks2(), today=TODAY, name=KS2_NAME))[
        (126009, "ks2_rwm_expected")]
    assert item["value"] == Decimal("0")


def test_a_school_with_a_short_row_and_no_results_gets_no_indicator():
    parsed = performance.parse_file(ks2(), today=TODAY, name=KS2_NAME)
    assert parsed.schools == 4
    assert (126003, "ks2_rwm_expected") not in by_urn(parsed)


def test_ks4_reads_attainment_8_and_progress_8_with_the_maintained_national_row():
    parsed = performance.parse_file(ks4(), today=TODAY, name=KS4_NAME)
    assert parsed.errors == []
    assert parsed.format == "ks4_final"
    assert parsed.national == {"ks4_att8": Decimal("46.7"), "ks4_p8": Decimal("-0.03")}
    items = by_urn(parsed)
    assert items[(126101, "ks4_att8")]["value"] == Decimal("46")
    assert items[(126101, "ks4_p8")]["value"] == Decimal("-0.25")
    assert (items[(126102, "ks4_att8")]["suppression"],
            items[(126102, "ks4_p8")]["suppression"]) == ("NE", "NP")


def test_an_ees_file_takes_its_year_and_release_from_its_columns():
    parsed = performance.parse_file(ees(), today=TODAY, name="ks4_school_info.csv")
    assert parsed.errors == []
    assert (parsed.format, parsed.year, parsed.release) == ("ees_school", 2023, "final")
    assert parsed.schools == 3


def test_ees_national_rows_give_the_comparator_and_lower_case_codes_are_kept():
    items = by_urn(performance.parse_file(ees(), today=TODAY))
    gap = items[(126101, "ks4_att8_disadvantaged_gap")]
    assert (gap["value"], gap["national"]) == (Decimal("-12.1"), Decimal("-15.2"))
    assert items[(126102, "ks4_p8_disadvantaged_gap")]["suppression"] == "c"
    assert items[(126103, "ks4_p8_disadvantaged_gap")]["suppression"] == "z"


def test_the_disadvantaged_gaps_are_not_headline_measures_for_the_trend():
    assert {"ks2_rwm_expected", "ks4_att8", "ks4_p8"} == performance.HEADLINE_MEASURES


def test_the_year_chosen_by_the_person_importing_wins_over_the_file_name():
    parsed = performance.parse_file(ks2(), today=TODAY, name=KS2_NAME, year=2017)
    assert parsed.year == 2017
    assert {item["year"] for item in parsed.indicators} == {2017}


def test_a_file_without_a_known_year_is_refused():
    parsed = performance.parse_file(ks2(), today=TODAY, name="results.csv")
    assert [(e.row, e.column) for e in parsed.errors] == [(0, "")]
    assert "academic year is not known" in parsed.errors[0].message
    assert parsed.indicators == []


def test_an_academic_year_that_has_not_ended_is_refused():
    parsed = performance.parse_file(ks2(), today=TODAY, name="2025-2026_865_ks2final.csv")
    assert "2025/26 has not ended" in parsed.errors[0].message
    assert parsed.indicators == []


def test_a_future_year_in_an_ees_file_is_reported_on_its_row_and_column():
    parsed = performance.parse_file(ees(period="202526"), today=TODAY)
    assert [(e.row, e.column) for e in parsed.errors][:1] == [(2, "time_period")]


def test_a_file_in_the_wrong_format_is_refused_as_a_whole():
    parsed = performance.parse_file("URN,Inspection number\n100001,X1\n", today=TODAY,
                                    name=KS2_NAME)
    assert parsed.format == ""
    assert "not a performance tables file" in parsed.errors[0].message


def test_an_unknown_code_is_reported_by_row_and_column():
    rows = [["1", "a", "865", "2001", "126001", "Avonside", "Calne", "30", "n/a", "10%", "0"]]
    parsed = performance.parse_file(ks2(rows), today=TODAY, name=KS2_NAME)
    assert [(e.row, e.column) for e in parsed.errors] == [(2, "PTRWM_EXP")]
    assert "'n/a' is neither a number nor a known suppression code" in parsed.errors[0].message


def test_a_value_out_of_range_is_reported():
    rows = [["1", "a", "865", "2001", "126001", "Avonside", "Calne", "30", "172%", "10%", "0"]]
    parsed = performance.parse_file(ks2(rows), today=TODAY, name=KS2_NAME)
    assert [(e.row, e.column) for e in parsed.errors] == [(2, "PTRWM_EXP")]


def test_a_malformed_urn_and_an_unknown_record_type_are_reported_on_their_rows():
    rows = [["1", "a", "865", "2001", "12A001", "Avonside", "Calne", "30", "72%", "10%", "0"],
            ["9", "b", "865", "2002", "126002", "Bishops", "Devizes", "9", "70%", "10%", "0"]]
    parsed = performance.parse_file(ks2(rows), today=TODAY, name=KS2_NAME)
    assert [(e.row, e.column) for e in parsed.errors] == [(2, "URN"), (3, "RECTYPE")]


def test_a_row_longer_than_the_header_is_reported():
    rows = [["1", "a", "865", "2001", "126001", "Avonside", "Calne", "30", "72%", "10%", "0",
             "extra"]]
    parsed = performance.parse_file(ks2(rows), today=TODAY, name=KS2_NAME)
    assert parsed.errors[0].row == 2
    assert f"the header has {len(KS2_HEADER)}" in parsed.errors[0].message


def test_a_urn_twice_in_one_file_is_reported():
    row = ["1", "a", "865", "2001", "126001", "Avonside", "Calne", "30", "72%", "10%", "0"]
    parsed = performance.parse_file(ks2([row, row]), today=TODAY, name=KS2_NAME)
    assert [(e.row, e.column) for e in parsed.errors] == [(3, "URN")]


def test_names_of_files_give_their_academic_year():
    assert performance.year_from_name("2016-2017_850_ks2final.csv") == 2016
    assert performance.year_from_name("2018_2019_ks4_final.csv") == 2018
    assert performance.year_from_name("ks2_2019-20.csv") == 2019
    assert performance.year_from_name("2016-2018.csv") is None
