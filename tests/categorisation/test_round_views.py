"""Categorisation rounds, the pages, the API and the download: officers only (403 for a
headteacher or a viewer, 404 for another tenant), bulk confirm without JavaScript, the
partial-failure report, closed rounds read-only, CSV and XLSX rows, and a round page whose
query count does not grow with the register."""

import csv
import io
import os
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook
from rest_framework.test import APIClient

from categorisation import rounds
from categorisation.models import CategorisationRound, CategoryProposal, SchoolCategory
from core.models import AuditEvent
from tests.categorisation import round_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def categories(tenant_a):
    return round_setup.warwickshire(tenant_a)


@pytest.fixture
def register(tenant_a, categories):
    make = round_setup.school
    return {
        "steady": make(tenant_a, "Steady Primary", now="2B", proposed="2B",
                       categories=categories),
        "other_steady": make(tenant_a, "Other Steady Primary", now="1", proposed="1",
                             categories=categories),
        "moving": make(tenant_a, "Moving Academy", now="2A", proposed="3C",
                       categories=categories),
        "unsure": make(tenant_a, "Unsure Infant", now="2A", proposed=None,
                       undetermined=["2A", "2B"], categories=categories),
    }


@pytest.fixture
def autumn(tenant_a, personas):
    with scope(tenant=tenant_a):
        return rounds.round_open(tenant=tenant_a, actor=personas["a"]["officer"],
                                 name="Autumn 2026")


def url(tenant, *parts):
    return f"/t/{tenant.slug}/categorisation/" + "".join(f"{p}/" for p in parts)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def api_url(tenant, *parts):
    return f"/api/t/{tenant.slug}/categorisation/" + "".join(f"{p}/" for p in parts)


# --- pages --------------------------------------------------------------------------------


def test_an_officer_opens_a_round_from_the_rounds_page(tenant_a, personas, client_for):
    client = client_for(personas["a"]["officer"])
    response = client.post(url(tenant_a, "rounds"), {"name": "Autumn 2026"})
    with scopes_disabled():
        made = CategorisationRound.objects.get(tenant=tenant_a)
    assert response.status_code == 302
    assert response["Location"] == url(tenant_a, "rounds", made.pk)
    response = client.post(url(tenant_a, "rounds"), {"name": "Spring 2027"})
    assert response.status_code == 400
    assert "Autumn 2026 is still open" in response.content.decode()


def test_the_round_page_shows_what_changed_and_the_unchanged_count(
        tenant_a, personas, client_for, register, autumn):
    response = client_for(personas["a"]["officer"]).get(url(tenant_a, "rounds", autumn.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Round Autumn 2026" in body
    assert "Unchanged proposals: 2" in body
    # No round has closed: the change is measured from today's category.
    assert "Moving Academy" in body and "2A Good" in body and "3C Requires improvement" in body
    assert "Graded inspection: proposed 3C" in body
    assert "Needing an officer's choice: 1" in body and "Unsure Infant" in body


@pytest.mark.parametrize("role", ["headteacher", "viewer", "board_member"])
def test_heads_and_viewers_may_not_see_or_act_on_a_round(tenant_a, personas, client_for,
                                                        autumn, role):
    client = client_for(personas["a"][role])
    assert client.get(url(tenant_a, "rounds")).status_code == 403
    assert client.get(url(tenant_a, "rounds", autumn.pk)).status_code == 403
    assert client.post(url(tenant_a, "rounds", autumn.pk, "confirm"),
                       {"confirm": "all"}).status_code == 403
    assert client.post(url(tenant_a, "rounds", autumn.pk, "close")).status_code == 403
    assert client.get(url(tenant_a, "export") + "?format=csv").status_code == 403


def test_another_tenants_round_is_not_found_and_left_alone(tenant_a, tenant_b, personas,
                                                           client_for, register, autumn):
    client = client_for(personas["b"]["officer"])
    # B's officer, under B's own address, naming A's round.
    for path in ((autumn.pk,), (autumn.pk, "confirm"), (autumn.pk, "close")):
        method = client.get if len(path) == 1 else client.post
        assert method(url(tenant_b, "rounds", *path), {"confirm": "all"}).status_code == 404
    # And under A's address: not a member.
    assert client.get(url(tenant_a, "rounds", autumn.pk)).status_code == 404
    with scopes_disabled():
        autumn.refresh_from_db()
        assert autumn.is_open
        assert not CategoryProposal.objects.filter(tenant=tenant_a, status="confirmed").exists()


def test_confirm_all_works_without_javascript_and_reports_what_needs_a_choice(
        tenant_a, personas, client_for, register, autumn):
    client = client_for(personas["a"]["officer"])
    response = client.post(url(tenant_a, "rounds", autumn.pk, "confirm"), {"confirm": "all"},
                           follow=True)
    body = response.content.decode()
    assert "Confirmed 2 unchanged proposals." in body
    assert "1 need an officer&#x27;s choice" in body
    assert "Unchanged proposals: 0" in body
    with scopes_disabled():
        assert set(SchoolCategory.objects.filter(tenant=tenant_a, status="confirmed",
                                                 proposal__isnull=False)
                   .values_list("school_id", flat=True)) == {register["steady"].pk,
                                                              register["other_steady"].pk}


def test_confirm_ticked_confirms_only_those_and_names_each_refusal(
        tenant_a, personas, client_for, register, autumn):
    with scopes_disabled():
        ids = {key: CategoryProposal.objects.get(school=school).pk
               for key, school in register.items()}
    client = client_for(personas["a"]["officer"])
    response = client.post(url(tenant_a, "rounds", autumn.pk, "confirm"),
                           {"confirm": "selected", "proposal": [ids["steady"], ids["moving"]]},
                           follow=True)
    body = response.content.decode()
    assert "Confirmed 1 unchanged proposal." in body
    assert "1 not confirmed: Moving Academy" in body
    with scopes_disabled():
        assert CategoryProposal.objects.get(pk=ids["steady"]).status == "confirmed"
        assert CategoryProposal.objects.get(pk=ids["other_steady"]).status == "open"


def test_a_large_register_is_confirmed_in_batches_with_the_count_left(
        tenant_a, personas, client_for, categories, autumn, monkeypatch):
    monkeypatch.setattr(rounds, "BULK_BATCH", 3)
    _add(tenant_a, categories, 10, 0)  # 5 unchanged
    client = client_for(personas["a"]["officer"])
    page = url(tenant_a, "rounds", autumn.pk, "confirm")
    body = client.post(page, {"confirm": "all"}, follow=True).content.decode()
    assert "Confirmed 3 unchanged proposals. 2 more are waiting" in body
    assert "Confirm all 2 unchanged proposals" in body
    body = client.post(page, {"confirm": "all"}, follow=True).content.decode()
    assert "Confirmed 2 unchanged proposals." in body and "more are waiting" not in body


def test_a_made_up_proposal_number_is_400_not_an_error(tenant_a, personas, client_for,
                                                        autumn):
    response = client_for(personas["a"]["officer"]).post(
        url(tenant_a, "rounds", autumn.pk, "confirm"),
        {"confirm": "selected", "proposal": [str(10**30)]})
    assert response.status_code == 400
    assert "Choose schools from the list" in response.content.decode()


def test_confirm_ticked_with_nothing_ticked_is_400(tenant_a, personas, client_for, register,
                                                   autumn):
    response = client_for(personas["a"]["officer"]).post(
        url(tenant_a, "rounds", autumn.pk, "confirm"), {"confirm": "selected"})
    assert response.status_code == 400
    assert "Tick at least one school" in response.content.decode()


def test_a_closed_round_is_listed_with_its_summary_and_is_read_only(
        tenant_a, personas, client_for, register, autumn):
    client = client_for(personas["a"]["officer"])
    response = client.post(url(tenant_a, "rounds", autumn.pk, "close"))
    assert response.status_code == 302
    listing = client.get(url(tenant_a, "rounds")).content.decode()
    assert "Autumn 2026" in listing and 'data-testid="round-summary"' in listing
    assert "No round is open." in listing
    page = client.get(url(tenant_a, "rounds", autumn.pk)).content.decode()
    assert "This round is closed" in page and 'data-testid="bulk-confirm-form"' not in page
    response = client.post(url(tenant_a, "rounds", autumn.pk, "confirm"), {"confirm": "all"})
    assert response.status_code == 400
    assert "closed" in response.content.decode()


# --- API ----------------------------------------------------------------------------------


def test_the_api_opens_reviews_confirms_and_closes_a_round(tenant_a, personas, register):
    client = api(personas["a"]["officer"])
    response = client.post(api_url(tenant_a, "rounds"), {"name": "Autumn 2026"}, format="json")
    assert response.status_code == 201
    round_id = response.json()["id"]
    review = client.get(api_url(tenant_a, "rounds", round_id)).json()
    assert [row["school_name"] for row in review["changed"]] == ["Moving Academy"]
    assert review["changed"][0]["in_force"].startswith("2A")
    assert {row["school_name"] for row in review["unchanged"]} == {
        "Steady Primary", "Other Steady Primary"}
    assert [row["school_name"] for row in review["needing_choice"]] == ["Unsure Infant"]
    response = client.post(api_url(tenant_a, "rounds", round_id, "confirm"), {},
                           format="json")
    assert response.status_code == 200
    assert sorted(response.json()["confirmed"]) == sorted(
        [register["steady"].urn, register["other_steady"].urn])
    assert response.json()["needing_choice"] == [register["unsure"].urn]
    response = client.post(api_url(tenant_a, "rounds", round_id, "close"), {}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "closed")
    assert response.json()["summary"]["confirmed"] == 2
    again = client.post(api_url(tenant_a, "rounds", round_id, "close"), {}, format="json")
    assert again.status_code == 400


def test_the_api_names_a_ticked_proposal_it_refuses(tenant_a, personas, register, autumn):
    with scopes_disabled():
        moving = CategoryProposal.objects.get(school=register["moving"])
    response = api(personas["a"]["officer"]).post(
        api_url(tenant_a, "rounds", autumn.pk, "confirm"), {"proposals": [moving.pk]},
        format="json")
    assert response.status_code == 200
    [refusal] = response.json()["refused"]
    assert (refusal["urn"], refusal["school_name"]) == (register["moving"].urn,
                                                        "Moving Academy")
    assert "not the one in force" in refusal["reason"]


def test_the_api_refuses_heads_403_and_other_tenants_404(tenant_a, tenant_b, personas, autumn):
    assert api(personas["a"]["headteacher"]).get(
        api_url(tenant_a, "rounds")).status_code == 403
    assert api(personas["a"]["viewer"]).post(
        api_url(tenant_a, "rounds", autumn.pk, "close"), {}, format="json").status_code == 403
    assert api(personas["b"]["admin"]).post(
        api_url(tenant_a, "rounds", autumn.pk, "close"), {}, format="json").status_code == 404
    assert api(personas["b"]["admin"]).post(
        api_url(tenant_b, "rounds", autumn.pk, "close"),
        {}, format="json").status_code == 404


# --- the download -------------------------------------------------------------------------


EXPECTED_HEADER = ["URN", "School", "Phase", "Maintained or academy", "Category in force",
                   "In force since", "How it was decided", "Why it is in force",
                   "Proposed category", "Proposed on", "Why proposed"]


def test_the_csv_lists_every_open_school_with_its_categories_and_reasons(
        tenant_a, personas, client_for, register):
    closed = round_setup.school(tenant_a, "Closed Juniors", now="2A", proposed="2A",
                                categories=round_setup.warwickshire(tenant_a))
    with scopes_disabled():
        closed.establishment.is_open = False
        closed.establishment.save()
    response = client_for(personas["a"]["officer"]).get(url(tenant_a, "export") + "?format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == EXPECTED_HEADER
    by_name = {row[1]: dict(zip(EXPECTED_HEADER, row, strict=True)) for row in rows[1:]}
    assert "Closed Juniors" not in by_name
    assert set(by_name) == {"Steady Primary", "Other Steady Primary", "Moving Academy",
                            "Unsure Infant", personas["a"]["school"].establishment.name}
    moving = by_name["Moving Academy"]
    assert moving["Category in force"] == "2A Good - improving"
    assert moving["How it was decided"] == "Confirmed by an officer"
    assert moving["Why it is in force"] == "category 2A Good - improving"
    assert moving["Proposed category"] == "3C Requires improvement"
    assert moving["Why proposed"] == "Graded inspection: proposed 3C"
    assert by_name["Unsure Infant"]["Proposed category"] == "Not determined: 2A or 2B"
    persona = by_name[personas["a"]["school"].establishment.name]
    assert (persona["Category in force"], persona["Proposed category"]) == (
        "No category yet", "No proposal waiting")
    with scopes_disabled():
        assert AuditEvent.objects.filter(tenant=tenant_a,
                                         action="categorisation.export").count() == 1
    security_log = client_for(personas["a"]["admin"]).get(f"/t/{tenant_a.slug}/security/")
    assert "Downloaded the categories of 5 schools (csv)" in security_log.content.decode()


def test_the_xlsx_has_the_same_rows(tenant_a, personas, client_for, register):
    response = client_for(personas["a"]["admin"]).get(url(tenant_a, "export") + "?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPECTED_HEADER
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Steady Primary"][4] == "2B Good - declining"
    assert by_name["Steady Primary"][8] == "2B Good - declining"
    assert isinstance(by_name["Steady Primary"][0], int)


def test_the_round_page_and_the_queue_link_to_the_download(tenant_a, personas, client_for,
                                                            autumn):
    client = client_for(personas["a"]["officer"])
    for page in (url(tenant_a, "rounds", autumn.pk), url(tenant_a, "proposals")):
        body = client.get(page).content.decode()
        assert url(tenant_a, "export") + "?format=csv" in body
        assert url(tenant_a, "export") + "?format=xlsx" in body


# --- cost -----------------------------------------------------------------------------------


def _add(tenant, categories, count, start):
    for n in range(count):
        round_setup.school(tenant, f"Generated {start + n}", now="2A",
                           proposed=("2A", "3C")[n % 2], categories=categories)


def test_the_round_page_issues_the_same_queries_for_4_schools_as_for_40(
        tenant_a, personas, client_for, categories, autumn):
    with scopes_disabled():
        CategorisationRound.objects.create(tenant=tenant_a, name="Summer 2026",
                                           status="closed", closed_at=autumn.opened_at)
    client = client_for(personas["a"]["officer"])
    page = url(tenant_a, "rounds", autumn.pk)
    _add(tenant_a, categories, 4, 0)
    client.get(page)  # warm the session and caches alike for both counts
    with CaptureQueriesContext(connection) as few:
        assert client.get(page).status_code == 200
    _add(tenant_a, categories, 36, 100)
    with CaptureQueriesContext(connection) as many:
        assert client.get(page).status_code == 200
    assert len(many) == len(few)


@pytest.mark.skipif(not os.environ.get("ROUND_BENCH"), reason="set ROUND_BENCH=1 to measure")
def test_measure_bulk_confirm_for_300_schools(tenant_a, personas, categories, autumn):
    with scopes_disabled():
        _add(tenant_a, categories, 600, 0)  # 300 unchanged, 300 that would change
    with scope(tenant=tenant_a):
        started = time.perf_counter()
        batch = rounds.round_bulk_confirm(tenant=tenant_a, actor=personas["a"]["officer"],
                                          round=autumn, limit=rounds.BULK_BATCH)
        batch_took = time.perf_counter() - started
        started = time.perf_counter()
        rest = rounds.round_bulk_confirm(tenant=tenant_a, actor=personas["a"]["officer"],
                                         round=autumn)
        rest_took = time.perf_counter() - started
    assert (len(batch.confirmed), batch.remaining, len(rest.confirmed)) == (100, 200, 200)
    print(f"\nbulk confirm: a batch of 100 of 300 unchanged schools in {batch_took:.2f}s; "
          f"the other 200 in one call in {rest_took:.2f}s")
