"""Helpers for the list-download tests: a page's table rows as text, and a download's rows from
its CSV and its XLSX (read back with openpyxl), checked to hold the same cells."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urljoin

from openpyxl import load_workbook


class _Tables(HTMLParser):
    """Every <table>'s body rows (each a list of its cells' text), keyed by data-testid."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.links: list[str] = []
        self._table: list[list[str]] | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_body = False
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = self.tables.setdefault(attrs.get("data-testid") or
                                                 f"table-{len(self.tables)}", [])
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "span" and (self._hidden or "govuk-visually-hidden" in (attrs.get("class")
                                                                             or "")):
            self._hidden += 1
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "span" and self._hidden:
            self._hidden -= 1
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split(" ")).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None and not self._hidden:
            self._cell.append(" ".join(data.split()) if data.strip() else "")


def page_rows(html: str, testid: str) -> list[list[str]]:
    """The body rows of the page's table `data-testid=testid`, each cell's lines split."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables[testid]


def download_links(html: str, page_url: str, export: str = "/export/") -> dict[str, str]:
    """The page's "Download CSV" and "Download XLSX" links, as absolute paths; on a page with
    several downloads, `export` names the one wanted by a part of its address."""
    parser = _Tables()
    parser.feed(html)
    found = {}
    for href in parser.links:
        for file_format in ("csv", "xlsx"):
            if f"format={file_format}" in href and export in href:
                found[file_format] = urljoin(page_url, href.replace("&amp;", "&"))
    return found


def _same(typed: object, text: str) -> bool:
    """An XLSX cell holds what the CSV's text says (a number as a number, a day as a date)."""
    if typed is None:
        return text == ""
    if isinstance(typed, int | float) and not isinstance(typed, bool):
        return Decimal(text) == Decimal(str(typed))
    if isinstance(typed, datetime):
        if typed.time() == datetime.min.time() and len(text) == 10:
            return text == typed.date().isoformat()
        return text == str(typed)
    if isinstance(typed, date):
        return text == typed.isoformat()
    return text == str(typed)


def downloaded(client, page_url: str, html: str, export: str = "/export/") -> list[dict]:
    """Follow the page's two download links (those of `export`, see `download_links`); both
    files hold the same rows (the XLSX's cells typed, the CSV's as text). Returns the rows as
    {header: XLSX value}."""
    links = download_links(html, page_url, export)
    assert set(links) == {"csv", "xlsx"}, links
    response = client.get(links["csv"])
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("text/csv")
    from_csv = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    response = client.get(links["xlsx"])
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    from_xlsx = [dict(zip(values[0], row, strict=True)) for row in values[1:]]
    assert [list(row) for row in from_xlsx] == [list(row) for row in from_csv]
    for typed_row, text_row in zip(from_xlsx, from_csv, strict=True):
        assert all(_same(typed_row[key], text_row[key]) for key in typed_row), (typed_row,
                                                                              text_row)
    return [{key: "" if value is None else value for key, value in row.items()}
            for row in from_xlsx]
