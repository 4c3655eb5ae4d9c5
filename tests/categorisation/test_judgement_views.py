"""Officer judgements in the pages and the API: an officer proposes a capacity level on the
school's category page, the headteacher agrees or disagrees there, moderation decides; the
Welsh capacity recorded; 403 beyond the role, 404 for another tenant, 400 naming the field."""

import pytest
from django_scopes import scope
from rest_framework.test import APIClient

from categorisation.judgements import judgement_disagree, judgement_record
from categorisation.models import OfficerJudgement
from categorisation.services import scheme_preset_load
from core.models import AuditEvent

pytestmark = pytest.mark.django_db
Status = OfficerJudgement.Status


@pytest.fixture
def wiltshire(tenant_a, personas):
    with scope(tenant=tenant_a):
        scheme_preset_load(tenant=tenant_a, actor=None, preset="wiltshire")
    return personas["a"]["school"]


@pytest.fixture
def welsh(tenant_b, personas):
    with scope(tenant=tenant_b):
        scheme_preset_load(tenant=tenant_b, actor=None, preset="welsh")
    return personas["b"]["school"]


def page(tenant, school, tail=""):
    return f"/t/{tenant.slug}/categorisation/schools/{school.urn}/{tail}"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def api_url(tenant, school, tail=""):
    return f"/api/t/{tenant.slug}/categorisation/schools/{school.urn}/judgements/{tail}"


def steps(tenant, school) -> list[tuple[str, str]]:
    with scope(tenant=tenant):
        return list(OfficerJudgement.objects.filter(school=school).order_by("pk")
                    .values_list("status", "value"))


def disagreed(tenant, personas, school) -> OfficerJudgement:
    with scope(tenant=tenant):
        judgement_record(tenant=tenant, actor=personas["a"]["officer"], school=school,
                         key="capacity_level", value="3", reason="Results fell.")
        return judgement_disagree(tenant=tenant, actor=personas["a"]["headteacher"],
                                  school=school, key="capacity_level",
                                  reason="A one-off cohort.")


# --- Pages -------------------------------------------------------------------------------------


def test_an_officer_proposes_a_level_and_the_headteacher_agrees_on_the_category_page(
        tenant_a, personas, wiltshire, client_for):
    officer, head = client_for(personas["a"]["officer"]), client_for(personas["a"]["headteacher"])
    body = officer.get(page(tenant_a, wiltshire)).content.decode()
    assert "Propose a level to the school" in body and "Level 4: needs intensive capacity" in body

    response = officer.post(page(tenant_a, wiltshire, "judgements/"),
                            {"key": "capacity_level", "value": "3",
                             "reason": "Key stage 2 results fell two years running."})
    assert response.status_code == 302
    body = head.get(page(tenant_a, wiltshire)).content.decode()
    assert "Level 3: needs capacity" in body and "Agree with the level" in body

    response = head.post(page(tenant_a, wiltshire, "judgements/agree/"),
                         {"key": "capacity_level", "note": ""})
    assert response.status_code == 302
    assert steps(tenant_a, wiltshire) == [(Status.PROPOSED, "3"), (Status.AGREED, "3")]
    body = head.get(page(tenant_a, wiltshire)).content.decode()
    assert "Agreed by the school" in body and "Agree with the level" not in body


def test_a_bad_level_is_refused_on_the_page_naming_the_field(
        tenant_a, personas, wiltshire, client_for):
    response = client_for(personas["a"]["officer"]).post(
        page(tenant_a, wiltshire, "judgements/"),
        {"key": "capacity_level", "value": "7", "reason": "Because."})
    assert response.status_code == 400
    assert "Choose a capacity level from 1 to 4" in response.content.decode()
    assert 'href="#id_capacity_level_value"' in response.content.decode()
    assert steps(tenant_a, wiltshire) == []


def test_the_headteacher_disagrees_without_a_reason_and_is_told_to_give_one(
        tenant_a, personas, wiltshire, client_for):
    with scope(tenant=tenant_a):
        judgement_record(tenant=tenant_a, actor=personas["a"]["officer"], school=wiltshire,
                         key="capacity_level", value="3", reason="Results fell.")
    response = client_for(personas["a"]["headteacher"]).post(
        page(tenant_a, wiltshire, "judgements/disagree/"), {"key": "capacity_level"})
    assert response.status_code == 400
    assert "Enter why you disagree" in response.content.decode()


def test_a_warwickshire_tenant_is_offered_no_judgement(tenant_a, personas, client_for):
    with scope(tenant=tenant_a):
        scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
    school = personas["a"]["school"]
    client = client_for(personas["a"]["officer"])
    assert "Propose a level" not in client.get(page(tenant_a, school)).content.decode()
    response = client.post(page(tenant_a, school, "judgements/"),
                           {"key": "capacity_level", "value": "1", "reason": "Strong."})
    assert response.status_code == 400
    assert "does not use this judgement" in response.content.decode()


@pytest.mark.parametrize("role", ["headteacher", "viewer", "board_member"])
def test_only_an_officer_records_a_judgement_on_the_page(
        tenant_a, personas, wiltshire, client_for, role):
    response = client_for(personas["a"][role]).post(
        page(tenant_a, wiltshire, "judgements/"),
        {"key": "capacity_level", "value": "1", "reason": "Strong."})
    assert response.status_code == 403
    assert steps(tenant_a, wiltshire) == []


def test_an_officer_of_another_tenant_gets_404(tenant_a, personas, wiltshire, client_for):
    response = client_for(personas["b"]["officer"]).post(
        page(tenant_a, wiltshire, "judgements/"),
        {"key": "capacity_level", "value": "1", "reason": "Strong."})
    assert response.status_code == 404
    assert steps(tenant_a, wiltshire) == []


def test_a_disagreement_is_listed_for_moderation_and_a_senior_officer_decides(
        tenant_a, personas, wiltshire, client_for):
    disagreement = disagreed(tenant_a, personas, wiltshire)
    admin = client_for(personas["a"]["admin"])
    listing = admin.get(f"/t/{tenant_a.slug}/categorisation/moderation/").content.decode()
    assert "Capacity levels the school disagreed with" in listing
    assert "A one-off cohort." in listing
    url = f"/t/{tenant_a.slug}/categorisation/moderation/judgements/{disagreement.pk}/"
    assert admin.get(url).status_code == 200
    response = admin.post(url, {"value": "2", "reason": "Three-year results are secure."})
    assert response.status_code == 302
    assert steps(tenant_a, wiltshire)[-1] == (Status.MODERATED, "2")
    assert "Decided on" in admin.get(url).content.decode()
    # Another tenant's officer does not find the case.
    assert client_for(personas["b"]["admin"]).get(url).status_code == 404


def test_the_welsh_capacity_is_recorded_on_the_page_with_its_history(
        tenant_b, personas, welsh, client_for):
    client = client_for(personas["b"]["officer"])
    body = client.get(page(tenant_b, welsh)).content.decode()
    assert "Record the improvement capacity" in body and "Capacity level" not in body
    response = client.post(page(tenant_b, welsh, "judgements/"),
                           {"key": "improvement_capacity", "value": "C",
                            "reason": "New leadership team, not yet secure."})
    assert response.status_code == 302
    body = client.get(page(tenant_b, welsh)).content.decode()
    assert "C: limited capacity to improve" in body
    assert "New leadership team, not yet secure." in body
    with scope(tenant=tenant_b):
        assert AuditEvent.objects.filter(action="categorisation.judgement_recorded").count() == 1


# --- API ---------------------------------------------------------------------------------------


def test_the_api_proposes_a_level_and_the_headteacher_agrees(tenant_a, personas, wiltshire):
    response = api(personas["a"]["officer"]).post(
        api_url(tenant_a, wiltshire),
        {"key": "capacity_level", "value": "2", "reason": "Secure, supports others."},
        format="json")
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["value"]) == ("proposed", "2")
    response = api(personas["a"]["headteacher"]).post(
        api_url(tenant_a, wiltshire, "agree/"), {"key": "capacity_level"}, format="json")
    assert response.status_code == 200
    [judgement] = api(personas["a"]["headteacher"]).get(api_url(tenant_a, wiltshire)).json()
    assert judgement["key"] == "capacity_level" and judgement["in_force"]["value"] == "2"
    assert judgement["choices"]["4"] == "Level 4: needs intensive capacity"
    assert [step["status"] for step in judgement["history"]] == ["agreed", "proposed"]


def test_the_api_refuses_a_bad_value_naming_the_field(tenant_a, personas, wiltshire):
    response = api(personas["a"]["officer"]).post(
        api_url(tenant_a, wiltshire), {"key": "capacity_level", "value": "9", "reason": "x"},
        format="json")
    assert response.status_code == 400
    assert response.json()["value"] == ["Choose a capacity level from 1 to 4"]


def test_the_api_refuses_a_wiltshire_level_to_a_welsh_tenant_naming_the_key(
        tenant_b, personas, welsh):
    response = api(personas["b"]["officer"]).post(
        api_url(tenant_b, welsh), {"key": "capacity_level", "value": "1", "reason": "x"},
        format="json")
    assert response.status_code == 400 and "key" in response.json()


def test_the_api_refuses_beyond_the_role_and_hides_another_tenant(
        tenant_a, personas, wiltshire):
    body = {"key": "capacity_level", "value": "1", "reason": "Strong."}
    assert api(personas["a"]["viewer"]).post(api_url(tenant_a, wiltshire), body,
                                             format="json").status_code == 403
    assert api(personas["a"]["headteacher"]).post(api_url(tenant_a, wiltshire), body,
                                                  format="json").status_code == 403
    assert api(personas["a"]["officer"]).post(api_url(tenant_a, wiltshire, "agree/"),
                                              {"key": "capacity_level"},
                                              format="json").status_code == 403
    assert api(personas["b"]["officer"]).post(api_url(tenant_a, wiltshire), body,
                                              format="json").status_code == 404
    assert steps(tenant_a, wiltshire) == []


def test_the_api_moderates_a_disagreement(tenant_a, personas, wiltshire):
    disagreement = disagreed(tenant_a, personas, wiltshire)
    url = f"/api/t/{tenant_a.slug}/categorisation/judgements/{disagreement.pk}/moderate/"
    assert api(personas["b"]["admin"]).post(url, {}, format="json").status_code == 404
    response = api(personas["a"]["admin"]).post(
        url, {"value": "3", "reason": "The fall is real."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "moderated"
    again = api(personas["a"]["admin"]).post(url, {"value": "2", "reason": "x"}, format="json")
    assert again.status_code == 400


def test_the_judgement_endpoints_are_in_the_openapi_schema(client_for, personas):
    schema = client_for(personas["a"]["officer"]).get("/api/schema/").content.decode()
    for path in ("/categorisation/schools/{urn}/judgements/",
                 "/categorisation/schools/{urn}/judgements/agree/",
                 "/categorisation/schools/{urn}/judgements/disagree/",
                 "/categorisation/judgements/{officer_judgement_id}/moderate/"):
        assert path in schema
