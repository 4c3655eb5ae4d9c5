"""API tokens: hashed at rest, one tenant, read or write, expiring, revoked with a new password
or the end of the membership, shown once and never in a cookie message."""

import time
from datetime import timedelta

import pytest
from allauth.account import signals
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from core import services
from core.models import ApiToken, AuditEvent, Membership, Role
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, api_token_client

pytestmark = pytest.mark.django_db
SCHOOLS = "/api/t/{slug}/schools/"


def school_url(personas, side="a") -> str:
    school = personas[side]["school"]
    return f"/api/t/{school.tenant.slug}/schools/{school.urn}/"


def test_only_a_hash_of_the_key_is_stored(personas):
    client = api_token_client(personas["a"]["officer"])
    with scopes_disabled():
        token = ApiToken.objects.get()
    assert client.token_key not in {token.key_hash, token.key_prefix}
    assert token.key_prefix == client.token_key[:10]
    assert client.get(SCHOOLS.format(slug="wiltshire")).status_code == 200


def test_a_token_answers_only_under_its_own_tenant(personas, tenant_a, tenant_b):
    officer = personas["a"]["officer"]
    MembershipFactory(tenant=tenant_b, user=officer, role=Role.OFFICER)
    client = api_token_client(officer, tenant_a)
    assert client.get(SCHOOLS.format(slug="wiltshire")).status_code == 200
    response = client.get(SCHOOLS.format(slug="dorset"))
    assert response.status_code == 404
    assert personas["b"]["school"].establishment.name not in response.content.decode()


def test_a_read_token_is_refused_writes(personas, tenant_a):
    client = api_token_client(personas["a"]["admin"], tenant_a, access="read")
    assert client.get(school_url(personas)).status_code == 200
    response = client.patch(school_url(personas), {"locality": "North"}, format="json")
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]


def test_a_write_token_may_write(personas, tenant_a):
    client = api_token_client(personas["a"]["admin"], tenant_a, access="write")
    response = client.patch(school_url(personas), {"locality": "North"}, format="json")
    assert response.status_code == 200


def test_an_expired_token_is_401(personas, tenant_a):
    client = api_token_client(personas["a"]["officer"], tenant_a)
    with scopes_disabled():
        ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(SCHOOLS.format(slug="wiltshire"))
    assert response.status_code == 401
    assert "expired or been revoked" in response.json()["detail"]


def test_a_password_change_revokes_every_token(personas, client_for):
    officer = personas["a"]["officer"]
    api = api_token_client(officer)
    response = client_for(officer).post("/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": "a-New-long-passphrase-7",
        "password2": "a-New-long-passphrase-7"})
    assert response.status_code == 302
    assert api.get(SCHOOLS.format(slug="wiltshire")).status_code == 401
    with scopes_disabled():
        assert ApiToken.objects.get().revoked_reason == "password changed"
        assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_a_password_reset_revokes_every_token(personas):
    officer = personas["a"]["officer"]
    api = api_token_client(officer)
    signals.password_reset.send(sender=type(officer), request=None, user=officer)
    assert api.get(SCHOOLS.format(slug="wiltshire")).status_code == 401


def test_the_end_of_a_membership_revokes_its_tokens(personas, tenant_a, client_for):
    viewer = personas["a"]["viewer"]
    api = api_token_client(viewer, tenant_a)
    with scopes_disabled():
        membership = Membership.objects.get(user=viewer, tenant=tenant_a)
    with scope(tenant=tenant_a):
        services.membership_deactivate(membership=membership, actor=personas["a"]["admin"])
    membership.is_active = True
    membership.save()  # even if access were given back, the old token stays dead
    assert api.get(SCHOOLS.format(slug="wiltshire")).status_code == 401


def make_token(client, tenant, **fields):
    return client.post("/account/api-tokens/", {
        "name": "Monthly upload", "tenant": tenant.pk, "access": "write", "days": 90, **fields})


def test_a_token_made_on_the_account_page_is_shown_once_and_never_in_a_message(
        personas, tenant_a, client_for):
    client = client_for(personas["a"]["officer"])
    response = make_token(client, tenant_a)
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key.startswith("sip_") and key in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert "messages" not in response.cookies
    page = client.get("/account/").content.decode()
    assert key not in page and key[:10] in page
    with scopes_disabled():
        token = ApiToken.objects.get()
        assert AuditEvent.objects.get(action="api_token.create").tenant == tenant_a
    assert (token.scope, token.tenant, token.name) == ("write", tenant_a, "Monthly upload")
    assert abs((token.expires_at - timezone.now()) - timedelta(days=90)) < timedelta(minutes=1)


def test_a_token_cannot_be_made_for_a_tenant_one_is_not_a_member_of(
        personas, tenant_b, client_for):
    response = make_token(client_for(personas["a"]["officer"]), tenant_b)
    assert response.status_code == 400
    with scopes_disabled():
        assert not ApiToken.objects.exists()


def _pass_mfa(client, user) -> None:
    session = client.session
    session["account_authentication_methods"] = [{"method": "mfa", "at": time.time(),
                                                  "type": "totp"}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def test_where_mfa_is_required_only_a_session_that_passed_it_makes_a_token(
        personas, tenant_a, client_for):
    tenant_a.require_mfa_for_officers = True
    tenant_a.save()
    officer = personas["a"]["officer"]
    client = client_for(officer)
    response = make_token(client, tenant_a)
    assert response.status_code == 400
    assert "sign in again with your authenticator code" in response.content.decode()
    _pass_mfa(client, officer)
    assert make_token(client, tenant_a).status_code == 200
    with scopes_disabled():
        assert ApiToken.objects.get().made_with_mfa


def test_one_can_revoke_only_ones_own_token(personas, tenant_a, client_for):
    api = api_token_client(personas["a"]["officer"], tenant_a)
    with scopes_disabled():
        token = ApiToken.objects.get()
    client_for(personas["a"]["admin"]).post(f"/account/api-tokens/{token.pk}/revoke/")
    assert api.get(SCHOOLS.format(slug="wiltshire")).status_code == 200
    client_for(personas["a"]["officer"]).post(f"/account/api-tokens/{token.pk}/revoke/")
    assert api.get(SCHOOLS.format(slug="wiltshire")).status_code == 401
