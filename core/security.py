"""API tokens and the tenant admin's security log: tokens made, used and revoked; sign-ins and
failed attempts; ending someone's access now."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from accounts.models import User
from core.audit import audit_record
from core.models import ApiToken, Membership, Tenant

# --- API tokens ---------------------------------------------------------------------------------

TOKEN_LIFETIMES_DAYS = (30, 90, 365)


@transaction.atomic
def api_token_create(
    *, user: User, tenant: Tenant, name: str, access: str, days: int, session_passed_mfa: bool,
) -> tuple[ApiToken, str]:
    """Make a token for one tenant; returns it and its key, which is never stored or shown
    again. Refused to a non-member, and — where the tenant requires MFA of the member's role —
    to a session that did not pass the authenticator step."""
    from core.permissions import MFA_REQUIRED_ROLES

    with scopes_disabled():
        membership = Membership.objects.filter(user=user, tenant=tenant, is_active=True).first()
    if membership is None:
        raise PermissionDenied("You are not a member of that tenant.")
    if (tenant.require_mfa_for_officers and membership.role in MFA_REQUIRED_ROLES
            and not session_passed_mfa):
        raise ValidationError(
            f"{tenant.name} requires an authenticator app: sign out, sign in again with your "
            "authenticator code, then make the token.")
    if days not in TOKEN_LIFETIMES_DAYS:
        raise ValidationError({"days": "Choose how long the token lasts."})
    key, key_hash = ApiToken.new_key()
    token = ApiToken(tenant=tenant, user=user, name=name.strip()[:100], scope=access,
                     key_prefix=key[:10], key_hash=key_hash, made_with_mfa=session_passed_mfa,
                     expires_at=timezone.now() + timedelta(days=days))
    with scope(tenant=tenant):
        token.full_clean()
        token.save()
        audit_record(tenant=tenant, actor=user, action="api_token.create", obj=token,
                     summary=f"{user.email} made API token {token.key_prefix}… "
                             f"({token.get_scope_display().lower()}, {days} days)")
    return token, key


@transaction.atomic
def api_tokens_revoke(*, user: User, reason: str, actor: User | None = None,
                      tenant: Tenant | None = None, token_id: int | None = None) -> int:
    """Revoke the user's active tokens (in one tenant, or one token); each is audited in its
    tenant. Returns how many were revoked."""
    now = timezone.now()
    with scopes_disabled():
        tokens = ApiToken.objects.select_related("tenant").filter(
            user=user, revoked_at__isnull=True, expires_at__gt=now)
        if tenant is not None:
            tokens = tokens.filter(tenant=tenant)
        if token_id is not None:
            tokens = tokens.filter(pk=token_id)
        tokens = list(tokens)
        for token in tokens:
            token.revoked_at, token.revoked_reason = now, reason[:100]
            token.save(update_fields=["revoked_at", "revoked_reason"])
            audit_record(tenant=token.tenant, actor=actor, action="api_token.revoke", obj=token,
                         summary=f"API token {token.key_prefix}… of {user.email} revoked: "
                                 f"{reason}")
    return len(tokens)


# --- The security log ----------------------------------------------------------------------------

# Downloads of lists are there too: who took which data away. Every download's action ends in
# ".export" (core.downloads.EXPORT_SUFFIX).
SECURITY_ACTIONS = ("security.", "api_token.", "membership.", "invitation.", "tenant.")
SECURITY_ACTION_SUFFIXES = (".export",)


def security_sign_in_record(*, user: User | None, email: str, client_ip: str,
                            succeeded: bool) -> None:
    """Write a sign-in (or a failed attempt) into the security log of every tenant the person
    belongs to: each tenant's admin sees who signed in to its people's accounts, and when."""
    if user is None:
        user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return  # an address nobody has: no tenant to tell
    with scopes_disabled():
        tenants = [m.tenant for m in Membership.objects.select_related("tenant")
                   .filter(user=user, is_active=True)]
        for tenant in tenants:
            audit_record(
                tenant=tenant, actor=user if succeeded else None,
                action="security.sign_in" if succeeded else "security.sign_in_failed",
                summary=(f"{user.email} signed in" if succeeded
                         else f"Failed sign-in to {user.email}") + f" from {client_ip or '?'}",
                changes={"ip": client_ip})


@transaction.atomic
def member_access_revoke(*, tenant: Tenant, membership: Membership, actor: User) -> dict:
    """A tenant admin ends a person's API tokens for the tenant and signs them out everywhere
    (sessions are not per tenant). Returns what was ended; audited."""
    from django.contrib.sessions.models import Session
    from django.utils.module_loading import import_string

    if membership.tenant_id != tenant.id:
        raise PermissionDenied("That person is not a member of this tenant.")
    user = membership.user
    tokens = api_tokens_revoke(user=user, tenant=tenant, actor=actor,
                               reason="revoked by a tenant admin")
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    audit_record(tenant=tenant, actor=actor, action="security.access_revoked", obj=membership,
                 summary=f"Revoked {tokens} API token(s) of {user.email} and ended {ended} "
                         "session(s)", changes={"tokens": tokens, "sessions": ended})
    return {"tokens": tokens, "sessions": ended}
