"""Isolation rows for support access (tenant admins only): the page that gives and lists it,
and ending a grant."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from core.models import Role, SupportAccess
from tests.factories import UserFactory
from tests.isolation import FORBIDDEN, statuses

EXPECTED = {
    # POST with no operator, role or reason: the form says so (400).
    "core:support-access": statuses((200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # GET goes back to the page; POST ends the grant and goes back to it.
    "core:support-access-revoke": statuses((302, 302), FORBIDDEN, FORBIDDEN, FORBIDDEN,
                                           FORBIDDEN),
}


def fillers(tenant_a, personas) -> dict:
    helper = UserFactory(email=f"support.{tenant_a.slug}@platform.example",
                         is_platform_operator=True)
    with scopes_disabled():
        grant = SupportAccess.objects.create(
            tenant=tenant_a, granted_to=helper, granted_by=personas["a"]["admin"],
            role=Role.VIEWER, reason="Filler", expires_at=timezone.now() + timedelta(hours=1))
    return {"support_access_id": grant.pk}
