"""The structure API: levels, partnerships, memberships, roles and coverage, over the same
services as the pages. 400 with the reason, 403 beyond one's role, 404 for another tenant."""

from datetime import date

import pytest
from django_scopes import scope, scopes_disabled
from rest_framework.test import APIClient

from core.models import AuditEvent, Role
from partnerships import services
from partnerships.models import Partnership, PartnershipMembership
from tests.factories import MembershipFactory, SchoolFactory, api_token_client

pytestmark = pytest.mark.django_db

API = "/api/t/wiltshire/partnerships/"


@pytest.fixture
def api_for():
    def make(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def api(personas, api_for):
    return api_for(personas["a"]["officer"])


@pytest.fixture
def wiltshire(tenant_a, personas):
    actor = personas["a"]["officer"]
    with scope(tenant=tenant_a):
        region = services.partnership_level_create(tenant=tenant_a, actor=actor, name="Region",
                                                   rank=2)
        hub = services.partnership_level_create(tenant=tenant_a, actor=actor, name="Hub", rank=1,
                                                parent_level=region, lead_title="Hub chair")
        north = services.partnership_create(tenant=tenant_a, actor=actor, level=region,
                                            name="North")
        chippenham = services.partnership_create(tenant=tenant_a, actor=actor, level=hub,
                                                 name="Chippenham hub", parent=north)
    return {"region": region, "hub": hub, "north": north, "chippenham": chippenham}


def school_in(tenant, **fields):
    return SchoolFactory(tenant=tenant, **{f"establishment__{k}": v for k, v in fields.items()})


# --- levels -------------------------------------------------------------------------------


def test_an_officer_lists_the_levels_narrowest_first(api, wiltshire):
    response = api.get(API + "levels/")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()] == ["Hub", "Region"]
    assert response.json()[0]["parent_level"] == wiltshire["region"].pk


def test_an_officer_creates_a_level(api, wiltshire):
    response = api.post(API + "levels/", {"name": "Alliance", "rank": 3}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["name"] == "Alliance"


def test_a_level_inside_a_narrower_one_is_400_with_the_reason(api, wiltshire):
    response = api.post(API + "levels/", {"name": "Cluster", "rank": 2,
                                          "parent_level": wiltshire["hub"].pk}, format="json")
    assert response.status_code == 400
    assert "must be broader than" in response.json()["parent_level"][0]


def test_a_headteacher_may_not_list_levels(personas, api_for, wiltshire):
    assert api_for(personas["a"]["headteacher"]).get(API + "levels/").status_code == 403


# --- partnerships -------------------------------------------------------------------------


def test_partnerships_are_listed_with_their_member_counts(api, wiltshire, tenant_a, personas):
    with scope(tenant=tenant_a):
        services.partnership_add_school(tenant=tenant_a, actor=personas["a"]["officer"],
                                        partnership=wiltshire["chippenham"],
                                        school=personas["a"]["school"])
    rows = {row["name"]: row for row in api.get(API).json()}
    assert rows["Chippenham hub"]["member_count"] == 1
    assert rows["Chippenham hub"]["parent_name"] == "North"


def test_an_officer_retrieves_one_partnership(api, wiltshire):
    response = api.get(f"{API}{wiltshire['chippenham'].pk}/")
    assert response.status_code == 200
    assert response.json()["level_name"] == "Hub"


def test_an_officer_creates_a_hub_inside_a_region(api, wiltshire):
    response = api.post(API, {"level": wiltshire["hub"].pk, "name": "Calne hub",
                              "partnership_type": "loose", "parent": wiltshire["north"].pk},
                        format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["parent_name"] == "North"
    assert response.json()["member_count"] == 0


def test_a_hub_inside_a_hub_is_400_with_the_reason(api, wiltshire):
    response = api.post(API, {"level": wiltshire["hub"].pk, "name": "Calne hub",
                              "parent": wiltshire["chippenham"].pk}, format="json")
    assert response.status_code == 400
    assert response.json()["parent"] == [
        "A Hub sits inside a Region, and Chippenham hub is a Hub."]


def test_a_level_of_another_tenant_is_not_found(api, tenant_b, personas):
    with scope(tenant=tenant_b):
        other = services.partnership_level_create(tenant=tenant_b, actor=personas["b"]["officer"],
                                                  name="Family cluster")
    response = api.post(API, {"level": other.pk, "name": "Sneaky"}, format="json")
    assert response.status_code == 400
    assert "level" in response.json()


def test_a_headteacher_may_not_create_a_partnership(personas, api_for, wiltshire):
    response = api_for(personas["a"]["headteacher"]).post(
        API, {"level": wiltshire["hub"].pk, "name": "Mine"}, format="json")
    assert response.status_code == 403


def test_an_officer_of_another_tenant_gets_404_for_a_partnership(personas, api_for, wiltshire):
    response = api_for(personas["b"]["officer"]).get(f"{API}{wiltshire['north'].pk}/")
    assert response.status_code == 404


def test_another_tenants_partnership_is_404_under_the_officers_own_tenant(personas, api_for,
                                                                          wiltshire):
    client = api_for(personas["b"]["officer"])
    response = client.get(f"/api/t/dorset/partnerships/{wiltshire['north'].pk}/")
    assert response.status_code == 404


# --- memberships --------------------------------------------------------------------------


def test_an_officer_adds_a_school_by_urn(api, wiltshire, tenant_a):
    school = school_in(tenant_a)
    response = api.post(f"{API}{wiltshire['chippenham'].pk}/memberships/",
                        {"urn": school.urn, "start_date": "2024-09-01"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["urn"] == school.urn
    listed = api.get(f"{API}{wiltshire['chippenham'].pk}/memberships/").json()
    assert [row["urn"] for row in listed] == [school.urn]


def test_a_school_in_another_hub_is_400_with_the_reason(api, wiltshire, tenant_a, personas):
    school = school_in(tenant_a)
    with scope(tenant=tenant_a):
        calne = services.partnership_create(tenant=tenant_a, actor=personas["a"]["officer"],
                                            level=wiltshire["hub"], name="Calne hub",
                                            parent=wiltshire["north"])
        services.partnership_add_school(tenant=tenant_a, actor=None, partnership=calne,
                                        school=school)
    response = api.post(f"{API}{wiltshire['chippenham'].pk}/memberships/", {"urn": school.urn},
                        format="json")
    assert response.status_code == 400
    assert "only one Hub at a time" in response.json()["school"][0]


def test_a_school_of_another_tenant_cannot_be_added(api, wiltshire, personas):
    response = api.post(f"{API}{wiltshire['chippenham'].pk}/memberships/",
                        {"urn": personas["b"]["school"].urn}, format="json")
    assert response.status_code == 400
    assert "No school with that URN" in response.json()["urn"][0]


def test_ending_a_membership_keeps_it_as_history(api, wiltshire, tenant_a):
    school = school_in(tenant_a)
    with scope(tenant=tenant_a):
        membership = services.partnership_add_school(
            tenant=tenant_a, actor=None, partnership=wiltshire["chippenham"], school=school,
            start_date=date(2024, 9, 1))
    response = api.post(
        f"{API}{wiltshire['chippenham'].pk}/memberships/{membership.pk}/end/",
        {"end_date": "2025-01-06", "reason": "Joined a trust"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["end_reason"] == "Joined a trust"
    current = api.get(f"{API}{wiltshire['chippenham'].pk}/memberships/").json()
    history = api.get(f"{API}{wiltshire['chippenham'].pk}/memberships/",
                      {"include_past": "true"}).json()
    assert current == [] and [row["end_date"] for row in history] == ["2025-01-06"]


def test_ending_a_membership_twice_is_400(api, wiltshire, tenant_a):
    school = school_in(tenant_a)
    with scope(tenant=tenant_a):
        membership = services.partnership_add_school(
            tenant=tenant_a, actor=None, partnership=wiltshire["chippenham"], school=school,
            start_date=date(2024, 9, 1))
    end = f"{API}{wiltshire['chippenham'].pk}/memberships/{membership.pk}/end/"
    assert api.post(end, {"reason": "Left"}, format="json").status_code == 200
    second = api.post(end, {"reason": "Left"}, format="json")
    assert second.status_code == 400
    assert second.json()["end_date"] == ["That membership has already ended."]


# --- roles --------------------------------------------------------------------------------


def test_the_head_of_a_member_school_is_made_chair(api, wiltshire, tenant_a):
    school = school_in(tenant_a)
    head = MembershipFactory(tenant=tenant_a, role=Role.HEADTEACHER, school=school)
    with scope(tenant=tenant_a):
        services.partnership_add_school(tenant=tenant_a, actor=None,
                                        partnership=wiltshire["chippenham"], school=school)
    response = api.post(f"{API}{wiltshire['chippenham'].pk}/roles/",
                        {"kind": "chair", "person": head.pk}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["urn"] == school.urn
    roles = api.get(f"{API}{wiltshire['chippenham'].pk}/roles/").json()
    assert [(row["kind"], row["person"]) for row in roles] == [("chair", head.pk)]


def test_a_chair_who_heads_no_member_school_is_400(api, wiltshire, tenant_a):
    head = MembershipFactory(tenant=tenant_a, role=Role.HEADTEACHER)
    response = api.post(f"{API}{wiltshire['chippenham'].pk}/roles/",
                        {"kind": "chair", "person": head.pk}, format="json")
    assert response.status_code == 400
    assert "must be the headteacher of a member school" in response.json()["person"][0]


def test_a_third_adviser_is_400(api, wiltshire, tenant_a):
    url = f"{API}{wiltshire['chippenham'].pk}/roles/"
    for _ in range(2):
        adviser = MembershipFactory(tenant=tenant_a, role=Role.OFFICER)
        assert api.post(url, {"kind": "adviser", "person": adviser.pk},
                        format="json").status_code == 201
    third = MembershipFactory(tenant=tenant_a, role=Role.OFFICER)
    response = api.post(url, {"kind": "adviser", "person": third.pk}, format="json")
    assert response.status_code == 400
    assert "already has 2 school improvement advisers" in response.json()["person"][0]


def test_a_person_of_another_tenant_cannot_be_given_a_role(api, wiltshire, tenant_b):
    stranger = MembershipFactory(tenant=tenant_b, role=Role.OFFICER)
    response = api.post(f"{API}{wiltshire['chippenham'].pk}/roles/",
                        {"kind": "adviser", "person": stranger.pk}, format="json")
    assert response.status_code == 400
    assert "person" in response.json()


# --- coverage -----------------------------------------------------------------------------


def test_coverage_per_level_counts_open_schools(api, wiltshire, tenant_a, personas):
    with scope(tenant=tenant_a):
        services.partnership_add_school(tenant=tenant_a, actor=None,
                                        partnership=wiltshire["chippenham"],
                                        school=personas["a"]["school"])
    school_in(tenant_a, phase="secondary")
    body = api.get(API + "coverage/", {"level": wiltshire["hub"].pk}).json()
    assert (body["overall"]["total"], body["overall"]["covered"]) == (2, 1)
    assert body["level"] == wiltshire["hub"].pk
    assert [row["value"] for row in body["by_phase"]] == ["primary", "secondary"]
    assert len(body["uncovered"]) == 1


def test_coverage_of_a_level_of_another_tenant_is_404(api, tenant_b, personas):
    with scope(tenant=tenant_b):
        other = services.partnership_level_create(tenant=tenant_b, actor=None, name="Cluster")
    assert api.get(API + "coverage/", {"level": other.pk}).status_code == 404


def test_coverage_is_refused_to_a_board_member(personas, api_for):
    assert api_for(personas["a"]["board_member"]).get(API + "coverage/").status_code == 403


# --- authentication and schema ------------------------------------------------------------


def test_a_token_authenticates_an_officer(personas, wiltshire):
    client = api_token_client(personas["a"]["officer"])
    response = client.get(API)
    assert response.status_code == 200
    assert {row["name"] for row in response.json()} == {"North", "Chippenham hub"}


def test_a_token_of_another_tenants_officer_gets_404(personas, wiltshire):
    client = api_token_client(personas["b"]["officer"])
    assert client.get(API).status_code == 404


def test_no_credentials_get_401(wiltshire):
    assert APIClient().get(API).status_code == 401


def test_a_write_through_the_api_is_the_same_service_with_an_audit_row(api, wiltshire, tenant_a):
    api.post(API, {"level": wiltshire["hub"].pk, "name": "Calne hub",
                   "parent": wiltshire["north"].pk}, format="json")
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="partnership.create",
                                         summary="Created the Hub Calne hub").exists()
        assert Partnership.objects.filter(name="Calne hub").exists()
        assert not PartnershipMembership.objects.exists()


def test_the_schema_lists_the_structure_endpoints(client_for, personas):
    response = client_for(personas["a"]["officer"]).get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = set(response.json()["paths"])
    assert {
        "/api/t/{tenant_slug}/partnerships/",
        "/api/t/{tenant_slug}/partnerships/levels/",
        "/api/t/{tenant_slug}/partnerships/coverage/",
        "/api/t/{tenant_slug}/partnerships/{partnership_id}/",
        "/api/t/{tenant_slug}/partnerships/{partnership_id}/memberships/",
        "/api/t/{tenant_slug}/partnerships/{partnership_id}/memberships/"
        "{partnership_membership_id}/end/",
        "/api/t/{tenant_slug}/partnerships/{partnership_id}/roles/",
    } <= paths
