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


def test_a_census_returns_rows_download_as_its_page_lists_them(in_a, admin, personas,
                                                               client_for):
    from tests.funding.conftest import school
    from tests.funding.test_census import upload

    hill = school(in_a, "=Hill Top Primary", pupils=187)
    vale = school(in_a, "Vale Primary", pupils=93)
    record = upload(in_a, admin, f"URN,Pupils,EAL pupils\n{hill.urn},190,12\n{vale.urn},95,\n")
    client = client_for(admin)
    url = f"/t/{in_a.slug}/funding/census/{record.pk}/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    shown = page_rows(html, "preview")
    assert [(str(r["Row"]), str(r["URN"]), str(r["Pupils"]), str(r["EAL pupils"] or "–"))
            for r in rows] == [(c[0], c[1], c[3], c[4]) for c in shown]
    assert [(r["URN"], r["School"], r["Pupils"], r["EAL pupils"]) for r in rows] == [
        (hill.urn, "'=Hill Top Primary", 190, 12), (vale.urn, "Vale Primary", 95, "")]
    with scopes_disabled():
        assert AuditEvent.objects.filter(tenant=in_a, action="census-return.export",
                                         actor=admin).count() == 2
    officer = client_for(personas["a"][Role.OFFICER])
    assert officer.get(f"{url}export/").status_code == 403


def test_an_actuals_imports_rows_download_with_amounts_as_numbers(in_a, admin, budgets,
                                                                  personas, client_for):
    from datetime import date

    from tests.funding.test_spend_rules import HEADER, check

    commit(in_a, admin, budgets.north, "1000.00", reference="C-1")
    record = check(in_a, admin, HEADER + "C-1,2025-07-01,400.00,Supply cover,AP1\n"
                                         "c-1,31/07/2025,\"1,250.00\",=Cover,AP2\n")
    client = client_for(admin)
    url = f"/t/{in_a.slug}/funding/actuals/{record.pk}/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    shown = page_rows(html, "preview")
    assert [(str(r["Row"]), r["Ledger reference"], Decimal(str(r["Amount"])))
            for r in rows] == [(c[0], c[4], pounds(c[5])) for c in shown]
    assert [(r["Date"].date(), r["Description"], r["Amount"]) for r in rows] == [
        (date(2025, 7, 1), "Supply cover", 400), (date(2025, 7, 31), "'=Cover", 1250)]
    assert rows[1]["Warning"].startswith("Takes C-1 £650.00 past")
    assert rows[0]["Warning"] == ""
    with scopes_disabled():
        assert AuditEvent.objects.filter(tenant=in_a, action="actuals-import.export").count() == 2
    officer = client_for(personas["a"][Role.OFFICER])
    assert officer.get(f"{url}export/").status_code == 403


def test_a_funds_costs_and_contributions_download_naming_a_school_only_as_the_page_does(
        fund, in_a, admin, personas, client_for):  # noqa: F811
    from datetime import date

    from funding.services import funds as fund_services
    from tests.factories import SchoolFactory
    from tests.funding.test_funds import council

    council(in_a, admin, fund)
    school = SchoolFactory(tenant=in_a, establishment__name="Hidden Hill Primary",
                           establishment__number_of_pupils=210,
                           establishment__census_date=date(2025, 1, 16))
    fund_services.fund_contribution_record(
        tenant=in_a, actor=admin, fund=fund, contributor_kind="school", school=school,
        basis="fixed", amount="300.00", received_on=date(2025, 5, 1), reference="INV-7")
    url = f"/t/{in_a.slug}/funding/funds/{fund.pk}/"
    client = client_for(admin)
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    shown = [("Fixed cost", c[0], pounds(c[1])) for c in page_rows(html, "fund-costs")] + [
        ("Contribution", c[0].split("\n")[0].strip(), pounds(c[4]))
        for c in page_rows(html, "fund-contributions")]
    assert [(r["Kind"], r["Cost or contributor"], Decimal(str(r["Amount"]))) for r in rows] == shown
    by_name = {r["Cost or contributor"]: r for r in rows}
    assert sorted(by_name) == ["Eastmoor Council", "Hidden Hill Primary", "Independent chair"]
    eastmoor = by_name["Eastmoor Council"]
    assert eastmoor["Amount"] == 15000 and eastmoor["Basis"].startswith("12500 pupils x £1.20")
    assert by_name["Hidden Hill Primary"]["Received"].date() == date(2025, 5, 1)
    # A board member sees the fund's sums, not which school gave: nor does the file say.
    board = client_for(personas["a"][Role.BOARD_MEMBER])
    board_html = board.get(url).content.decode()
    board_rows = downloaded(board, url, board_html)
    assert [r["Cost or contributor"] for r in board_rows] == [
        "A school" if r["Cost or contributor"] == "Hidden Hill Primary"
        else r["Cost or contributor"] for r in rows]
    assert "Hidden Hill Primary" not in board.get(f"{url}export/").content.decode()
    with scopes_disabled():
        assert AuditEvent.objects.filter(tenant=in_a, action="strategic-fund.export").count() == 5
    head = client_for(personas["a"][Role.HEADTEACHER])
    assert head.get(f"{url}export/").status_code == 403
