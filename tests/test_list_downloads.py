"""Every list's download, the shared way (core.downloads): the links keep the page's filters,
the file is logged in the security log, an XLSX too long for a sheet is refused with the offer
of the CSV, and text a spreadsheet would run is neutralised in both formats while numbers stay
numbers."""

import csv
import io

import pytest
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from core import exports
from core.exports import Column, as_csv, as_xlsx
from core.models import AuditEvent
from tests.downloads import download_links, downloaded, page_rows
from tests.factories import SchoolFactory
from tests.test_isolation_matrix import EXPECTED, TENANT_ROUTES

pytestmark = pytest.mark.django_db
COVERAGE = "/t/wiltshire/partnerships/coverage/"


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_each_leading_formula_character_is_neutralised_in_both_formats(start):
    text = f"{start}1+1 looks like a sum"
    columns = [Column("Text", lambda row: row[0]), Column("Number", lambda row: row[1])]
    rows = [(text, -7)]
    assert _csv(as_csv(rows, columns))[1] == ["'" + text, "-7"]
    sheet = load_workbook(io.BytesIO(as_xlsx(rows, columns, "Test"))).active
    cells = list(sheet.iter_rows(min_row=2, values_only=True))[0]
    # XML reads a carriage return back as a line feed; the apostrophe is what matters.
    assert cells == ("'" + text.replace("\r", "\n"), -7)
    assert sheet.cell(row=2, column=1).data_type == "s"  # a string, never a formula


def test_a_formula_and_a_negative_number_download_safely_in_both_formats(rf, tenant_a,
                                                                         personas):
    from decimal import Decimal

    from core.downloads import ListDownload, list_download

    download = ListDownload("test-rows", "Test rows", (
        Column("Name", lambda row: row[0]), Column("Pupils", lambda row: row[1]),
        Column("Balance", lambda row: row[2])))
    rows = [("=1+1", -5, Decimal("-12.50"))]
    files = {}
    for file_format in ("csv", "xlsx"):
        request = rf.get(f"/t/wiltshire/test/export/?format={file_format}")
        request.tenant, request.user = tenant_a, personas["a"]["officer"]
        request.tenant_permissions = frozenset()
        files[file_format] = list_download(request, rows=rows, download=download).content
    assert _csv(files["csv"])[1] == ["'=1+1", "-5", "-12.50"]
    sheet = load_workbook(io.BytesIO(files["xlsx"])).active
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == [("'=1+1", -5, -12.5)]
    assert sheet.cell(row=2, column=2).data_type == "n"


def test_a_list_with_a_formula_for_a_name_downloads_it_as_text(personas, client_for, tenant_a):
    SchoolFactory(tenant=tenant_a, establishment__name="=1+1",
                  establishment__number_of_pupils=0)
    client = client_for(personas["a"]["officer"])
    rows = _csv(client.get("/t/wiltshire/schools/export/?format=csv").content)
    header = rows[0]
    row = next(r for r in rows[1:] if r[header.index("Name")] == "'=1+1")
    assert row[header.index("Pupils on roll")] == "0"
    sheet = load_workbook(io.BytesIO(
        client.get("/t/wiltshire/schools/export/?format=xlsx").content)).active
    cells = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "'=1+1")
    assert cells[header.index("Pupils on roll")] == 0  # a number, not text


def test_the_links_keep_the_filters_and_the_file_matches_the_page(personas, client_for):
    client = client_for(personas["a"]["officer"])
    url = f"{COVERAGE}?level=any&page=3"
    html = client.get(url).content.decode()
    links = download_links(html, url)
    assert links == {"csv": f"{COVERAGE}export/?level=any&format=csv",
                     "xlsx": f"{COVERAGE}export/?level=any&format=xlsx"}
    rows = downloaded(client, url, html)
    phases = [r for r in rows if r["Grouped by"] == "Phase"]
    shown = page_rows(html, "table-0")  # the by-phase table
    assert [(r["Group"], r["Open schools"], r["In a partnership"]) for r in phases] == [
        (cells[0], int(cells[1]), int(cells[2])) for cells in shown]
    assert rows[0]["Open schools"] == sum(r["Open schools"] for r in phases)


def test_every_download_is_in_the_security_log_with_its_filters(personas, client_for,
                                                               tenant_a):
    client_for(personas["a"]["officer"]).get(f"{COVERAGE}export/?level=any&format=xlsx")
    with scopes_disabled():
        event = AuditEvent.objects.get(tenant=tenant_a, action="coverage.export")
    assert event.actor == personas["a"]["officer"]
    assert event.changes == {"path": f"{COVERAGE}export/", "filters": {"level": "any"}}
    log = client_for(personas["a"]["admin"]).get("/t/wiltshire/security/").content.decode()
    assert event.summary.startswith("Downloaded ") and event.summary.endswith(
        " rows of partnership coverage (xlsx)")
    assert event.summary in log


def test_an_xlsx_longer_than_a_sheet_says_so_and_offers_the_csv(personas, client_for,
                                                              monkeypatch, tenant_a):
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 3)  # the header and two rows fit
    client = client_for(personas["a"]["officer"])
    response = client.get(f"{COVERAGE}export/?level=any&format=xlsx")
    assert response.status_code == 400
    html = response.content.decode()
    assert "more than an Excel sheet holds" in html
    assert f'href="{COVERAGE}export/?level=any&amp;format=csv"' in html
    assert client.get(f"{COVERAGE}export/?level=any&format=csv").status_code == 200
    with scopes_disabled():  # only the file actually taken away is logged
        assert AuditEvent.objects.filter(tenant=tenant_a, action="coverage.export").count() == 1
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 1_048_576)
    assert client.get(f"{COVERAGE}export/?format=xlsx").status_code == 200


def test_a_download_refuses_other_methods_and_roles_the_page_refuses(personas, client_for):
    assert client_for(personas["a"]["officer"]).post(f"{COVERAGE}export/").status_code == 405
    assert client_for(personas["a"]["headteacher"]).get(f"{COVERAGE}export/").status_code == 403
    assert client_for(personas["b"]["officer"]).get(f"{COVERAGE}export/").status_code == 404


def test_every_list_download_is_in_the_isolation_matrix():
    downloads = [route.name for route in TENANT_ROUTES if route.name.endswith("-export")]
    assert len(downloads) >= 10
    assert all(name in EXPECTED for name in downloads), set(downloads) - set(EXPECTED)


def test_no_download_url_hides_another_route():
    patterns = [route.pattern for route in TENANT_ROUTES]
    shadowed = {pattern for pattern in patterns if patterns.count(pattern) > 1}
    assert not shadowed
