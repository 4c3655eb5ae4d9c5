"""Reading GIAS CSVs: encodings, the spill-over column, dates, formats and every bad file."""

from pathlib import Path

import pytest

from schools import gias
from schools.models import Governance, Phase

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "gias"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def by_urn(parsed: gias.EstablishmentFile) -> dict[int, dict[str, str]]:
    return {row.urn: dict(zip(parsed.fields, row.values, strict=True)) for row in parsed.rows}


def rejection(data: bytes, **kwargs) -> gias.RowError:
    with pytest.raises(gias.FileRejected) as caught:
        gias.parse_establishments(data, **kwargs)
    return caught.value.error


def test_it_reads_a_utf8_file_with_a_byte_order_mark():
    parsed = gias.parse_establishments(read("establishments_utf8_bom.csv"))
    assert parsed.encoding == "UTF-8 with BOM"
    assert parsed.errors == []
    assert [row.urn for row in parsed.rows] == [126001, 126002, 148001, 126005, 126006, 113001]


def test_it_reads_a_windows_1252_file_with_an_accented_name():
    parsed = gias.parse_establishments(read("establishments_windows1252.csv"))
    assert parsed.encoding == "Windows-1252"
    assert by_urn(parsed)[126010]["name"] == "St Thomas à Becket Church of England Primary School"


def test_it_ignores_linked_establishments_spilling_into_unheaded_columns():
    parsed = gias.parse_establishments(read("establishments_utf8_bom.csv"))
    assert by_urn(parsed)[148001]["name"] == "Old Sarum Academy"
    assert parsed.errors == []


def test_it_reads_a_closed_school_with_its_close_date():
    school = by_urn(gias.parse_establishments(read("establishments_utf8_bom.csv")))[126002]
    assert school["is_open"] == "0"
    assert school["close_date"] == "2019-08-31"
    assert school["reason_closed"] == "Academy Converter"


def test_it_reads_dd_mm_yyyy_dates_and_empty_values():
    school = by_urn(gias.parse_establishments(read("establishments_utf8_bom.csv")))[126001]
    assert school["open_date"] == "2010-09-01"
    assert school["close_date"] == ""
    assert school["locality"] == ""


def test_it_derives_phase_and_governance_from_gias_names():
    schools = by_urn(gias.parse_establishments(read("establishments_utf8_bom.csv")))
    assert (schools[126001]["phase"], schools[126001]["governance"]) == (
        Phase.PRIMARY, Governance.MAINTAINED)
    assert (schools[148001]["phase"], schools[148001]["governance"]) == (
        Phase.PRIMARY, Governance.ACADEMY)
    assert schools[126005]["phase"] == Phase.SPECIAL
    assert schools[126006]["phase"] == Phase.ALTERNATIVE_PROVISION
    assert schools[126006]["governance"] == Governance.MAINTAINED
    assert schools[113001]["phase"] == Phase.MIDDLE


@pytest.mark.parametrize(("type_name", "expected"), [
    ("Community school", Governance.MAINTAINED),
    ("Voluntary aided school", Governance.MAINTAINED),
    ("Foundation special school", Governance.MAINTAINED),
    ("Local authority nursery school", Governance.MAINTAINED),
    ("Academy sponsor led", Governance.ACADEMY),
    ("Academy 16-19 converter", Governance.ACADEMY),
    ("University technical college", Governance.ACADEMY),
    ("Studio schools", Governance.ACADEMY),
    ("Free schools special", Governance.FREE_SCHOOL),
    ("Other independent special school", Governance.INDEPENDENT),
    ("Non-maintained special school", Governance.OTHER),
    ("Further education", Governance.OTHER),
])
def test_it_classes_each_type_of_establishment_by_who_is_responsible(type_name, expected):
    assert gias.governance_for(type_name, None) == expected


def test_it_reads_only_the_columns_of_a_selected_fields_download():
    parsed = gias.parse_establishments(read("selected_fields.csv"))
    assert not parsed.is_full
    assert "close_date" not in parsed.fields and "is_open" not in parsed.fields
    schools = by_urn(parsed)
    assert schools[126001]["religious_character"] == "Church of England"
    assert schools[126005]["phase"] == Phase.SPECIAL
    # "Special schools" mixes maintained and non-maintained: the file cannot tell.
    assert schools[126005]["governance"] == ""


def test_the_row_hash_is_stable_and_changes_with_a_value():
    first = gias.parse_establishments(read("establishments_utf8_bom.csv"))
    again = gias.parse_establishments(read("establishments_utf8_bom.csv"))
    later = gias.parse_establishments(read("establishments_later.csv"))
    assert [row.row_hash for row in first.rows] == [row.row_hash for row in again.rows]
    assert first.rows[0].row_hash != later.rows[0].row_hash
    assert first.rows[1].row_hash == later.rows[1].row_hash


def test_an_empty_file_is_refused():
    assert rejection(read("bad_empty.csv")).message == "The file is empty."


def test_a_file_with_a_header_and_no_rows_is_refused():
    assert "no establishments" in rejection(read("bad_header_only.csv")).message


def test_a_file_that_is_not_a_gias_csv_is_refused():
    assert "not a GIAS establishments CSV" in rejection(read("bad_not_gias.csv")).message


def test_a_binary_file_is_refused():
    assert "not a CSV text file" in rejection(b"PK\x03\x04\x00\x00\x81\x8d\x90").message


def test_a_file_without_a_urn_column_is_refused_naming_the_column():
    error = rejection(read("bad_no_urn_column.csv"))
    assert (error.row, error.column) == (1, "URN")
    assert "no “URN” column" in error.message


def test_a_links_file_uploaded_as_establishments_is_refused():
    assert "links file" in rejection(read("links_windows1252.csv")).message


def test_an_oversized_file_is_refused():
    error = rejection(read("establishments_utf8_bom.csv"), max_bytes=1000)
    assert "largest file accepted" in error.message


def test_a_non_numeric_urn_is_reported_with_its_row_and_column():
    parsed = gias.parse_establishments(read("bad_non_numeric_urn.csv"))
    [error] = parsed.errors
    assert (error.row, error.column) == (3, "URN")
    assert "“12600X” is not a URN" in error.message


def test_a_duplicate_urn_is_reported_with_both_rows():
    parsed = gias.parse_establishments(read("bad_duplicate_urn.csv"))
    [error] = parsed.errors
    assert (error.row, error.column) == (4, "URN")
    assert "URN 126001 appears twice, in rows 2 and 4" in error.message


def test_an_impossible_date_is_reported_with_its_row_and_column():
    parsed = gias.parse_establishments(read("bad_date.csv"))
    [error] = parsed.errors
    assert (error.row, error.column) == (3, "CloseDate")
    assert str(error) == (
        "Row 3, column “CloseDate”: “31-02-2019” is not a date in the form DD-MM-YYYY.")


def test_it_reads_a_windows_1252_links_file():
    parsed = gias.parse_links(read("links_windows1252.csv"))
    assert parsed.encoding == "Windows-1252"
    assert parsed.errors == []
    assert parsed.rows[2].linked_name == "St Thomas à Becket Junior"
    assert parsed.rows[0].established_date == "2019-09-01"
    assert parsed.rows[2].established_date == ""


def test_an_establishments_file_uploaded_as_links_is_refused():
    with pytest.raises(gias.FileRejected, match="establishments file"):
        gias.parse_links(read("establishments_utf8_bom.csv"))


def test_an_la_code_that_is_not_three_digits_is_reported():
    data = b'"URN","LA (code)","EstablishmentName"\r\n100001,"9361","Surrey School"\r\n'
    [error] = gias.parse_establishments(data).errors
    assert (error.row, error.column) == (2, "LA (code)")


def test_a_row_cut_short_is_reported():
    data = b'"URN","LA (code)","EstablishmentName"\r\n100001,"936"\r\n'
    [error] = gias.parse_establishments(data).errors
    assert error.row == 2
    assert "cut short" in error.message


def test_blank_lines_are_skipped():
    data = b'"URN","LA (code)","EstablishmentName"\r\n\r\n100001,"936","Surrey School"\r\n,,\r\n'
    parsed = gias.parse_establishments(data)
    assert (parsed.total_rows, parsed.errors, parsed.rows[0].row_number) == (1, [], 3)


def test_a_file_without_type_columns_derives_no_governance():
    data = b'"URN","LA (code)","EstablishmentName"\r\n100001,"936","Surrey School"\r\n'
    parsed = gias.parse_establishments(data)
    assert parsed.fields == ["la_code", "name"]


def test_a_value_with_a_line_break_backslash_or_tab_is_escaped_for_copy_and_kept_as_it_was():
    data = (b'"URN","LA (code)","EstablishmentName","Street"\r\n'
            b'100001,"936","Surrey School","1 High St\r\nFlat 2"\r\n'
            b'100002,"936","Back\\slash School","2 High St"\r\n'
            b'100003,"936","Plain School","3\tHigh St"\r\n'
            b'100004,"936","After School","4 High St"\r\n')
    parsed = gias.parse_establishments(data)
    lines = {row.urn: row.line for row in parsed.rows}
    values = by_urn(parsed)
    assert lines[100001] == "936\tSurrey School\t1 High St\\r\\nFlat 2"
    assert values[100001]["street"] == "1 High St\r\nFlat 2"
    assert lines[100002] == "936\tBack\\\\slash School\t2 High St"
    assert values[100002]["name"] == "Back\\slash School"
    assert lines[100003] == "936\tPlain School\t3\\tHigh St"
    assert values[100004] == {"la_code": "936", "name": "After School", "street": "4 High St"}
    assert [row.row_number for row in parsed.rows] == [2, 3, 4, 5]


def test_a_text_with_other_unicode_line_breaks_is_read_as_one_value():
    data = ('"URN","LA (code)","EstablishmentName"\r\n'
            '100001,"936","Surrey\u2028School"\r\n100002,"936","Next School"\r\n').encode()
    parsed = gias.parse_establishments(data)
    assert by_urn(parsed)[100001]["name"] == "Surrey\u2028School"
    assert [row.urn for row in parsed.rows] == [100001, 100002]


def test_one_value_of_a_row_is_read_without_splitting_the_whole_line():
    row = gias.EstablishmentRow(2, 100001, "999", "a\tb\tc\td\te", "hash")
    assert [row.value_at(at, 5) for at in range(5)] == list(row.values)


@pytest.mark.parametrize(("text", "expected"), [
    ("29-02-2020", "2020-02-29"), ("29-02-2000", "2000-02-29"),
    ("29-02-2019", None), ("29-02-1900", None), ("31-04-2021", None),
])
def test_29_february_is_a_date_only_in_a_leap_year(text, expected):
    assert gias.gias_date(text) == expected
