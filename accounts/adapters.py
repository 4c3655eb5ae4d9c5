import base64

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.account.utils import filter_users_by_email
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
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


# Entra ID's sign-in endpoints for apps that accept any organisation's directory.
MULTI_DIRECTORY = {"common", "organizations", "consumers"}


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

    def authenticate_by_email(self, sociallogin):
        """An Entra ID sign-in finds the person by the e-mail address their council's directory
        gives them. allauth matches only addresses the provider marks verified, and Microsoft's
        profile marks none, so without this nobody could sign in with Entra ID.

        Trusted only when the app is registered to one directory (ENTRA_TENANT_ID names the
        council's tenant): there the administrators set `mail`, a person cannot choose it. With
        a multi-directory app ("organizations", "common") anyone's directory could claim any
        address, so allauth's rule stands. The address is recorded as verified — the directory
        vouches for it, as the invitation it was sent to did — so allauth does not treat the
        account as an unverified look-alike and wipe its password."""
        if sociallogin.account.provider == "microsoft" and self._single_directory(sociallogin):
            for address in sociallogin.email_addresses:
                users = filter_users_by_email(address.email, is_active=True)
                if users:
                    EmailAddress.objects.update_or_create(
                        user=users[0], email__iexact=address.email,
                        defaults={"email": users[0].email, "verified": True})
                    return users[0], address.email
        return super().authenticate_by_email(sociallogin)

    def _single_directory(self, sociallogin) -> bool:
        app = self.get_app(context.request, sociallogin.account.provider)
        directory = (app.settings or {}).get("tenant", "")
        return bool(directory) and directory not in MULTI_DIRECTORY


class EncryptedSecretsMFAAdapter(DefaultMFAAdapter):
    """TOTP seeds and recovery-code seeds are encrypted at rest (Fernet), so a database read —
    a backup, a leaked dump — gives no working authenticator.

    The key is MFA_ENCRYPTION_KEY from the environment, else one derived from SECRET_KEY.
    Values stored before encryption began (no prefix) are still read, and
    `accounts/migrations` encrypts them.
    """

    PREFIX = "fernet:"

    def encrypt(self, text: str) -> str:
        if text.startswith(self.PREFIX):
            return text
        return self.PREFIX + _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(self.PREFIX):
            return encrypted_text  # stored in clear before encryption began
        return _fernet().decrypt(encrypted_text[len(self.PREFIX):].encode()).decode()


def _fernet() -> Fernet:
    secret = settings.MFA_ENCRYPTION_KEY or settings.SECRET_KEY
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"school-improvement-mfa",
               info=b"authenticator secrets").derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))
