"""The brokering pages: an officer sees suggestions with reasons and exclusions with rules and
creates a deployment; a headteacher is refused (capacity is confidential); the admin commits
the cost from the deployment page."""

from datetime import date

import pytest
from django_scopes import scope, scopes_disabled

from core.models import Role
from funding.models import Commitment
from support.models import Deployment
from support.services import brokering as services
from tests.funding.spending_world import make_budgets
from tests.support.test_deployments import deploy, leader  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_the_brokering_page_shows_a_suggestion_and_an_exclusion_with_its_rule(
        client_for, tenant_a, officer, school, leader):  # noqa: F811
    with scope(tenant=tenant_a):
        services.interest_declare(tenant=tenant_a, actor=officer, person=leader, school=school,
                                  description="Governor.")
    page = client_for(officer).get(f"/t/{tenant_a.slug}/support/schools/{school.urn}/brokering/"
                                   "?need=maths&days=3&starts_on=2025-10-06")
    assert page.status_code == 200
    assert "They declared an interest in" in page.content.decode()


def test_an_officer_creates_a_deployment_from_the_page(client_for, tenant_a, officer, school,
                                                       leader):  # noqa: F811
    response = client_for(officer).post(
        f"/t/{tenant_a.slug}/support/schools/{school.urn}/deployments/new/",
        {"supporter": leader.pk, "need": "maths", "objectives": "Fractions.", "days": "3",
         "cost": "900.00", "starts_on": "2025-10-06", "ends_on": "2026-02-01"})
    assert response.status_code == 302
    with scopes_disabled():
        assert Deployment.objects.get().days == 3


def test_a_refused_deployment_names_the_rule_on_the_form(client_for, tenant_a, officer, school,
                                                         leader):  # noqa: F811
    response = client_for(officer).post(
        f"/t/{tenant_a.slug}/support/schools/{school.urn}/deployments/new/",
        {"supporter": leader.pk, "objectives": "Fractions.", "days": "11", "cost": "900.00",
         "starts_on": "2025-10-06", "ends_on": "2026-02-01"})
    assert response.status_code == 400
    assert "10.0 days left this year; 11.0 asked" in response.content.decode()


def test_a_headteacher_cannot_see_the_brokering_page(client_for, tenant_a, head, school):
    page = client_for(head).get(f"/t/{tenant_a.slug}/support/schools/{school.urn}/brokering/")
    assert page.status_code == 403


def test_the_admin_commits_the_cost_from_the_deployment_page(client_for, personas, tenant_a,
                                                             officer, school, leader,  # noqa: F811
                                                             monkeypatch):
    deployment = deploy(tenant_a, officer, school, leader)
    budgets = make_budgets(tenant_a)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: date(2025, 10, 6))
    admin = client_for(personas["a"][Role.ADMIN])
    url = f"/t/{tenant_a.slug}/support/deployments/{deployment.pk}/"
    assert "Commit the cost" in admin.get(url).content.decode()
    response = admin.post(url + "commit/", {"budget": f"allocation:{budgets.north.pk}",
                                            "on": "2025-10-06"})
    assert response.status_code == 302
    with scopes_disabled():
        assert Commitment.objects.get().source == f"Deployment {deployment.pk}"


def test_the_category_page_leads_an_officer_to_brokering_and_not_the_headteacher(
        client_for, tenant_a, officer, head, school, warwickshire):
    from tests.support.conftest import confirm

    confirm(tenant_a, school, warwickshire["4"], officer)
    url = f"/t/{tenant_a.slug}/categorisation/schools/{school.urn}/"
    broker = f"/t/{tenant_a.slug}/support/schools/{school.urn}/brokering/"
    assert f'href="{broker}"' in client_for(officer).get(url).content.decode()
    page = client_for(head).get(url)
    assert page.status_code == 200 and "support/schools" not in page.content.decode()
