"""The one exporter (core.exports) and the register's download that uses it."""

import csv
import io
from datetime import date

import pytest
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from core import exports
from core.exports import Column, as_csv, as_xlsx, neutralise, visible_columns
from core.models import AuditEvent
from tests.factories import SchoolFactory


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)",
                                  "\tTab", "\rReturn"])
def test_text_a_spreadsheet_would_run_is_written_as_text(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["St Mary's", "", -5, 3.5, 0, date(2026, 1, 1), None, True])
def test_other_values_and_numbers_stay_as_they_are(value):
    assert neutralise(value) == value


ROWS = [{"urn": 100001, "name": "=cmd|' /C calc'!A0", "pupils": -3},
        {"urn": 100002, "name": "Hill Top Primary", "pupils": 210}]
COLUMNS = [Column("URN", lambda r: r["urn"]), Column("Name", lambda r: r["name"]),
           Column("Pupils", lambda r: r["pupils"]),
           Column("Notes", lambda r: "secret", permission="register.edit")]


def test_both_formats_neutralise_formulas_and_keep_numbers_numbers():
    shown = visible_columns(COLUMNS, {"register.view"})
    assert [c.header for c in shown] == ["URN", "Name", "Pupils"]
    rows = list(csv.reader(io.StringIO(as_csv(ROWS, shown).decode("utf-8-sig"))))
    assert rows == [["URN", "Name", "Pupils"], ["100001", "'=cmd|' /C calc'!A0", "-3"],
                    ["100002", "Hill Top Primary", "210"]]
    sheet = load_workbook(io.BytesIO(as_xlsx(ROWS, shown, "Schools"))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1] == [100001, "'=cmd|' /C calc'!A0", -3]
    assert isinstance(values[2][2], int)


@pytest.mark.parametrize(("title", "sheet"), [
    ("Categories: counts across the council", "Categories counts across the co"),
    ("Visits [2026] / notes*?", "Visits 2026 notes"),
    (":::", "Export"),
])
def test_a_title_excel_refuses_for_a_sheet_still_gives_a_workbook(title, sheet):
    book = load_workbook(io.BytesIO(as_xlsx(ROWS, COLUMNS, title)))
    assert book.active.title == sheet
    assert [cell.value for cell in book.active[1]] == [column.header for column in COLUMNS]


def test_an_xlsx_longer_than_a_sheet_is_refused_not_cut(monkeypatch):
    from django.core.exceptions import ValidationError

    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 2)
    with pytest.raises(ValidationError, match="more than an Excel sheet holds"):
        as_xlsx(ROWS, COLUMNS, "Schools")


@pytest.mark.django_db
def test_the_register_downloads_as_filtered_in_both_formats(personas, client_for, tenant_a,
                                                            tenant_b):
    SchoolFactory(tenant=tenant_a, establishment__name="=Formula Academy",
                  establishment__la_code="865", establishment__number_of_pupils=420)
    SchoolFactory(tenant=tenant_b, establishment__name="Dorset Only School",
                  establishment__la_code="838")
    client = client_for(personas["a"]["officer"])
    response = client.get("/t/wiltshire/schools/export/?q=Formula&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["Name"], r["Pupils on roll"]) for r in rows] == [("'=Formula Academy", "420")]
    assert "Officer notes" in rows[0]  # an officer edits the register: the column is theirs
    response = client.get("/t/wiltshire/schools/export/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'=Formula Academy" in names and "Dorset Only School" not in names
    assert personas["a"]["school"].establishment.name in names
    with scopes_disabled():
        logged = AuditEvent.objects.filter(tenant=tenant_a, action="register.export")
        assert logged.count() == 2
    security_log = client_for(personas["a"]["admin"]).get("/t/wiltshire/security/")
    assert "Downloaded 1 schools of the register (csv)" in security_log.content.decode()


@pytest.mark.django_db
def test_the_page_links_to_the_download_with_its_filters(personas, client_for):
    page = client_for(personas["a"]["officer"]).get("/t/wiltshire/schools/?phase=primary")
    assert "/t/wiltshire/schools/export/?phase=primary&amp;format=xlsx" in page.content.decode()


@pytest.mark.django_db
def test_the_categories_download_is_logged_in_its_own_words(personas, client_for, tenant_a):
    client = client_for(personas["a"]["admin"])
    response = client.get("/t/wiltshire/categorisation/export/?format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    with scopes_disabled():
        logged = AuditEvent.objects.get(tenant=tenant_a, action="categorisation.export")
    assert logged.summary == f"Downloaded the categories of {len(rows)} schools (csv)"
