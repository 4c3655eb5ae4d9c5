"""The accessibility statement: public, linked from every page's footer, and it tells a
signed-in person whom in their own council to report a problem to (nobody else's)."""

import pytest
from django.test import Client

from core.models import Role

pytestmark = pytest.mark.django_db


def test_anyone_reads_the_statement_without_signing_in_from_the_footer(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "access@service.example.org"
    sign_in = client.get("/accounts/login/").content.decode()
    assert 'href="/accessibility/">Accessibility statement</a>' in sign_in
    response = client.get("/accessibility/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Accessibility statement – School improvement</title>" in body
    for words in ("WCAG) version 2.2 at level AA", "axe-core", "375 pixels", "Known issues",
                  "Tab key", "mailto:access@service.example.org"):
        assert words in body
    assert "your council's school improvement team" in body


def test_a_member_is_told_their_own_councils_admins_only(personas, client_for):
    body = client_for(personas["a"][Role.VIEWER]).get("/accessibility/").content.decode()
    assert "Wiltshire Council: " in body
    assert 'href="mailto:admin@wiltshire.example.org"' in body
    assert "dorset" not in body.lower()


def test_the_statement_takes_no_post():
    assert Client().post("/accessibility/").status_code == 405


def test_every_page_prints_with_the_print_stylesheet(client):
    body = client.get("/accessibility/").content.decode()
    assert 'href="/static/css/print.css" media="print"' in body
