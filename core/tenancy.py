"""Resolving the tenant from the URL: one decorator for views, one base class for the API.

Both answer 404 when the tenant does not exist *or* the user is not a member, so an outsider
cannot tell the two apart, and 403 when a member's role does not allow the action. While the
view runs, the django-scopes scope is set to the tenant, so every tenant-owned query is filtered
by it and a query outside any scope raises.
"""

from collections.abc import Callable
from contextlib import nullcontext
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_scopes import scope, scopes_disabled
from rest_framework import exceptions as api_exceptions

from accounts.models import User
from core.api import api_refusal
from core.grants import remembered_while_reading
from core.models import ApiToken, Membership, Tenant
from core.permissions import MFA_REQUIRED_ROLES, permissions_of
from core.selectors import membership_for


class TenantRequest(HttpRequest):
    """A request inside `tenant_view`, as type checkers should see it: what the decorator adds
    (and django-htmx's middleware). Annotate a tenant view's `request` with it."""

    tenant: Tenant
    membership: Membership
    tenant_permissions: frozenset[str]
    htmx: Any
    # Signed in: `tenant_view` is login_required.
    user: User


def session_passed_mfa(request: HttpRequest) -> bool:
    """Whether this session's sign-in included the authenticator step (allauth records each
    step of a sign-in in the session), not merely whether the account has an authenticator."""
    from allauth.account.authentication import get_authentication_records

    return any(record.get("method") == "mfa"
               for record in get_authentication_records(request, request.user))


def user_has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def resolve_membership(request: HttpRequest, tenant_slug: str) -> tuple[Tenant, Membership]:
    """One query for both: a missing tenant and a non-member look the same (404)."""
    with scopes_disabled():
        membership = (
            Membership.objects.select_related("tenant", "user")
            .filter(tenant__slug=tenant_slug, user=request.user, is_active=True)
            .first()
        )
    if membership is None:
        # A platform operator the tenant's admin has given support access (read-only).
        from core.support import support_membership

        membership = support_membership(user=request.user, tenant_slug=tenant_slug)
    if membership is None:
        raise Http404("No such area partnership.")
    return membership.tenant, membership


FORBIDDEN, MFA_SETUP, MFA_STEP = "forbidden", "mfa_setup", "mfa_step"


def access_problem(*, membership: Membership, permissions: frozenset[str], needed: str | None,
                   passed_mfa: Callable[[], bool]) -> str | None:
    """The one rule pages and the API share, once the membership is found: None when the
    member may go on, else FORBIDDEN (beyond their role), MFA_SETUP (the tenant requires an
    authenticator and they have none) or MFA_STEP (this sign-in, or the token's, did not use
    it). `passed_mfa` is asked only when the tenant requires MFA of this role."""
    if needed is not None and needed not in permissions:
        return FORBIDDEN
    tenant = membership.tenant
    if tenant.require_mfa_for_officers and membership.role in MFA_REQUIRED_ROLES:
        if passed_mfa():
            # Also a sign-in whose second factor Entra ID checked, with no authenticator here.
            return None
        return MFA_STEP if user_has_mfa(membership.user) else MFA_SETUP
    return None


def _support_visit(request: HttpRequest, membership: Membership) -> None:
    """The operator under support access reads and never writes; each page is logged for the
    tenant to see."""
    from core.audit import audit_record

    if request.method not in ("GET", "HEAD", "OPTIONS"):
        raise PermissionDenied("Support access is read-only: ask the council to make changes.")
    audit_record(tenant=membership.tenant, actor=request.user, action="security.support_visit",
                 summary=f"Support access: opened {request.get_full_path()[:200]}")


def tenant_view(permission: str | None = None) -> Callable:
    """Decorate a view taking `tenant_slug`: resolve it, check membership and permission.

    The view receives `request.tenant`, `request.membership` and `request.tenant_permissions`,
    and runs inside the tenant's scope. Views must render eagerly (`render`, not
    `TemplateResponse`), because the scope ends when the view returns.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, tenant_slug: str, *args, **kwargs) -> HttpResponse:
            tenant, membership = resolve_membership(request, tenant_slug)
            granted = permissions_of(membership)
            problem = access_problem(membership=membership, permissions=granted,
                                     needed=permission,
                                     passed_mfa=lambda: session_passed_mfa(request))
            if problem == FORBIDDEN:
                raise PermissionDenied("Your role does not allow this.")
            if problem == MFA_SETUP:
                messages.warning(
                    request,
                    f"{tenant.name} requires officers to sign in with an authenticator "
                    "app. Set one up to continue.",
                )
                return redirect("mfa_activate_totp")
            if problem == MFA_STEP:
                # An account with an authenticator is not enough: this sign-in must have
                # used it, whatever way in was taken (single sign-on, an old session).
                messages.info(request, f"{tenant.name} asks for your authenticator code.")
                return redirect(f"{reverse('mfa_reauthenticate')}?"
                                f"{urlencode({'next': request.get_full_path()})}")
            request.tenant = tenant
            request.membership = membership
            request.tenant_permissions = granted
            reading = request.method in ("GET", "HEAD")
            with scope(tenant=tenant), (remembered_while_reading() if reading
                                        else nullcontext()):
                if getattr(membership, "support_grant", None) is not None:
                    _support_visit(request, membership)
                return view(request, *args, **kwargs)

        return wrapper

    return decorator


class TenantAPIMixin:
    """Base for tenant API views under `/api/t/<tenant_slug>/`.

    Set `required_permission` (read) and optionally `write_permission`. The scope is entered for
    the whole dispatch, and membership is checked after authentication; a missing tenant and a
    non-member both get 404.
    """

    required_permission: str | None = None
    write_permission: str | None = None
    tenant: Tenant | None = None
    membership: Membership | None = None

    def dispatch(self, request, *args, **kwargs):
        self.tenant = Tenant.objects.filter(slug=kwargs.get("tenant_slug")).first()
        # With no such tenant, an empty list scope matches no rows (None would match all).
        reading = request.method in ("GET", "HEAD")
        with scope(tenant=self.tenant or []), (remembered_while_reading() if reading
                                               else nullcontext()):
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        membership = membership_for(user=request.user, tenant=self.tenant) if self.tenant else None
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if membership is None or (token is not None and token.tenant_id != self.tenant.id):
            # A token answers only under its own tenant's address, like a non-member.
            raise api_exceptions.NotFound("No such area partnership.")
        if (token is not None and not token.can_write
                and request.method not in ("GET", "HEAD", "OPTIONS")):
            raise api_exceptions.PermissionDenied("This token is read-only.")
        self.membership = membership
        granted = permissions_of(membership)
        needed = self.required_permission
        if request.method not in ("GET", "HEAD", "OPTIONS") and self.write_permission:
            needed = self.write_permission
        # The same rule as the pages: a token or a password-only session must not bypass it.
        # A token counts when it was made from a session that passed the authenticator step.
        problem = access_problem(
            membership=membership, permissions=granted, needed=needed,
            passed_mfa=lambda: (token.made_with_mfa if token is not None
                                else session_passed_mfa(request._request)))
        if problem == FORBIDDEN:
            raise api_exceptions.PermissionDenied("Your role does not allow this.")
        if problem is not None:
            raise api_exceptions.PermissionDenied(
                f"{self.tenant.name} requires officers to sign in with an authenticator "
                "app: set one up, sign in with it, and make API tokens from that session."
            )
        self.tenant_permissions = granted
        if request.method in ("POST", "PUT", "PATCH"):
            # Parse the body now (DRF keeps the result), so a malformed one is a 400 at every
            # endpoint, even one that takes no fields and would otherwise act on garbage.
            request.data  # noqa: B018

    def call(self, service, **kwargs):
        """Run a write service as the caller, in this tenant; its refusal (a Django
        ValidationError naming the fields) is the API's one 400 shape (`core.api.api_refusal`)."""
        try:
            return service(tenant=self.tenant, actor=self.request.user, **kwargs)
        except ValidationError as error:
            raise api_refusal(error) from error


def ensure_same_tenant(tenant: Tenant, **objects: object) -> None:
    """The same-tenant guard every service starts with: refuse any object (named by its
    keyword, which names the field of the refusal) that belongs to another tenant. A school
    is "not in this tenant's register"; anything else "not in this tenant". None is allowed:
    an optional argument left out.

        ensure_same_tenant(tenant, school=school, partnership=partnership)
    """
    for thing, obj in objects.items():
        if obj is not None and obj.tenant_id != tenant.pk:  # type: ignore[attr-defined]
            where = "this tenant's register" if thing == "school" else "this tenant"
            raise ValidationError({thing: f"That {thing.replace('_', ' ')} is not in {where}."})


def operator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The platform's pages (no tenant in the URL): only a signed-in platform operator; anyone
    else signed in is refused (403), whatever their roles in any tenant; an anonymous visitor
    is sent to sign in."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not getattr(request.user, "is_platform_operator", False):
            raise PermissionDenied("Only platform operators can see this.")
        return view(request, *args, **kwargs)

    return wrapped
