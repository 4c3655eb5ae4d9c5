"""One exporter: any list as CSV or Excel (XLSX), the same columns in both.

A list page declares its columns once — a header, how to read the value from a row, and the
permission a person needs to see it. List pages offer their download through core.downloads
(the page's own view and query, the links, the security log); underneath is `export_response`:

    COLUMNS = [Column("URN", lambda s: s.urn), Column("Notes", lambda s: s.notes, NOTES_VIEW)]
    return export_response(rows=schools, columns=COLUMNS, permissions=request.tenant_permissions,
                           filename="schools", file_format=request.GET.get("format"))

- Columns the person may not see are left out of the file, never blanked.
- Text that a spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a tab or
  a carriage return) is written with a leading apostrophe, in both formats: a school's name
  typed by someone else must not become a formula on an officer's computer. Numbers, dates and
  booleans stay what they are.
- An XLSX sheet holds at most 1,048,576 rows; a longer list is refused with a message rather
  than cut short.
- `stamp`: an XLSX of a record that never changes (a confirmed funding run) carries the record's
  own time instead of now, in its properties and its zip entries, so downloading it twice gives
  the same bytes.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.writer.excel import ExcelWriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_ROWS = 1_048_576
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], object]
    permission: str | None = None
    # An Excel number format for the column's numbers in an XLSX ("#,##0.00" for pounds);
    # the CSV and text cells are unaffected.
    number_format: str | None = None


MONEY_FORMAT = "#,##0.00;-#,##0.00"


def neutralise(value: object) -> object:
    """The cell to write: text that a spreadsheet would run as a formula gets an apostrophe;
    numbers (and dates, booleans, empties) are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | date | datetime):
        if isinstance(value, datetime):
            # Local time to the second in both formats: an XLSX holds no time zone and no
            # microseconds, and the CSV should say the same.
            if timezone.is_aware(value):
                value = timezone.localtime(value).replace(tzinfo=None)
            return value.replace(microsecond=0)
        return value
    return neutralise(str(value))


def visible_columns(columns: Iterable[Column], permissions) -> list[Column]:
    return [column for column in columns
            if column.permission is None or column.permission in permissions]


def table(rows: Iterable, columns: list[Column]) -> Iterable[list]:
    """The header row, then one list of cells per row."""
    yield [column.header for column in columns]
    for row in rows:
        yield [_cell(column.value(row)) for column in columns]


def as_csv(rows: Iterable, columns: list[Column]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for cells in table(rows, columns):
        writer.writerow("" if cell == "" else cell for cell in cells)
    # A byte-order mark so Excel opens the UTF-8 file with its accents intact.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


class _StampedZip(zipfile.ZipFile):
    """A zip whose entries all carry one fixed time (zipfile stamps them with now)."""

    stamp: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):  # type: ignore[override]
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.stamp)
            zinfo_or_arcname.compress_type = self.compression
        return super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):  # type: ignore[override]
        # A write-only sheet arrives as a temporary file, stamped with its own mtime.
        with open(filename, "rb") as source:
            return self.writestr(str(arcname or filename), source.read())


def _formatted(sheet, value: object, number_format: str | None) -> object:
    if number_format is None or isinstance(value, bool) or not isinstance(
            value, int | float | Decimal):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def sheet_title(title: str) -> str:
    """A title Excel accepts for a sheet: none of []:*?/\\ (a list's title such as
    "Categories: counts" would otherwise fail), at most 31 characters, never empty."""
    return " ".join(re.sub(r"[\[\]:*?/\\]", " ", title).split())[:31].strip() or "Export"


def as_xlsx(rows: Iterable, columns: list[Column], title: str,
            stamp: datetime | None = None) -> bytes:
    rows = list(rows)
    if len(rows) + 1 > XLSX_MAX_ROWS:  # the header takes a row
        raise ValidationError(
            f"This list has more than {XLSX_MAX_ROWS - 1:,} rows, more than an Excel sheet "
            "holds: download it as CSV, or filter it first.")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    formats = [column.number_format for column in columns]
    for cells in table(rows, columns):
        sheet.append([_formatted(sheet, None if cell == "" else cell, number_format)
                      for cell, number_format in zip(cells, formats, strict=True)])
    out = io.BytesIO()
    if stamp is None:
        workbook.save(out)
        return out.getvalue()
    fixed = timezone.localtime(stamp).replace(tzinfo=None, microsecond=0) if timezone.is_aware(
        stamp) else stamp.replace(microsecond=0)
    workbook.properties.created = workbook.properties.modified = fixed
    archive = _StampedZip(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    archive.stamp = (max(fixed.year, 1980), fixed.month, fixed.day, fixed.hour, fixed.minute,
                     fixed.second)
    ExcelWriter(workbook, archive).save()
    return out.getvalue()


def export_response(*, rows: Iterable, columns: Iterable[Column], permissions,
                    filename: str, file_format: str | None, title: str = "",
                    stamp: datetime | None = None) -> HttpResponse:
    """The download of `rows` as CSV (the default) or XLSX, with the columns the person may
    see. Refused (ValidationError) when an XLSX would not fit in one sheet."""
    file_format = file_format if file_format in FORMATS else "csv"
    shown = visible_columns(columns, permissions)
    if file_format == "xlsx":
        content = as_xlsx(rows, shown, title or filename, stamp)
    else:
        content = as_csv(rows, shown)
    today = timezone.localdate().isoformat()
    response = HttpResponse(content, content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}-{today}.{file_format}"'
    return response
