"""A hub chair's journey on the boards engine (issue 12: a hub is a board of kind hub), on the
demo data: the chair (the demo headteacher) goes from their home page to "Your hub" and on to
the hub's board, plans a meeting, records a note for it, adds a priority and an action and
updates the action's progress; a member head of the hub reads the meeting's note and the
action; a head of a school outside the hub is refused. Every page passes axe."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scope
from playwright.sync_api import expect

from boards.models import Board, BoardKind, HoldingKind, Seat, SeatHolding, SeatKind
from boards.services.hubs import sync_hubs
from core.models import Membership, Role, Tenant
from demo.management.commands.seed_demo import DEMO_PASSWORD, DEMO_SLUG
from tests.browser.helpers import assert_accessible, sign_in, use_session_of
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory

CHAIR = "head@northshire.example.org"
NOTE = "Agreed to pool tutoring for pupil premium pupils across the hub."
ACTION = "Set up shared tutoring for pupil premium pupils"
PRIORITY = "Pupil premium tutoring"


@pytest.fixture
def demo():
    """The demo seed, and the chair's hub as the boards engine holds it: its board, one other
    member school's head (a member seat's holder today) and a head outside the hub."""
    call_command("seed_demo", stdout=StringIO())
    tenant = Tenant.objects.get(slug=DEMO_SLUG)
    with scope(tenant=tenant):
        chair = Membership.objects.get(tenant=tenant, user__email=CHAIR)
        today = timezone.localdate()
        board = Board.objects.get(
            kind=BoardKind.HUB, seats__kind=SeatKind.CHAIR,
            seats__holdings__holder=chair, seats__holdings__end_date__isnull=True)
        # The demo makes accounts only for the heads it needs; a member school's head signs up
        # and takes their seat as the nightly sync would seat them.
        # A member school's head holding its seat today (the demo seats every head it makes);
        # if none, a member school's head signs up and is seated as the nightly sync would.
        member = (SeatHolding.objects.filter(seat__board=board, seat__kind=SeatKind.MEMBER,
                                             kind=HoldingKind.MEMBER, end_date__isnull=True,
                                             start_date__lte=today)
                  .exclude(holder=chair).select_related("holder__user").order_by("seat_id")
                  .first())
        if member is None:
            held = SeatHolding.objects.filter(end_date__isnull=True).values("seat_id")
            seat = (Seat.objects.filter(board=board, kind=SeatKind.MEMBER, school__isnull=False)
                    .exclude(pk__in=held).order_by("pk").first())
            assert seat is not None and seat.school is not None
            head = MembershipFactory(tenant=tenant, role=Role.HEADTEACHER, school=seat.school,
                                     user__full_name="Mo Monkton")
            sync_hubs(tenant=tenant, partnership_ids=[board.partnership_id])
            member = SeatHolding.objects.get(seat=seat, kind=HoldingKind.MEMBER,
                                             end_date__isnull=True)
            assert member.holder == head and member.start_date <= today
        member.holder.user.set_password(PASSWORD)
        member.holder.user.save(update_fields=["password"])
        # And the head of a school of the tenant outside the hub (a chair of another hub).
        outsider = (Membership.objects
                    .filter(tenant=tenant, role=Role.HEADTEACHER, is_active=True,
                            headship__school__isnull=False)
                    .exclude(headship__school__in=board.seats.filter(school__isnull=False)
                             .values("school_id"))
                    .select_related("user").order_by("pk").first())
        assert outsider is not None, "the demo has a head outside the chair's hub"
        outsider.user.set_password(PASSWORD)  # the demo's school heads are invited, not signed up
        outsider.user.save(update_fields=["password"])
    return {"tenant": tenant, "board": board, "member": member.holder.user,
            "outsider": outsider.user}


def test_the_hub_chair_runs_a_meeting_and_a_member_head_reads_it(page, live_server, demo):
    board = demo["board"]
    day = timezone.localdate() + timedelta(days=10)
    sign_in(page, live_server.url, CHAIR, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/t/{DEMO_SLUG}/")
    assert_accessible(page)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My hub").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your hub")
    assert_accessible(page)
    hub = page.get_by_role("link", name=board.name, exact=True)
    # Straight to the hub's board, not through the old partnerships address's redirect.
    expect(hub).to_have_attribute("href", f"/t/{DEMO_SLUG}/boards/{board.pk}/")
    hub.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(board.name)
    assert f"/boards/{board.pk}/" in page.url
    assert_accessible(page)

    # A meeting.
    page.get_by_role("link", name="Plan a meeting").click()
    assert_accessible(page)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Time").fill("15:30")
    page.get_by_label("Location").fill("Staff room")
    page.get_by_role("button", name="Plan meeting").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Planned the meeting on {day:%d %B %Y}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Meeting on {day:%-d %B %Y}")
    assert_accessible(page)
    meeting_url = page.url

    # Its note.
    page.get_by_role("link", name="Add a note").click()
    assert_accessible(page)
    page.get_by_label("Note").fill(NOTE)
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("alert")).to_contain_text("Added the note.")
    expect(page.get_by_test_id("meeting-note")).to_contain_text(NOTE)
    assert_accessible(page)

    # A priority and an action serving it, owned by the member head.
    page.get_by_role("link", name=f"Back to {board.name}").click()
    page.get_by_role("link", name="Add a priority").click()
    assert_accessible(page)
    page.get_by_label("Title").fill(PRIORITY)
    page.get_by_role("button", name="Add priority").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Added the priority {PRIORITY}")
    assert_accessible(page)

    page.goto(f"{live_server.url}/t/{DEMO_SLUG}/boards/{board.pk}/actions/")
    page.get_by_role("link", name="Record an action").click()
    assert_accessible(page)
    page.get_by_label("The action").fill(ACTION)
    choose(page, "Owner: a member of the board", str(demo["member"]))
    choose(page, "Priority it serves (optional)", PRIORITY)
    page.get_by_label("Due by").fill((day + timedelta(days=42)).isoformat())
    page.get_by_role("button", name="Record action").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Recorded the action for {demo['member']}")
    assert_accessible(page)

    # Its progress.
    page.get_by_role("link", name=ACTION).click()
    assert_accessible(page)
    page.get_by_label("Progress", exact=True).select_option(label="In progress")
    page.get_by_label("Update", exact=True).fill("Two tutors found")
    page.get_by_role("button", name="Record update").click()
    expect(page.get_by_test_id("history")).to_contain_text("in progress")
    expect(page.get_by_test_id("history")).to_contain_text("Two tutors found")
    assert_accessible(page)
    action_url = page.url

    # A member head of the hub reads the note and the action, without the chair's buttons.
    page.context.clear_cookies()
    use_session_of(page, live_server.url, demo["member"])
    page.goto(meeting_url)
    expect(page.get_by_test_id("meeting-note")).to_contain_text(NOTE)
    expect(page.get_by_role("link", name="Add a note")).to_have_count(0)
    assert_accessible(page)
    page.goto(action_url)
    expect(page.get_by_role("main")).to_contain_text(ACTION)
    expect(page.get_by_role("main")).to_contain_text("Two tutors found")
    # The owner records their own progress, but only the chair changes the action.
    expect(page.get_by_role("button", name="Record update")).to_be_visible()
    expect(page.get_by_role("link", name="Change the action")).to_have_count(0)
    assert_accessible(page)

    # A head outside the hub is refused the meeting and the action.
    page.context.clear_cookies()
    use_session_of(page, live_server.url, demo["outsider"])
    for url in (meeting_url, action_url):
        answer = page.goto(url)
        assert answer is not None and answer.status == 403
        expect(page.get_by_role("main")).not_to_contain_text(NOTE)
        expect(page.get_by_role("main")).not_to_contain_text("Two tutors found")
        assert_accessible(page)


def choose(page, label: str, text: str) -> None:
    """Select the option of the list labelled `label` whose text starts with `text`."""
    options = page.get_by_label(label).locator("option", has_text=text)
    expect(options).to_have_count(1)
    page.get_by_label(label).select_option(options.get_attribute("value"))
