"""Helpers for the browser tests: signing in, and the axe-core accessibility check."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.test import Client
from playwright.sync_api import Page

from tests.conftest import PASSWORD

AXE_JS = Path(settings.BASE_DIR) / "static" / "vendor" / "axe" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


@cache
def _axe_source() -> str:
    if not AXE_JS.exists():
        raise AssertionError(f"{AXE_JS} is missing: run scripts/vendor_static.sh first.")
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[str]:
    """Run axe-core in the page against WCAG 2.x A and AA; describe each serious or critical
    violation as "rule: help [selectors]"."""
    # A click that follows a link returns once the new document has begun; until it has
    # loaded it may have no <head> to take the script.
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => `${n.target.join(' ')} ${n.html.slice(0, 120)}`
                                          + ` | ${(n.failureSummary || '').slice(0, 200)}`),
            }));
        }""",
        WCAG_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} {v['targets']}"
        for v in result
        if v["impact"] in BLOCKING_IMPACTS
    ]


def assert_accessible(page: Page) -> None:
    """Fail listing every serious or critical axe violation on the page as it is now."""
    violations = axe_violations(page)
    assert not violations, f"axe found on {page.url}:\n" + "\n".join(violations)


def sign_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real form (no MFA step) and check the form is accessible."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def use_session_of(page: Page, base_url: str, user, *, confirm_password: bool = False) -> None:
    """Give the browser a session signed in through the real form by Django's test client:
    quicker than typing it for page-by-page checks. With `confirm_password`, the password is
    also confirmed again, as allauth asks before an authenticator can be added."""
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, f"could not sign in as {user.email}"
    if confirm_password:
        response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
        assert response.status_code == 302, "could not confirm the password"
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }])
