"""A hub chair's journey: from "My hub" to the hub's page, plans a meeting, adds a note to it,
records an action agreed at it, and updates the action's progress; every page passes axe."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_scopes import scope
from playwright.sync_api import expect

from core.models import Role
from partnerships import services
from partnerships.models import RoleKind
from partnerships.services import hubs
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import MembershipFactory, SchoolFactory

START = date(2024, 9, 1)


@pytest.fixture
def chippenham(tenant_a):
    """Chippenham hub in the North region: three member schools, Redland's head the chair, an
    adviser, and a priority with two actions already."""
    with scope(tenant=tenant_a):
        officer = MembershipFactory(tenant=tenant_a, role=Role.OFFICER,
                                    user__full_name="Alex Adviser")
        region = services.partnership_level_create(tenant=tenant_a, actor=None, name="Region",
                                                   rank=2)
        level = services.partnership_level_create(tenant=tenant_a, actor=None, name="Hub",
                                                  parent_level=region, lead_title="Hub chair")
        north = services.partnership_create(tenant=tenant_a, actor=None, level=region,
                                            name="North", start_date=START)
        hub = services.partnership_create(tenant=tenant_a, actor=None, level=level,
                                          name="Chippenham hub", parent=north, start_date=START)
        heads = {}
        for name, head in [("Redland Primary School", "Rita Redland"),
                           ("Monkton Park Primary School", "Mo Monkton"),
                           ("Frogwell Primary School", "Fran Frogwell")]:
            school = SchoolFactory(tenant=tenant_a, establishment__name=name)
            services.partnership_add_school(tenant=tenant_a, actor=None, partnership=hub,
                                            school=school, start_date=START)
            heads[name] = MembershipFactory(tenant=tenant_a, role=Role.HEADTEACHER,
                                            school=school, user__full_name=head)
        chair = heads["Redland Primary School"]
        services.partnership_assign_role(tenant=tenant_a, actor=None, partnership=hub,
                                         kind=RoleKind.CHAIR, person=chair, start_date=START)
        services.partnership_assign_role(tenant=tenant_a, actor=None, partnership=hub,
                                         kind=RoleKind.ADVISER, person=officer, start_date=START)
        priority = hubs.hub_priority_create(tenant=tenant_a, actor=officer.user,
                                            partnership=hub, title="Disadvantaged learners")
        for text, owner in [("Share the pupil premium strategy", "Monkton Park Primary School"),
                            ("Audit reading for pupil premium pupils",
                             "Frogwell Primary School")]:
            action = hubs.hub_action_create(tenant=tenant_a, actor=officer.user, partnership=hub,
                                            priority=priority, description=text,
                                            owner=heads[owner])
        hubs.hub_action_update_progress(tenant=tenant_a, actor=officer.user, action=action,
                                        status="done", note="Reported in January")
    return {"chair": chair.user, "hub": hub}


def test_a_hub_chair_adds_a_meeting_note_and_an_action(page, live_server, chippenham):
    sign_in(page, live_server.url, chippenham["chair"].email)
    page.get_by_role("link", name="My hub").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your hub")
    assert_accessible(page)

    page.get_by_role("link", name="Chippenham hub").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chippenham hub")
    expect(page.get_by_test_id("hub-members")).to_contain_text("Mo Monkton")
    assert_accessible(page)

    page.get_by_role("link", name="Add meeting").click()
    assert_accessible(page)
    day = timezone.localdate() + timedelta(days=14)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Time").fill("15:30")
    page.get_by_label("Location").fill("Redland Primary School, staff room")
    page.get_by_label("Agenda").fill("1. Pupil premium strategies\n2. Reading audit")
    page.get_by_role("button", name="Add meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Meeting on {day:%-d %B %Y}")
    expect(page.get_by_role("alert")).to_contain_text("Added the meeting")
    assert_accessible(page)

    page.get_by_label("Note").fill("Agreed to pool tutoring for pupil premium pupils.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("alert")).to_contain_text("Added the note")
    expect(page.get_by_test_id("hub-note")).to_contain_text("Agreed to pool tutoring")
    expect(page.get_by_test_id("hub-note")).to_contain_text("Rita Redland")
    assert_accessible(page)

    page.get_by_role("link", name="Add action").click()
    assert_accessible(page)
    page.get_by_label("Action").fill("Set up shared tutoring for pupil premium pupils")
    page.get_by_label("Priority").select_option(label="Disadvantaged learners")
    page.get_by_label("Owner", exact=True).select_option(
        label="Fran Frogwell (Frogwell Primary School)")
    page.get_by_label("Due date").fill((day + timedelta(days=42)).isoformat())
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_role("alert")).to_contain_text("Added the action")
    expect(page.get_by_role("main")).to_contain_text(
        "Set up shared tutoring for pupil premium pupils — Fran Frogwell")
    page.screenshot(path="/tmp/hub_meeting.png", full_page=True)

    page.get_by_role("link", name="Chippenham hub").click()
    page.get_by_role("link", name="Update progress of Set up shared tutoring").click()
    assert_accessible(page)
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_label("Progress note").fill("Two tutors found")
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_role("alert")).to_contain_text("Updated the progress")
    chart = page.locator("table", has_text="Actions by progress")
    # Not started, in progress, done, cancelled, all.
    row = chart.get_by_role("row", name="Disadvantaged learners")
    expect(row.get_by_role("cell")).to_have_text(["1", "1", "1", "0", "3"])
    assert_accessible(page)
    page.screenshot(path="/tmp/hub_page.png", full_page=True)


def test_a_member_head_sees_the_hub_but_not_the_chairs_buttons(page, live_server, chippenham,
                                                               tenant_a):
    with scope(tenant=tenant_a):
        head = chippenham["hub"].memberships.get(
            school__establishment__name="Monkton Park Primary School").school
        user = head.headships.get().membership.user
    sign_in(page, live_server.url, user.email)
    page.get_by_role("link", name="My hub").click()
    page.get_by_role("link", name="Chippenham hub").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chippenham hub")
    expect(page.get_by_role("link", name="Add meeting")).to_have_count(0)
    expect(page.get_by_text("The chair, Rita Redland, keeps it up to date.")).to_be_visible()
    assert_accessible(page)
