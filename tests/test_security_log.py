"""The tenant admin's security log: sign-ins and failed attempts of the tenant's people,
tokens, role changes; and ending a person's tokens and sessions at once."""

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from core.models import AuditEvent, Membership
from tests.conftest import PASSWORD
from tests.factories import api_token_client

pytestmark = pytest.mark.django_db
LOG = "/t/wiltshire/security/"


def events(tenant, action: str) -> list[AuditEvent]:
    with scopes_disabled():
        return list(AuditEvent.objects.filter(tenant=tenant, action=action))


def test_sign_ins_and_failed_attempts_are_logged_in_the_persons_tenants(
        personas, tenant_a, tenant_b, client_for):
    officer = personas["a"]["officer"]
    Client().post("/accounts/login/", {"login": officer.email, "password": "wrong-one"})
    Client(REMOTE_ADDR="192.0.2.44").post("/accounts/login/",
                                          {"login": officer.email, "password": PASSWORD})
    [failed] = events(tenant_a, "security.sign_in_failed")
    [signed_in] = events(tenant_a, "security.sign_in")
    assert failed.summary.startswith(f"Failed sign-in to {officer.email}")
    assert signed_in.actor == officer and "192.0.2.44" in signed_in.summary
    assert events(tenant_b, "security.sign_in") == []  # not Dorset's person
    page = client_for(personas["a"]["admin"]).get(LOG).content.decode()
    assert f"Failed sign-in to {officer.email}" in page and f"{officer.email} signed in" in page


def test_another_tenants_log_shows_none_of_it(personas, client_for):
    Client().post("/accounts/login/", {"login": personas["a"]["officer"].email,
                                       "password": PASSWORD})
    page = client_for(personas["b"]["admin"]).get("/t/dorset/security/").content.decode()
    assert personas["a"]["officer"].email not in page


def test_an_admin_ends_a_persons_tokens_and_sessions(personas, tenant_a, client_for):
    officer = personas["a"]["officer"]
    api = api_token_client(officer, tenant_a)
    browser = Client()
    browser.post("/accounts/login/", {"login": officer.email, "password": PASSWORD})
    assert browser.get("/t/wiltshire/schools/").status_code == 200
    with scopes_disabled():
        membership = Membership.objects.get(user=officer, tenant=tenant_a)
    response = client_for(personas["a"]["admin"]).post(
        f"/t/wiltshire/security/{membership.pk}/revoke/")
    assert response.status_code == 302
    assert api.get("/api/t/wiltshire/schools/").status_code == 401
    assert browser.get("/t/wiltshire/schools/").status_code == 302  # signed out
    [event] = events(tenant_a, "security.access_revoked")
    assert event.changes == {"tokens": 1, "sessions": 1}


def test_an_admin_cannot_end_access_of_another_tenants_member(personas, tenant_b, client_for):
    with scopes_disabled():
        membership = Membership.objects.get(user=personas["b"]["officer"], tenant=tenant_b)
    response = client_for(personas["a"]["admin"]).post(
        f"/t/wiltshire/security/{membership.pk}/revoke/")
    assert response.status_code == 404


def test_the_log_page_keeps_its_query_count_as_events_grow(
        personas, tenant_a, client_for, django_assert_max_num_queries):
    client = client_for(personas["a"]["admin"])
    client.get(LOG)
    with django_assert_max_num_queries(30) as few:
        assert client.get(LOG).status_code == 200
    measured = len(few.captured_queries)
    assert measured > 0
    for _ in range(40):
        Client().post("/accounts/login/", {"login": personas["a"]["viewer"].email,
                                           "password": "wrong"})
    with django_assert_max_num_queries(measured):
        assert client.get(LOG).status_code == 200


def test_the_admin_downloads_the_security_log_and_the_people_as_listed(
        personas, tenant_a, client_for):
    import csv
    import io

    officer = personas["a"]["officer"]
    Client().post("/accounts/login/", {"login": officer.email, "password": "wrong-one"})
    admin = client_for(personas["a"]["admin"])
    page = admin.get(LOG).content.decode()
    assert f"{LOG}export/?format=xlsx" in page
    rows = list(csv.DictReader(io.StringIO(
        admin.get(f"{LOG}export/?format=csv").content.decode("utf-8-sig"))))
    assert any(row["Action"] == "security.sign_in_failed" and officer.email in row["What"]
               for row in rows)
    people = list(csv.DictReader(io.StringIO(
        admin.get("/t/wiltshire/people/export/").content.decode("utf-8-sig"))))
    with scopes_disabled():
        expected = set(Membership.objects.filter(tenant=tenant_a, is_active=True)
                       .values_list("user__email", flat=True))
    assert {row["Email"] for row in people} == expected
    # Both downloads are themselves in the log.
    assert {e.action for e in events(tenant_a, "security-log.export")
            + events(tenant_a, "people.export")} == {"security-log.export", "people.export"}
    assert client_for(officer).get(f"{LOG}export/").status_code == 403
