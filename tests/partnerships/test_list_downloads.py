"""Partnerships taken away: a partnership's member schools and a survey's results, as CSV and
XLSX holding the page's rows, for officers only (coverage: tests/test_list_downloads.py)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from core.models import Role
from partnerships import services
from partnerships.models import Rating, RespondentRole
from tests.downloads import downloaded, page_rows
from tests.factories import SchoolFactory
from tests.partnerships.conftest import START
from tests.partnerships.test_survey_views import paper, survey  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_a_partnerships_member_schools_download_as_the_page_lists_them(
        wiltshire, officer_a, make_school, tenant_a, personas, client_for):
    chippenham = wiltshire["hub_a"]
    with scope(tenant=tenant_a):
        for n, name in enumerate(["Abbey Primary", "@Bridge School", "Castle Combe School"]):
            services.partnership_add_school(
                tenant=tenant_a, actor=officer_a, partnership=chippenham,
                school=make_school(name=name), start_date=START,
                days_purchased=Decimal(n + 2) if n else None)
    client = client_for(personas["a"][Role.OFFICER])
    url = f"/t/wiltshire/partnerships/{chippenham.pk}/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    shown = page_rows(html, "members")
    assert [(r["School"], r["Days bought"]) for r in rows] == [
        (("'" if cells[0].startswith("@") else "") + cells[0],
         float(cells[3]) if cells[3] else "") for cells in shown]
    assert {r["Member since"].date() for r in rows} == {START}  # a date cell in the XLSX
    head = client_for(personas["a"][Role.HEADTEACHER])
    assert head.get(f"{url}export/").status_code == 403


def test_a_partnerships_download_costs_the_same_queries_for_more_members(
        wiltshire, officer_a, make_school, tenant_a, personas, client_for):
    chippenham = wiltshire["hub_a"]
    client = client_for(personas["a"][Role.OFFICER])
    url = f"/t/wiltshire/partnerships/{chippenham.pk}/export/?format=xlsx"

    def add(count):
        with scope(tenant=tenant_a):
            for _ in range(count):
                services.partnership_add_school(tenant=tenant_a, actor=officer_a,
                                                partnership=chippenham, school=make_school(),
                                                start_date=START)

    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    add(6)
    with CaptureQueriesContext(connection) as seven:
        client.get(url)
    assert len(seven) == len(one)


def test_a_surveys_results_download_the_tallies_shown(tenant_a, personas, survey,  # noqa: F811
                                                      client_for):
    paper(tenant_a, survey, "a", RespondentRole.HEADTEACHER, "primary",
          {"In-house model": Rating.STRONGLY_SUPPORT, "Outsourcing": Rating.STRONGLY_OPPOSE})
    paper(tenant_a, survey, "b", RespondentRole.GOVERNOR, "secondary",
          {"In-house model": Rating.POSITIVE})
    client = client_for(personas["a"][Role.OFFICER])
    url = f"/t/wiltshire/partnerships/surveys/{survey.pk}/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    in_house = [r for r in rows if r["Option"] == "In-house model"]
    shown = page_rows(html, "table-0")  # the first option with ratings: In-house model
    labels = [label for _, label in Rating.choices]
    assert [(r["Respondents"], [r[label] for label in labels], r["Number"])
            for r in in_house] == [
        (cells[0], [int(cell.split("(")[1].rstrip(")")) for cell in cells[1:-1]],
         int(cells[-1])) for cells in shown]
    everyone = in_house[0]
    assert (everyone["Number"], everyone[Rating.STRONGLY_SUPPORT.label],
            everyone[Rating.POSITIVE.label]) == (2, 1, 1)
    head = client_for(personas["a"][Role.HEADTEACHER])
    assert head.get(f"{url}export/").status_code == 403


def test_the_pro_formas_chase_list_downloads_the_schools_it_shows(tenant_a, personas,
                                                                 client_for):
    from django.urls import reverse

    others = [SchoolFactory(tenant=tenant_a, establishment__name=f"Barnet School {i:02d}")
              for i in range(3)]
    head, own = personas["a"]["headteacher"], personas["a"]["school"]
    client_for(head).post(reverse("partnerships:pro-forma-edit", args=[tenant_a.slug, own.urn]),
                          {"preferred_partners": [others[0].pk, others[1].pk],
                           "preferred_type": "structured", "comments": ""})
    client = client_for(personas["a"][Role.OFFICER])
    page = reverse("partnerships:pro-forma-list", args=[tenant_a.slug])
    every = downloaded(client, page, client.get(page).content.decode())
    row = next(r for r in every if r["URN"] == own.urn)
    assert (row["Returned"], row["Preferred partners"]) == (
        "Yes", "Barnet School 00, Barnet School 01")
    chase_url = page + "?show=missing"
    html = client.get(chase_url).content.decode()
    chase = downloaded(client, chase_url, html)
    assert [r["School"] for r in chase] == [
        cells[0].split("\n")[0].strip() for cells in page_rows(html, "pro-forma-table")]
    assert own.urn not in [r["URN"] for r in chase] and len(chase) == len(every) - 1


def test_the_system_leaders_download_as_listed(tenant_a, personas, client_for):
    from partnerships.models import SystemLeaderDesignation
    from tests.factories import MembershipFactory

    with scope(tenant=tenant_a):
        for name in ("Nia Leader", "=Evil Leader"):
            SystemLeaderDesignation.objects.create(
                tenant=tenant_a, person=MembershipFactory(
                    tenant=tenant_a, role=Role.HEADTEACHER, user__full_name=name),
                designation="nle", designated_on=START, evidence="DfE letter")
    client = client_for(personas["a"][Role.OFFICER])
    url = f"/t/{tenant_a.slug}/partnerships/system-leaders/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    assert [r["Person"] for r in rows] == [
        ("'" if cells[0].startswith("=") else "") + cells[0]
        for cells in page_rows(html, "designations")]
    assert client.post(f"{url}export/", {"designation": "nle"}).status_code == 405


def test_the_levels_download_as_listed_with_their_partnerships_counted(
        wiltshire, tenant_a, personas, client_for):
    from django_scopes import scopes_disabled

    from core.models import AuditEvent
    from partnerships.models import Partnership

    client = client_for(personas["a"][Role.OFFICER])
    url = f"/t/{tenant_a.slug}/partnerships/levels/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    assert [(r["Level"], str(r["Rank"]), r["Sits inside"] or "—", str(r["Partnerships"]))
            for r in rows] == [(cells[0], cells[1], cells[2], cells[7])
                               for cells in page_rows(html, "levels")]
    with scopes_disabled():
        hubs = Partnership.objects.filter(tenant=tenant_a, level=wiltshire["hub"]).count()
        assert AuditEvent.objects.filter(tenant=tenant_a,
                                         action="partnership-levels.export").count() == 2
    region = wiltshire["region"]
    assert [(r["Level"], r["Sits inside"], r["Lead"], r["Most advisers"], r["Partnerships"])
            for r in rows] == [("Hub", "Region", "Hub chair", 2, hubs),
                               ("Region", "", "Regional lead", region.max_advisers, 1)]
    assert client.post(f"{url}export/").status_code == 405
    head = client_for(personas["a"][Role.HEADTEACHER])
    assert head.get(f"{url}export/").status_code == 403


