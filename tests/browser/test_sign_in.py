"""An officer signs in with e-mail and password and lands on their tenant's home."""

from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, sign_in

GOVUK_BLUE = "rgb(29, 112, 184)"


def test_the_govuk_styles_are_served_to_the_browser(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    background = page.locator(".govuk-header").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert background == GOVUK_BLUE
    font = page.locator("h1").evaluate("el => getComputedStyle(el).fontWeight")
    assert font == "700"


def test_an_officer_signs_in_and_lands_on_their_tenant_home(page, live_server, personas):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    sign_in(page, live_server.url, personas["a"]["officer"].email)
    expect(page).to_have_url(f"{live_server.url}/t/wiltshire/")
    expect(page.get_by_test_id("tenant-name")).to_have_text("Wiltshire Council")
    # Tenant branding, never the GOV.UK crown.
    expect(page.locator(".govuk-header__logotype")).to_have_count(0)
    assert_accessible(page)


def test_a_wrong_password_shows_a_govuk_error_message(page, live_server, personas):
    sign_in(page, live_server.url, personas["a"]["officer"].email, password="not-my-password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("password you specified are not correct")
    expect(page).to_have_title("Error: Sign in – School improvement")
    assert_accessible(page)
