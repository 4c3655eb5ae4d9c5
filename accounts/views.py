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
from rest_framework.authtoken.models import Token

from accounts.forms import AcceptInvitationForm
from accounts.models import User
from core import services
from core.selectors import memberships_of_user


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
            return redirect("tenant-home", membership.tenant.slug)
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
            return redirect("tenant-home", membership.tenant.slug)
    return render(request, "accounts/invitation_accept.html",
                  {"invitation": invitation, "form": form}, status=400 if form.errors else 200)


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/settings.html", {
        "memberships": memberships_of_user(user=request.user),
        "has_totp": Authenticator.objects.filter(
            user=request.user, type=Authenticator.Type.TOTP).exists(),
        "api_token": Token.objects.filter(user=request.user).first(),
    })


@login_required
@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    """Replace the user's API token; the new key is shown once."""
    Token.objects.filter(user=request.user).delete()
    token = Token.objects.create(user=request.user)
    messages.success(request, f"Your new API token is {token.key}. Copy it now: it will not be "
                              "shown again in full.")
    return redirect("account-settings")
