"""The CSV reading every importer shares (core.csvfiles)."""

import pytest

from categorisation import ofsted, performance
from core.csvfiles import FileRejected, RowError, decode


def test_it_reads_utf8_with_or_without_a_byte_order_mark_and_windows_1252():
    assert decode("Café".encode()) == ("Café", "UTF-8")
    assert decode(b"\xef\xbb\xbf" + "Café".encode()) == ("Café", "UTF-8 with BOM")
    assert decode("Café".encode("cp1252")) == ("Café", "Windows-1252")


@pytest.mark.parametrize(("data", "message"), [
    (b"", "The file is empty."),
    (b"  \n", "The file is empty."),
    (b"PK\x03\x04\x00\x00", "The file is not a CSV text file. Save it again as CSV."),
    (b"\x81\x8d\x8f", "neither UTF-8 nor Windows-1252"),
    (b"\xef\xbb\xbf\xff\xfe", "The file says it is UTF-8 but is not."),
])
def test_what_is_not_a_csv_text_is_refused_saying_why(data, message):
    with pytest.raises(FileRejected) as rejected:
        decode(data)
    assert message in rejected.value.error.message


def test_a_file_over_the_limit_is_refused_with_its_size():
    with pytest.raises(FileRejected, match="The file is 2.0 MB; the largest file accepted is 1 MB"):
        decode(b"x" * 2_097_152, max_bytes=1_048_576)


def test_a_row_error_names_the_row_and_column_as_a_spreadsheet_shows_them():
    assert str(RowError("Not a date.", row=3, column="CloseDate")) == (
        "Row 3, column “CloseDate”: Not a date.")
    assert str(RowError("The file is empty.")) == "The file is empty."
    assert RowError("x", row=0).as_dict() == {"row": None, "column": "", "message": "x"}


def test_an_ofsted_or_performance_file_that_is_not_text_is_an_error_not_a_crash():
    parsed = ofsted.parse_file(b"\x81\x8d\x8f", labels=None, today=None)
    assert "neither UTF-8 nor Windows-1252" in parsed.errors[0].message
    result = performance.parse_file(b"PK\x03\x04\x00", today=None)
    assert "Download it again from the performance tables as CSV." in result.errors[0].message
