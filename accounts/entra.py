"""Microsoft Entra ID sign-in that knows whether Entra asked for a second factor.

Entra's ID token lists how the person authenticated in its `amr` claim; "mfa" there means the
directory already checked a second factor (its Conditional Access policy), so a tenant that
requires MFA admits the session without asking for the authenticator app as well. Without the
claim — or without an ID token, or if the login is resumed in a later request — the session is
an ordinary sign-in, and a tenant requiring MFA asks for the authenticator code
(core.tenancy.access_problem): the safe way round.

The ID token is read, not verified: it comes straight from Entra's token endpoint over TLS in
the same exchange as the access token (OpenID Connect Core §3.1.3.7 allows TLS server
validation in place of the signature check for that case).
"""

import base64
import binascii
import json
from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.microsoft.views import MicrosoftGraphOAuth2Adapter
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from django.http import HttpRequest

# Where the login keeps what Entra said for the `user_logged_in` receiver below.
ENTRA_AMR = "entra_amr"


def id_token_claims(id_token: str) -> dict[str, Any]:
    """The claims of a JWT's payload, or {} for anything that is not one."""
    try:
        payload = id_token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError, binascii.Error, UnicodeDecodeError):
        return {}
    return claims if isinstance(claims, dict) else {}


def authentication_methods(token_response: dict[str, Any]) -> list[str]:
    """The `amr` values of the ID token in Entra's token response ([] when there is none)."""
    id_token = token_response.get("id_token")
    methods = id_token_claims(id_token).get("amr") if isinstance(id_token, str) else None
    return [str(method) for method in methods] if isinstance(methods, list) else []


class EntraAdapter(MicrosoftGraphOAuth2Adapter):
    def complete_login(self, request: HttpRequest, app, token, **kwargs) -> SocialLogin:
        login = super().complete_login(request, app, token, **kwargs)
        setattr(login, ENTRA_AMR, authentication_methods(kwargs.get("response") or {}))
        return login


oauth2_callback = OAuth2CallbackView.adapter_view(EntraAdapter)


def record_entra_mfa(sender, request: HttpRequest, user, **kwargs) -> None:
    """On a sign-in through Entra whose ID token says "mfa", record the MFA step in the session
    as allauth records its own (core.tenancy.session_passed_mfa reads it). Connected to
    allauth's `user_logged_in`, which carries the social login; Django's does not."""
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is not None and "mfa" in getattr(sociallogin, ENTRA_AMR, []):
        record_authentication(request, user, method="mfa", type="entra_id", amr="mfa")
