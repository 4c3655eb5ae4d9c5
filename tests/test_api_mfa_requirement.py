"""Bugs found in the second security review, each pinned by a test."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from rest_framework.test import APIClient

from tests.factories import api_token_client

pytestmark = pytest.mark.django_db

API = "/api/t/wiltshire/schools/"


@pytest.fixture
def tenant_requiring_mfa(tenant_a):
    tenant_a.require_mfa_for_officers = True
    tenant_a.save()
    return tenant_a


def token_client(user) -> APIClient:
    return api_token_client(user)


def test_an_officer_without_totp_is_refused_by_the_api_of_a_tenant_requiring_mfa(
    personas, tenant_requiring_mfa,
):
    response = token_client(personas["a"]["officer"]).get(API)
    assert response.status_code == 403
    assert "authenticator" in response.json()["detail"]


def test_an_admin_without_totp_is_refused_by_the_api_of_a_tenant_requiring_mfa(
    personas, tenant_requiring_mfa,
):
    assert token_client(personas["a"]["admin"]).get(API).status_code == 403


def test_an_officer_with_totp_uses_the_api_of_a_tenant_requiring_mfa(
    personas, tenant_requiring_mfa,
):
    officer = personas["a"]["officer"]
    TOTP.activate(officer, generate_totp_secret())
    assert api_token_client(officer, made_with_mfa=True).get(API).status_code == 200


def test_a_token_made_without_the_authenticator_step_is_refused_where_mfa_is_required(
    personas, tenant_requiring_mfa,
):
    officer = personas["a"]["officer"]
    TOTP.activate(officer, generate_totp_secret())
    response = api_token_client(officer, made_with_mfa=False).get(API)
    assert response.status_code == 403
    assert "authenticator" in response.json()["detail"]


def test_an_officer_without_totp_uses_the_api_when_the_tenant_does_not_require_it(personas):
    assert token_client(personas["a"]["officer"]).get(API).status_code == 200
