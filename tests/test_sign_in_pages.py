"""The django-allauth pages render inside our layout, in GOV.UK markup, and sign-up stays closed."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OUR_LAYOUT = 'class="govuk-header app-header"'


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/password/reset/"])
def test_a_sign_in_page_renders_inside_our_layout(url):
    response = Client().get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert OUR_LAYOUT in html
    assert "govuk-frontend.min.css" in html
    assert 'class="govuk-input' in html


def test_the_login_page_offers_no_sign_up_link():
    html = Client().get("/accounts/login/").content.decode()
    assert "/accounts/signup/" not in html
    assert "Accounts are by invitation" in html


def test_sign_up_shows_an_invitation_only_page_and_no_form():
    response = Client().get("/accounts/signup/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sign-up is by invitation only" in html
    assert "<form" not in html.split('id="main-content"')[1]


def test_sign_up_refuses_a_posted_form():
    response = Client().post("/accounts/signup/", {
        "email": "someone@example.org", "password1": "a-long-password-1", "password2":
        "a-long-password-1"})
    assert "Sign-up is by invitation only" in response.content.decode()
    from accounts.models import User

    assert not User.objects.filter(email="someone@example.org").exists()


def test_a_wrong_password_shows_a_govuk_error_summary():
    user = UserFactory(email="officer@example.org")
    response = Client().post("/accounts/login/", {"login": user.email, "password": "wrong-one"})
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "<title>Error: Sign in" in html


def _signed_in_client(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_the_totp_set_up_page_renders_once_the_password_is_confirmed():
    # allauth asks for the password again before an authenticator can be added.
    client = _signed_in_client(UserFactory())
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    html = response.content.decode()
    assert response.status_code == 200
    assert OUR_LAYOUT in html
    assert 'data-testid="totp-secret"' in html
    assert 'class="govuk-input' in html


def test_the_confirm_password_page_renders_inside_our_layout(client_for):
    response = client_for(UserFactory()).get("/accounts/2fa/totp/activate/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")
    assert OUR_LAYOUT in html
    assert 'class="govuk-input' in html


def test_the_authenticator_code_page_renders_during_a_two_factor_sign_in():
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = UserFactory(email="twofactor@example.org")
    TOTP.activate(user, generate_totp_secret())
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.get("/accounts/2fa/authenticate/")
    html = response.content.decode()
    assert response.status_code == 200
    assert OUR_LAYOUT in html
    assert "Enter your authenticator code" in html


def test_a_wrong_authenticator_code_is_named_in_an_error_message():
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = UserFactory(email="twofactor@example.org")
    TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    html = response.content.decode()
    assert "govuk-error-message" in html
    assert "govuk-error-summary" in html


def test_the_login_page_offers_microsoft_sign_in_when_entra_id_is_configured(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"microsoft": {"APPS": [{
        "client_id": "app-id", "secret": "secret", "settings": {"tenant": "organizations"},
    }]}}
    html = Client().get("/accounts/login/").content.decode()
    assert "Sign in with your council Microsoft account" in html
    assert "/accounts/microsoft/login/" in html


def test_the_login_page_offers_no_single_sign_on_when_none_is_configured(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    html = Client().get("/accounts/login/").content.decode()
    assert "Microsoft" not in html
