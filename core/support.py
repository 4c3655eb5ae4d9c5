"""Support access: a tenant admin lets the platform operator see the tenant's pages for a
while, read-only, to help the council. The operator otherwise reads no tenant data.

Rules: only a tenant admin grants or revokes; only a platform operator's account can receive a
grant; a grant lasts at most `LONGEST` and ends early when revoked; the operator sees the pages
with the role's view the admin chose, and may not change anything (every request other than a
read is refused); grants, revocations and every page the operator opens are in the tenant's
security log.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.models import User
from core.audit import audit_record
from core.models import Membership, Role, SupportAccess, Tenant
from core.permissions import MEMBERS_MANAGE, has

LONGEST = timedelta(days=7)
# The form's choices: key -> (how long, in words).
DURATIONS = {"1": (timedelta(hours=1), "1 hour"), "24": (timedelta(days=1), "1 day"),
             "72": (timedelta(days=3), "3 days"), "168": (LONGEST, "7 days")}
# Whose view the operator may be given: never an admin's (people, access, this page) nor a
# headteacher's (a headteacher's view is of their own school, which the operator has none of).
SUPPORT_ROLES = [Role.OFFICER, Role.BOARD_MEMBER, Role.VIEWER]


@transaction.atomic
def support_access_grant(*, tenant: Tenant, actor: Membership, operator_email: str, role: str,
                         duration: timedelta, reason: str) -> SupportAccess:
    if not has(actor, MEMBERS_MANAGE):
        raise PermissionDenied("Only the tenant's admin can give support access.")
    errors: dict[str, str] = {}
    operator = User.objects.filter(email__iexact=operator_email.strip(),
                                   is_platform_operator=True, is_active=True).first()
    if operator is None:
        errors["operator_email"] = ("No platform operator has that e-mail address: support "
                                    "access is only for the service's operator.")
    if role not in SUPPORT_ROLES:
        errors["role"] = "Choose whose view the operator gets (never an admin's)."
    if not timedelta(0) < duration <= LONGEST:
        errors["duration"] = "Support access lasts at most seven days."
    if not reason.strip():
        errors["reason"] = "Say what the operator is helping with."
    if errors or operator is None:
        raise ValidationError(errors)
    grant = SupportAccess(tenant=tenant, granted_to=operator, granted_by=actor.user, role=role,
                          reason=reason.strip(), expires_at=timezone.now() + duration)
    grant.full_clean(exclude=["starts_at"])
    grant.save()
    audit_record(tenant=tenant, actor=actor.user, action="security.support_access_granted",
                 obj=grant, summary=f"Gave {operator.email} support access "
                 f"({grant.get_role_display().lower()}'s view, read-only) until "
                 f"{grant.expires_at:%-d %B %Y %H:%M}: {grant.reason}")
    return grant


@transaction.atomic
def support_access_revoke(*, grant: SupportAccess, actor: Membership) -> SupportAccess:
    if not has(actor, MEMBERS_MANAGE):
        raise PermissionDenied("Only the tenant's admin can end support access.")
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        audit_record(tenant=grant.tenant, actor=actor.user,
                     action="security.support_access_revoked", obj=grant,
                     summary=f"Ended {grant.granted_to.email}'s support access")
    return grant


def support_membership(*, user, tenant_slug: str) -> Membership | None:
    """For a platform operator holding an active grant on this tenant: an unsaved membership
    with the granted role, carrying the grant as `support_grant`. None otherwise. (A named
    cross-tenant read: the grant is looked up before any tenant scope exists.)"""
    if not getattr(user, "is_platform_operator", False):
        return None
    now = timezone.now()
    with scopes_disabled():
        grant = (SupportAccess.objects.select_related("tenant")
                 .filter(tenant__slug=tenant_slug, granted_to=user, revoked_at=None,
                         starts_at__lte=now, expires_at__gt=now)
                 .order_by("-expires_at").first())
    if grant is None:
        return None
    # Never saved (the operator is no member). Its id 0 names no row, so every lookup of what a
    # member holds — a headship, a hub's chair, "my schools" — finds nothing, instead of
    # refusing an unsaved instance.
    membership = Membership(pk=0, tenant=grant.tenant, user=user, role=grant.role,
                            is_active=True)
    membership.support_grant = grant  # type: ignore[attr-defined]
    return membership


def support_grants(*, tenant: Tenant) -> list[SupportAccess]:
    return list(SupportAccess.objects.filter(tenant=tenant)
                .select_related("granted_to", "granted_by")[:50])


def support_grants_for_operator(*, user) -> list[SupportAccess]:
    """The operator's grants in force, across tenants (names and dates only)."""
    now = timezone.now()
    with scopes_disabled():
        return list(SupportAccess.objects.filter(granted_to=user, revoked_at=None,
                                                 expires_at__gt=now)
                    .select_related("tenant").order_by("expires_at"))
