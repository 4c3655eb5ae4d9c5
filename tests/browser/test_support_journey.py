"""Support in the browser, for a school whose category worsens: (a) an officer goes from the
category-4 proposal to the brokering suggestions (a conflicted leader excluded with the rule),
brokers a leader, records the agreement, and plans the visits; an admin commits the cost, which
then shows on the funding side; (b) later the officer records a termly review and the impact
review, and a senior officer who did not broker it records the quality assurance.
Every page is checked with axe.

The world is built by the services the support and categorisation tests use: the inspection
import and recompute propose the category, the brokering services register the leaders."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from playwright.sync_api import Page, expect

from categorisation import recompute
from categorisation.models import CategoryProposal
from categorisation.services import inspections_import
from core.models import Role
from core.years import FinancialYear
from funding.models import Commitment
from funding.services.dedelegation import funding_year_create
from support.models import Deployment, DeploymentStatus, Visit, VisitStatus
from support.services import brokering as brokering_services
from support.services import deployments as deployment_services
from tests.browser.helpers import assert_accessible, use_session_of
from tests.categorisation.workflow_setup import grade_row
from tests.factories import MembershipFactory
from tests.funding.spending_world import make_budgets
from tests.support.conftest import confirm, warwickshire  # noqa: F401 (fixture)
from tests.support.test_deployments import leader  # noqa: F401 (fixture)

TODAY = timezone.localdate()


@pytest.fixture
def officer(personas):
    return personas["a"][Role.OFFICER]


@pytest.fixture
def admin(personas):
    return personas["a"][Role.ADMIN]


@pytest.fixture
def school(personas):
    return personas["a"]["school"]


@pytest.fixture
def worsened(tenant_a, officer, school, warwickshire):  # noqa: F811
    """The school was 2A Good; an Inadequate inspection makes the recompute propose 4."""
    confirm(tenant_a, school, warwickshire["2A"], officer)
    inspections_import(rows=[grade_row(school.urn, "S1", "Inadequate",
                                       start=(TODAY - timedelta(days=20)).isoformat())],
                       today=TODAY)
    with scope(tenant=tenant_a):
        recompute.recompute_schools(tenant=tenant_a, school_ids=[school.pk], reason="journey")
        proposal = CategoryProposal.objects.select_related("category").get(school=school,
                                                                           status="open")
    assert proposal.category.code == "4"
    return proposal


@pytest.fixture
def conflicted(tenant_a, officer, school):
    """A second NLE, with capacity, who declared an interest in the school. Named apart from
    the leader: two random names once matched, and the page was then asked not to show the
    leader it rightly suggested."""
    person = MembershipFactory(tenant=tenant_a, role=Role.HEADTEACHER,
                               user__full_name="Zebedee Interested-Party")
    with scope(tenant=tenant_a):
        from partnerships.models import SystemLeaderDesignation

        SystemLeaderDesignation.objects.create(tenant=tenant_a, person=person,
                                               designation="nle",
                                               designated_on=TODAY - timedelta(days=700),
                                               evidence="DfE letter")
        brokering_services.employment_set(tenant=tenant_a, actor=officer, person=person,
                                          school=person.headship.school)
        brokering_services.leader_capacity_set(tenant=tenant_a, actor=officer, person=person,
                                               days_per_year="10", specialisms=["maths"],
                                               expires_on=TODAY + timedelta(days=700))
        brokering_services.interest_declare(tenant=tenant_a, actor=officer, person=person,
                                            school=school, description="Governor there.")
    return person


@pytest.fixture
def budgets(tenant_a, admin):
    with scope(tenant=tenant_a):
        year = funding_year_create(tenant=tenant_a, actor=admin,
                                   start_year=FinancialYear.of(TODAY).start_year)
    return make_budgets(tenant_a, year)


def name_of(membership) -> str:
    return str(membership.user)


def test_an_officer_goes_from_a_category_4_proposal_to_a_costed_deployment_and_visits(
        page: Page, live_server, tenant_a, officer, admin, school, worsened, leader,  # noqa: F811
        conflicted, budgets, warwickshire):  # noqa: F811
    base = f"{live_server.url}/t/{tenant_a.slug}"
    name = school.establishment.name
    four = warwickshire["4"]
    use_session_of(page, live_server.url, officer)
    page.goto(f"{base}/")
    page.get_by_role("link", name="Categories dashboard").click()
    page.get_by_role("link", name="Proposed categories").first.click()
    page.get_by_role("link", name=name).click()
    expect(page.get_by_test_id("proposal-reasons")).to_contain_text("Inadequate")
    assert_accessible(page)
    page.get_by_label("Note (optional)").fill("Inadequate inspection; agreed with the adviser.")
    page.get_by_test_id("confirm-proposal").click()
    expect(page.get_by_text("Confirmed category 4")).to_be_visible()

    # From the school's category to brokering, through the support panel.
    page.goto(f"{base}/categorisation/schools/{school.urn}/")
    expect(page.get_by_test_id("category-in-force")).to_contain_text(f"4 {four.label}")
    assert_accessible(page)
    page.get_by_role("link", name=f"Broker support for {name}").click()
    expect(page.get_by_role("heading", name="Broker support")).to_be_visible()
    asking = page.get_by_test_id("broker-ask")
    asking.get_by_label("What the school needs").select_option(label="Mathematics")
    asking.get_by_label("Days of support").fill("4")
    asking.get_by_label("Starting").fill(TODAY.isoformat())
    page.get_by_role("button", name="Find system leaders").click()
    expect(page.get_by_test_id("suggestions")).to_contain_text(name_of(leader))
    expect(page.get_by_test_id("suggestions")).not_to_contain_text(name_of(conflicted))
    excluded = page.get_by_test_id("exclusions").get_by_role("row").filter(
        has_text=name_of(conflicted))
    expect(excluded).to_contain_text("declared an interest")
    assert_accessible(page)

    creating = page.locator("form[method=post]").filter(
        has=page.get_by_role("button", name="Create deployment"))
    choice = creating.get_by_label("System leader")
    expect(choice.locator("option")).to_have_count(2)  # "Choose a leader" and the one suggested
    choice.select_option(index=1)
    expect(creating.get_by_label("Days of support")).to_have_value("4")
    creating.get_by_label("Objectives").fill("Raise attainment in KS2 maths: fractions first.")
    creating.get_by_label("Cost (£)").fill("1800.00")
    creating.get_by_label("Ends").fill((TODAY + timedelta(days=150)).isoformat())
    creating.get_by_role("button", name="Create deployment").click()
    expect(page.get_by_text(f"Brokered {name_of(leader)} to support")).to_be_visible()
    categories = page.get_by_test_id("categories")
    expect(categories).to_contain_text(f"When support began: 4 {four.label}")
    expect(categories).to_contain_text(f"Today: 4 {four.label}")
    expect(page.get_by_test_id("commitment")).to_have_text("Not committed")
    assert_accessible(page)
    page.get_by_role("button", name="Record that it is agreed").click()
    expect(page.get_by_test_id("deployment")).to_contain_text("Agreed")
    with scopes_disabled():
        deployment = Deployment.objects.get()
    assert (deployment.supporter_id, deployment.days, deployment.cost, deployment.status) == (
        leader.pk, Decimal("4.0"), Decimal("1800.00"), DeploymentStatus.AGREED)

    # Planned visits from the category's entitlement.
    page.get_by_role("link", name=f"{name}: visits").click()
    page.get_by_role("button", name="Plan this year's visits from the entitlement").click()
    with scopes_disabled():
        planned = list(Visit.objects.filter(school=school, status=VisitStatus.PLANNED)
                       .order_by("planned_on"))
    assert planned, "category 4 entitles the school to visits"
    expect(page.get_by_role("link", name=planned[0].label).first).to_be_visible()
    assert_accessible(page)

    # A funding manager commits the cost; it shows on the funding side.
    use_session_of(page, live_server.url, admin)
    page.goto(f"{base}/support/deployments/{deployment.pk}/")
    budget = page.get_by_label("Budget")
    north = budget.locator("option", has_text="North Consortium").first.get_attribute("value")
    budget.select_option(value=north)
    page.get_by_role("button", name="Commit the cost").click()
    expect(page.get_by_test_id("commitment")).to_contain_text("£1,800.00")
    with scopes_disabled():
        commitment = Commitment.objects.get()
    assert (commitment.amount, commitment.source) == (Decimal("1800.00"),
                                                      f"Deployment {deployment.pk}")
    page.get_by_test_id("commitment").get_by_role("link", name=commitment.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Commitment {commitment.reference}")
    expect(page.get_by_text(f"(Deployment {deployment.pk})")).to_be_visible()
    assert_accessible(page)


@pytest.fixture
def agreed(tenant_a, officer, school, worsened, leader):  # noqa: F811
    with scope(tenant=tenant_a):
        from categorisation import workflow

        workflow.proposal_confirm(tenant=tenant_a, actor=officer, proposal=worsened)
        deployment = brokering_services.deployment_create(
            tenant=tenant_a, actor=officer, school=school, supporter=leader, need="maths",
            objectives="Raise attainment in KS2 maths.", days="4", cost="1800.00",
            starts_on=TODAY - timedelta(days=120), ends_on=TODAY + timedelta(days=30))
        return deployment_services.deployment_agree(tenant=tenant_a, actor=officer,
                                                    deployment=deployment)


def test_later_the_officer_records_reviews_and_impact_and_a_senior_officer_assures_it(
        page: Page, live_server, tenant_a, officer, admin, school, agreed):
    base = f"{live_server.url}/t/{tenant_a.slug}"
    use_session_of(page, live_server.url, officer)
    page.goto(f"{base}/support/")
    page.get_by_role("link", name="Deployments: brokered support").click()
    page.get_by_role("link", name=school.establishment.name).first.click()
    expect(page.get_by_test_id("categories")).to_contain_text("Today: 4 ")
    page.get_by_role("link", name="Add a termly review").click()
    assert_accessible(page)
    page.get_by_label("Date of the review").fill((TODAY - timedelta(days=60)).isoformat())
    page.get_by_label("On track").check()
    page.get_by_label("Days used to date").fill("9")
    page.get_by_label("What the support has done and what has changed").fill(
        "Maths leads observed; planning reworked.")
    page.get_by_role("button", name="Save the review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("4.0 days were brokered")
    assert_accessible(page)
    page.get_by_label("Days used to date").fill("1.5")
    page.get_by_role("button", name="Save the review").click()
    reviews = page.get_by_test_id("reviews")
    expect(reviews).to_contain_text("On track")
    expect(reviews).to_contain_text("1.5 of 4.0")

    page.get_by_role("link", name="Review the impact and end it").click()
    page.get_by_label("Date of the impact review").fill(TODAY.isoformat())
    page.get_by_label("Objectives met").check()
    page.get_by_label("Days used in all").fill("3.5")
    page.get_by_label("The impact, with its evidence").fill(
        "KS2 maths at expected up 12 points.")
    page.get_by_role("button", name="Save and end the deployment").click()
    expect(reviews).to_contain_text("Objectives met")
    expect(reviews).to_contain_text("3.5 of 4.0")
    # The broker does not assure their own deployment: no link for the officer.
    expect(page.get_by_text("Waiting for a senior officer")).to_be_visible()
    expect(page.get_by_role("link", name="Quality-assure the deployment")).to_have_count(0)
    assert_accessible(page)

    use_session_of(page, live_server.url, admin)
    page.goto(f"{base}/support/deployments/{agreed.pk}/")
    page.get_by_role("link", name="Quality-assure the deployment").click()
    assert_accessible(page)
    page.get_by_label("Good value for money").check()
    page.get_by_label("Why, and the evidence you used").fill(
        "Outcomes for the cost compare well with the last three deployments.")
    page.get_by_role("button", name="Save the judgement").click()
    assurance = page.get_by_test_id("assurance")
    expect(assurance).to_contain_text("Good value for money")
    expect(assurance).to_contain_text(str(admin))
    assert_accessible(page)
    with scopes_disabled():
        agreed.refresh_from_db()
        assert agreed.status == DeploymentStatus.ENDED
        assert agreed.quality_assurance.value_for_money == "good"
