from allauth.account.utils import perform_login
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from accounts.forms import AcceptInvitationForm, ApiTokenForm
from accounts.models import User
from core import security, services
from core.models import ApiToken
from core.selectors import memberships_of_user
from core.tenancy import session_passed_mfa


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation e-mail: set a password (new person) or join (signed in)."""
    invitation = services.invitation_for_token(token)
    problem = services.invitation_problem(invitation)
    if problem:
        return render(request, "accounts/invitation_invalid.html", {"problem": problem}, status=410
                      if invitation is not None else 404)
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None and not request.user.is_authenticated:
        messages.info(request, f"You already have an account: sign in as {invitation.email} "
                               "to accept the invitation.")
        return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                membership = services.invitation_accept(invitation=invitation, user=request.user)
            except ValidationError as error:
                return render(request, "accounts/invitation_invalid.html",
                              {"problem": " ".join(error.messages)}, status=403)
            messages.success(request, f"You have joined {membership.tenant.name}.")
            return redirect("core:tenant-home", membership.tenant.slug)
        return render(request, "accounts/invitation_join.html", {"invitation": invitation})
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            perform_login(request, membership.user, email_verification="none")
            messages.success(request, f"Welcome. You have joined {membership.tenant.name}.")
            return redirect("core:tenant-home", membership.tenant.slug)
    return render(request, "accounts/invitation_accept.html",
                  {"invitation": invitation, "form": form}, status=400 if form.errors else 200)


def _account_page(request: HttpRequest, *, form: ApiTokenForm | None = None,
                  new_key: str = "", status: int = 200) -> HttpResponse:
    memberships = memberships_of_user(user=request.user)
    with scopes_disabled():
        tokens = list(ApiToken.objects.select_related("tenant").filter(user=request.user))
    return render(request, "accounts/settings.html", {
        "memberships": memberships,
        "has_totp": Authenticator.objects.filter(
            user=request.user, type=Authenticator.Type.TOTP).exists(),
        "tokens": tokens,
        "token_form": form or ApiTokenForm(memberships=memberships),
        "new_key": new_key,
    }, status=status)


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    return _account_page(request)


@login_required
@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    """Make an API token. Its key is on this response only: never stored, never in a message
    (messages travel in a signed, readable cookie), never shown again."""
    form = ApiTokenForm(request.POST, memberships=memberships_of_user(user=request.user))
    if form.is_valid():
        try:
            token, key = security.api_token_create(
                user=request.user, tenant=form.tenants[form.cleaned_data["tenant"]],
                name=form.cleaned_data["name"], access=form.cleaned_data["access"],
                days=form.cleaned_data["days"], session_passed_mfa=session_passed_mfa(request))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            response = _account_page(request, new_key=key)
            response["Cache-Control"] = "no-store"
            return response
    return _account_page(request, form=form, status=400)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if security.api_tokens_revoke(user=request.user, actor=request.user, token_id=token_id,
                                  reason="revoked by its owner"):
        messages.success(request, "The token was revoked: it no longer works.")
    return redirect("accounts:account-settings")
