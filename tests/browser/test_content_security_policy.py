"""The Content-Security-Policy holds in a real browser: the main pages of each role and the
API documentation load their scripts and styles with no violation, and GOV.UK Frontend and
htmx still start (their hooks on the page)."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import use_session_of


@pytest.fixture
def strict_page(browser, live_server):
    """A page in a context that enforces the policy, recording every violation it reports."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.violations = []
    page.on("console", lambda message: page.violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    context.close()


PAGES = {
    "admin": ["/", "/account/", "/t/wiltshire/", "/t/wiltshire/schools/",
              "/t/wiltshire/partnerships/", "/t/wiltshire/partnerships/coverage/",
              "/t/wiltshire/partnerships/formation/proposals/new/",
              "/t/wiltshire/categorisation/", "/t/wiltshire/imports/", "/api/docs/"],
    "headteacher": ["/t/wiltshire/", "/t/wiltshire/partnerships/formation/my-school/"],
}


@pytest.mark.parametrize("role", list(PAGES))
def test_the_pages_break_no_rule_of_the_content_security_policy(
        strict_page, live_server, personas, role):
    use_session_of(strict_page, live_server.url, personas["a"][role])
    for path in PAGES[role]:
        response = strict_page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        if path != "/api/docs/":
            expect(strict_page.locator("body")).to_have_class(
                "govuk-template__body js-enabled govuk-frontend-supported")
        else:
            expect(strict_page.locator(".swagger-ui")).to_be_visible()
        strict_page.wait_for_load_state("networkidle")
        assert strict_page.violations == [], f"{path}: {strict_page.violations}"
