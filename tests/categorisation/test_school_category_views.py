"""A school's category page: who sees it, what it shows, agree / disagree, moderation."""

import pytest
from django_scopes import scope

from categorisation import workflow
from categorisation.models import ModerationCase, SchoolCategory
from tests.categorisation.workflow_setup import make_proposal
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(tenant_a, personas, django_capture_on_commit_callbacks):
    school = personas["a"]["school"]
    proposal, categories = make_proposal(tenant_a, school, django_capture_on_commit_callbacks)
    with scope(tenant=tenant_a):
        step = workflow.proposal_confirm(tenant=tenant_a, actor=personas["a"]["officer"],
                                         proposal=proposal)
    return {"school": school, "step": step, "categories": categories}


def page(tenant, school, *parts):
    return f"/t/{tenant.slug}/categorisation/schools/{school.urn}/" + "".join(
        f"{p}/" for p in parts)


def test_the_headteacher_sees_the_category_reasons_and_entitlement(
        confirmed, tenant_a, personas, client_for):
    response = client_for(personas["a"]["headteacher"]).get(page(tenant_a, confirmed["school"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "3C Requires improvement" in body
    assert "Graded inspection 14 January 2025: Requires improvement (3)" in body
    assert "3 weekly visits from the attached officer" in body
    assert 'data-testid="visits-due"' in body
    assert 'data-testid="disagree-category"' in body


def test_the_page_shows_the_inspection_timing(confirmed, tenant_a, personas, client_for):
    body = client_for(personas["a"]["officer"]).get(
        page(tenant_a, confirmed["school"])).content.decode()
    assert "below good: next graded inspection within 30 months" in body
    assert "Stuck school" in body


def test_the_history_names_who_confirmed_it(confirmed, tenant_a, personas, client_for):
    body = client_for(personas["a"]["officer"]).get(
        page(tenant_a, confirmed["school"])).content.decode()
    assert "Confirmed by an officer" in body
    assert "officer@wiltshire.example.org" in body
    assert "by an officer by" not in body   # finding 5: the doubled "by"


def test_a_headteacher_of_another_school_gets_403(confirmed, tenant_a, personas, client_for):
    other = SchoolFactory(tenant=tenant_a)
    response = client_for(personas["a"]["headteacher"]).get(page(tenant_a, other))
    assert response.status_code == 403
    assert other.establishment.name not in response.content.decode()


def test_a_board_member_cannot_see_a_schools_category(confirmed, tenant_a, personas, client_for):
    response = client_for(personas["a"]["board_member"]).get(page(tenant_a, confirmed["school"]))
    assert response.status_code == 403


def test_another_tenants_headteacher_gets_404(confirmed, tenant_a, personas, client_for):
    response = client_for(personas["b"]["headteacher"]).get(page(tenant_a, confirmed["school"]))
    assert response.status_code == 404


def test_the_headteacher_agrees(confirmed, tenant_a, personas, client_for):
    response = client_for(personas["a"]["headteacher"]).post(
        page(tenant_a, confirmed["school"], "agree"), {"note": ""})
    assert response.status_code == 302
    with scope(tenant=tenant_a):
        assert SchoolCategory.objects.get(school=confirmed["school"],
                                          is_current=True).status == "agreed"


def test_a_disagreement_without_a_reason_is_refused_with_400(
        confirmed, tenant_a, personas, client_for):
    response = client_for(personas["a"]["headteacher"]).post(
        page(tenant_a, confirmed["school"], "disagree"), {"reason": " "})
    assert response.status_code == 400
    assert "Enter why you disagree with the category" in response.content.decode()


def test_a_disagreement_with_a_reason_opens_a_moderation_case(
        confirmed, tenant_a, personas, client_for):
    response = client_for(personas["a"]["headteacher"]).post(
        page(tenant_a, confirmed["school"], "disagree"),
        {"reason": "A new head started in January."})
    assert response.status_code == 302
    with scope(tenant=tenant_a):
        case = ModerationCase.objects.get(school=confirmed["school"])
    assert case.disagreement.reason == "A new head started in January."


def test_an_officer_cannot_respond_for_the_school(confirmed, tenant_a, personas, client_for):
    response = client_for(personas["a"]["officer"]).post(
        page(tenant_a, confirmed["school"], "agree"), {})
    assert response.status_code == 403


def disagree(tenant, personas, school):
    with scope(tenant=tenant):
        _, case = workflow.category_disagree(tenant=tenant, actor=personas["a"]["headteacher"],
                                             school=school, reason="Leadership is good now.")
    return case


def test_an_admin_decides_a_moderation_case(confirmed, tenant_a, personas, client_for):
    case = disagree(tenant_a, personas, confirmed["school"])
    client = client_for(personas["a"]["admin"])
    listing = client.get(f"/t/{tenant_a.slug}/categorisation/moderation/")
    assert "Leadership is good now." in listing.content.decode()
    response = client.post(f"/t/{tenant_a.slug}/categorisation/moderation/{case.pk}/", {
        "category": confirmed["categories"]["3D"].pk, "reason": "The visit confirmed it."})
    assert response.status_code == 302
    with scope(tenant=tenant_a):
        step = SchoolCategory.objects.get(school=confirmed["school"], is_current=True)
    assert (step.status, step.category.code) == ("moderated", "3D")


def test_an_officer_records_a_boards_decision_and_must_name_the_board(
        confirmed, tenant_a, personas, client_for):
    case = disagree(tenant_a, personas, confirmed["school"])
    client = client_for(personas["a"]["officer"])
    moderation = f"/t/{tenant_a.slug}/categorisation/moderation/{case.pk}/"
    refused = client.post(moderation, {"category": confirmed["categories"]["3C"].pk,
                                       "reason": "Upheld."})
    assert refused.status_code == 400
    assert "Enter the board that decided" in refused.content.decode()
    response = client.post(moderation, {"category": confirmed["categories"]["3C"].pk,
                                        "reason": "Upheld.", "board_name": "North board"})
    assert response.status_code == 302
    with scope(tenant=tenant_a):
        case.refresh_from_db()
    assert (case.status, case.by_board, case.board_name) == ("decided", True, "North board")


def test_the_school_page_links_to_the_category_for_an_officer(
        confirmed, tenant_a, personas, client_for):
    body = client_for(personas["a"]["officer"]).get(
        f"/t/{tenant_a.slug}/schools/{confirmed['school'].urn}/").content.decode()
    assert 'data-testid="school-category-summary"' in body
    assert "3C Requires improvement" in body


def test_the_moderation_page_shows_the_step_disagreed_with_then_the_decision(
        confirmed, tenant_a, personas, client_for):
    case = disagree(tenant_a, personas, confirmed["school"])
    with scope(tenant=tenant_a):
        case.refresh_from_db()
        previous = case.disagreement.previous
    client = client_for(personas["a"]["admin"])
    url = f"/t/{tenant_a.slug}/categorisation/moderation/{case.pk}/"
    body = client.get(url).content.decode()
    assert f"{previous.decided_words()} on" in body
    assert client.post(url, {"category": confirmed["categories"]["3D"].pk,
                             "reason": "The visit confirmed it."}).status_code == 302
    decided = client.get(url).content.decode()
    assert "3D" in decided and "The visit confirmed it." in decided
