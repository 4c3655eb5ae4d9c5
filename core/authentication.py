"""API authentication by `ApiToken`: `Authorization: Token <key>`.

The key is looked up by its hash. An unknown, expired or revoked key, or one of an inactive
user, is refused with 401 whatever the URL; which tenant and which methods a valid token may
use is checked by `core.tenancy.TenantAPIMixin`, once the tenant is known.
"""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from core.models import ApiToken, hash_token

# A token's last use is recorded at most this often: a busy script must not write every call.
LAST_USED_EVERY = timedelta(minutes=5)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Give the token as `Authorization: Token <key>`, with no spaces in the key.")
        try:
            key = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed("The token has characters a key never has.") \
                from error
        with scopes_disabled():
            token = (ApiToken.objects.select_related("user", "tenant")
                     .filter(key_hash=hash_token(key)).first())
        if token is None or not token.is_active:
            raise exceptions.AuthenticationFailed(
                "This token is not valid: it may have expired or been revoked. Make a new one "
                "on your account page.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("This account is not active.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
            with scopes_disabled():
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token in the OpenAPI schema (drf-spectacular finds it by the class)."""

    target_class = "core.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "`Token <key>`: a token made on your account page, for one "
                               "area partnership, read-only or read-and-write, until it "
                               "expires."}
