"""Isolation rows for the people pages beyond the matrix's own: withdrawing an invitation, the
security log and ending someone's access (tenant admins only)."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from core.models import Invitation, Role
from tests.isolation import FORBIDDEN, statuses

EXPECTED = {
    # GET goes back to the people page; POST withdraws and goes back to it.
    "core:invitation-withdraw": statuses((302, 302), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
}


def fillers(tenant_a, personas) -> dict:
    with scopes_disabled():
        invitation = Invitation.objects.create(
            tenant=tenant_a, email="pending@example.org", role=Role.OFFICER,
            token_hash=Invitation.new_token()[1], invited_by=personas["a"]["admin"],
            expires_at=timezone.now() + timedelta(days=7))
    return {"invitation_id": invitation.pk}

EXPECTED.update({
    # The security log: tenant admins (audit.view); ending someone's access: members.manage.
    "core:security-log": statuses((200, 200), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # The downloads of the people page and the security log: the admin's, as the pages are.
    "core:security-log-export":
        statuses((200, 405), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "core:member-list-export": statuses((200, 405), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "core:member-access-revoke": statuses((302, 302), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # Restoring a removed person: POST only (a GET goes back to the people page); the filler
    # membership is active, so the admin's POST is refused with a message and goes back too.
    "core:member-restore": statuses((302, 302), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
})
