"""Categorisation in the browser: (a) an officer reviews the proposals, confirms one with a note
and overrides another with a reason; (b) the headteacher sees the category with its reasons and
entitlement and disagrees with a reason; (c) an admin sees it in moderation and decides.
Every page is checked with axe; screenshots go to /tmp for a person to look at.

Proposals are made by the real import service and recompute in the set-up (the Ofsted import
page has its own journey in test_ofsted_import.py)."""

from pathlib import Path

import pytest
from django_scopes import scope
from playwright.sync_api import Page, expect

from categorisation import recompute, workflow
from categorisation.models import CategoryProposal
from categorisation.services import inspections_import, scheme_preset_load
from tests.browser.helpers import assert_accessible, use_session_of
from tests.categorisation.conftest import TODAY
from tests.categorisation.workflow_setup import grade_row
from tests.factories import SchoolFactory

SHOTS = Path("/tmp")


@pytest.fixture
def proposals(tenant_a, personas):
    school = personas["a"]["school"]
    other = SchoolFactory(tenant=tenant_a, establishment__name="Oakfield Primary School")
    with scope(tenant=tenant_a):
        scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
    inspections_import(rows=[grade_row(school.urn, "J1", "Requires improvement"),
                             grade_row(other.urn, "J2", "Good")], today=TODAY)
    with scope(tenant=tenant_a):
        # The recompute the import triggers, run here directly so the set-up does not depend
        # on the queue.
        recompute.recompute_schools(tenant=tenant_a, school_ids=[school.pk, other.pk],
                                    reason="journey")
        found = {proposal.school_id: proposal for proposal in
                 CategoryProposal.objects.filter(status="open").select_related("category")}
    # Oakfield is Good with no results on record: the data leave 2A or 2B to the officer.
    assert (found[school.pk].category.code, found[other.pk].undetermined) == ("3C", ["2A", "2B"])
    return {"school": school, "other": other, "mine": found[school.pk],
            "theirs": found[other.pk]}


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"categorisation_{name}.png"), full_page=True)


def test_an_officer_confirms_one_proposal_and_overrides_another(
        page: Page, live_server, tenant_a, personas, proposals):
    use_session_of(page, live_server.url, personas["a"]["officer"])
    page.goto(f"{live_server.url}/t/{tenant_a.slug}/")
    page.get_by_role("link", name="Categories dashboard").click()
    expect(page.get_by_test_id("proposals-waiting")).to_have_text("2")
    assert_accessible(page)
    shot(page, "dashboard")
    page.get_by_role("link", name="Proposed categories").first.click()
    expect(page.get_by_test_id("proposal-row")).to_have_count(2)
    assert_accessible(page)
    shot(page, "queue")
    page.get_by_role("link", name=proposals["school"].establishment.name).click()
    expect(page.get_by_test_id("proposal-reasons")).to_contain_text("Requires improvement (3)")
    assert_accessible(page)
    page.get_by_label("Note (optional)").fill("Agreed with the link adviser after the visit.")
    page.get_by_test_id("confirm-proposal").click()
    expect(page.get_by_text("Confirmed category 3C")).to_be_visible()
    page.get_by_role("link", name="Oakfield Primary School").click()
    page.get_by_test_id("override-proposal").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you are overriding")
    assert_accessible(page)
    shot(page, "override_error")
    page.get_by_label("Category to set instead").select_option(label="2B Good - declining")
    page.get_by_label("Why are you overriding the proposed category?").fill(
        "Key stage 2 results fell two years running.")
    page.get_by_test_id("override-proposal").click()
    expect(page.get_by_text("Set category 2B")).to_be_visible()
    expect(page.get_by_test_id("proposal-count")).to_contain_text("0 proposals waiting")


def test_the_headteacher_sees_the_category_and_disagrees_with_a_reason(
        page: Page, live_server, tenant_a, personas, proposals):
    with scope(tenant=tenant_a):
        workflow.proposal_confirm(tenant=tenant_a, actor=personas["a"]["officer"],
                                  proposal=proposals["mine"])
    use_session_of(page, live_server.url, personas["a"]["headteacher"])
    page.goto(f"{live_server.url}/t/{tenant_a.slug}/")
    page.get_by_role("link", name="Your school's category").click()
    expect(page.get_by_test_id("category-in-force")).to_contain_text("3C Requires improvement")
    expect(page.get_by_test_id("category-reasons")).to_contain_text("Requires improvement (3)")
    expect(page.get_by_test_id("entitlement-offer")).to_contain_text("3 weekly visits")
    assert_accessible(page)
    shot(page, "headteacher")
    page.get_by_test_id("disagree-category").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you disagree")
    assert_accessible(page)
    page.get_by_label("Why do you disagree with this category?").fill(
        "A new headteacher started in January and leadership is now good.")
    page.get_by_test_id("disagree-category").click()
    expect(page.get_by_text("waiting for moderation")).to_be_visible()
    expect(page.get_by_test_id("category-history")).to_contain_text("Disagreed by the school")
    shot(page, "headteacher_disagreed")


def test_an_admin_moderates_the_disagreement(
        page: Page, live_server, tenant_a, personas, proposals):
    with scope(tenant=tenant_a):
        workflow.proposal_confirm(tenant=tenant_a, actor=personas["a"]["officer"],
                                  proposal=proposals["mine"])
        workflow.category_disagree(tenant=tenant_a, actor=personas["a"]["headteacher"],
                                   school=proposals["school"],
                                   reason="Leadership is now good.")
    use_session_of(page, live_server.url, personas["a"]["admin"])
    page.goto(f"{live_server.url}/t/{tenant_a.slug}/categorisation/moderation/")
    assert_accessible(page)
    page.get_by_role("link", name=proposals["school"].establishment.name).click()
    expect(page.get_by_test_id("disagreement-reason")).to_have_text("Leadership is now good.")
    assert_accessible(page)
    shot(page, "moderation")
    page.get_by_label("Category decided").select_option(
        label="3D Requires improvement with good leadership")
    page.get_by_label("Why was it decided this way?").fill("The review visit confirmed it.")
    page.get_by_test_id("decide-moderation").click()
    expect(page.get_by_text("Recorded the moderation")).to_be_visible()
    page.get_by_role("link", name=proposals["school"].establishment.name).click()
    expect(page.get_by_test_id("category-in-force")).to_contain_text("3D")
    assert_accessible(page)
    shot(page, "moderated")
