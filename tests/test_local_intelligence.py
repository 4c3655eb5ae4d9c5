"""Local intelligence: officers enter dated items with severity, list and filter them, and
withdraw them with a reason; headteachers never see any of it, even about their own school."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django_scopes import scope, scopes_disabled
from rest_framework.test import APIClient

from categorisation.models import DataArrival
from schools import intelligence
from schools.models import LocalIntelligence
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db
SECRET = "Governors report a deficit budget"
LIST = "/t/wiltshire/categorisation/intelligence/"


def item(personas, *, school=None, kind="finance_concern", severity="high",
         occurred_on=date(2026, 2, 3), summary=SECRET) -> LocalIntelligence:
    with scopes_disabled():
        return LocalIntelligence.objects.create(
            tenant=personas["a"]["school"].tenant, school=school or personas["a"]["school"],
            kind=kind, severity=severity, occurred_on=occurred_on, source="Schools finance team",
            summary=summary, entered_by=personas["a"]["officer"])


def post(client, url: str, data: dict):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data)


def entry(**changes) -> dict:
    return {"kind": "complaint", "occurred_on": "2026-02-10", "source": "Parent to the LA",
            "severity": "medium", "summary": "Complaint about exclusions", **changes}


def test_an_officer_records_an_item_from_the_schools_page(personas, client_for):
    school = personas["a"]["school"]
    client = client_for(personas["a"]["officer"])
    response = post(client, f"/t/wiltshire/categorisation/intelligence/new/{school.urn}/",
                    entry())
    assert response.status_code == 302
    assert response["Location"] == f"/t/wiltshire/schools/{school.urn}/"
    with scopes_disabled():
        stored = LocalIntelligence.objects.get()
    assert (stored.kind, stored.severity, stored.occurred_on) == (
        "complaint", "medium", date(2026, 2, 10))
    assert stored.entered_by == personas["a"]["officer"]


def test_recording_an_item_schedules_the_recompute_of_that_school(personas, client_for):
    school = personas["a"]["school"]
    post(client_for(personas["a"]["officer"]),
         f"/t/wiltshire/categorisation/intelligence/new/{school.urn}/", entry())
    assert DataArrival.objects.get().urns == [school.urn]


def test_a_date_in_the_future_is_refused(personas, client_for):
    school = personas["a"]["school"]
    response = post(client_for(personas["a"]["officer"]),
                    f"/t/wiltshire/categorisation/intelligence/new/{school.urn}/",
                    entry(occurred_on="2099-01-01"))
    assert response.status_code == 400
    assert "The date must be today or in the past." in response.content.decode()
    with scopes_disabled():
        assert LocalIntelligence.objects.count() == 0


def test_the_service_refuses_a_school_of_another_tenant(personas, tenant_a):
    with scope(tenant=tenant_a), pytest.raises(ValidationError):
        intelligence.intelligence_record(
            tenant=tenant_a, actor=personas["a"]["officer"], school=personas["b"]["school"],
            kind="other", occurred_on=date(2026, 1, 1), source="x", severity="low",
            summary="x")


def test_officers_see_the_section_on_the_schools_page(personas, client_for):
    item(personas)
    page = client_for(personas["a"]["officer"]).get(
        f"/t/wiltshire/schools/{personas['a']['school'].urn}/").content.decode()
    assert 'data-testid="school-intelligence"' in page
    assert SECRET in page


def test_a_headteacher_never_sees_intelligence_about_their_own_school(personas, client_for):
    item(personas)
    head = personas["a"]["headteacher"]
    page = client_for(head).get(f"/t/wiltshire/schools/{personas['a']['school'].urn}/")
    assert page.status_code == 200
    assert SECRET not in page.content.decode()
    assert "Local intelligence" not in page.content.decode()
    assert client_for(head).get(LIST).status_code == 403


def test_a_headteacher_never_sees_it_through_the_api_either(personas):
    item(personas)
    api = APIClient()
    api.force_authenticate(personas["a"]["headteacher"])
    urn = personas["a"]["school"].urn
    for url in (f"/api/t/wiltshire/schools/{urn}/", f"/api/t/wiltshire/schools/{urn}/lineage/"):
        response = api.get(url)
        assert response.status_code == 200
        assert SECRET not in response.content.decode()


def test_board_members_and_viewers_see_no_section(personas, client_for):
    item(personas)
    for role in ("board_member", "viewer"):
        response = client_for(personas["a"][role]).get(LIST)
        assert response.status_code == 403


def test_the_list_shows_the_tenants_items_newest_first(personas, client_for):
    item(personas, summary="Older item", occurred_on=date(2025, 11, 1))
    item(personas, summary="Newer item", occurred_on=date(2026, 2, 1))
    page = client_for(personas["a"]["officer"]).get(LIST).content.decode()
    assert page.index("Newer item") < page.index("Older item")


def test_the_list_filters_by_kind_severity_and_date(personas, client_for):
    item(personas, kind="complaint", severity="low", summary="A complaint",
         occurred_on=date(2025, 10, 1))
    item(personas, kind="hr_concern", severity="high", summary="An HR concern",
         occurred_on=date(2026, 2, 1))
    client = client_for(personas["a"]["officer"])
    by_kind = client.get(LIST, {"kind": "hr_concern"}).content.decode()
    assert "An HR concern" in by_kind and "A complaint" not in by_kind
    by_severity = client.get(LIST, {"severity": "low"}).content.decode()
    assert "A complaint" in by_severity and "An HR concern" not in by_severity
    by_date = client.get(LIST, {"date_from": "2026-01-01"}).content.decode()
    assert "An HR concern" in by_date and "A complaint" not in by_date


def test_another_tenants_items_are_never_listed(personas, client_for, tenant_b):
    item(personas)
    page = client_for(personas["b"]["officer"]).get("/t/dorset/categorisation/intelligence/")
    assert page.status_code == 200
    assert SECRET not in page.content.decode()


def test_withdrawing_keeps_the_item_with_who_when_and_why(personas, client_for):
    stored = item(personas)
    client = client_for(personas["a"]["officer"])
    url = f"/t/wiltshire/categorisation/intelligence/{stored.pk}/withdraw/"
    response = post(client, url, {"reason": "Entered against the wrong school"})
    assert response.status_code == 302
    with scopes_disabled():
        stored.refresh_from_db()
        assert LocalIntelligence.objects.count() == 1
    assert stored.is_withdrawn
    assert (stored.withdrawn_by, stored.withdrawn_reason) == (
        personas["a"]["officer"], "Entered against the wrong school")
    assert SECRET not in client.get(LIST).content.decode()
    assert SECRET in client.get(LIST, {"include_withdrawn": "on"}).content.decode()


def test_withdrawing_needs_a_reason(personas, client_for):
    stored = item(personas)
    response = post(client_for(personas["a"]["officer"]),
                    f"/t/wiltshire/categorisation/intelligence/{stored.pk}/withdraw/",
                    {"reason": ""})
    assert response.status_code == 400
    with scopes_disabled():
        stored.refresh_from_db()
    assert not stored.is_withdrawn


def test_an_item_cannot_be_withdrawn_twice(personas, tenant_a):
    stored = item(personas)
    officer = personas["a"]["officer"]
    with scope(tenant=tenant_a):
        intelligence.intelligence_withdraw(tenant=tenant_a, actor=officer, item=stored,
                                           reason="First")
        with pytest.raises(ValidationError):
            intelligence.intelligence_withdraw(tenant=tenant_a, actor=officer, item=stored,
                                               reason="Second")


def test_another_tenants_officer_gets_404_withdrawing(personas, client_for):
    stored = item(personas)
    response = client_for(personas["b"]["officer"]).post(
        f"/t/dorset/categorisation/intelligence/{stored.pk}/withdraw/", {"reason": "x"})
    assert response.status_code == 404


def test_the_list_costs_the_same_queries_for_many_items(
        personas, client_for, django_assert_max_num_queries, tenant_a):
    client = client_for(personas["a"]["officer"])
    item(personas)
    with django_assert_max_num_queries(50) as few:
        client.get(LIST)
    for _ in range(30):
        item(personas, school=SchoolFactory(tenant=tenant_a))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST)
