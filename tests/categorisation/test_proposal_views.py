"""The proposals queue and a proposal's page: review, confirm, override with a reason."""

import pytest
from django_scopes import scope, scopes_disabled

from categorisation.models import CategoryProposal, SchoolCategory
from tests.categorisation.workflow_setup import make_proposal
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(tenant_a, personas, django_capture_on_commit_callbacks):
    school = personas["a"]["school"]
    proposal, categories = make_proposal(tenant_a, school, django_capture_on_commit_callbacks)
    return {"proposal": proposal, "categories": categories, "school": school}


def url(tenant, *parts):
    return f"/t/{tenant.slug}/categorisation/" + "".join(f"{p}/" for p in parts)


def test_the_queue_lists_the_school_with_its_proposed_category_and_reasons(
        proposed, tenant_a, personas, client_for):
    response = client_for(personas["a"]["officer"]).get(url(tenant_a, "proposals"))
    body = response.content.decode()
    assert response.status_code == 200
    assert proposed["school"].establishment.name in body
    assert "3C Requires improvement" in body
    assert "Requires improvement (3)" in body


def test_the_queue_filters_by_phase(proposed, tenant_a, personas, client_for):
    response = client_for(personas["a"]["officer"]).get(
        url(tenant_a, "proposals") + "?phase=secondary")
    assert proposed["school"].establishment.name not in response.content.decode()
    assert "No proposals are waiting with these filters" in response.content.decode()


def test_the_queue_filters_by_scheme_and_by_link_adviser(proposed, tenant_a, personas,
                                                          client_for):
    client = client_for(personas["a"]["officer"])
    name = proposed["school"].establishment.name
    scheme = proposed["proposal"].scheme
    assert name in client.get(url(tenant_a, "proposals") + f"?scheme={scheme.pk}").content.decode()
    with scopes_disabled():
        officer = personas["a"]["officer"].memberships.get(tenant=tenant_a)
    page = client.get(url(tenant_a, "proposals") + f"?adviser={officer.pk}").content.decode()
    assert name not in page  # the school has no link adviser
    assert str(personas["a"]["officer"]) in page  # offered as a choice by name


def test_another_tenants_scheme_is_an_invalid_choice_not_a_filter(proposed, tenant_a, tenant_b,
                                                                 personas, client_for):
    from categorisation.models import CategorisationScheme

    with scopes_disabled():
        theirs = CategorisationScheme.objects.create(tenant=tenant_b, key="theirs", name="Theirs")
    response = client_for(personas["a"]["officer"]).get(
        url(tenant_a, "proposals") + f"?scheme={theirs.pk}")
    assert response.status_code == 400
    assert proposed["school"].establishment.name in response.content.decode()


def test_the_queue_costs_the_same_queries_for_ten_or_forty_proposals(
        proposed, tenant_a, personas, client_for, django_assert_max_num_queries):
    def add(count):
        with scopes_disabled():
            for _ in range(count):
                CategoryProposal.objects.create(
                    tenant=tenant_a, school=SchoolFactory(tenant=tenant_a),
                    scheme=proposed["proposal"].scheme, category=proposed["categories"]["2B"],
                    reasons=["x"], input_hash="h")
    client = client_for(personas["a"]["officer"])
    add(9)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as ten:
        client.get(url(tenant_a, "proposals"))
    add(30)
    with django_assert_max_num_queries(len(ten.captured_queries)):
        response = client.get(url(tenant_a, "proposals"))
    assert response.content.decode().count('data-testid="proposal-row"') == 40


def test_the_proposal_page_shows_reasons_evidence_and_the_inspection_used(
        proposed, tenant_a, personas, client_for):
    response = client_for(personas["a"]["officer"]).get(
        url(tenant_a, "proposals", proposed["proposal"].pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Graded inspection 14 January 2025: Requires improvement (3)" in body
    assert 'data-testid="inspections-used"' in body
    assert "14 January 2025" in body
    assert "No category yet" in body


def test_an_officer_confirms_and_the_category_is_in_force(
        proposed, tenant_a, personas, client_for):
    response = client_for(personas["a"]["officer"]).post(
        url(tenant_a, "proposals", proposed["proposal"].pk, "confirm"),
        {"note": "Agreed at the team meeting."})
    assert response.status_code == 302
    with scope(tenant=tenant_a):
        step = SchoolCategory.objects.get(school=proposed["school"], is_current=True)
    assert (step.status, step.category.code, step.reason) == (
        "confirmed", "3C", "Agreed at the team meeting.")


def test_an_override_without_a_reason_is_refused_with_400(
        proposed, tenant_a, personas, client_for):
    response = client_for(personas["a"]["officer"]).post(
        url(tenant_a, "proposals", proposed["proposal"].pk, "override"),
        {"category": proposed["categories"]["3D"].pk, "reason": ""})
    assert response.status_code == 400
    assert "Enter why you are overriding the proposed category" in response.content.decode()
    with scope(tenant=tenant_a):
        assert not SchoolCategory.objects.filter(school=proposed["school"]).exists()


def test_an_override_with_a_reason_sets_the_other_category(
        proposed, tenant_a, personas, client_for):
    response = client_for(personas["a"]["officer"]).post(
        url(tenant_a, "proposals", proposed["proposal"].pk, "override"),
        {"category": proposed["categories"]["3D"].pk, "reason": "Leadership is now good."})
    assert response.status_code == 302
    with scope(tenant=tenant_a):
        step = SchoolCategory.objects.get(school=proposed["school"], is_current=True)
    assert (step.status, step.category.code) == ("overridden", "3D")


def test_a_proposal_confirmed_twice_shows_the_refusal(proposed, tenant_a, personas, client_for):
    client = client_for(personas["a"]["officer"])
    confirm = url(tenant_a, "proposals", proposed["proposal"].pk, "confirm")
    client.post(confirm, {})
    response = client.post(confirm, {})
    assert response.status_code == 400
    assert "already been confirmed" in response.content.decode()


def test_a_headteacher_cannot_see_the_queue(proposed, tenant_a, personas, client_for):
    response = client_for(personas["a"]["headteacher"]).get(url(tenant_a, "proposals"))
    assert response.status_code == 403


def test_another_tenants_officer_gets_404_for_the_proposal(
        proposed, tenant_a, personas, client_for):
    response = client_for(personas["b"]["officer"]).get(
        url(tenant_a, "proposals", proposed["proposal"].pk))
    assert response.status_code == 404


def test_an_officer_of_tenant_b_cannot_reach_a_proposal_of_tenant_a_through_their_own_url(
        proposed, tenant_b, personas, client_for):
    response = client_for(personas["b"]["officer"]).post(
        url(tenant_b, "proposals", proposed["proposal"].pk, "confirm"), {})
    assert response.status_code == 404
