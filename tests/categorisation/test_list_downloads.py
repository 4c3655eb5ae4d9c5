"""Categories taken away: the proposals queue as filtered (every page of it) and the
dashboard's schools at risk with why, as CSV and XLSX holding the page's rows; only for roles
that see individual categories (a board member's download is the counts: test_dashboard)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from categorisation.models import CategorisationScheme, CategoryProposal
from core.models import AuditEvent
from tests.categorisation.test_flag_pages import report_card
from tests.categorisation.test_proposal_views import proposed, url  # noqa: F401 (fixture)
from tests.categorisation.test_school_category_views import (  # noqa: F401 (fixture)
    confirmed,
    disagree,
)
from tests.downloads import downloaded, page_rows
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def _more_proposals(proposed, tenant_a, count: int, phase: str = "primary"):  # noqa: F811
    with scopes_disabled():
        for n in range(count):
            CategoryProposal.objects.create(
                tenant=tenant_a, school=SchoolFactory(tenant=tenant_a,
                                                      establishment__phase=phase,
                                                      establishment__name=f"School {n:03}"),
                scheme=proposed["proposal"].scheme, category=proposed["categories"]["2B"],
                reasons=["@ the first reason", "another"], input_hash=f"h{n}")


def test_the_queue_downloads_every_page_of_the_filtered_proposals(
        proposed, tenant_a, personas, client_for):  # noqa: F811
    _more_proposals(proposed, tenant_a, 55)
    _more_proposals(proposed, tenant_a, 2, phase="secondary")
    client = client_for(personas["a"]["officer"])
    page_url = url(tenant_a, "proposals") + "?phase=primary&page=2"
    html = client.get(page_url).content.decode()
    rows = downloaded(client, page_url, html)
    assert len(rows) == 56  # all 56 primary proposals, not the 6 on page 2
    shown = page_rows(html, "proposal-list")
    names = [r["School"] for r in rows]
    assert [cells[0].split("\n")[0].strip() for cells in shown] == names[50:]
    html_first = client.get(url(tenant_a, "proposals") + "?phase=primary").content.decode()
    assert [cells[0].split("\n")[0].strip()
            for cells in page_rows(html_first, "proposal-list")] == names[:50]
    by_name = {r["School"]: r for r in rows}
    assert by_name["School 001"]["Why"] == "'@ the first reason; another"
    assert by_name["School 001"]["Proposed category"].startswith("2B")
    assert by_name[proposed["school"].establishment.name]["Why"] == "; ".join(
        proposed["proposal"].reasons)
    assert not any(r["Phase"] == "Secondary" for r in rows)


def test_the_queue_download_costs_the_same_queries_for_ten_or_forty_proposals(
        proposed, tenant_a, personas, client_for):  # noqa: F811
    client = client_for(personas["a"]["officer"])
    export = url(tenant_a, "proposals", "export") + "?format=xlsx"
    _more_proposals(proposed, tenant_a, 9)
    client.get(export)
    with CaptureQueriesContext(connection) as ten:
        assert client.get(export).status_code == 200
    with scopes_disabled():
        CategoryProposal.objects.filter(school__establishment__name__startswith="School ").delete()
    _more_proposals(proposed, tenant_a, 39)
    with CaptureQueriesContext(connection) as forty:
        assert client.get(export).status_code == 200
    assert len(forty) == len(ten)


def test_the_dashboards_schools_at_risk_download_with_why(tenant_a, personas, client_for):
    at_risk = SchoolFactory(tenant=tenant_a, establishment__name="=Risky Academy")
    report_card(at_risk, "RC1", achievement=4)
    client = client_for(personas["a"]["officer"])
    page_url = url(tenant_a)
    html = client.get(page_url).content.decode()
    rows = downloaded(client, page_url, html)
    shown = page_rows(html, "at-risk-list")
    assert [(r["School"], r["Why"]) for r in rows] == [
        ("'" + cells[0], cells[1]) for cells in shown]
    assert rows[0]["URN"] == at_risk.urn
    # A board member's download at the same address is the counts of their page, no school.
    board = client_for(personas["a"]["board_member"])
    counts = downloaded(board, page_url, board.get(page_url).content.decode())
    assert "URN" not in counts[0] and "Why" not in counts[0]
    assert not [row for row in counts if "Risky" in str(row)]


def test_local_intelligence_downloads_the_filtered_items_in_full(personas, client_for):
    from datetime import date

    from tests.test_local_intelligence import LIST, item

    item(personas, kind="complaint", severity="low", summary="+A complaint " + "word " * 40,
         occurred_on=date(2025, 10, 1))
    item(personas, kind="hr_concern", severity="high", summary="An HR concern",
         occurred_on=date(2026, 2, 1))
    client = client_for(personas["a"]["officer"])
    page_url = LIST + "?kind=complaint"
    html = client.get(page_url).content.decode()
    rows = downloaded(client, page_url, html)
    shown = page_rows(html, "intelligence-list")
    assert [(r["School"], r["Kind"], r["Severity"]) for r in rows] == [
        (cells[1], cells[2], cells[3]) for cells in shown]
    assert rows[0]["Summary"] == "'+A complaint " + "word " * 40  # never cut short
    head = client_for(personas["a"]["headteacher"])
    assert head.get(LIST + "export/").status_code == 403


def test_the_disagreements_to_moderate_download_as_listed(confirmed, tenant_a, personas,  # noqa: F811
                                                          client_for):
    disagree(tenant_a, personas, confirmed["school"])
    client = client_for(personas["a"]["admin"])
    page_url = url(tenant_a, "moderation")
    html = client.get(page_url).content.decode()
    rows = downloaded(client, page_url, html)
    assert [(r["School"], r["The school's reason"]) for r in rows] == [
        (cells[0], cells[2]) for cells in page_rows(html, "moderation-list")]
    assert rows[0]["Disagreement with"] == "Category"
    assert rows[0]["The school's reason"] == "Leadership is good now."
    head = client_for(personas["a"]["headteacher"])
    assert head.get(url(tenant_a, "moderation", "export")).status_code == 403


def test_the_rounds_download_as_listed_with_each_closed_rounds_summary(
        tenant_a, personas, client_for):
    from django_scopes import scope

    from categorisation import rounds
    from tests.categorisation import round_setup

    categories = round_setup.warwickshire(tenant_a)
    round_setup.school(tenant_a, "Steady Primary", now="2B", proposed="2B",
                       categories=categories)
    officer = personas["a"]["officer"]
    with scope(tenant=tenant_a):
        autumn = rounds.round_open(tenant=tenant_a, actor=officer, name="Autumn 2026")
        rounds.round_close(tenant=tenant_a, actor=officer, round=autumn)
        rounds.round_open(tenant=tenant_a, actor=officer, name="=Spring 2027")
        autumn.refresh_from_db()
    client = client_for(officer)
    page_url = url(tenant_a, "rounds")
    html = client.get(page_url).content.decode()
    rows = downloaded(client, page_url, html)
    assert [(r["Round"], r["Status"]) for r in rows] == [("'=Spring 2027", "Open"),
                                                         ("Autumn 2026", "Closed")]
    closed = rows[1]
    assert closed["Open schools"] == autumn.summary["schools"]
    assert closed["Confirmed"] == autumn.summary["confirmed"]
    assert closed["Schools by category"] == "; ".join(
        f"{code} {label}: {count}" for code, label, count in autumn.summary["by_category"])
    assert "2B" in closed["Schools by category"]
    assert rows[0]["Open schools"] == "" and rows[0]["Closed by"] == ""
    with scopes_disabled():
        assert AuditEvent.objects.filter(tenant=tenant_a, actor=officer,
                                         action="category-rounds.export").count() == 2
    head = client_for(personas["a"]["headteacher"])
    assert head.get(url(tenant_a, "rounds", "export")).status_code == 403


def test_the_schemes_download_every_version_as_listed(tenant_a, personas, client_for):
    from django_scopes import scope

    from categorisation.services import scheme_preset_load

    with scope(tenant=tenant_a):
        scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
        scheme_preset_load(tenant=tenant_a, actor=personas["a"]["admin"], preset="welsh")
    client = client_for(personas["a"]["admin"])
    page_url = url(tenant_a, "schemes")
    html = client.get(page_url).content.decode()
    rows = downloaded(client, page_url, html)
    shown = [cells for testid in _tables(html) for cells in page_rows(html, testid)]
    assert [(f"Version {r['Version']}", r["Status"], r["Change"]) for r in rows] == [
        (cells[0], cells[1], cells[2]) for cells in shown]
    assert {r["Key"] for r in rows} == {"warwickshire", "welsh"}
    with scopes_disabled():
        assert len(rows) == CategorisationScheme.objects.filter(tenant=tenant_a).count()
        assert AuditEvent.objects.filter(tenant=tenant_a,
                                         action="category-schemes.export").count() == 2
    officer = client_for(personas["a"]["officer"])
    assert officer.get(url(tenant_a, "schemes", "export")).status_code == 403


def _tables(html: str) -> list[str]:
    import re

    return re.findall(r'data-testid="(scheme-versions-[^"]+)"', html)
