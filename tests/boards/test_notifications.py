"""Board actions in "waiting for you" and the weekly digest: each owner is told of exactly their
open actions that are overdue or due within the week; the chair and clerk hear which of the
board's actions fell overdue in the week, whoever owns them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from boards.services import actions as services
from core.actions import Progress
from core.notifications import digest_for, waiting_for
from core.tasks import weekly_digest

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def action(board, description, *, due_in, owner="Chesil alliance", status=None):
    made = services.action_create(tenant=board.tenant, actor=board.clerk.user,
                                  board=board.board, description=description,
                                  owner=board.members[owner],
                                  due_date=TODAY() + timedelta(days=due_in))
    if status:
        services.action_progress(tenant=board.tenant, actor=board.clerk.user, action=made,
                                 status=status, note="Closed at the meeting")
    return made


@pytest.fixture
def actions(board):
    return {
        "late": action(board, "Share the reading plan", due_in=-3),
        "soon": action(board, "Book the maths network", due_in=6),
        "today": action(board, "Send the survey", due_in=0),
        "later": action(board, "Plan the spring conference", due_in=8),
        "done": action(board, "Write to the trust", due_in=-3, status=Progress.DONE),
        "cancelled": action(board, "Visit the hub", due_in=-2, status=Progress.CANCELLED),
        "theirs": action(board, "Check the data", due_in=-1, owner="Purbeck alliance"),
        "long_late": action(board, "Review the offer", due_in=-20, owner="Purbeck alliance"),
    }


def test_an_owner_is_waited_on_for_exactly_their_overdue_and_due_this_week_actions(
        board, actions):
    waiting = waiting_for(board.members["Chesil alliance"])
    assert [item.text.split(": ", 1)[1] for item in waiting] == [
        "Share the reading plan (School Improvement Board)",
        "Send the survey (School Improvement Board)",
        "Book the maths network (School Improvement Board)"]
    assert waiting[0].text.startswith("Overdue since ")
    assert waiting[1].text.startswith("Due ")
    late = actions["late"]
    assert waiting[0].url == f"/t/{board.tenant.slug}/boards/{board.board.pk}/actions/{late.pk}/"


def test_the_chair_and_clerk_hear_of_the_actions_that_fell_overdue_this_week(board, actions):
    since = timezone.now() - timedelta(days=7)
    for runner in (board.chair, board.clerk):
        lines = [line.text for line in digest_for(runner, since)]
        assert lines == [
            "School Improvement Board: Share the reading plan (Chesil Head) was due "
            f"{actions['late'].due_date:%-d %B %Y} and is not done",
            "School Improvement Board: Check the data (Purbeck Head) was due "
            f"{actions['theirs'].due_date:%-d %B %Y} and is not done"]
    # A member who does not run the board hears nothing of the others' actions.
    assert digest_for(board.members["Chesil alliance"], since) == []


def test_the_weekly_digest_mails_the_owner_their_actions_with_links(
        board, actions, mailoutbox, settings):
    settings.SITE_URL = "https://sip.example.gov.uk"
    weekly_digest()
    owner = board.members["Chesil alliance"].user.email
    [mail] = [mail for mail in mailoutbox if mail.to == [owner]]
    assert "Share the reading plan" in mail.body and "Book the maths network" in mail.body
    assert "Write to the trust" not in mail.body and "Plan the spring conference" not in mail.body
    assert (f"https://sip.example.gov.uk/t/{board.tenant.slug}/boards/{board.board.pk}/"
            f"actions/{actions['late'].pk}/") in mail.body


def test_minutes_wait_for_the_chair_and_clerk_until_they_move_on_and_for_no_one_else(board):
    from boards.services import minutes as minutes_services
    from tests.boards.conftest import hold_meeting

    meeting = hold_meeting(board, present=["Independent chair"])
    minutes = minutes_services.minutes_save(tenant=board.tenant, actor=board.clerk.user,
                                            meeting=meeting, texts={})
    url = f"/t/{board.tenant.slug}/boards/{board.board.pk}/meetings/{meeting.pk}/minutes/"

    def minutes_items(who):
        return [item for item in waiting_for(who) if item.text.startswith("The minutes of")]

    for runner in (board.chair, board.clerk):
        [item] = minutes_items(runner)
        assert item.text == f"The minutes of {meeting} are a draft: finish and circulate them"
        assert item.url == url
    for other in (board.members["Chesil alliance"], board.substitutes["Chesil alliance"],
                  board.members["Local authority"]):
        assert minutes_items(other) == []
    minutes_services.minutes_circulate(tenant=board.tenant, actor=board.clerk.user,
                                       minutes=minutes)
    [item] = minutes_items(board.chair)
    assert item.text.endswith("are circulated: put them to the board for approval")
    minutes.status = minutes.Status.PUBLISHED
    minutes.save()
    assert minutes_items(board.chair) == minutes_items(board.clerk) == []
