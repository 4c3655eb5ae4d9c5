"""Support's lists taken away: an officer's caseload, a school's visits (a headteacher's own
school's too, with released notes only), the deployments to a school and the ratings summary,
each as CSV and XLSX holding the page's rows."""

from decimal import Decimal

import pytest
from django_scopes import scope

from core.models import Role
from tests.downloads import downloaded, page_rows
from tests.factories import SchoolFactory
from tests.support.conftest import done_visit, membership, released_note, written_note
from tests.support.test_deployments import deploy, leader  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_an_officers_caseload_downloads_the_rows_it_shows(tenant_a, personas, client_for,
                                                         officer, school):
    with scope(tenant=tenant_a):
        adviser = membership(tenant_a, officer)
        other = SchoolFactory(tenant=tenant_a, establishment__name="+Plus Academy")
        for each in (school, other):
            each.link_adviser = adviser
            each.save()
        done_visit(tenant_a, other)
    client = client_for(officer)
    url = "/t/wiltshire/support/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    shown = page_rows(html, "caseload")
    assert [(r["School"], r["Visits done"], r["Due"]) for r in rows] == [
        (cells[0] if not cells[0].startswith("+") else "'" + cells[0], int(cells[2]),
         int(cells[3])) for cells in shown]
    assert "'+Plus Academy" in [r["School"] for r in rows]


def test_a_heads_download_of_their_visits_holds_released_notes_only(tenant_a, personas,
                                                                   client_for, officer,
                                                                   school):
    with scope(tenant=tenant_a):
        released_note(tenant_a, done_visit(tenant_a, school, label="Released"), officer)
        written_note(tenant_a, done_visit(tenant_a, school, label="Draft"), officer)
    url = f"/t/wiltshire/support/schools/{school.urn}/"
    by_role = {}
    for role in (Role.OFFICER, Role.HEADTEACHER):
        client = client_for(personas["a"][role])
        html = client.get(url).content.decode()
        rows = downloaded(client, url, html)
        shown = page_rows(html, "visits")
        assert [(r["Visit"], r["Note"]) for r in rows] == [
            (cells[1], "" if cells[4] == "–" else cells[4]) for cells in shown]
        by_role[role] = {r["Visit"]: r["Note"] for r in rows}
    assert by_role[Role.OFFICER]["Draft"] == "Draft"
    assert by_role[Role.HEADTEACHER]["Draft"] == ""  # a draft is never the school's to see
    assert by_role[Role.HEADTEACHER]["Released"].startswith("Released")
    other = SchoolFactory(tenant=tenant_a)
    head = client_for(personas["a"][Role.HEADTEACHER])
    assert head.get(f"/t/wiltshire/support/schools/{other.urn}/export/").status_code == 403


def test_the_deployments_to_a_school_download_with_their_cost_as_a_number(
        tenant_a, client_for, officer, school, leader):  # noqa: F811
    deploy(tenant_a, officer, school, leader, days="4", cost="1800.00")
    client = client_for(officer)
    url = f"/t/wiltshire/support/schools/{school.urn}/brokering/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    shown = page_rows(html, "deployments")
    assert [(r["Supporter"], Decimal(str(r["Days"]))) for r in rows] == [
        (cells[0], Decimal(cells[2])) for cells in shown]
    assert Decimal(str(rows[0]["Cost"])) == Decimal("1800")
    assert client_for(leader.user).get(f"{url}export/").status_code == 403


def test_the_ratings_summary_downloads_counts_only(tenant_a, personas, client_for, officer,
                                                   school):
    with scope(tenant=tenant_a):
        released_note(tenant_a, done_visit(tenant_a, school), officer, rating="red")
    client = client_for(personas["a"][Role.BOARD_MEMBER])
    url = "/t/wiltshire/support/dashboard/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    assert [(r["Field"], r["Red"], r["Total"]) for r in rows] == [
        (cells[0], int(cells[1]), int(cells[4])) for cells in page_rows(html, "rag-summary")]
    assert school.establishment.name not in str(rows)


def test_the_notes_to_check_download_as_listed(tenant_a, personas, client_for, officer, school):
    from support.services import notes as note_services
    from support.services.settings import support_settings_update

    with scope(tenant=tenant_a):
        support_settings_update(tenant=tenant_a, actor=personas["a"][Role.ADMIN],
                                notes_quality_check=True)
        for label in ("First visit", "Second visit"):
            note_services.note_submit(tenant=tenant_a, actor=officer, note=written_note(
                tenant_a, done_visit(tenant_a, school, label=label), officer))
    client = client_for(personas["a"][Role.ADMIN])
    url = "/t/wiltshire/support/checks/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    assert [(r["School"], r["Visit"]) for r in rows] == [
        (cells[0], cells[1].split(",")[0]) for cells in page_rows(html, "notes-to-check")]
    assert len(rows) == 2
