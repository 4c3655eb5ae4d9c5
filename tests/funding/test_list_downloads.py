"""Funding's list pages taken away: the years, the strategic funds, a year's commitments, the
census returns and the allocation formulas, each as CSV and XLSX holding the page's rows, with
amounts as numbers; the schools forum's downloads are written to the security log too, and a
download too long for an XLSX is refused with the offer of the CSV, never an error."""

from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from core import exports
from core.models import AuditEvent, Role
from tests.downloads import downloaded, page_rows
from tests.funding.spending_world import commit
from tests.funding.test_funds import fund, year  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def pounds(text: str) -> Decimal:
    return Decimal(text.replace("£", "").replace(",", "").split()[-1])


def test_the_funding_years_download_the_rows_shown(voted, tenant_a, personas, client_for):
    client = client_for(personas["a"][Role.OFFICER])
    url = f"/t/{tenant_a.slug}/funding/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    assert [(r["Financial year"], r["De-delegation lines"]) for r in rows] == [
        (cells[0], int(cells[1])) for cells in page_rows(html, "years")]
    assert rows[0]["De-delegation lines"] == 3


def test_the_strategic_funds_download_their_amounts_as_numbers(fund, tenant_a, personas,  # noqa: F811
                                                              client_for):
    client = client_for(personas["a"][Role.ADMIN])
    url = f"/t/{tenant_a.slug}/funding/funds/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    shown = page_rows(html, "funds")
    assert [(r["Fund"], Decimal(str(r["Available"]))) for r in rows] == [
        (cells[0], pounds(cells[5])) for cells in shown]
    assert Decimal(str(rows[0]["Fixed costs"])) == Decimal("4500")
    head = client_for(personas["a"][Role.HEADTEACHER])
    assert head.get(f"{url}export/").status_code == 403  # the page refuses them too


def test_a_years_commitments_download_with_net_vat_and_gross(budgets, in_a, tenant_a,
                                                            personas, client_for):
    admin = personas["a"][Role.ADMIN]
    commit(in_a, admin, budgets.north, "1500.00", reference="C-1")
    commit(in_a, admin, budgets.south, "250.50", reference="=C-2", supplier="-Negative Ltd")
    client = client_for(admin)
    url = f"/t/{tenant_a.slug}/funding/years/{budgets.year.pk}/commitments/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    shown = page_rows(html, "commitments")
    assert [(r["Reference"], Decimal(str(r["Net"]))) for r in rows] == [
        (exports.neutralise(cells[0]), pounds(cells[4])) for cells in shown]
    assert {"'=C-2", "C-1"} == {r["Reference"] for r in rows}
    assert "'-Negative Ltd" in {r["Supplier"] for r in rows}


def test_the_formulas_download_the_rows_shown(budgets, tenant_a, personas, client_for):
    client = client_for(personas["a"][Role.OFFICER])
    url = f"/t/{tenant_a.slug}/funding/formulas/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    shown = page_rows(html, "formulas")
    assert [f"{r['Formula']}, version {r['Version']}" for r in rows] == [
        cells[0].split("\n")[0].strip() for cells in shown]
    assert rows[0]["Values per category"] == "3A: 25.00"


def test_the_census_returns_download_answers_with_its_header_when_there_are_none(
        tenant_a, personas, client_for):
    response = client_for(personas["a"][Role.ADMIN]).get(
        f"/t/{tenant_a.slug}/funding/census/export/?format=csv")
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines() == [
        "Source,Census date,File,Uploaded,Uploaded by,Status,Schools"]


def test_the_forums_downloads_are_logged_and_a_too_long_xlsx_is_refused(
        voted, tenant_a, personas, client_for, monkeypatch):
    client = client_for(personas["a"][Role.OFFICER])
    path = f"/t/{tenant_a.slug}/funding/years/{voted.year.pk}/export/"
    assert client.get(path + "?format=xlsx").status_code == 200
    with scopes_disabled():
        logged = AuditEvent.objects.get(tenant=tenant_a, action="de-delegation.export")
    assert logged.summary.endswith("rows of de-delegation 2025-26 (xlsx)")
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 2)
    refused = client.get(path + "?format=xlsx")
    assert refused.status_code == 400
    assert "more than an Excel sheet holds" in refused.content.decode()
    assert f"{path}?format=csv" in refused.content.decode()
