"""From "Waiting for you" to the thing, for each role, in a real browser on a phone (issue 14):
on the demo council, a headteacher follows "… category is waiting for your response" to her
school's category and agrees with it (and the item leaves her home page); an officer follows
"… proposed categories to confirm or override" and opens a proposal; the chair of the board
follows "The minutes of … are a draft" to the minutes. Every page of each journey passes axe,
and neither it nor any of that person's main pages (those of the service navigation) scrolls
sideways at 375 px."""

import re
from io import StringIO

from django.core.management import call_command
from playwright.sync_api import Page, expect

from demo.management.commands.seed_demo import DEMO_SLUG
from tests.browser.helpers import assert_accessible
from tests.browser.test_phone_width import OVERFLOW, PHONE, _hrefs, _sign_in

HOME = f"/t/{DEMO_SLUG}/"


def fits_and_passes_axe(page: Page) -> None:
    assert page.evaluate(OVERFLOW) is None, f"{page.url} scrolls sideways at 375 px"
    assert_accessible(page)


def follow_waiting(page: Page, base_url: str, email: str, text: re.Pattern) -> None:
    """Sign in, start on the home page, and follow the "Waiting for you" link matching
    `text`."""
    _sign_in(page, base_url, email)
    page.goto(f"{base_url}{HOME}")
    fits_and_passes_axe(page)
    waiting = page.get_by_test_id("waiting")
    expect(waiting.get_by_role("heading", name="Waiting for you")).to_be_visible()
    waiting.get_by_role("link", name=text).first.click()


def main_pages_fit(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}{HOME}")
    for href in _hrefs(page, ".govuk-service-navigation__list a"):
        response = page.goto(f"{base_url}{href}")
        assert response is not None and response.status == 200, href
        assert page.evaluate(OVERFLOW) is None, f"{href} scrolls sideways at 375 px"


def test_each_role_goes_from_waiting_for_you_to_the_thing_on_a_phone(page, live_server):
    call_command("seed_demo", stdout=StringIO())
    page.set_viewport_size(PHONE)
    base = live_server.url

    # A headteacher: her school's category awaits her response; she agrees.
    waiting_category = re.compile(r"'s category is waiting for your response")
    follow_waiting(page, base, "head@northshire.example.org", waiting_category)
    expect(page).to_have_url(re.compile(r"/categorisation/schools/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Millhaven Primary School")
    fits_and_passes_axe(page)
    page.get_by_test_id("agree-category").click()
    expect(page.get_by_text("You agreed with your school's category.")).to_be_visible()
    fits_and_passes_axe(page)
    page.goto(f"{base}{HOME}")
    expect(page.get_by_role("link", name=waiting_category)).to_have_count(0)
    main_pages_fit(page, base)

    # An officer: proposals to confirm; she opens the first.
    follow_waiting(page, base, "officer@northshire.example.org",
                   re.compile(r"proposed categor(y|ies) to confirm or override"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposed categories")
    fits_and_passes_axe(page)
    first = page.get_by_role("main").locator("table a[href*='/proposals/']").first
    school = first.inner_text()
    first.click()
    expect(page).to_have_url(re.compile(r"/categorisation/proposals/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(school)
    fits_and_passes_axe(page)
    main_pages_fit(page, base)

    # The board's chair: the last meeting's minutes are a draft; she opens them.
    follow_waiting(page, base, "board@northshire.example.org",
                   re.compile(r"The minutes of .* are a draft"))
    expect(page).to_have_url(re.compile(r"/boards/\d+/meetings/\d+/minutes/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Minutes")
    fits_and_passes_axe(page)
    main_pages_fit(page, base)
