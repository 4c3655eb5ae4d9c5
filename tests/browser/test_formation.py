"""Forming partnerships in the browser (seed 003): an officer runs the generator, edits the
proposal, publishes it, a headteacher responds from their home page, and the officer confirms
it; the consultation survey's results read as stacked bars with their tables. Every page is
checked with axe and photographed for a person to look at (/tmp/formation_*.png)."""

from pathlib import Path

import pytest
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from partnerships import services
from partnerships.models import FormationProposal, PartnershipMembership, Rating
from tests.browser.helpers import assert_accessible, use_session_of
from tests.factories import SchoolFactory

SHOTS = Path("/tmp")
TOWNS = ["Hendon", "Finchley", "Edgware", "Mill Hill", "Totteridge", "Whetstone", "Barnet",
         "Colindale", "Burnt Oak", "Golders Green", "Friern Barnet"]


@pytest.fixture
def barnet(personas, tenant_a):
    """Tenant A's register: the headteacher's primary and eleven more, with pro-formas."""
    officer = personas["a"]["officer"]
    schools = [personas["a"]["school"]]
    for i, town in enumerate(TOWNS):
        schools.append(SchoolFactory(
            tenant=tenant_a, establishment__la_code="865",
            establishment__name=f"{town} {'High School' if i < 2 else 'Primary School'}",
            establishment__phase="secondary" if i < 2 else "primary",
            establishment__easting=520000 + 900 * i, establishment__northing=190000 + 500 * i))
    with scope(tenant=tenant_a):
        level = services.partnership_level_create(
            tenant=tenant_a, actor=officer, name="School improvement partnership", rank=1)
        services.pro_forma_submit(tenant=tenant_a, actor=personas["a"]["headteacher"],
                                  school=schools[0], preferred_partners=[schools[5]])
        for school in (schools[0], schools[3], schools[7]):
            services.pro_forma_set_support(tenant=tenant_a, actor=officer, school=school,
                                           can_give_support=True)
    return {"officer": officer, "head": personas["a"]["headteacher"], "schools": schools,
            "level": level}


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"formation_{name}.png"), full_page=True)


def test_an_officer_runs_edits_publishes_and_confirms_a_proposal(page, live_server, barnet):
    base = f"{live_server.url}/t/wiltshire/partnerships"
    use_session_of(page, live_server.url, barnet["officer"])
    page.goto(f"{base}/formation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Forming partnerships")
    assert_accessible(page)
    shot(page, "home")

    page.get_by_role("link", name="Chase the schools that have not returned one").click()
    expect(page.get_by_test_id("pro-forma-table")).to_contain_text("Hendon High School")
    assert_accessible(page)
    shot(page, "chase")

    page.goto(f"{base}/formation/proposals/new/")
    assert_accessible(page)
    page.get_by_label("Name of the proposal").fill("Primary partnerships 2025")
    page.get_by_label("Smallest partnership (schools)").fill("3")
    page.get_by_label("Largest partnership (schools)").fill("5")
    shot(page, "generate")
    page.get_by_role("button", name="Run the generator").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Primary partnerships 2025")
    expect(page.get_by_text("Proposed 3 partnerships for 12 schools")).to_be_visible()
    expect(page.get_by_test_id("proposal-status")).to_contain_text("Draft")
    assert_accessible(page)
    shot(page, "proposal_draft")

    # Moving a school out of a three-school partnership breaks the smallest size: the page
    # says so as a GOV.UK error, and publishing is refused until it is moved back.
    with scopes_disabled():
        proposal = FormationProposal.objects.get(name="Primary partnerships 2025")
        groups = list(proposal.partnerships.order_by("position"))
        small = min(groups, key=lambda g: g.members.count())
        other = next(g for g in groups if g.pk != small.pk)
        mover = small.members.exclude(school_id=small.lead_school_id).first().school
    page.get_by_label("School", exact=True).select_option(str(mover.pk))
    page.get_by_label("Move to").select_option(str(other.pk))
    page.get_by_role("button", name="Move the school").click()
    errors = page.get_by_test_id("proposal-errors")
    expect(errors).to_contain_text("it must have 3 to 5")
    assert_accessible(page)
    shot(page, "proposal_breach")
    page.get_by_role("button", name="Publish for consultation").click()
    expect(errors).to_contain_text("Fix these before publishing")
    page.get_by_label("School", exact=True).select_option(str(mover.pk))
    page.get_by_label("Move to").select_option(str(small.pk))
    page.get_by_role("button", name="Move the school").click()
    expect(page.get_by_test_id("proposal-errors")).to_have_count(0)

    # A secondary may not lead primaries that did not agree to it.
    with scopes_disabled():
        secondary = (proposal.members.filter(school__establishment__phase="secondary")
                     .select_related("proposed_partnership").first())
    page.get_by_label(f"Lead school of {secondary.proposed_partnership.name}").select_option(
        str(secondary.school_id))
    page.get_by_role("button", name=f"Change the lead of {secondary.proposed_partnership.name}"
                     ).click()
    expect(page.get_by_test_id("proposal-errors")).to_contain_text(
        "did not agree to be led by a secondary school")
    assert_accessible(page)

    page.get_by_role("link", name="See the proposal as one table of schools").click()
    expect(page.get_by_test_id("proposal-schools")).to_contain_text("Golders Green")
    assert_accessible(page)
    shot(page, "proposal_table")
    page.go_back()

    page.get_by_role("button", name="Publish for consultation").click()
    expect(page.get_by_test_id("proposal-status")).to_contain_text("Published for consultation")
    assert_accessible(page)
    shot(page, "proposal_published")

    # The headteacher answers from their home page.
    page.context.clear_cookies()
    use_session_of(page, live_server.url, barnet["head"])
    page.goto(f"{live_server.url}/t/wiltshire/")
    page.get_by_role("link", name="Your pro-forma, proposals to respond to and consultation "
                                   "surveys").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forming partnerships")
    assert_accessible(page)
    shot(page, "head_home")
    page.get_by_role("link", name="Respond to the proposal").click()
    page.get_by_label("Disagree").check()
    page.get_by_label("Comment").fill("We would rather work with Golders Green Primary School.")
    assert_accessible(page)
    shot(page, "head_respond")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_text("Your answer: Disagree")).to_be_visible()

    # The officer sees the answer and confirms the proposal.
    page.context.clear_cookies()
    use_session_of(page, live_server.url, barnet["officer"])
    page.goto(f"{base}/formation/proposals/{proposal.pk}/")
    expect(page.get_by_test_id("consultation-counts")).to_contain_text("0 agree, 1 disagree")
    page.get_by_label("The partnerships start on").fill("2025-04-01")
    page.get_by_role("button", name="Confirm and create the partnerships").click()
    expect(page.get_by_test_id("proposal-status")).to_contain_text("Confirmed")
    assert_accessible(page)
    shot(page, "proposal_confirmed")
    with scopes_disabled():
        assert PartnershipMembership.objects.filter(level=barnet["level"]).count() == 12


def test_the_survey_results_read_as_stacked_bars_with_tables(page, live_server, barnet,
                                                             tenant_a):
    with scope(tenant=tenant_a):
        survey = services.survey_create(
            tenant=tenant_a, actor=barnet["officer"], title="Alternative delivery models",
            options=["Local authority trading company", "In-house model", "Outsourcing"])
        options = list(survey.options.order_by("position"))
        for n in range(24):
            services.survey_response_record(
                tenant=tenant_a, actor=None, survey=survey, respondent_key=f"r{n}",
                respondent_role=("headteacher", "governor")[n % 2],
                phase=("primary", "primary", "secondary")[n % 3],
                ratings={o: Rating.values[(n + i * 2) % 5] for i, o in enumerate(options)})
    use_session_of(page, live_server.url, barnet["officer"])
    page.goto(f"{live_server.url}/t/wiltshire/partnerships/surveys/{survey.pk}/")
    expect(page.get_by_test_id("respondent-counts")).to_contain_text("24 respondents")
    expect(page.get_by_role("table", name="Outsourcing: percentage of respondents giving each "
                                          "rating, by role and phase")).to_be_visible()
    assert_accessible(page)
    shot(page, "survey_results")

    page.get_by_role("link", name="Enter paper responses").click()
    page.get_by_label("Governor").check()
    page.get_by_label("Phase of the respondent's school").select_option("primary")
    page.get_by_role("group", name="In-house model").get_by_label("Strongly support").check()
    assert_accessible(page)
    shot(page, "survey_paper")
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_text("Recorded the paper response")).to_be_visible()
