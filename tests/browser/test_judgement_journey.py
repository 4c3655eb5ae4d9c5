"""A Wiltshire capacity level agreed with a school, in the browser: an officer proposes a level
with a reason on the school's category page (told first what is missing), the headteacher sees
it on her school's category page and agrees, and both see the agreed level and its history.
Every page is checked with axe; screenshots go to /tmp for a person to look at."""

from pathlib import Path

import pytest
from django_scopes import scope
from playwright.sync_api import Page, expect

from categorisation.models import OfficerJudgement
from categorisation.services import scheme_preset_load
from tests.browser.helpers import assert_accessible, use_session_of

SHOTS = Path("/tmp")


@pytest.fixture
def wiltshire(tenant_a, personas):
    with scope(tenant=tenant_a):
        scheme_preset_load(tenant=tenant_a, actor=None, preset="wiltshire")
    return personas["a"]["school"]


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"judgement_{name}.png"), full_page=True)


def test_an_officer_proposes_a_capacity_level_and_the_headteacher_sees_it_and_agrees(
        page: Page, live_server, tenant_a, personas, wiltshire):
    school_page = f"{live_server.url}/t/{tenant_a.slug}/categorisation/schools/{wiltshire.urn}/"
    panel = page.get_by_test_id("judgement-capacity_level")

    use_session_of(page, live_server.url, personas["a"]["officer"])
    page.goto(school_page)
    expect(panel).to_contain_text("None agreed yet")
    assert_accessible(page)
    page.get_by_test_id("record-capacity_level").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose a capacity level from 1 to 4")
    assert_accessible(page)
    shot(page, "officer_error")
    page.get_by_label("Capacity level to propose").select_option(
        label="Level 2: gives and receives")
    page.get_by_label("Why?").fill("Secure results; its maths lead already supports two schools.")
    page.get_by_test_id("record-capacity_level").click()
    expect(page.get_by_text("Proposed Level 2: gives and receives to the school")).to_be_visible()
    expect(page.get_by_test_id("judgement-capacity_level-waiting")).to_contain_text(
        "its maths lead already supports two schools")

    page.context.clear_cookies()
    use_session_of(page, live_server.url, personas["a"]["headteacher"])
    page.goto(f"{live_server.url}/t/{tenant_a.slug}/")
    page.get_by_role("link", name="Your school's category").click()
    expect(page.get_by_test_id("judgement-capacity_level-waiting")).to_contain_text(
        "Level 2: gives and receives")
    assert_accessible(page)
    shot(page, "headteacher_waiting")
    page.get_by_test_id("agree-capacity_level").click()
    expect(page.get_by_text("You agreed with the level proposed")).to_be_visible()
    expect(page.get_by_test_id("judgement-capacity_level-in-force")).to_contain_text(
        "Level 2: gives and receives")
    expect(page.get_by_test_id("judgement-capacity_level-history")).to_contain_text(
        "Agreed by the school")
    expect(page.get_by_test_id("agree-capacity_level")).to_have_count(0)
    assert_accessible(page)
    shot(page, "headteacher_agreed")

    page.context.clear_cookies()
    use_session_of(page, live_server.url, personas["a"]["officer"])
    page.goto(school_page)
    expect(page.get_by_test_id("judgement-capacity_level-in-force")).to_contain_text(
        "Agreed by the school")
    with scope(tenant=tenant_a):
        assert list(OfficerJudgement.objects.filter(school=wiltshire).order_by("pk")
                    .values_list("status", "value")) == [("proposed", "2"), ("agreed", "2")]
