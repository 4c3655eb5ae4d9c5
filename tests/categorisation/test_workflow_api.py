"""The workflow API: proposals, confirm, override, a school's category, agree, disagree,
moderate; every refusal (400 without a reason, 403 beyond the role, 404 for another tenant)."""

import pytest
from django_scopes import scope
from rest_framework.test import APIClient

from categorisation import workflow
from categorisation.models import ModerationCase
from tests.categorisation.workflow_setup import make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(tenant_a, personas, django_capture_on_commit_callbacks):
    school = personas["a"]["school"]
    proposal, categories = make_proposal(tenant_a, school, django_capture_on_commit_callbacks)
    return {"proposal": proposal, "categories": categories, "school": school}


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def base(tenant):
    return f"/api/t/{tenant.slug}/categorisation/"


def test_the_proposals_are_listed_with_reasons(proposed, tenant_a, personas):
    response = api(personas["a"]["officer"]).get(base(tenant_a) + "proposals/")
    assert response.status_code == 200
    [item] = response.json()["results"] if "results" in response.json() else response.json()
    assert (item["urn"], item["category"]["code"]) == (proposed["school"].urn, "3C")
    assert any("Requires improvement (3)" in reason for reason in item["reasons"])


def test_an_officer_confirms_through_the_api(proposed, tenant_a, personas):
    response = api(personas["a"]["officer"]).post(
        base(tenant_a) + f"proposals/{proposed['proposal'].pk}/confirm/", {}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["category"]["code"]) == (
        "confirmed", "3C")


def test_an_override_without_a_reason_is_400(proposed, tenant_a, personas):
    response = api(personas["a"]["officer"]).post(
        base(tenant_a) + f"proposals/{proposed['proposal'].pk}/override/",
        {"category": "3D", "reason": ""}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()


def test_an_override_with_a_reason_sets_the_category(proposed, tenant_a, personas):
    response = api(personas["a"]["officer"]).post(
        base(tenant_a) + f"proposals/{proposed['proposal'].pk}/override/",
        {"category": "3D", "reason": "Leadership is good."}, format="json")
    assert (response.status_code, response.json()["category"]["code"]) == (200, "3D")


def test_a_headteacher_cannot_confirm(proposed, tenant_a, personas):
    response = api(personas["a"]["headteacher"]).post(
        base(tenant_a) + f"proposals/{proposed['proposal'].pk}/confirm/", {}, format="json")
    assert response.status_code == 403


def test_another_tenants_officer_gets_404(proposed, tenant_a, personas):
    response = api(personas["b"]["officer"]).post(
        base(tenant_a) + f"proposals/{proposed['proposal'].pk}/confirm/", {}, format="json")
    assert response.status_code == 404


def confirm(tenant, personas, proposed):
    with scope(tenant=tenant):
        workflow.proposal_confirm(tenant=tenant, actor=personas["a"]["officer"],
                                  proposal=proposed["proposal"])


def test_the_headteacher_reads_the_category_entitlement_and_history(
        proposed, tenant_a, personas):
    confirm(tenant_a, personas, proposed)
    response = api(personas["a"]["headteacher"]).get(
        base(tenant_a) + f"schools/{proposed['school'].urn}/category/")
    data = response.json()
    assert response.status_code == 200
    assert data["in_force"]["category"]["code"] == "3C"
    assert "3 weekly visits from the attached officer" in data["entitlement"]["offer"]
    assert data["entitlement"]["visits"]
    assert [step["status"] for step in data["history"]] == ["confirmed"]
    assert data["inspection_timing"]["last_inspection_date"] == "2025-01-14"


def test_a_board_member_cannot_read_a_schools_category(proposed, tenant_a, personas):
    response = api(personas["a"]["board_member"]).get(
        base(tenant_a) + f"schools/{proposed['school'].urn}/category/")
    assert response.status_code == 403


def test_the_headteacher_disagrees_without_a_reason_and_gets_400(proposed, tenant_a, personas):
    confirm(tenant_a, personas, proposed)
    response = api(personas["a"]["headteacher"]).post(
        base(tenant_a) + "my-school/category/disagree/", {"reason": ""}, format="json")
    assert response.status_code == 400


def test_the_headteacher_disagrees_and_an_admin_moderates(proposed, tenant_a, personas):
    confirm(tenant_a, personas, proposed)
    response = api(personas["a"]["headteacher"]).post(
        base(tenant_a) + "my-school/category/disagree/", {"reason": "New head."}, format="json")
    assert response.status_code == 200
    case_id = response.json()["id"]
    decided = api(personas["a"]["admin"]).post(
        base(tenant_a) + f"moderation/{case_id}/decide/",
        {"category": "3D", "reason": "Visit evidence."}, format="json")
    assert (decided.status_code, decided.json()["status"]) == (200, "moderated")
    with scope(tenant=tenant_a):
        assert ModerationCase.objects.get(pk=case_id).status == "decided"


def test_an_officer_may_not_moderate_alone_through_the_api(proposed, tenant_a, personas):
    confirm(tenant_a, personas, proposed)
    with scope(tenant=tenant_a):
        _, case = workflow.category_disagree(tenant=tenant_a,
                                             actor=personas["a"]["headteacher"],
                                             school=proposed["school"], reason="No.")
    response = api(personas["a"]["officer"]).post(
        base(tenant_a) + f"moderation/{case.pk}/decide/",
        {"category": "3C", "reason": "Upheld."}, format="json")
    assert response.status_code == 403


def test_the_headteacher_agrees_through_the_api(proposed, tenant_a, personas):
    confirm(tenant_a, personas, proposed)
    response = api(personas["a"]["headteacher"]).post(
        base(tenant_a) + "my-school/category/agree/", {}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "agreed")
