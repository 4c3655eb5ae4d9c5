"""An officer builds a hub inside a region in the browser: creates it, adds three schools,
names the headteacher of a member school as chair, and sees coverage rise on the map page."""

import pytest
from django_scopes import scope
from playwright.sync_api import expect

from core.models import Role
from partnerships import services
from tests.browser.helpers import assert_accessible, use_session_of
from tests.factories import MembershipFactory, SchoolFactory, UserFactory

SCHOOLS = [
    ("Ivy Lane Primary School", "primary", "maintained", 391800, 173200),
    ("Redland Primary School", "primary", "academy", 392400, 174100),
    ("Hardenhuish School", "secondary", "maintained", 390600, 173900),
    ("Sheldon School", "secondary", "academy", 393100, 172500),
    ("Calne Priestley Primary", "primary", "maintained", 400100, 170800),
    ("Kington Langley Primary", "primary", "maintained", 389000, 176800),
]


@pytest.fixture
def wiltshire(tenant_a, personas):
    """Region > hub levels and a North region; six located schools in no partnership; the head
    of Ivy Lane is a user of the tenant."""
    with scope(tenant=tenant_a):
        region = services.partnership_level_create(tenant=tenant_a, actor=None, name="Region",
                                                   rank=2, lead_title="Regional lead")
        services.partnership_level_create(tenant=tenant_a, actor=None, name="Hub", rank=1,
                                          parent_level=region, lead_title="Hub chair")
        services.partnership_create(tenant=tenant_a, actor=None, level=region, name="North")
    schools = {}
    for name, phase, governance, easting, northing in SCHOOLS:
        schools[name] = SchoolFactory(
            tenant=tenant_a, establishment__name=name, establishment__phase=phase,
            establishment__governance=governance, establishment__easting=easting,
            establishment__northing=northing,
        )
    head = MembershipFactory(tenant=tenant_a, role=Role.HEADTEACHER,
                             school=schools["Ivy Lane Primary School"],
                             user=UserFactory(full_name="Alex Morgan"))
    return {"schools": schools, "head": head}


def share(page) -> str:
    return page.get_by_test_id("coverage-share").inner_text()


def test_an_officer_creates_a_hub_fills_it_names_a_chair_and_sees_coverage_rise(
    page, live_server, personas, wiltshire
):
    base = live_server.url
    use_session_of(page, base, personas["a"]["officer"])

    page.goto(f"{base}/t/wiltshire/partnerships/coverage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Coverage")
    assert "0%" in share(page)  # seven open schools, none in a hub
    assert_accessible(page)

    page.get_by_role("link", name="Partnerships", exact=True).first.click()
    expect(page.get_by_test_id("partnership-tree")).to_contain_text("North")
    assert_accessible(page)

    page.get_by_role("link", name="Create a partnership").click()
    page.get_by_label("Level").select_option(label="Hub")
    page.get_by_label("Name").fill("Chippenham hub")
    page.get_by_label("Structured").check()
    page.get_by_label("Sits inside").select_option(label="North (Region)")
    page.get_by_label("Linked teaching school hub (optional)").fill("Pickwick TSH")
    assert_accessible(page)
    page.get_by_role("button", name="Create the partnership").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chippenham hub")
    assert_accessible(page)

    for name in ("Ivy Lane Primary School", "Redland Primary School", "Hardenhuish School"):
        page.get_by_role("link", name="Add a school").click()
        page.get_by_label("Find a school by name or URN").fill(name.split()[0])
        page.get_by_role("button", name="Search", exact=True).click()
        school = wiltshire["schools"][name]
        page.get_by_label("School", exact=True).select_option(str(school.pk))
        assert_accessible(page)
        page.get_by_role("button", name="Add the school").click()
        expect(page.get_by_test_id("members")).to_contain_text(name)
    assert_accessible(page)

    # A refusal first: an officer cannot chair a hub.
    page.get_by_role("link", name="Assign a role").click()
    page.get_by_label("Role").select_option("chair")
    page.get_by_label("Person").select_option(label=f"{personas['a']['officer']}, officer")
    page.get_by_role("button", name="Assign the role").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a headteacher")
    assert_accessible(page)

    page.get_by_label("Person").select_option(
        label="Alex Morgan, headteacher of Ivy Lane Primary School")
    page.get_by_role("button", name="Assign the role").click()
    expect(page.get_by_test_id("roles")).to_contain_text(
        "Alex Morgan, headteacher of Ivy Lane Primary School")
    assert_accessible(page)
    page.screenshot(path="/tmp/partnerships_hub_page.png", full_page=True)

    page.goto(f"{base}/t/wiltshire/partnerships/coverage/")
    assert "43%" in share(page) and "3 of 7" in share(page)
    expect(page.get_by_test_id("map-legend")).to_contain_text("Chippenham hub (3)")
    expect(page.locator("[data-testid=school-map] circle")).to_have_count(6)
    assert_accessible(page)
    page.screenshot(path="/tmp/partnerships_coverage_map.png", full_page=True)
