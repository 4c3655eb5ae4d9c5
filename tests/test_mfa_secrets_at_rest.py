"""Authenticator secrets are encrypted at rest: the database holds no usable TOTP seed."""

import importlib
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value
from django.apps import apps
from django.test import Client

from accounts.adapters import EncryptedSecretsMFAAdapter
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_totp_seed_is_stored_encrypted_and_still_signs_in(personas):
    user = personas["a"]["officer"]
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    assert stored.startswith("fernet:") and secret not in stored
    client = Client()
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    code = f"{hotp_value(secret, int(time.time()) // 30):06d}"
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_recovery_code_seeds_are_stored_encrypted(personas):
    user = personas["a"]["officer"]
    TOTP.activate(user, generate_totp_secret())
    codes = RecoveryCodes.activate(user)
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    assert stored.data["seed"].startswith("fernet:")
    assert codes.validate_code(codes.generate_codes()[0])


def test_the_migration_encrypts_seeds_stored_in_clear(personas):
    user = personas["a"]["officer"]
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,
                                 data={"secret": "JBSWY3DPEHPK3PXP"})
    migration = importlib.import_module("accounts.migrations.0002_encrypt_authenticator_secrets")
    migration.encrypt_secrets(apps, None)
    stored = Authenticator.objects.get(user=user).data["secret"]
    assert stored.startswith("fernet:")
    assert EncryptedSecretsMFAAdapter().decrypt(stored) == "JBSWY3DPEHPK3PXP"
