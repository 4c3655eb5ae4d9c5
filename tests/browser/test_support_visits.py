"""The head marks a visit note inaccurate, in a real browser, and the support pages each role
reaches pass axe-core."""

import pytest
from django_scopes import scope
from playwright.sync_api import expect

from core.models import Role
from support.models import Response, VisitNote
from tests.browser.helpers import assert_accessible, use_session_of
from tests.support.conftest import done_visit, released_note

TENANT = "/t/wiltshire"


@pytest.fixture
def note(tenant_a, personas):
    with scope(tenant=tenant_a):
        return released_note(tenant_a, done_visit(tenant_a, personas["a"]["school"]),
                             personas["a"][Role.OFFICER])


def test_the_head_marks_a_visit_note_inaccurate(page, live_server, personas, tenant_a, note):
    use_session_of(page, live_server.url, personas["a"][Role.HEADTEACHER])
    page.goto(f"{live_server.url}{TENANT}/")
    page.get_by_role("link", name="Your school's visits").click()
    page.get_by_role("link", name="Review visit").click()
    assert_accessible(page)
    page.get_by_role("link", name="Mark the note accurate or inaccurate").click()
    page.get_by_label("Inaccurate").check()
    page.get_by_role("button", name="Send your answer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what is inaccurate")
    assert_accessible(page)
    page.get_by_label("Comment").fill("The attendance figure is last year's.")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_test_id("note-response")).to_contain_text("inaccurate")
    with scope(tenant=tenant_a):
        assert VisitNote.objects.get(pk=note.pk).response == Response.INACCURATE


@pytest.mark.parametrize("role", [Role.OFFICER, Role.BOARD_MEMBER])
def test_the_support_pages_pass_axe(page, live_server, personas, tenant_a, note, role):
    use_session_of(page, live_server.url, personas["a"][role])
    urn = personas["a"]["school"].urn
    paths = [f"{TENANT}/support/dashboard/"]
    if role == Role.OFFICER:
        paths += [f"{TENANT}/support/", f"{TENANT}/support/schools/{urn}/",
                  f"{TENANT}/support/visits/{note.visit_id}/",
                  f"{TENANT}/support/visits/{note.visit_id}/note/print/",
                  f"{TENANT}/support/schools/{urn}/visits/new/"]
    for path in paths:
        assert page.goto(f"{live_server.url}{path}").status == 200, path
        assert_accessible(page)
