"""A deployment after brokering: agreed, reviewed termly with the days used to date, ended by its
impact review and quality-assured for value for money by a senior officer who did not broker
it; the list with its download, and the API."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from core.models import AuditEvent, Role
from support.models import Deployment, DeploymentStatus
from support.services import deployments as services
from tests.factories import SchoolFactory, api_token_client
from tests.support.test_deployments import START, deploy, leader  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
LATER = START + timedelta(days=60)


@pytest.fixture
def admin(personas):
    return personas["a"][Role.ADMIN]


@pytest.fixture
def agreed(tenant_a, officer, school, leader):  # noqa: F811
    deployment = deploy(tenant_a, officer, school, leader)
    with scope(tenant=tenant_a):
        return services.deployment_agree(tenant=tenant_a, actor=officer, deployment=deployment)


def review(tenant, actor, deployment, days, on=LATER, progress="on_track"):
    with scope(tenant=tenant):
        return services.deployment_review(tenant=tenant, actor=actor, deployment=deployment,
                                          reviewed_on=on, progress=progress, days_used=days,
                                          summary="Maths leads observed; planning reworked.")


def end(tenant, actor, deployment, days="4", impact="met"):
    with scope(tenant=tenant):
        return services.deployment_impact_review(
            tenant=tenant, actor=actor, deployment=deployment, reviewed_on=LATER + timedelta(30),
            impact=impact, days_used=days, summary="KS2 maths at expected up 12 points.")


def assure(tenant, actor, deployment, value="good"):
    with scope(tenant=tenant):
        return services.deployment_quality_assure(
            tenant=tenant, actor=actor, deployment=deployment, value_for_money=value,
            comment="Outcomes for the cost compare well with the last three deployments.",
            on=LATER + timedelta(40))


def test_a_deployment_goes_from_agreed_through_reviews_to_its_impact_and_assurance(
        tenant_a, officer, admin, agreed):
    assert agreed.status == DeploymentStatus.AGREED
    review(tenant_a, officer, agreed, "1.5")
    review(tenant_a, officer, agreed, "3", progress="concerns")
    impact = end(tenant_a, officer, agreed)
    agreed.refresh_from_db()
    assert agreed.status == DeploymentStatus.ENDED and impact.days_used == Decimal("4.0")
    assurance = assure(tenant_a, admin, agreed)
    assert assurance.get_value_for_money_display() == "Good value for money"
    with scopes_disabled():
        actions = list(AuditEvent.objects.filter(action__startswith="support.deployment_")
                       .order_by("pk").values_list("action", flat=True))
    assert actions[1:] == ["support.deployment_agreed", "support.deployment_reviewed",
                           "support.deployment_reviewed", "support.deployment_ended",
                           "support.deployment_assured"]


def test_a_proposed_deployment_is_not_reviewed_before_it_is_agreed(tenant_a, officer, school,
                                                                   leader):  # noqa: F811
    deployment = deploy(tenant_a, officer, school, leader)
    with pytest.raises(ValidationError, match="Only an agreed deployment"):
        review(tenant_a, officer, deployment, "1")
    with scope(tenant=tenant_a):
        services.deployment_agree(tenant=tenant_a, actor=officer, deployment=deployment)
        with pytest.raises(ValidationError, match="already agreed"):
            services.deployment_agree(tenant=tenant_a, actor=officer, deployment=deployment)


def test_the_days_used_to_date_never_go_down_nor_pass_the_days_brokered(tenant_a, officer,
                                                                         agreed):
    review(tenant_a, officer, agreed, "2")
    with pytest.raises(ValidationError, match="cannot go down") as down:
        review(tenant_a, officer, agreed, "1.5")
    assert "days_used" in down.value.message_dict
    with pytest.raises(ValidationError, match="4.0 days were brokered"):
        review(tenant_a, officer, agreed, "4.5")
    with pytest.raises(ValidationError, match="cannot be negative"):
        end(tenant_a, officer, agreed, days="-1")
    with pytest.raises(ValidationError, match="before the deployment starts"):
        review(tenant_a, officer, agreed, "3", on=START - timedelta(days=1))
    with scopes_disabled():
        assert agreed.reviews.count() == 1


def test_the_impact_review_ends_the_deployment_once(tenant_a, officer, agreed):
    end(tenant_a, officer, agreed)
    with pytest.raises(ValidationError, match="Only an agreed deployment"):
        end(tenant_a, officer, agreed)
    with pytest.raises(ValidationError, match="Only an agreed deployment"):
        review(tenant_a, officer, agreed, "4")


def test_quality_assurance_comes_after_the_impact_review_from_someone_who_did_not_broker(
        tenant_a, officer, admin, school, leader, agreed):  # noqa: F811
    with pytest.raises(ValidationError, match="after its impact review"):
        assure(tenant_a, admin, agreed)
    end(tenant_a, officer, agreed)
    # The officer who brokered it, even with the right to check, may not: the officer role has
    # no right to check at all.
    with pytest.raises(PermissionDenied):
        assure(tenant_a, officer, agreed)
    # An admin who brokered a deployment does not assure it either.
    own = deploy(tenant_a, admin, school, leader, days="2")
    with scope(tenant=tenant_a):
        services.deployment_agree(tenant=tenant_a, actor=admin, deployment=own)
    end(tenant_a, admin, own, days="2")
    with pytest.raises(PermissionDenied, match="You brokered this deployment"):
        assure(tenant_a, admin, own)
    assure(tenant_a, admin, agreed)
    with pytest.raises(ValidationError, match="already been quality-assured"):
        assure(tenant_a, admin, agreed)


def test_a_headteacher_reviews_nothing(tenant_a, head, agreed):
    with pytest.raises(PermissionDenied):
        review(tenant_a, head, agreed, "1")


def test_the_pages_take_an_officer_from_agreeing_to_the_impact(client_for, tenant_a, officer,
                                                               school, leader):  # noqa: F811
    deployment = deploy(tenant_a, officer, school, leader)
    client = client_for(officer)
    base = f"/t/{tenant_a.slug}/support/deployments/{deployment.pk}/"
    page = client.get(base).content.decode()
    assert "Record that it is agreed" in page and "Add a termly review" not in page
    assert client.post(base + "agree/").status_code == 302
    assert "Add a termly review" in client.get(base).content.decode()
    refused = client.post(base + "review/", {"reviewed_on": LATER.isoformat(),
                                              "progress": "on_track", "days_used": "9",
                                              "summary": "Started."})
    assert refused.status_code == 400
    assert "4.0 days were brokered" in refused.content.decode()
    assert client.post(base + "review/", {"reviewed_on": LATER.isoformat(),
                                          "progress": "on_track", "days_used": "2",
                                          "summary": "Started."}).status_code == 302
    assert client.post(base + "impact/", {"reviewed_on": LATER.isoformat(), "impact": "met",
                                          "days_used": "3.5",
                                          "summary": "Met."}).status_code == 302
    page = client.get(base).content.decode()
    assert "Objectives met" in page and "3.5 of 4.0" in page
    # The officer holds no right to check value for money: no link, and the page refuses.
    assert "Quality-assure the deployment" not in page
    assert client.get(base + "quality/").status_code == 403


def test_the_list_and_its_downloads_show_every_deployment_with_days_used(
        client_for, tenant_a, officer, admin, school, leader, agreed):  # noqa: F811
    review(tenant_a, officer, agreed, "2.5")
    other = deploy(tenant_a, officer, SchoolFactory(tenant=tenant_a), leader, days="1",
                   cost="450")
    client = client_for(officer)
    url = f"/t/{tenant_a.slug}/support/deployments/"
    page = client.get(url).content.decode()
    assert "2.5 of 4.0" in page and "0 of 1.0" in page
    rows = list(csv.DictReader(io.StringIO(client.get(url + "export/?format=csv").content
                                           .decode("utf-8-sig"))))
    by_urn = {int(row["URN"]): row for row in rows}
    assert by_urn[agreed.school.urn]["Days used"] == "2.5"
    assert by_urn[other.school.urn]["Status"] == "Proposed"
    sheet = load_workbook(io.BytesIO(client.get(url + "export/?format=xlsx").content)).active
    values = list(sheet.iter_rows(values_only=True))
    cost = values[0].index("Cost")
    assert sorted(row[cost] for row in values[1:]) == [450, 1800]
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="all-deployments.export").count() == 2
    assert client_for(admin).get(url).status_code == 200


def test_the_list_costs_the_same_queries_for_one_deployment_as_for_four(
        client_for, tenant_a, officer, leader, agreed):  # noqa: F811
    client = client_for(officer)
    url = f"/t/{tenant_a.slug}/support/deployments/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        deployment = deploy(tenant_a, officer, SchoolFactory(tenant=tenant_a), leader, days="1")
        with scope(tenant=tenant_a):
            services.deployment_agree(tenant=tenant_a, actor=officer, deployment=deployment)
        review(tenant_a, officer, deployment, "0.5")
    with CaptureQueriesContext(connection) as four:
        client.get(url)
    with scopes_disabled():
        assert Deployment.objects.count() == 4
    assert len(four) == len(one)


def test_the_api_lists_reviews_and_refuses_naming_the_field(tenant_a, officer, admin, head,
                                                            agreed):
    client = api_token_client(officer, made_with_mfa=True)
    base = f"/api/t/{tenant_a.slug}/support/deployments/"
    created = client.post(f"{base}{agreed.pk}/reviews/", {
        "reviewed_on": LATER.isoformat(), "progress": "concerns", "days_used": "1.5",
        "summary": "Slow start."}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["reviews"][0]["progress"] == "concerns"
    assert created.json()["days_used"] == "1.5"
    refused = client.post(f"{base}{agreed.pk}/reviews/", {
        "reviewed_on": LATER.isoformat(), "progress": "on_track", "days_used": "1",
        "summary": "Less?"}, format="json")
    assert refused.status_code == 400 and "days_used" in refused.json()
    ended = client.post(f"{base}{agreed.pk}/impact/", {
        "reviewed_on": LATER.isoformat(), "impact": "partly", "days_used": "4",
        "summary": "Partly."}, format="json")
    assert ended.json()["status"] == "ended" and ended.json()["impact"] == "partly"
    assured = api_token_client(admin, made_with_mfa=True).post(f"{base}{agreed.pk}/quality/", {
        "value_for_money": "adequate", "comment": "Fair.", "on": date.today().isoformat()},
        format="json")
    assert assured.status_code == 201, assured.content
    assert assured.json()["quality_assurance"]["value_for_money"] == "adequate"
    listed = client.get(base).json()
    assert [row["id"] for row in listed] == [agreed.pk]
    assert api_token_client(head).get(base).status_code == 403
