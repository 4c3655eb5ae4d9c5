from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.http import Http404


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: accounts are made by accepting an invitation."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # The limit is per account (config/settings.py ACCOUNT_RATE_LIMITS): say when to retry.
        "too_many_login_attempts": (
            "Too many failed sign-ins for this account. Wait 5 minutes and try again, or reset "
            "your password."),
    }

    def is_open_for_signup(self, request) -> bool:
        return False


class KnownUserSocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on logs in people who already have an account (matched by e-mail);
    it never creates one, so an Entra ID directory cannot add members to a tenant."""

    def get_app(self, request, provider, client_id=None):
        """Without Entra ID settings there is no app: its sign-in pages are then not found
        (404), rather than an error page (allauth raises DoesNotExist)."""
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist as missing:
            raise Http404("Single sign-on is not set up.") from missing

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False
