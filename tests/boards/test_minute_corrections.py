"""Corrections to approved minutes (issue 12 item 8): an approved minute is never edited; the
clerk proposes new wording with a reason, a decision at a later meeting approves it, and the
correction is kept beside the minute as approved. The published view shows a public item's
approved corrections and never an exempt item's."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from boards.models import AgendaItem, Decision, MinuteCorrection, MinuteEntry, Minutes
from boards.selectors.published import published_minutes
from boards.services import decisions as decision_services
from boards.services import meetings as meeting_services
from boards.services import minutes as services
from core.models import AuditEvent
from tests.boards.conftest import EVERYONE, hold_meeting

pytestmark = pytest.mark.django_db

EXEMPT_CORRECTION = "MARKER-CORRECTION-6d2e"


def propose(board, minutes, item, text="Members agreed reading and maths as priorities.",
            reason="Maths was agreed too.", actor=None):
    return services.minute_correction_propose(
        tenant=board.tenant, actor=actor or board.clerk.user, minutes=minutes, item=item,
        text=text, reason=reason)


def approve(board, *, correction=None, minutes_of=None, ago=timedelta(hours=1)):
    later = hold_meeting(board, ago=ago, present=EVERYONE)
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=later, title="Matters arising")
    return decision_services.decision_create(
        tenant=board.tenant, actor=board.actor, item=item, motion="Approve the correction.",
        method=Decision.Method.WITHOUT_VOTE, approves_correction=correction,
        approves_minutes_of=minutes_of)


def items_of(meeting):
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("number"))


def test_draft_minutes_are_edited_not_corrected(board):
    meeting = hold_meeting(board, ago=timedelta(days=10), present=EVERYONE)
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Results")
    minutes = services.minutes_save(tenant=board.tenant, actor=board.clerk.user,
                                    meeting=meeting, texts={item.pk: "Agreed."})
    with pytest.raises(ValidationError, match="edit the draft"):
        propose(board, minutes, item)


def test_a_correction_needs_new_wording_and_a_reason(board, published):
    minutes, public = Minutes.objects.get(meeting=published), items_of(published)[0]
    with pytest.raises(ValidationError) as same:
        propose(board, minutes, public, text="Members agreed reading as a priority.")
    with pytest.raises(ValidationError) as no_reason:
        propose(board, minutes, public, reason="  ")
    assert "text" in same.value.message_dict and "reason" in no_reason.value.message_dict
    assert not MinuteCorrection.objects.exists()


def test_only_whoever_runs_the_board_proposes_a_correction(board, published):
    minutes, public = Minutes.objects.get(meeting=published), items_of(published)[0]
    with pytest.raises(PermissionDenied):
        propose(board, minutes, public, actor=board.members["Chesil alliance"].user)


def test_a_later_meeting_approves_it_and_the_minute_as_approved_is_kept(board, published):
    minutes, public = Minutes.objects.get(meeting=published), items_of(published)[0]
    correction = propose(board, minutes, public)
    assert services.minute_in_force(minutes=minutes, item=public) == \
        "Members agreed reading as a priority."  # not yet approved
    decision = approve(board, correction=correction)
    correction.refresh_from_db()
    assert correction.status == MinuteCorrection.Status.APPROVED
    assert correction.approved_by == decision
    assert MinuteEntry.objects.get(minutes=minutes, item=public).text == \
        "Members agreed reading as a priority."
    assert services.minute_in_force(minutes=minutes, item=public) == correction.text
    assert AuditEvent.objects.filter(action="board.minute_correction_approve",
                                     object_id=str(correction.pk)).exists()


def test_one_correction_of_an_item_waits_at_a_time(board, published):
    minutes, public = Minutes.objects.get(meeting=published), items_of(published)[0]
    first = propose(board, minutes, public)
    with pytest.raises(ValidationError, match="already waiting"):
        propose(board, minutes, public, text="Another wording.")
    approve(board, correction=first)
    second = propose(board, minutes, public, text="Reading, maths and attendance.",
                     reason="Attendance was agreed as well.")
    assert second.status == MinuteCorrection.Status.PROPOSED


def test_a_correction_is_approved_only_at_a_later_meeting_and_only_once(board, published):
    minutes, public = Minutes.objects.get(meeting=published), items_of(published)[0]
    correction = propose(board, minutes, public)
    with pytest.raises(ValidationError) as earlier:
        approve(board, correction=correction, ago=timedelta(days=60))
    assert "approves_correction" in earlier.value.message_dict
    approve(board, correction=correction)
    with pytest.raises(ValidationError, match="already approved"):
        approve(board, correction=correction)


def test_a_motion_approves_minutes_or_a_correction_not_both(board, published):
    minutes, public = Minutes.objects.get(meeting=published), items_of(published)[0]
    correction = propose(board, minutes, public)
    with pytest.raises(ValidationError, match="not both"):
        approve(board, correction=correction, minutes_of=published)


def test_a_carried_vote_approves_it_and_a_lost_one_does_not(board, published):
    minutes, public = Minutes.objects.get(meeting=published), items_of(published)[0]
    correction = propose(board, minutes, public)
    later = hold_meeting(board, present=EVERYONE)
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=later, title="Matters arising")
    for choice, expected in (("against", MinuteCorrection.Status.PROPOSED),
                             ("for", MinuteCorrection.Status.APPROVED)):
        decision = decision_services.decision_create(
            tenant=board.tenant, actor=board.actor, item=item, motion="Approve it.",
            approves_correction=correction)
        for label in EVERYONE:
            decision_services.vote_record(tenant=board.tenant, actor=board.actor,
                                          decision=decision, voter=board.members[label],
                                          choice=choice)
        decision_services.decision_close(tenant=board.tenant, actor=board.actor,
                                         decision=decision)
        correction.refresh_from_db()
        assert correction.status == expected


def test_the_published_minutes_show_a_public_correction_and_never_an_exempt_one(
        board, published, client_for):
    minutes = Minutes.objects.get(meeting=published)
    public, exempt = items_of(published)
    for item, text in ((public, "Members agreed reading and maths as priorities."),
                       (exempt, f"Members discussed {EXEMPT_CORRECTION}.")):
        approve(board, correction=propose(board, minutes, item, text=text,
                                          reason=f"Corrected {EXEMPT_CORRECTION}"
                                          if item.is_exempt else "Maths was agreed too."))
    view = published_minutes(meeting=published)
    assert [c.text for c in view.items[0].corrections] == [
        "Members agreed reading and maths as priorities."]
    assert view.items[0].minute == "Members agreed reading as a priority."  # kept beside
    assert view.items[1].corrections == () and EXEMPT_CORRECTION not in repr(view)
    base = f"{board.board.pk}/meetings/{published.pk}/"
    viewer = client_for(board.officer.user)  # an officer reads what is published
    page = viewer.get(f"/t/{board.tenant.slug}/boards/{base}minutes/published/")
    api = viewer.get(f"/api/t/{board.tenant.slug}/boards/{base}published-minutes/")
    for body in (page.content.decode(), api.content.decode()):
        assert "Members agreed reading and maths as priorities." in body
        assert EXEMPT_CORRECTION not in body


def test_the_clerk_proposes_a_correction_on_the_page_and_the_meeting_shows_it(
        board, published, client_for):
    public = items_of(published)[0]
    client = client_for(board.clerk.user)
    base = f"/t/{board.tenant.slug}/boards/{board.board.pk}/meetings/{published.pk}/"
    form = client.get(f"{base}items/{public.pk}/minutes/correct/")
    assert "Members agreed reading as a priority." in form.content.decode()  # pre-filled
    refused = client.post(f"{base}items/{public.pk}/minutes/correct/",
                          {"text": "Members agreed reading and maths.", "reason": ""})
    assert refused.status_code == 400 and "Why the minute is corrected" in \
        refused.content.decode()
    done = client.post(f"{base}items/{public.pk}/minutes/correct/",
                       {"text": "Members agreed reading and maths.", "reason": "Maths too."})
    assert done.status_code == 302
    page = client.get(base).content.decode()
    assert "waiting for approval at the next meeting" in page
    assert "Members agreed reading and maths." in page
