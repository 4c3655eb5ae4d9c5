"""Presence per agenda item: someone at the meeting may be out of the room for an item (after
declaring an interest); the item's quorum and who may vote on it are counted from who was
present for it. Property tests over random attendance and random leavers: on the pure rule
with many examples, and through the services with a few."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boards import quorum
from boards.models import AttendanceMode, ItemAbsence
from boards.selectors.meetings import meeting_day
from boards.services import decisions as decision_services
from boards.services import meetings as meeting_services
from core.models import AuditEvent
from tests.boards.conftest import ALLIANCES, attend, hold_meeting

pytestmark = pytest.mark.django_db

seats_and_leavers = st.lists(st.tuples(
    st.builds(quorum.SeatOnTheDay, seat_id=st.integers(1, 10_000), has_vote=st.booleans(),
              filled=st.booleans(), member_present=st.booleans(),
              substitute_present=st.booleans()),
    st.booleans(), st.booleans()), max_size=30, unique_by=lambda row: row[0].seat_id)


@given(seats_and_leavers, st.integers(1, 5), st.integers(1, 5))
def test_an_items_quorum_counts_only_who_was_present_for_it(rows, top, bottom):
    item_day = [seat.for_item(member_out=m_out, substitute_out=s_out)
                for seat, m_out, s_out in rows]
    count = quorum.quorum_count(item_day, kind="fraction", number=None, numerator=top,
                                denominator=bottom)
    # Counted independently: a voting seat with someone present who stayed in the room.
    assert count.represented == sum(
        1 for seat, m_out, s_out in rows if seat.has_vote and (
            (seat.member_present and not m_out) or (seat.substitute_present and not s_out)))
    # Leaving never raises the count, and never changes the bar (filled seats stay filled).
    whole = quorum.quorum_count([seat for seat, _, _ in rows], kind="fraction", number=None,
                                numerator=top, denominator=bottom)
    assert count.represented <= whole.represented and count.required == whole.required
    # A member out of the room never votes; their substitute may stand in for the item.
    for (seat, m_out, s_out), for_item in zip(rows, item_day, strict=True):
        if m_out:
            assert not for_item.member_present
        assert for_item.substitute_votes == (seat.substitute_present and not s_out and not (
            seat.member_present and not m_out))


VOTING = ["Independent chair", *[f"{a} alliance" for a in ALLIANCES], "Local authority"]


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.fixed_dictionaries({label: st.sampled_from(["stays", "leaves", "apologies"])
                              for label in VOTING}))
def test_the_services_take_an_items_decision_on_who_was_present_for_it(board, who):
    with transaction.atomic():
        meeting = hold_meeting(board)
        there = {}
        for label, what in who.items():
            if what == "apologies":
                attend(board, meeting, label, mode=AttendanceMode.APOLOGIES, reason="Unwell")
            else:
                there[label] = attend(board, meeting, label)
        item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                                   meeting=meeting, title="Grant to a school")
        meeting_services.item_presence_record(
            tenant=board.tenant, actor=board.actor, item=item,
            out=[there[label] for label, what in who.items() if what == "leaves"],
            reason="Declared an interest")
        stayed = sum(1 for what in who.values() if what == "stays")
        at_meeting = len(there)
        # Five voting seats filled, quorum a half: three.
        assert meeting_day(meeting=meeting).quorum.represented == at_meeting
        assert meeting_day(meeting=meeting, item=item).quorum.represented == stayed
        if stayed < 3:
            with pytest.raises(ValidationError) as refused:
                decision_services.decision_create(tenant=board.tenant, actor=board.actor,
                                                  item=item, motion="That it is granted.")
            assert f"Item {item.number} is not quorate" in refused.value.messages[0]
        else:
            decision = decision_services.decision_create(
                tenant=board.tenant, actor=board.actor, item=item, motion="That it is granted.")
            for label, what in who.items():
                if what == "stays":
                    decision_services.vote_record(tenant=board.tenant, actor=board.actor,
                                                  decision=decision,
                                                  voter=board.members[label], choice="for")
                elif what == "leaves":
                    with pytest.raises(ValidationError, match="out of the room for item"):
                        decision_services.vote_record(
                            tenant=board.tenant, actor=board.actor, decision=decision,
                            voter=board.members[label], choice="for")
            closed = decision_services.decision_close(tenant=board.tenant, actor=board.actor,
                                                      decision=decision)
            assert (closed.seats_present, closed.votes_for) == (stayed, stayed)
        transaction.set_rollback(True)


def _meeting_with_everyone(board):
    meeting = hold_meeting(board)
    return meeting, {label: attend(board, meeting, label) for label in VOTING}


def test_a_member_out_for_one_item_is_present_for_the_next(board):
    meeting, there = _meeting_with_everyone(board)
    first, second = (meeting_services.agenda_item_create(
        tenant=board.tenant, actor=board.actor, meeting=meeting, title=t) for t in ("A", "B"))
    meeting_services.item_presence_record(tenant=board.tenant, actor=board.actor, item=first,
                                          out=[there["Chesil alliance"]], reason="Interest")
    assert meeting_day(meeting=meeting, item=first).quorum.represented == 4
    assert meeting_day(meeting=meeting, item=second).quorum.represented == 5
    decision = decision_services.decision_create(tenant=board.tenant, actor=board.actor,
                                                 item=second, motion="Agreed")
    decision_services.vote_record(tenant=board.tenant, actor=board.actor, decision=decision,
                                  voter=board.members["Chesil alliance"], choice="for")


def test_a_substitute_present_stands_in_for_a_member_out_of_the_room(board):
    meeting, there = _meeting_with_everyone(board)
    attend(board, meeting, "Chesil alliance", substitute=True)
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Grant")
    meeting_services.item_presence_record(tenant=board.tenant, actor=board.actor, item=item,
                                          out=[there["Chesil alliance"]])
    decision = decision_services.decision_create(tenant=board.tenant, actor=board.actor,
                                                 item=item, motion="Granted")
    vote = decision_services.vote_record(tenant=board.tenant, actor=board.actor,
                                         decision=decision,
                                         voter=board.substitutes["Chesil alliance"],
                                         choice="against")
    assert vote.as_substitute


def test_presence_is_refused_for_someone_absent_and_once_votes_are_cast(board):
    meeting, there = _meeting_with_everyone(board)
    away = attend(board, meeting, "Purbeck alliance", substitute=True,
                  mode=AttendanceMode.APOLOGIES, reason="Away")
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Grant")
    with pytest.raises(ValidationError, match="not recorded as present"):
        meeting_services.item_presence_record(tenant=board.tenant, actor=board.actor,
                                              item=item, out=[away])
    decision = decision_services.decision_create(tenant=board.tenant, actor=board.actor,
                                                 item=item, motion="Granted")
    decision_services.vote_record(tenant=board.tenant, actor=board.actor, decision=decision,
                                  voter=board.members["Chesil alliance"], choice="for")
    with pytest.raises(ValidationError, match="part of the record"):
        meeting_services.item_presence_record(tenant=board.tenant, actor=board.actor,
                                              item=item, out=[there["Chesil alliance"]])
    assert not ItemAbsence.objects.filter(item=item).exists()
    # A member of the board who does not run it records nothing.
    with pytest.raises(Exception, match="chair|clerk|officer|permission|may not"):
        meeting_services.item_presence_record(
            tenant=board.tenant, actor=board.members["Purbeck alliance"].user, item=item,
            out=[])


def test_the_clerk_records_presence_per_item_through_the_page(board, client_for):
    meeting, there = _meeting_with_everyone(board)
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Grant to Chesil")
    url = (f"/t/wiltshire/boards/{board.board.pk}/meetings/{meeting.pk}/items/{item.pk}/"
           "presence/")
    clerk = client_for(board.clerk.user)
    page = clerk.get(url).content.decode()
    assert "5 voting seats represented, 3 needed" in page and "Chesil Head" in page
    chesil = f"{board.seats['Chesil alliance'].pk}:{board.members['Chesil alliance'].pk}"
    purbeck = f"{board.seats['Purbeck alliance'].pk}:{board.members['Purbeck alliance'].pk}"
    saved = clerk.post(url, {"out": [chesil, purbeck], "reason": "Declared an interest"})
    assert saved.status_code == 302
    assert set(ItemAbsence.objects.filter(item=item).values_list(
        "attendance__person_id", flat=True)) == {board.members["Chesil alliance"].pk,
                                                  board.members["Purbeck alliance"].pk}
    assert "3 voting seats represented" in clerk.get(url).content.decode()
    # Purbeck came back: only Chesil stays out; the change is audited.
    assert clerk.post(url, {"out": [chesil], "reason": "Declared an interest"}).status_code \
        == 302
    assert ItemAbsence.objects.filter(item=item).count() == 1
    assert AuditEvent.objects.filter(action="board.item_presence").count() == 3
    meeting_page = clerk.get(f"/t/wiltshire/boards/{board.board.pk}/meetings/{meeting.pk}/")
    assert "Out of the room for this item: Chesil Head" in meeting_page.content.decode()
    # A choice that is not someone present is refused naming the field.
    bad = clerk.post(url, {"out": ["999:999"]})
    assert bad.status_code == 400 and "Out of the room" in bad.content.decode()
    assert client_for(board.members["Chesil alliance"].user).get(url).status_code == 403


def test_the_api_reads_and_records_who_was_out_for_an_item(board, client_for):
    meeting, there = _meeting_with_everyone(board)
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Grant")
    url = (f"/api/t/wiltshire/boards/{board.board.pk}/meetings/{meeting.pk}/items/{item.pk}/"
           "presence/")
    clerk = client_for(board.clerk.user)
    chesil = board.members["Chesil alliance"].pk
    made = clerk.post(url, {"out": [chesil], "reason": "Declared an interest"},
                      content_type="application/json")
    assert made.status_code == 200
    assert [(row["person"], row["reason"]) for row in made.json()] == [
        (chesil, "Declared an interest")]
    member = client_for(board.members["Purbeck alliance"].user)
    assert [row["person"] for row in member.get(url).json()] == [chesil]
    assert member.post(url, {"out": []}, content_type="application/json").status_code == 403
    stranger = board.substitutes["Purbeck alliance"].pk  # not at the meeting
    refused = clerk.post(url, {"out": [stranger]}, content_type="application/json")
    assert refused.status_code == 400 and "out" in refused.json()
    assert meeting_day(meeting=meeting, item=item).quorum.represented == 4
