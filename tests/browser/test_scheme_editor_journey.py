"""The scheme editor in the browser: the Head of School Effectiveness (a tenant admin) raises a
threshold in the rules form (good leadership for category 3D becomes outstanding leadership),
previews, sees the school that would move, gives a reason and saves; then finds the new version
on the versions page, compared with the one before. Every page is checked with axe;
screenshots go to /tmp for a person to look at."""

from datetime import date
from pathlib import Path

import pytest
from django_scopes import scope, scopes_disabled
from playwright.sync_api import Page, expect

from categorisation.models import CategorisationScheme, Inspection
from categorisation.services import scheme_preset_load
from tests.browser.helpers import assert_accessible, use_session_of
from tests.factories import SchoolFactory

SHOTS = Path("/tmp")
# Rule 11 of the Warwickshire preset gives 3D; its first group's second test is leadership.
LEADERSHIP_VALUE = "#w10_0_1-value"


@pytest.fixture
def register(tenant_a):
    schools = {}
    for number, (name, leadership) in enumerate([("Ashby Primary School", 2),
                                                 ("Birchwood Academy", 1),
                                                 ("Cedar Lane School", 3)]):
        school = SchoolFactory(tenant=tenant_a, establishment__name=name)
        Inspection.objects.create(
            inspection_number=f"JOURNEY{number}", urn=school.urn, inspected_urn=school.urn,
            era="oeif_graded", start_date=date(2023, 3, 1), overall_effectiveness=3,
            leadership_and_management=leadership)
        schools[name] = school
    with scope(tenant=tenant_a):
        scheme = scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
    assert scheme.definition["rules"][10]["when"]["any"][0]["all"][1] == {
        "fact": "inspection.leadership", "op": "lte", "value": 2}
    return {"scheme": scheme, "schools": schools}


def shot(page: Page, name: str) -> None:
    # The window only: the rules form is too long for a whole-page picture.
    page.screenshot(path=str(SHOTS / f"scheme_editor_{name}.png"))


def test_the_head_of_school_effectiveness_raises_a_threshold_previews_and_saves(
        page: Page, live_server, tenant_a, personas, register):
    use_session_of(page, live_server.url, personas["a"]["admin"])
    scheme = register["scheme"]
    page.goto(f"{live_server.url}/t/{tenant_a.slug}/categorisation/schemes/{scheme.pk}/")
    page.get_by_test_id("edit-rules").click()
    expect(page.get_by_role("heading", name="Edit the rules")).to_be_visible()
    assert_accessible(page)
    expect(page.locator(LEADERSHIP_VALUE)).to_have_value("2")
    page.locator(LEADERSHIP_VALUE).fill("1")
    page.get_by_test_id("preview-scheme").click()
    moves = page.get_by_test_id("preview-moves")
    expect(moves).to_contain_text("Ashby Primary School")
    expect(moves).to_contain_text("3C Requires improvement")
    expect(moves).not_to_contain_text("Birchwood Academy")
    expect(page.get_by_test_id("preview-moves").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("after-3D")).to_have_text("1")
    expect(page.get_by_test_id("after-3C")).to_have_text("2")
    assert_accessible(page)
    shot(page, "preview")
    page.get_by_label("What changed, and why").fill(
        "Only outstanding leadership keeps a school that requires improvement in 3D.")
    page.get_by_test_id("save-scheme").click()
    expect(page.get_by_text("Saved version 2")).to_be_visible()
    page.get_by_test_id("scheme-versions").click()
    expect(page.get_by_role("heading", name="Versions", exact=True)).to_be_visible()
    expect(page.get_by_test_id("version-2")).to_contain_text(
        "Only outstanding leadership keeps a school")
    expect(page.get_by_test_id("version-2")).to_contain_text(str(personas["a"]["admin"]))
    rules = page.get_by_test_id("rule-changes")
    expect(rules).to_contain_text("Rule giving category 3D")
    expect(rules).to_contain_text("Leadership and management is at most Outstanding (1)")
    expect(page.get_by_test_id("before-3D")).to_have_text("2")
    expect(page.get_by_test_id("after-3D")).to_have_text("1")
    assert_accessible(page)
    shot(page, "versions")
    with scopes_disabled():
        saved = CategorisationScheme.objects.get(tenant=tenant_a, is_active=True)
    assert (saved.version, saved.created_by) == (2, personas["a"]["admin"])
    assert saved.definition["rules"][10]["when"]["any"][0]["all"][1]["value"] == 1
