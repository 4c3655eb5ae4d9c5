"""The platform operator reads no tenant data (DESIGN §5): made with `create_operator` (not
staff, never a tenant member), it sees no school, category, token or authenticator seed on any
page it can reach; Django's admin is not mounted outside DEBUG and never lists secrets."""

from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.core.management import CommandError, call_command

from accounts.models import User
from core.models import ApiToken
from tests.factories import MembershipFactory, api_token_client
from tests.test_isolation_matrix import ALL_ROUTES, TENANT_ROUTES

pytestmark = pytest.mark.django_db
STRONG = "a-Long-and-unusual-passphrase-42"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


def make_operator(monkeypatch, email="ops@platform.example.org") -> User:
    monkeypatch.setenv("OPERATOR_PASSWORD", STRONG)
    call_command("create_operator", email, stdout=StringIO())
    return User.objects.get(email=email)


def test_create_operator_makes_an_operator_who_is_not_staff(monkeypatch):
    operator = make_operator(monkeypatch)
    assert operator.is_platform_operator
    assert not operator.is_staff and not operator.is_superuser
    assert operator.check_password(STRONG)


def test_create_operator_refuses_a_tenant_members_address(monkeypatch, personas):
    member = personas["a"]["officer"]
    monkeypatch.setenv("OPERATOR_PASSWORD", STRONG)
    with pytest.raises(CommandError, match="member of a tenant"):
        call_command("create_operator", member.email, stdout=StringIO())
    member.refresh_from_db()
    assert not member.is_platform_operator


def test_create_operator_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("OPERATOR_PASSWORD", "password")
    with pytest.raises(CommandError):
        call_command("create_operator", "ops@platform.example.org", stdout=StringIO())
    assert not User.objects.filter(email="ops@platform.example.org").exists()


def test_the_operator_sees_no_tenant_data_on_any_page_it_can_reach(
        monkeypatch, personas, tenant_a, client_for):
    operator = make_operator(monkeypatch)
    admin_user = personas["a"]["admin"]
    token_key = api_token_client(admin_user).token_key
    Authenticator.objects.create(user=admin_user, type=Authenticator.Type.TOTP,
                                 data={"secret": TOTP_SECRET})
    secrets = [personas[side]["school"].establishment.name for side in ("a", "b")]
    secrets += [token_key, TOTP_SECRET]
    client = client_for(operator)
    reached = []
    for route in ALL_ROUTES:
        if route.arguments and route not in TENANT_ROUTES:
            continue  # a token or key in the address: nothing to fill in without one
        url = route.url({"tenant_slug": tenant_a.slug, **_any_ids(personas)})
        response = client.get(url)
        body = response.content.decode(errors="replace")
        for secret in secrets:
            assert secret not in body, f"{url} shows {secret!r} to the operator"
        if response.status_code == 200:
            reached.append(url)
        if route in TENANT_ROUTES:
            assert response.status_code == 404, f"{url}: {response.status_code}"
    assert {"/platform/", "/account/"} <= set(reached)


def _any_ids(personas) -> dict:
    """Some id for every URL argument: the operator must get 404 whatever they are."""
    names = {argument for route in TENANT_ROUTES for argument in route.arguments}
    ids = {name: 1 for name in names}
    ids["urn"] = personas["a"]["school"].urn
    return ids


def test_django_admin_is_not_mounted_outside_debug(client, personas):
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/django-admin/login/").status_code == 404


def test_the_admin_site_lists_no_secret():
    registered = set(admin.site._registry)
    from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken

    assert not registered & {ApiToken, Authenticator, SocialToken, SocialApp,
                             SocialAccount}
    user_admin = admin.site._registry[User]
    assert "email" in user_admin.readonly_fields
    assert "password" in user_admin.exclude


def test_the_platform_page_shows_usage_without_tenant_data(monkeypatch, personas, client_for):
    operator = make_operator(monkeypatch)
    MembershipFactory(tenant=personas["a"]["school"].tenant)
    html = client_for(operator).get("/platform/").content.decode()
    assert "Last activity" in html and "File imports" in html
    assert personas["a"]["school"].establishment.name not in html
