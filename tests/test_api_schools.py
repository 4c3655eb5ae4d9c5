"""The register API: list with filters, a school, editing through the service, lineage."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from core.models import AuditEvent, Membership, Role
from schools.models import EstablishmentLink, Governance, Phase
from tests.factories import (
    EstablishmentFactory,
    MembershipFactory,
    SchoolFactory,
    UserFactory,
    api_token_client,
)

pytestmark = pytest.mark.django_db

LIST = "/api/t/wiltshire/schools/"


def detail(school) -> str:
    return f"/api/t/wiltshire/schools/{school.urn}/"


@pytest.fixture
def api_for():
    def make(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


def urns(response) -> set[int]:
    return {row["urn"] for row in response.json()["results"]}


# --- list -----------------------------------------------------------------------------------


def test_an_officer_lists_the_register_of_their_tenant_only(personas, api_for):
    response = api_for(personas["a"]["officer"]).get(LIST)
    assert response.status_code == 200
    assert urns(response) == {personas["a"]["school"].urn}
    assert personas["b"]["school"].establishment.name not in response.content.decode()


def test_the_list_is_paginated_with_a_count(personas, api_for, tenant_a):
    SchoolFactory.create_batch(3, tenant=tenant_a)
    body = api_for(personas["a"]["officer"]).get(LIST).json()
    assert body["count"] == 4
    assert set(body) >= {"count", "next", "previous", "results"}


def test_each_row_nests_the_public_establishment_and_the_tenants_fields(personas, api_for):
    row = api_for(personas["a"]["admin"]).get(LIST).json()["results"][0]
    assert row["establishment"]["name"] == personas["a"]["school"].establishment.name
    assert row["establishment"]["la_code"] == "865"
    assert {"locality", "link_adviser", "headteacher_name", "officer_notes"} <= set(row)


def test_the_list_filters_by_phase_governance_trust_and_type(personas, api_for, tenant_a):
    secondary = SchoolFactory(
        tenant=tenant_a, establishment__phase=Phase.SECONDARY,
        establishment__governance=Governance.ACADEMY,
        establishment__type_name="Academy converter", establishment__trust_name="Avon Trust",
    )
    client = api_for(personas["a"]["officer"])
    for query in ("phase=secondary", "governance=academy", "trust=Avon Trust",
                  "type=Academy converter"):
        assert urns(client.get(f"{LIST}?{query}")) == {secondary.urn}, query


def test_the_list_shows_open_schools_unless_asked_for_closed_or_all(personas, api_for, tenant_a):
    closed = SchoolFactory(tenant=tenant_a, establishment__is_open=False)
    client = api_for(personas["a"]["officer"])
    assert closed.urn not in urns(client.get(LIST))
    assert urns(client.get(f"{LIST}?status=closed")) == {closed.urn}
    assert urns(client.get(f"{LIST}?status=all")) == {closed.urn, personas["a"]["school"].urn}


def test_the_list_searches_by_name(personas, api_for, tenant_a):
    found = SchoolFactory(tenant=tenant_a, establishment__name="Zebra Lane Infants")
    assert urns(api_for(personas["a"]["officer"]).get(f"{LIST}?q=zebra")) == {found.urn}


def test_an_unknown_filter_value_is_a_400_naming_the_parameter(personas, api_for):
    response = api_for(personas["a"]["officer"]).get(f"{LIST}?phase=university&status=maybe")
    assert response.status_code == 400
    assert set(response.json()) == {"phase", "status"}


@pytest.mark.parametrize("role", [Role.HEADTEACHER, Role.BOARD_MEMBER, Role.VIEWER])
def test_roles_without_the_register_cannot_list_it(personas, api_for, role):
    assert api_for(personas["a"][role]).get(LIST).status_code == 403


def test_a_user_of_another_tenant_gets_404_from_the_list(personas, api_for):
    response = api_for(personas["b"]["admin"]).get(LIST)
    assert response.status_code == 404
    assert personas["a"]["school"].establishment.name not in response.content.decode()


def test_an_unknown_tenant_is_a_404(personas, api_for):
    assert api_for(personas["a"]["admin"]).get("/api/t/nowhere/schools/").status_code == 404


def test_an_anonymous_caller_is_refused(personas):
    response = APIClient().get(LIST)
    assert response.status_code in (401, 403)
    assert personas["a"]["school"].establishment.name not in response.content.decode()


# --- one school -----------------------------------------------------------------------------


def test_an_officer_reads_any_school_with_its_officer_notes(personas, api_for, tenant_a):
    school = SchoolFactory(tenant=tenant_a, officer_notes="Budget deficit")
    body = api_for(personas["a"]["officer"]).get(detail(school)).json()
    assert body["urn"] == school.urn
    assert body["officer_notes"] == "Budget deficit"


def test_a_headteacher_reads_their_own_school_without_officer_notes(personas, api_for):
    school = personas["a"]["school"]
    with scopes_disabled():
        school.officer_notes = "Concern about leadership"
        school.save()
    response = api_for(personas["a"]["headteacher"]).get(detail(school))
    assert response.status_code == 200
    assert "officer_notes" not in response.json()
    assert "Concern about leadership" not in response.content.decode()


def test_a_headteacher_gets_403_for_another_school_of_their_tenant(personas, api_for, tenant_a):
    other = SchoolFactory(tenant=tenant_a)
    assert api_for(personas["a"]["headteacher"]).get(detail(other)).status_code == 403


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.VIEWER])
def test_board_members_and_viewers_get_403_for_a_school(personas, api_for, role):
    assert api_for(personas["a"][role]).get(detail(personas["a"]["school"])).status_code == 403


def test_a_urn_outside_the_register_is_404(personas, api_for):
    response = api_for(personas["a"]["officer"]).get(detail(personas["b"]["school"]))
    assert response.status_code == 404
    assert personas["b"]["school"].establishment.name not in response.content.decode()


def test_a_user_of_another_tenant_gets_404_for_a_school(personas, api_for):
    response = api_for(personas["b"]["officer"]).get(detail(personas["a"]["school"]))
    assert response.status_code == 404
    assert personas["a"]["school"].establishment.name not in response.content.decode()


# --- editing --------------------------------------------------------------------------------


def test_an_officer_patches_the_tenants_fields_and_it_is_audited(personas, api_for, tenant_a):
    school = personas["a"]["school"]
    with scopes_disabled():
        adviser = Membership.objects.get(tenant=tenant_a, role=Role.OFFICER)
    response = api_for(personas["a"]["officer"]).patch(
        detail(school), {"locality": "Salisbury", "link_adviser": adviser.pk,
                         "officer_notes": "Visited"}, format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["locality"] == "Salisbury"
    assert response.json()["link_adviser"] == adviser.pk
    with scopes_disabled():
        event = AuditEvent.objects.get(tenant=tenant_a, action="school.update")
    assert event.actor == personas["a"]["officer"]
    assert event.changes["locality"] == ["", "Salisbury"]


def test_a_headteacher_patches_their_own_contact_fields(personas, api_for):
    response = api_for(personas["a"]["headteacher"]).patch(
        detail(personas["a"]["school"]), {"contact_phone": "01722 000000"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["contact_phone"] == "01722 000000"


def test_a_headteacher_gets_403_for_an_officer_field(personas, api_for):
    school = personas["a"]["school"]
    response = api_for(personas["a"]["headteacher"]).patch(
        detail(school), {"locality": "Elsewhere"}, format="json"
    )
    assert response.status_code == 403
    with scopes_disabled():
        school.refresh_from_db()
    assert school.locality == ""


def test_a_headteacher_gets_403_patching_another_school(personas, api_for, tenant_a):
    other = SchoolFactory(tenant=tenant_a)
    response = api_for(personas["a"]["headteacher"]).patch(
        detail(other), {"contact_phone": "1"}, format="json"
    )
    assert response.status_code == 403


def test_an_invalid_value_is_a_400_naming_the_field(personas, api_for):
    response = api_for(personas["a"]["officer"]).patch(
        detail(personas["a"]["school"]), {"contact_email": "not an address"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["contact_email"]


def test_a_gias_field_cannot_be_patched(personas, api_for):
    response = api_for(personas["a"]["officer"]).patch(
        detail(personas["a"]["school"]), {"name": "Renamed"}, format="json"
    )
    assert response.status_code == 400
    assert "name" in response.json()


def test_an_adviser_of_another_tenant_is_refused_as_not_found(personas, api_for, tenant_b):
    with scopes_disabled():
        outsider = Membership.objects.get(tenant=tenant_b, role=Role.OFFICER)
    response = api_for(personas["a"]["officer"]).patch(
        detail(personas["a"]["school"]), {"link_adviser": outsider.pk}, format="json"
    )
    assert response.status_code == 400
    assert "link_adviser" in response.json()


def test_a_headteacher_cannot_be_made_link_adviser(personas, api_for, tenant_a):
    with scopes_disabled():
        head = Membership.objects.get(tenant=tenant_a, role=Role.HEADTEACHER)
    response = api_for(personas["a"]["officer"]).patch(
        detail(personas["a"]["school"]), {"link_adviser": head.pk}, format="json"
    )
    assert response.status_code == 400
    assert "link_adviser" in response.json()


def test_a_user_of_another_tenant_gets_404_patching_a_school(personas, api_for):
    school = personas["a"]["school"]
    response = api_for(personas["b"]["admin"]).patch(
        detail(school), {"locality": "Hijacked"}, format="json"
    )
    assert response.status_code == 404
    with scopes_disabled():
        school.refresh_from_db()
    assert school.locality == ""


# --- lineage --------------------------------------------------------------------------------


def test_lineage_lists_predecessors_and_successors(personas, api_for, tenant_a):
    school = personas["a"]["school"]
    old = EstablishmentFactory(la_code="865", name="Old Infant School", is_open=False)
    new = SchoolFactory(tenant=tenant_a, establishment__name="New Academy")
    EstablishmentLink.objects.create(urn=school.urn, linked_urn=old.urn, link_type="Predecessor")
    EstablishmentLink.objects.create(urn=school.urn, linked_urn=new.urn, link_type="Successor")
    body = api_for(personas["a"]["officer"]).get(f"{detail(school)}lineage/").json()
    assert body["urn"] == school.urn
    assert [(e["urn"], e["name"], e["in_register"]) for e in body["predecessors"]] == [
        (old.urn, "Old Infant School", False)
    ]
    assert [(e["urn"], e["in_register"]) for e in body["successors"]] == [(new.urn, True)]


def test_a_user_of_another_tenant_gets_404_for_lineage(personas, api_for):
    response = api_for(personas["b"]["officer"]).get(f"{detail(personas['a']['school'])}lineage/")
    assert response.status_code == 404


# --- authentication -------------------------------------------------------------------------


def test_a_token_authenticates_a_member(personas):
    client = api_token_client(personas["a"]["officer"])
    response = client.get(LIST)
    assert response.status_code == 200
    assert urns(response) == {personas["a"]["school"].urn}


def test_a_token_of_another_tenants_user_gets_404(personas):
    client = api_token_client(personas["b"]["officer"])
    response = client.get(LIST)
    assert response.status_code == 404
    assert personas["a"]["school"].establishment.name not in response.content.decode()


def test_a_wrong_token_is_401_with_a_token_challenge(personas):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    response = client.get(LIST)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_session_signed_in_through_the_site_works(personas, client_for):
    response = client_for(personas["a"]["officer"]).get(LIST)
    assert response.status_code == 200


def test_a_member_of_two_tenants_sees_each_register_at_its_own_address(personas, api_for,
                                                                        tenant_b):
    both = personas["a"]["officer"]
    MembershipFactory(tenant=tenant_b, user=both, role=Role.OFFICER)
    client = api_for(both)
    assert urns(client.get(LIST)) == {personas["a"]["school"].urn}
    assert urns(client.get("/api/t/dorset/schools/")) == {personas["b"]["school"].urn}


def test_a_deactivated_member_gets_404(personas, api_for, tenant_a):
    with scopes_disabled():
        Membership.objects.filter(tenant=tenant_a, user=personas["a"]["officer"]).update(
            is_active=False
        )
    assert api_for(personas["a"]["officer"]).get(LIST).status_code == 404


# --- schema and docs ------------------------------------------------------------------------


def test_the_schema_generates_without_warnings_and_validates(tmp_path):
    out = tmp_path / "schema.yml"
    # --fail-on-warn turns any drf-spectacular warning into an error; --validate checks it
    # against the OpenAPI 3 JSON schema.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert text.startswith("openapi: 3.")


def test_the_schema_endpoint_lists_the_register_paths(client_for):
    user = UserFactory()
    response = client_for(user).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/t/{tenant_slug}/schools/",
        "/api/t/{tenant_slug}/schools/{urn}/",
        "/api/t/{tenant_slug}/schools/{urn}/lineage/",
    } <= set(schema["paths"])
    assert "patch" in schema["paths"]["/api/t/{tenant_slug}/schools/{urn}/"]
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_the_docs_page_uses_only_local_static_files(client_for):
    import re

    response = client_for(UserFactory()).get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, html
    for source in sources:
        assert source.startswith("/"), f"{source} is not served by this site"
    assert "cdn" not in html.lower()


def test_the_schema_holds_no_tenant_data(personas, client_for):
    response = client_for(personas["a"]["officer"]).get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert personas["a"]["school"].establishment.name not in response.content.decode()


def test_the_list_query_count_does_not_grow_with_rows(personas, api_for, tenant_a):
    client = api_for(personas["a"]["officer"])
    with scopes_disabled():
        adviser = Membership.objects.get(tenant=tenant_a, role=Role.OFFICER)
    SchoolFactory(tenant=tenant_a, link_adviser=adviser)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    SchoolFactory.create_batch(10, tenant=tenant_a, link_adviser=adviser)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(LIST).json()["results"]) == 12
    assert len(many) == len(few)
