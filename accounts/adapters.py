from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: accounts are made by accepting an invitation."""

    def is_open_for_signup(self, request) -> bool:
        return False


class KnownUserSocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on logs in people who already have an account (matched by e-mail);
    it never creates one, so an Entra ID directory cannot add members to a tenant."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False
