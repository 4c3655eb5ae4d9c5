"""Minutes: drafted per agenda item, circulated, approved by a decision at a later meeting and
then locked (editing refused, in the services and on the page), then published."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from boards.models import Decision, Minutes
from boards.services import decisions as decision_services
from boards.services import meetings as meeting_services
from boards.services import minutes as minutes_services
from tests.boards.conftest import ALLIANCES, hold_meeting

pytestmark = pytest.mark.django_db

EVERYONE = ["Independent chair", *[f"{a} alliance" for a in ALLIANCES], "Local authority"]


@pytest.fixture
def drafted(board):
    meeting = hold_meeting(board, ago=timedelta(days=40), present=EVERYONE)
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Results")
    minutes = minutes_services.minutes_save(tenant=board.tenant, actor=board.clerk.user,
                                            meeting=meeting, texts={item.pk: "Agreed."})
    return meeting, item, minutes


def approve(board, meeting, *, at=None, method=Decision.Method.WITHOUT_VOTE):
    later = at or hold_meeting(board, present=EVERYONE)
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=later, title="Minutes")
    return decision_services.decision_create(tenant=board.tenant, actor=board.actor,
                                             item=item, motion="Approve the minutes.",
                                             method=method, approves_minutes_of=meeting)


def test_the_clerk_drafts_the_minutes_item_by_item(drafted):
    _, item, minutes = drafted
    assert minutes.status == Minutes.Status.DRAFT
    assert minutes.entries.get().item == item and minutes.entries.get().text == "Agreed."


def test_draft_minutes_cannot_be_put_to_approval_until_circulated(board, drafted):
    meeting, _, _ = drafted
    with pytest.raises(ValidationError) as refused:
        approve(board, meeting)
    assert "approves_minutes_of" in refused.value.message_dict


def test_minutes_are_approved_by_a_decision_at_a_later_meeting_and_then_locked(board, drafted):
    meeting, item, minutes = drafted
    minutes_services.minutes_circulate(tenant=board.tenant, actor=board.actor, minutes=minutes)
    decision = approve(board, meeting)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED and minutes.approved_by == decision
    with pytest.raises(ValidationError) as refused:
        minutes_services.minutes_save(tenant=board.tenant, actor=board.actor, meeting=meeting,
                                      texts={item.pk: "Rewritten later."})
    assert list(refused.value.message_dict) == ["minutes"]
    assert "approved" in refused.value.message_dict["minutes"][0]
    assert minutes.entries.get().text == "Agreed."
    with pytest.raises(ValidationError):
        meeting_services.agenda_item_update(tenant=board.tenant, actor=board.actor, item=item,
                                            title="Renamed")


def test_a_vote_approves_the_minutes_only_when_carried(board, drafted):
    meeting, _, minutes = drafted
    minutes_services.minutes_circulate(tenant=board.tenant, actor=board.actor, minutes=minutes)
    decision = approve(board, meeting, method=Decision.Method.VOTE)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED
    decision_services.vote_record(tenant=board.tenant, actor=board.actor, decision=decision,
                                  voter=board.chair, choice="against")
    decision_services.decision_close(tenant=board.tenant, actor=board.actor, decision=decision)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED


def test_minutes_are_not_approved_at_their_own_meeting(board, drafted):
    meeting, _, minutes = drafted
    minutes_services.minutes_circulate(tenant=board.tenant, actor=board.actor, minutes=minutes)
    with pytest.raises(ValidationError) as refused:
        approve(board, meeting, at=meeting)
    assert "approves_minutes_of" in refused.value.message_dict


def test_only_approved_minutes_are_published(board, drafted):
    meeting, _, minutes = drafted
    with pytest.raises(ValidationError):
        minutes_services.minutes_publish(tenant=board.tenant, actor=board.actor, minutes=minutes)
    minutes_services.minutes_circulate(tenant=board.tenant, actor=board.actor, minutes=minutes)
    approve(board, meeting)
    minutes.refresh_from_db()
    minutes_services.minutes_publish(tenant=board.tenant, actor=board.actor, minutes=minutes)
    assert minutes.status == Minutes.Status.PUBLISHED and minutes.published_at


def test_editing_approved_minutes_on_the_page_shows_the_refusal(board, drafted, client_for):
    meeting, item, minutes = drafted
    minutes_services.minutes_circulate(tenant=board.tenant, actor=board.actor, minutes=minutes)
    approve(board, meeting)
    url = f"/t/wiltshire/boards/{board.board.pk}/meetings/{meeting.pk}/minutes/"
    response = client_for(board.clerk.user).post(url, {f"item_{item.pk}": "Rewritten."})
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in body and "are locked" in body
    # Asked for again, the editor offers no form to type into, only the way to a correction.
    page = client_for(board.clerk.user).get(url).content.decode()
    assert 'data-testid="minutes-locked"' in page and "Save the minutes" not in page
    assert "propose a correction" in page
