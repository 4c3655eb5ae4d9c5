"""Sign-in rules: closed sign-up, login rate limiting, TOTP, a tenant requiring MFA for its
officers, and Microsoft Entra ID single sign-on wired from settings."""

import base64
import json
from urllib.parse import parse_qs, urlparse

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.test.signals import template_rendered

from accounts.adapters import KnownUserSocialAccountAdapter
from accounts.entra import authentication_methods
from accounts.models import User
from config.settings import entra_provider
from core.models import Role
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def empty_cache():
    # allauth keeps rate-limit counters and used TOTP codes in the cache.
    cache.clear()
    yield
    cache.clear()


def log_in(client: Client, email: str, password: str):
    return client.post(LOGIN, {"login": email, "password": password})


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- e-mail and password --------------------------------------------------------------------


def test_a_member_signs_in_with_email_and_password(personas):
    client = Client()
    response = log_in(client, personas["a"]["officer"].email, PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_wrong_password_is_refused_with_a_message(personas):
    client = Client()
    response = log_in(client, personas["a"]["officer"].email, "wrong-password-1")
    assert response.status_code == 200
    assert not is_signed_in(client)
    assert "not correct" in str(response.context["form"].errors)


def test_sign_up_is_closed_and_creates_no_user():
    client = Client()
    response = client.post("/accounts/signup/", {
        "email": "newcomer@example.org", "password1": "a-long-new-password",
        "password2": "a-long-new-password",
    })
    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert not User.objects.filter(email="newcomer@example.org").exists()


def test_after_five_wrong_passwords_the_right_one_is_refused_too(personas):
    email = personas["a"]["officer"].email
    client = Client()
    for attempt in range(5):
        assert log_in(client, email, f"wrong-password-{attempt}").status_code == 200
    response = log_in(client, email, PASSWORD)
    assert not is_signed_in(client)
    assert "Too many failed sign-ins for this account. Wait 5 minutes" in str(
        response.context["form"].errors)


def test_the_limit_counts_per_account_so_others_can_still_sign_in(personas):
    client = Client()
    for attempt in range(5):
        log_in(client, personas["a"]["officer"].email, f"wrong-password-{attempt}")
    log_in(client, personas["a"]["admin"].email, PASSWORD)
    assert is_signed_in(client)


def test_the_rate_limit_is_five_failures_per_account_in_settings():
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "5/5m/key"


def test_failures_from_one_address_do_not_lock_out_the_others_behind_it(personas):
    # The review: 21 bad sign-ins from one (NAT) address locked every user out for a minute.
    client = Client()
    for attempt in range(30):
        log_in(client, f"nobody{attempt}@example.org", "wrong-password")
    for _ in range(5):
        log_in(client, personas["a"]["viewer"].email, "wrong-password")
    log_in(client, personas["a"]["admin"].email, PASSWORD)
    assert is_signed_in(client)


def test_a_whole_office_signs_in_from_one_address_at_once(personas):
    from tests.factories import UserFactory

    users = [UserFactory(email=f"staff{n}@wiltshire.example.org") for n in range(60)]
    refused = 0
    for user in users:
        client = Client()
        log_in(client, user.email, PASSWORD)
        refused += not is_signed_in(client)
    assert refused == 0


def test_behind_the_trusted_proxy_each_client_address_is_counted_apart(personas, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    email = personas["a"]["admin"].email
    for _ in range(3):
        Client(HTTP_X_FORWARDED_FOR="203.0.113.7").post(LOGIN, {"login": email,
                                                               "password": "wrong"})
    blocked = Client(HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert blocked.post(LOGIN, {"login": email, "password": PASSWORD}).status_code == 429
    other = Client(HTTP_X_FORWARDED_FOR="198.51.100.20")
    log_in(other, email, PASSWORD)
    assert is_signed_in(other)


# --- TOTP -----------------------------------------------------------------------------------


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


@pytest.fixture
def officer_with_totp(personas):
    user = personas["a"]["officer"]
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def test_a_user_with_totp_is_asked_for_a_code_after_the_password(officer_with_totp):
    user, _ = officer_with_totp
    client = Client()
    response = log_in(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert not is_signed_in(client)


def test_a_wrong_totp_code_is_refused(officer_with_totp):
    user, secret = officer_with_totp
    client = Client()
    log_in(client, user.email, PASSWORD)
    wrong = f"{(int(current_code(secret)) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/2fa/authenticate/", {"code": wrong})
    assert response.status_code == 200
    assert "Incorrect code" in str(response.context["form"].errors)
    assert not is_signed_in(client)


def test_the_right_totp_code_signs_in(officer_with_totp):
    user, secret = officer_with_totp
    client = Client()
    log_in(client, user.email, PASSWORD)
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert is_signed_in(client)


# --- a tenant requiring MFA for its officers ------------------------------------------------


@pytest.fixture
def tenant_requiring_mfa(tenant_a):
    tenant_a.require_mfa_for_officers = True
    tenant_a.save()
    return tenant_a


def test_an_officer_without_totp_is_sent_to_set_it_up(personas, tenant_requiring_mfa,
                                                      client_for):
    response = client_for(personas["a"]["officer"]).get("/t/wiltshire/schools/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_an_admin_without_totp_is_sent_to_set_it_up(personas, tenant_requiring_mfa, client_for):
    response = client_for(personas["a"]["admin"]).get("/t/wiltshire/")
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_the_setup_page_itself_is_reachable_after_signing_in(personas, tenant_requiring_mfa):
    client = Client()
    log_in(client, personas["a"]["officer"].email, PASSWORD)
    assert client.get("/t/wiltshire/")["Location"] == "/accounts/2fa/totp/activate/"
    # allauth asks for the password again before an authenticator is added.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    client.post(response["Location"], {"password": PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert "form" in response.context


def test_an_officer_who_signed_in_with_the_code_gets_in(officer_with_totp,
                                                       tenant_requiring_mfa):
    user, secret = officer_with_totp
    client = Client()
    log_in(client, user.email, PASSWORD)
    client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert client.get("/t/wiltshire/schools/").status_code == 200


def test_having_an_authenticator_is_not_enough_the_session_must_have_used_it(
        officer_with_totp, tenant_requiring_mfa, client_for):
    # A session that skipped the authenticator step (another way in, an older session).
    user, secret = officer_with_totp
    client = client_for(user)
    response = client.get("/t/wiltshire/schools/?phase=primary")
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert location.path == "/accounts/2fa/reauthenticate/"
    assert parse_qs(location.query)["next"] == ["/t/wiltshire/schools/?phase=primary"]
    assert client.get("/api/t/wiltshire/schools/").status_code == 403
    # Entering the code there marks the session, and the page opens.
    client.post("/accounts/2fa/reauthenticate/", {"code": current_code(secret)})
    assert client.get("/t/wiltshire/schools/").status_code == 200
    assert client.get("/api/t/wiltshire/schools/").status_code == 200


def test_a_headteacher_is_not_asked_for_totp(personas, tenant_requiring_mfa, client_for):
    school = personas["a"]["school"]
    response = client_for(personas["a"][Role.HEADTEACHER]).get(
        f"/t/wiltshire/schools/{school.urn}/")
    assert response.status_code == 200


def test_another_tenant_without_the_rule_does_not_ask(personas, tenant_requiring_mfa,
                                                       client_for):
    assert client_for(personas["b"]["officer"]).get("/t/dorset/schools/").status_code == 200


def test_an_outsider_still_gets_404_not_the_mfa_redirect(personas, tenant_requiring_mfa,
                                                          client_for):
    assert client_for(personas["b"]["officer"]).get("/t/wiltshire/").status_code == 404


# --- Microsoft Entra ID ---------------------------------------------------------------------

ENTRA = {"microsoft": entra_provider(client_id="11111111-2222-3333-4444-555555555555",
                                    secret="not-a-real-secret",
                                    directory="wiltshire.example.onmicrosoft.com")}


def test_without_entra_settings_no_provider_is_offered():
    request = RequestFactory().get("/")
    assert [p.id for p in get_social_adapter().list_providers(request)] == []


@override_settings(SOCIALACCOUNT_PROVIDERS=ENTRA)
def test_with_entra_settings_the_microsoft_provider_is_registered():
    request = RequestFactory().get("/")
    providers = get_social_adapter().list_providers(request)
    assert [p.id for p in providers] == ["microsoft"]
    assert providers[0].app.client_id == ENTRA["microsoft"]["APPS"][0]["client_id"]


@override_settings(SOCIALACCOUNT_PROVIDERS=ENTRA)
def test_the_login_page_offers_microsoft_sign_in():
    response = Client().get(LOGIN)
    assert "/accounts/microsoft/login/" in response.content.decode()


@override_settings(SOCIALACCOUNT_PROVIDERS=ENTRA)
def test_microsoft_login_redirects_to_the_entra_tenants_authorize_endpoint():
    response = Client().post("/accounts/microsoft/login/")
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert location.netloc == "login.microsoftonline.com"
    assert location.path == "/wiltshire.example.onmicrosoft.com/oauth2/v2.0/authorize"
    query = parse_qs(location.query)
    assert query["client_id"] == [ENTRA["microsoft"]["APPS"][0]["client_id"]]
    assert query["response_type"] == ["code"]
    assert "User.Read" in query["scope"][0]
    assert query["redirect_uri"][0].endswith("/accounts/microsoft/login/callback/")


@override_settings(SOCIALACCOUNT_PROVIDERS=ENTRA)
def test_microsoft_login_by_get_does_not_redirect_without_confirmation():
    # SOCIALACCOUNT_LOGIN_ON_GET is off: a link cannot start the OAuth flow by itself.
    response = Client().get("/accounts/microsoft/login/")
    assert response.status_code == 200


def test_single_sign_on_never_creates_an_account():
    assert settings.SOCIALACCOUNT_ADAPTER == "accounts.adapters.KnownUserSocialAccountAdapter"
    request = RequestFactory().get("/")
    assert isinstance(get_social_adapter(request), KnownUserSocialAccountAdapter)
    assert get_social_adapter(request).is_open_for_signup(request, sociallogin=None) is False


@override_settings(SOCIALACCOUNT_PROVIDERS=ENTRA)
def test_an_unknown_entra_user_reaching_the_signup_step_gets_no_account():
    from allauth.socialaccount.helpers import complete_social_login
    from allauth.socialaccount.models import SocialAccount, SocialLogin
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/accounts/microsoft/login/callback/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    stranger = User(email="stranger@wiltshire.example.org")
    sociallogin = SocialLogin(
        user=stranger, account=SocialAccount(provider="microsoft", uid="entra-object-id"),
    )
    sociallogin.state = {"process": "login"}
    rendered = []

    def record(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    try:
        response = complete_social_login(request, sociallogin)
    finally:
        template_rendered.disconnect(record)
    assert not User.objects.filter(email="stranger@wiltshire.example.org").exists()
    assert not SocialAccount.objects.exists()
    assert response.status_code == 200
    assert any(name.endswith("signup_closed.html") for name in rendered), rendered


def test_password_reset_sends_an_email_for_a_known_address(mailoutbox):
    user = UserFactory(email="known@example.org")
    response = Client().post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]


def test_a_password_reset_for_an_unknown_address_sends_nothing(client, mailoutbox):
    # allauth would otherwise mail a sign-up link; accounts here come only by invitation.
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []


# --- Entra ID sign-ins and MFA --------------------------------------------------------------


def jwt(claims: dict) -> str:
    """An unsigned JWT, as the token endpoint's id_token is shaped (only the payload is read)."""
    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'RS256'})}.{part(claims)}.signature"


@pytest.mark.parametrize(("response", "methods"), [
    ({"id_token": jwt({"amr": ["pwd", "mfa"]})}, ["pwd", "mfa"]),
    ({"id_token": jwt({"amr": ["pwd"]})}, ["pwd"]),
    ({"id_token": jwt({"sub": "x"})}, []),
    ({"id_token": "not a token"}, []),
    ({"id_token": "a.!!!.b"}, []),
    ({"id_token": jwt({"amr": "mfa"})}, []),  # a string, not the list the claim is
    ({}, []),
])
def test_the_methods_entra_used_are_read_from_the_id_token(response, methods):
    assert authentication_methods(response) == methods


class EntraStub:
    """Entra's token endpoint and Microsoft Graph, as the OAuth2 client calls them: the one
    part of the sign-in that cannot run on this machine."""

    def __init__(self, *, email: str, amr: list[str]):
        self.email, self.amr = email, amr

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def request(self, method, url, **kwargs):
        return self.reply({"access_token": "access", "token_type": "Bearer", "expires_in": 3600,
                           "id_token": jwt({"amr": self.amr, "oid": "entra-object-id"})})

    def get(self, url, **kwargs):
        return self.reply({"id": "entra-object-id", "mail": self.email,
                           "userPrincipalName": self.email})

    @staticmethod
    def reply(body: dict):
        from requests.models import Response

        response = Response()
        response.status_code = 200
        response.headers["content-type"] = "application/json"
        response._content = json.dumps(body).encode()
        return response


def sign_in_with_entra(monkeypatch, email: str, amr: list[str]) -> Client:
    from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

    monkeypatch.setattr(DefaultSocialAccountAdapter, "get_requests_session",
                        lambda self: EntraStub(email=email, amr=amr))
    client = Client()
    start = client.post("/accounts/microsoft/login/")
    state = parse_qs(urlparse(start["Location"]).query)["state"][0]
    client.get("/accounts/microsoft/login/callback/", {"code": "from-entra", "state": state})
    return client


@override_settings(SOCIALACCOUNT_PROVIDERS=ENTRA)
def test_entra_asks_for_an_id_token(client):
    query = parse_qs(urlparse(client.post("/accounts/microsoft/login/")["Location"]).query)
    assert "openid" in query["scope"][0].split()


@override_settings(SOCIALACCOUNT_PROVIDERS=ENTRA)
def test_an_entra_sign_in_with_mfa_opens_a_tenant_requiring_mfa(personas, tenant_requiring_mfa,
                                                                monkeypatch):
    client = sign_in_with_entra(monkeypatch, personas["a"]["officer"].email, ["pwd", "mfa"])
    assert is_signed_in(client)
    assert client.get("/t/wiltshire/schools/").status_code == 200


@override_settings(SOCIALACCOUNT_PROVIDERS=ENTRA)
def test_an_entra_sign_in_without_mfa_is_asked_for_the_authenticator(
        officer_with_totp, tenant_requiring_mfa, monkeypatch):
    user, secret = officer_with_totp
    client = sign_in_with_entra(monkeypatch, user.email, ["pwd"])
    if not is_signed_in(client):  # allauth's own authenticator step after single sign-on
        client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
        assert is_signed_in(client)
        return
    response = client.get("/t/wiltshire/schools/")
    assert response.status_code == 302
    assert urlparse(response["Location"]).path == "/accounts/2fa/reauthenticate/"


@override_settings(SOCIALACCOUNT_PROVIDERS=ENTRA)
def test_an_entra_sign_in_without_mfa_and_no_authenticator_is_sent_to_set_one_up(
        personas, tenant_requiring_mfa, monkeypatch):
    client = sign_in_with_entra(monkeypatch, personas["a"]["officer"].email, ["pwd"])
    assert is_signed_in(client)
    assert client.get("/t/wiltshire/schools/")["Location"] == "/accounts/2fa/totp/activate/"


@override_settings(SOCIALACCOUNT_PROVIDERS=ENTRA)
def test_an_entra_sign_in_keeps_the_password_working(personas, monkeypatch):
    user = personas["a"]["officer"]
    assert is_signed_in(sign_in_with_entra(monkeypatch, user.email, ["pwd"]))
    client = Client()
    log_in(client, user.email, PASSWORD)
    assert is_signed_in(client)


ANY_DIRECTORY = {"microsoft": entra_provider(client_id="11111111-2222-3333-4444-555555555555",
                                            secret="not-a-real-secret",
                                            directory="organizations")}


@override_settings(SOCIALACCOUNT_PROVIDERS=ANY_DIRECTORY)
def test_an_app_open_to_any_directory_does_not_trust_the_address_it_is_given(personas,
                                                                              monkeypatch):
    # Any organisation's directory could claim a council officer's address.
    client = sign_in_with_entra(monkeypatch, personas["a"]["officer"].email, ["pwd", "mfa"])
    assert not is_signed_in(client)
