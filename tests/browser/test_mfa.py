"""Two-factor sign-in with an authenticator app (TOTP), and a tenant that requires it."""

import re
import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from core.models import Tenant
from tests.browser.helpers import assert_accessible, sign_in
from tests.conftest import PASSWORD


def totp_code(secret: str) -> str:
    """The code an authenticator app would show now, by allauth's own algorithm."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def a_wrong_code(secret: str) -> str:
    """A six-digit code that is valid at no time within allauth's tolerance window."""
    now = int(time.time()) // mfa_settings.TOTP_PERIOD
    valid = {format_hotp_value(hotp_value(secret, now + step)) for step in range(-3, 4)}
    return next(code for code in ("000000", "111111", "222222") if code not in valid)


def set_up_totp(page, base_url: str) -> str:
    """From a signed-in page: open the account page, confirm the password, scan (read) the
    secret and turn the authenticator on. Returns the secret."""
    page.goto(f"{base_url}/account/")
    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.get_by_role("heading", name="Confirm your password")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    assert_accessible(page)
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    page.get_by_label("Code from the app").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on").click()
    return secret


def test_an_officer_sets_up_an_authenticator_and_must_use_it_to_sign_in(
    page, live_server, personas
):
    officer = personas["a"]["officer"]
    sign_in(page, live_server.url, officer.email)
    expect(page).to_have_url(re.compile(r"/t/wiltshire/$"))
    secret = set_up_totp(page, live_server.url)
    # allauth shows the recovery codes once the authenticator is on.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, officer.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    assert_accessible(page)

    page.get_by_label("Enter your authenticator code").fill(a_wrong_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Incorrect code")
    expect(page.locator(".govuk-error-message")).to_contain_text("Incorrect code")
    assert_accessible(page)

    page.get_by_label("Enter your authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/t/wiltshire/$"))
    expect(page.get_by_test_id("tenant-name")).to_have_text("Wiltshire Council")


def test_a_tenant_that_requires_it_sends_an_officer_without_one_to_set_it_up(
    page, live_server, personas
):
    Tenant.objects.filter(slug="wiltshire").update(require_mfa_for_officers=True)
    sign_in(page, live_server.url, personas["a"]["officer"].email)
    # Adding an authenticator asks for the password again first (allauth's reauthentication).
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/\?next=.*totp.*activate"))
    expect(page.get_by_role("region", name="Important")).to_contain_text(
        "requires officers to sign in with an authenticator app"
    )
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))

    page.goto(f"{live_server.url}/t/wiltshire/schools/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))


def test_a_tenant_that_requires_it_lets_a_headteacher_in_without_one(
    page, live_server, personas
):
    Tenant.objects.filter(slug="wiltshire").update(require_mfa_for_officers=True)
    sign_in(page, live_server.url, personas["a"]["headteacher"].email)
    expect(page).to_have_url(re.compile(r"/t/wiltshire/$"))
