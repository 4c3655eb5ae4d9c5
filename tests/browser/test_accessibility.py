"""Every page each persona can reach passes axe-core (WCAG 2.x A and AA) with no serious or
critical violation. One test per persona; each lists every failing page at once."""

import pytest
from django_scopes import scopes_disabled

from core import services
from core.models import Role
from tests.browser.helpers import axe_violations, use_session_of

TENANT = "/t/wiltshire"


def _pages(persona: str, personas: dict, invitation_token: str) -> list[tuple[str, int]]:
    """(path, expected status) for each page the persona can open."""
    own = personas["a"]["school"].establishment_id
    school_pages = [(f"{TENANT}/schools/", 200), (f"{TENANT}/schools/{own}/", 200),
                    (f"{TENANT}/schools/{own}/edit/", 200)]
    return {
        "anonymous": [
            ("/accounts/login/", 200),
            ("/accounts/password/reset/", 200),
            ("/accounts/signup/", 200),
            (f"/invitations/{invitation_token}/", 200),
            ("/invitations/not-a-real-token/", 404),
        ],
        Role.ADMIN: [(f"{TENANT}/", 200), (f"{TENANT}/people/", 200), (f"{TENANT}/imports/", 200),
                     (f"{TENANT}/categorisation/schemes/import/", 200),
                     *school_pages],
        Role.OFFICER: [(f"{TENANT}/", 200), *school_pages, ("/account/", 200),
                       ("/accounts/2fa/", 200), ("/accounts/password/change/", 200),
                       ("/accounts/2fa/totp/activate/", 200), ("/accounts/logout/", 200)],
        Role.HEADTEACHER: [(f"{TENANT}/", 200), (f"{TENANT}/schools/{own}/", 200),
                           (f"{TENANT}/schools/{own}/edit/", 200),
                           (f"{TENANT}/schools/", 403), ("/t/dorset/", 404)],
        Role.BOARD_MEMBER: [(f"{TENANT}/", 200)],
        Role.VIEWER: [(f"{TENANT}/", 200), ("/account/", 200)],
        "operator": [("/", 200), ("/platform/", 200), ("/platform/tenants/new/", 200)],
    }[persona]


@pytest.mark.parametrize("persona", ["anonymous", Role.ADMIN, Role.OFFICER, Role.HEADTEACHER,
                                     Role.BOARD_MEMBER, Role.VIEWER, "operator"])
def test_every_page_a_persona_can_reach_passes_axe(
    page, live_server, personas, tenant_a, operator, persona
):
    with scopes_disabled():
        invitation = services.invitation_create(
            tenant=tenant_a, actor=personas["a"][Role.ADMIN], email="invited@example.org",
            role=Role.VIEWER,
        )
    if persona == "operator":
        use_session_of(page, live_server.url, operator)
    elif persona != "anonymous":
        use_session_of(page, live_server.url, personas["a"][persona],
                       confirm_password=persona == Role.OFFICER)
    problems = []
    for path, status in _pages(persona, personas, invitation.token):
        response = page.goto(f"{live_server.url}{path}")
        if response.status != status:
            problems.append(f"{path}: status {response.status}, expected {status}")
            continue
        problems += [f"{path}: {violation}" for violation in axe_violations(page)]
    assert not problems, "\n".join(problems)


def test_the_check_itself_catches_a_serious_violation(page):
    page.set_content('<html lang="en"><head><title>t</title></head><body><main>'
                     '<img src="data:,"><button></button></main></body></html>')
    rules = {violation.split(" ")[0] for violation in axe_violations(page)}
    assert {"image-alt", "button-name"} <= rules
