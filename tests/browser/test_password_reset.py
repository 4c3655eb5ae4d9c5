"""A person who forgot their password resets it through the e-mailed link."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, sign_in

NEW_PASSWORD = "a-fresh-passphrase-2"


def test_an_officer_resets_their_password_from_the_emailed_link(page, live_server, personas):
    officer = personas["a"]["officer"]
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Email").fill(officer.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    assert_accessible(page)

    assert [message.to for message in mail.outbox] == [[officer.email]]
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    page.goto(link.group(0))
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("New Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New Password (again)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", name="Password changed")).to_be_visible()
    assert_accessible(page)

    sign_in(page, live_server.url, officer.email, password=NEW_PASSWORD)
    expect(page).to_have_url(re.compile(r"/t/wiltshire/$"))
