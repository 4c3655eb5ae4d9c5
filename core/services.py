from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from accounts.models import User
from core import people, years
from core.audit import audit_record, field_changes
from core.models import (
    Invitation,
    LaCodeShare,
    Membership,
    Role,
    SchoolCalendarYear,
    Tenant,
    hash_token,
)
from core.permissions import ROLE_PERMISSIONS
from core.security import api_tokens_revoke
from core.years import AcademicYear

# --- Tenants and invitations ------------------------------------------------------------------

INVITATION_VALID_FOR = timedelta(days=7)


@transaction.atomic
def tenant_create(
    *, actor: User, name: str, slug: str, la_codes: list[str], kind: str = Tenant.Kind.COUNCIL,
    admin_email: str, shared_reason: str = "",
) -> tuple[Tenant, Invitation]:
    """A platform operator creates a tenant and invites its first admin.

    The operator gets no membership, so they cannot read the tenant's data afterwards. An LA
    code another tenant already covers is refused unless the operator gives `shared_reason`:
    then the share is recorded (`LaCodeShare`), audited in both tenants and e-mailed to both
    tenants' admins.
    """
    if not actor.is_platform_operator:
        raise PermissionDenied("Only a platform operator can create a tenant.")
    tenant = Tenant(name=name, slug=slug, la_codes=[str(code) for code in la_codes], kind=kind)
    errors: dict[str, list] = {}
    checks = [tenant.full_clean]
    if not shared_reason.strip():
        checks.append(tenant.check_la_codes_not_shared)
    for check in checks:
        try:
            check()
        except ValidationError as error:
            for field, messages in error.update_error_dict({}).items():
                errors.setdefault(field, []).extend(messages)
    if admin_email.strip().lower() == actor.email.lower():
        errors.setdefault("admin_email", []).append(
            "Invite the council's own admin: a platform operator cannot be a member of a "
            "tenant, so it never reads tenant data.")
    if errors:
        raise ValidationError(errors)
    tenant.save()
    with scope(tenant=tenant):
        audit_record(tenant=tenant, actor=actor, action="tenant.create", obj=tenant,
                     summary=f"Created {tenant.name}", changes={"la_codes": tenant.la_codes})
        invitation = invitation_create(
            tenant=tenant, actor=actor, email=admin_email, role=Role.ADMIN, title="Tenant admin"
        )
    for code, other in tenant.la_codes_covered_by_others():
        _la_code_share_record(tenant=tenant, other=other, la_code=code, reason=shared_reason,
                              actor=actor, new_admin_email=invitation.email)
    return tenant, invitation


def _la_code_share_record(*, tenant: Tenant, other: Tenant, la_code: str, reason: str,
                          actor: User, new_admin_email: str) -> LaCodeShare:
    share = LaCodeShare(la_code=la_code, tenant=tenant, shares_with=other,
                        reason=reason.strip(), decided_by=actor)
    share.full_clean()
    share.save()
    summary = (f"The platform operator decided that {tenant.name} and {other.name} share LA "
               f"{la_code}: {share.reason}. Neither may change the public data of its schools "
               "on its own; each keeps its own data.")
    for party in (tenant, other):
        with scope(tenant=party):
            audit_record(tenant=party, actor=actor, action="tenant.la_code_shared",
                         summary=summary, changes={"la_code": la_code, "tenants": [
                             tenant.slug, other.slug], "reason": share.reason})
    with scopes_disabled():
        admins = sorted(set(Membership.objects.filter(
            tenant=other, role=Role.ADMIN, is_active=True).values_list("user__email", flat=True)))
    recipients = [*admins, new_admin_email]
    transaction.on_commit(lambda: send_mail(
        subject=f"LA {la_code} is now shared by {tenant.name} and {other.name}",
        message=summary, from_email=None, recipient_list=recipients))
    return share


@transaction.atomic
def invitation_create(
    *, tenant: Tenant, actor: User, email: str, role: str, title: str = "", **details,
) -> Invitation:
    """Invite someone by e-mail; the e-mail with the link is sent once the transaction commits.

    `details` are the values of the registered member details (core.people), e.g. `school=` for
    a headteacher; each detail checks them before anything is stored."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email, is_platform_operator=True).exists():
        raise ValidationError({"email": (
            f"{email} is a platform operator's account: operators cannot be members of a "
            "tenant.")})
    for detail in people.details():
        detail.check(tenant=tenant, role=role, values=details)
    with scopes_disabled():
        already = Membership.objects.filter(
            tenant=tenant, user__email__iexact=email, is_active=True
        ).exists()
    if already:
        raise ValidationError({"email": f"{email} is already a member of {tenant.name}."})
    token, token_hash = Invitation.new_token()
    invitation = Invitation(
        tenant=tenant, email=email, role=role, title=title,
        token_hash=token_hash, invited_by=actor,
        expires_at=timezone.now() + INVITATION_VALID_FOR,
    )
    invitation.full_clean()
    invitation.save()
    for detail in people.details():
        detail.save(invitation=invitation, values=details)
    audit_record(tenant=tenant, actor=actor, action="invitation.create", obj=invitation,
                 summary=f"Invited {email} as {invitation.get_role_display()}")
    link = f"{settings.SITE_URL.rstrip('/')}{reverse('accounts:invitation-accept', args=[token])}"
    transaction.on_commit(lambda: send_mail(
        subject=f"You are invited to {tenant.name} school improvement",
        message=(
            f"{actor} has invited you to join {tenant.name} as "
            f"{invitation.get_role_display().lower()}.\n\n"
            f"Open this link to set your password and sign in:\n{link}\n\n"
            f"The link works once and expires on {invitation.expires_at:%d %B %Y at %H:%M}."
        ),
        from_email=None,
        recipient_list=[email],
    ))
    # The plain token is returned once, for the operator's screen and tests; it is not stored.
    invitation.token = token
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, actor: User) -> Invitation:
    """Withdraw an invitation not yet accepted: its link then says so and creates nothing."""
    if invitation.accepted_at is not None:
        raise ValidationError("That invitation has been accepted: remove the member instead.")
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(tenant=invitation.tenant, actor=actor, action="invitation.withdraw",
                     obj=invitation, summary=f"Withdrew the invitation of {invitation.email}")
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link points to, in any tenant: the link itself is the credential."""
    with scopes_disabled():
        return (
            Invitation.objects.select_related("tenant")
            .filter(token_hash=hash_token(token)).first()
        )


def invitation_problem(invitation: Invitation | None) -> str | None:
    if invitation is None:
        return "This invitation link is not valid. Check you copied the whole link from the e-mail."
    if invitation.revoked_at:
        return "This invitation has been withdrawn. Ask the person who invited you for a new one."
    if invitation.accepted_at:
        return "This invitation has already been used. Sign in with your e-mail and password."
    if invitation.is_expired:
        return (
            f"This invitation expired on {timezone.localtime(invitation.expires_at):%d %B %Y}. "
            "Ask the person who invited you to send a new one."
        )
    return None


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user: User | None = None, password: str | None = None,
    full_name: str = "",
) -> Membership:
    """Turn a usable invitation into a membership, creating the user with a password if new.

    Refuses an expired, used or withdrawn invitation, and a signed-in user whose e-mail
    differs from the invited one.
    """
    with scopes_disabled():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation_problem(invitation)
    if problem:
        raise ValidationError(problem)
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError("An account with this e-mail exists: sign in first.")
        user = User(email=invitation.email, full_name=full_name)
        password_validation.validate_password(password, user)
        user.set_password(password)
        user.full_clean()
        user.save()
    elif user.email.lower() != invitation.email.lower():
        raise ValidationError(
            f"This invitation is for {invitation.email}, but you are signed in as {user.email}."
        )
    if user.is_platform_operator:
        # The operator reads no tenant data: a membership would open every page of the tenant.
        raise ValidationError(
            "A platform operator's account cannot join a tenant. Sign in with another account.")
    with scope(tenant=invitation.tenant):
        membership, _ = Membership.objects.update_or_create(
            tenant=invitation.tenant, user=user,
            defaults={"role": invitation.role, "title": invitation.title,
                      "is_active": True, "ended_at": None, "ended_by": None},
        )
        membership.full_clean()
        for detail in people.details():
            detail.accept(invitation=invitation, membership=membership)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        audit_record(
            tenant=invitation.tenant, actor=user, action="invitation.accept", obj=membership,
            summary=f"{user.email} joined as {membership.get_role_display()}",
        )
    return membership


@transaction.atomic
def tenant_settings_update(
    *, tenant: Tenant, actor: User, require_mfa_for_officers: bool,
    chairs_of_governors_see_category: bool | None = None,
) -> Tenant:
    values = {"require_mfa_for_officers": require_mfa_for_officers}
    if chairs_of_governors_see_category is not None:
        values["chairs_of_governors_see_category"] = chairs_of_governors_see_category
    changes = field_changes(tenant, list(values), values)
    for name, value in values.items():
        setattr(tenant, name, value)
    tenant.full_clean()
    tenant.save(update_fields=list(values))
    audit_record(tenant=tenant, actor=actor, action="tenant.settings", obj=tenant,
                 summary="Changed sign-in and access settings", changes=changes)
    return tenant


@transaction.atomic
def school_calendar_set(
    *, tenant: Tenant, actor: User, year: AcademicYear, half_terms: list[tuple[date, date]],
) -> SchoolCalendarYear:
    """Store the tenant's half-term dates for one academic year: visits, digests and board
    meetings then follow them. Refused, naming the half-term, unless six in order inside the
    year."""
    problems = years.check_half_terms(year, half_terms)
    if problems:
        raise ValidationError({"half_terms": problems})
    stored = [[start.isoformat(), end.isoformat()] for start, end in half_terms]
    record = SchoolCalendarYear.objects.filter(tenant=tenant, academic_year=year.start_year).first()
    before = record.half_terms if record else None
    record = record or SchoolCalendarYear(tenant=tenant, academic_year=year.start_year)
    record.half_terms, record.updated_by = stored, actor
    record.save()
    audit_record(tenant=tenant, actor=actor, action="tenant.school_calendar", obj=record,
                 summary=f"Set the half-term dates of {year.label}",
                 changes={"half_terms": [before, stored]})
    return record


@transaction.atomic
def role_narrowing_set(*, tenant: Tenant, actor: User, role: str,
                       kept: Iterable[str]) -> Tenant:
    """Narrow a role for this tenant: keep only `kept` of the role's default permissions (a
    tenant may narrow a role, never widen it past the defaults, and never the admin's).
    Audited in the security log with what was taken away and given back."""
    if role == Role.ADMIN:
        raise ValidationError({"role": "The tenant admin's rights cannot be narrowed."})
    if role not in Role.values:
        raise ValidationError({"role": "Choose a role."})
    defaults = ROLE_PERMISSIONS.get(role, frozenset())
    kept = set(kept)
    beyond = sorted(kept - defaults)
    if beyond:
        raise ValidationError({"permissions": (
            f"A {Role(role).label.lower()} cannot be given {', '.join(beyond)}: a tenant may "
            "only narrow a role.")})
    tenant = Tenant.objects.select_for_update().get(pk=tenant.pk)
    narrowing = dict(tenant.role_narrowing or {})
    before = sorted(narrowing.get(role, []))
    removed = sorted(defaults - kept)
    if removed:
        narrowing[role] = removed
    else:
        narrowing.pop(role, None)
    tenant.role_narrowing = narrowing
    tenant.save(update_fields=["role_narrowing"])
    audit_record(tenant=tenant, actor=actor, action="tenant.role_narrowing", obj=tenant,
                 summary=f"{Role(role).label}: "
                         + (f"without {', '.join(removed)}" if removed else "all its defaults"),
                 changes={"role": role, "removed": [before, removed]})
    return tenant


@transaction.atomic
@transaction.atomic
def membership_deactivate(*, membership: Membership, actor: User) -> Membership:
    """Remove a person's access: the membership ends (inactive, dated) rather than going, so
    `membership_restore` can undo a mistake for MEMBERSHIP_RESTORE_WINDOW. Their API tokens
    for the tenant are revoked (a restore does not bring those back)."""
    if membership.user_id == actor.id:
        raise ValidationError("You cannot remove your own access.")
    if not membership.is_active:
        raise ValidationError(f"{membership.user.email} has already been removed.")
    membership.is_active = False
    membership.ended_at = timezone.now()
    membership.ended_by = actor
    membership.save(update_fields=["is_active", "ended_at", "ended_by"])
    audit_record(tenant=membership.tenant, actor=actor, action="membership.deactivate",
                 obj=membership, summary=f"Removed {membership.user.email}")
    api_tokens_revoke(user=membership.user, tenant=membership.tenant, actor=actor,
                      reason="membership ended")
    return membership


MEMBERSHIP_RESTORE_WINDOW = timedelta(days=14)


def membership_restorable_since() -> datetime:
    """Memberships ended after this moment may still be restored."""
    return timezone.now() - MEMBERSHIP_RESTORE_WINDOW


@transaction.atomic
def membership_restore(*, membership: Membership, actor: User) -> Membership:
    """Give a removed person their access back, with the role they had: only within
    MEMBERSHIP_RESTORE_WINDOW of the removal. After that (or for a membership that never had
    a removal date) the person is invited again, so the admin chooses the role afresh."""
    if membership.is_active:
        raise ValidationError(f"{membership.user.email} already has access.")
    if membership.ended_at is None or membership.ended_at < membership_restorable_since():
        raise ValidationError(
            f"{membership.user.email} was removed more than 14 days ago: invite them again.")
    membership.is_active = True
    membership.ended_at = None
    membership.ended_by = None
    membership.save(update_fields=["is_active", "ended_at", "ended_by"])
    audit_record(tenant=membership.tenant, actor=actor, action="membership.restore",
                 obj=membership,
                 summary=f"Restored {membership.user.email} as {membership.get_role_display()}")
    return membership


