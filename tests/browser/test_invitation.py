"""A new person accepts an invitation: sets a password and lands in the tenant."""

import re
from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from core import services
from core.models import Invitation, Role
from tests.browser.helpers import assert_accessible


def _invite(tenant, actor, email: str):
    with scopes_disabled():
        return services.invitation_create(
            tenant=tenant, actor=actor, email=email, role=Role.OFFICER
        )


def test_a_new_person_sets_a_password_from_the_invitation_and_lands_in_the_tenant(
    page, live_server, personas, tenant_a
):
    invitation = _invite(tenant_a, personas["a"]["admin"], "new.adviser@wiltshire.example.org")
    page.goto(f"{live_server.url}/invitations/{invitation.token}/")
    expect(page.get_by_role("heading", name="Set up your account")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Your full name").fill("Nadia Adviser")
    page.get_by_label("Create a password").fill("a-long-new-passphrase")
    page.get_by_label("Confirm your password").fill("a-different-passphrase")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("do not match")
    assert_accessible(page)

    page.get_by_label("Create a password").fill("a-long-new-passphrase")
    page.get_by_label("Confirm your password").fill("a-long-new-passphrase")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/t/wiltshire/$"))
    expect(page.get_by_test_id("tenant-name")).to_have_text("Wiltshire Council")
    expect(page.locator("main")).to_contain_text("You have joined Wiltshire Council")
    assert_accessible(page)


def test_an_expired_invitation_shows_a_clear_message(page, live_server, personas, tenant_a):
    invitation = _invite(tenant_a, personas["a"]["admin"], "late@wiltshire.example.org")
    with scopes_disabled():
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(days=1)
        )
    response = page.goto(f"{live_server.url}/invitations/{invitation.token}/")
    assert response.status == 410
    expect(page.get_by_role("heading", name="This invitation cannot be used")).to_be_visible()
    expect(page.get_by_test_id("invitation-problem")).to_contain_text("This invitation expired on")
    assert_accessible(page)
