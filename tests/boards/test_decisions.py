"""Decisions and votes through the services: each seat's vote counted once, a substitute's
only when its member is absent, the LA's single vote, the quorum checked from who is present,
and every refusal naming its field."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from boards.models import AttendanceMode, Decision, Meeting
from boards.services import decisions as decision_services
from boards.services import meetings as meeting_services
from core.models import AuditEvent
from tests.boards.conftest import ALLIANCES, attend, hold_meeting

pytestmark = pytest.mark.django_db

EVERYONE = ["Independent chair", *[f"{a} alliance" for a in ALLIANCES], "Local authority"]


def motion(board, meeting, text="That the board commissions maths support.", **kwargs):
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Maths support")
    return decision_services.decision_create(tenant=board.tenant, actor=board.actor,
                                             item=item, motion=text, **kwargs)


def vote(board, decision, voter, choice="for"):
    return decision_services.vote_record(tenant=board.tenant, actor=board.actor,
                                         decision=decision, voter=voter, choice=choice)


def refusal(error: ValidationError) -> tuple[str, str]:
    [(field, [message])] = error.message_dict.items()
    return field, message


def test_a_carried_motion_counts_one_vote_per_seat(board):
    meeting = hold_meeting(board, present=EVERYONE)
    decision = motion(board, meeting)
    vote(board, decision, board.chair)
    vote(board, decision, board.members["Chesil alliance"])
    vote(board, decision, board.members["Purbeck alliance"], "against")
    vote(board, decision, board.members["Local authority"], "abstain")
    decision = decision_services.decision_close(tenant=board.tenant, actor=board.actor,
                                                decision=decision)
    assert decision.outcome == Decision.Outcome.CARRIED
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (2, 1, 1)
    # Five voting seats filled (the clerk has no vote): half, rounded up, is three.
    assert (decision.seats_present, decision.quorum_required) == (5, 3)
    assert AuditEvent.objects.filter(action="board.decision_close").exists()


def test_a_tied_vote_is_lost(board):
    meeting = hold_meeting(board, present=EVERYONE)
    decision = motion(board, meeting)
    vote(board, decision, board.chair)
    vote(board, decision, board.members["Chesil alliance"], "against")
    decision = decision_services.decision_close(tenant=board.tenant, actor=board.actor,
                                                decision=decision)
    assert decision.outcome == Decision.Outcome.LOST


def test_a_substitute_votes_for_the_seat_when_its_member_is_absent(board):
    meeting = hold_meeting(board, present=EVERYONE[:2] + ["Local authority"],
                           substitutes=["Purbeck alliance"])
    decision = motion(board, meeting)
    cast = vote(board, decision, board.substitutes["Purbeck alliance"])
    assert cast.as_substitute and cast.seat == board.seats["Purbeck alliance"]


def test_a_substitute_may_not_vote_while_the_member_is_present(board):
    meeting = hold_meeting(board, present=EVERYONE, substitutes=["Chesil alliance"])
    decision = motion(board, meeting)
    with pytest.raises(ValidationError) as refused:
        vote(board, decision, board.substitutes["Chesil alliance"])
    assert refusal(refused.value) == ("voter", (
        "Chesil Deputy is the substitute for Chesil alliance, whose member is present: only "
        "the member votes."))
    assert not decision.votes.exists()


def test_a_second_vote_for_one_seat_is_refused(board):
    meeting = hold_meeting(board, present=EVERYONE)
    decision = motion(board, meeting)
    vote(board, decision, board.members["Chesil alliance"])
    with pytest.raises(ValidationError) as refused:
        vote(board, decision, board.members["Chesil alliance"], "against")
    assert refusal(refused.value)[0] == "voter"
    assert "already voted" in refusal(refused.value)[1]
    assert decision.votes.get().choice == "for"


def test_a_vote_from_someone_without_a_seat_is_refused(board):
    meeting = hold_meeting(board, present=EVERYONE)
    decision = motion(board, meeting)
    with pytest.raises(ValidationError) as refused:
        vote(board, decision, board.officer)
    assert refusal(refused.value) == ("voter", "Olive Officer holds no seat on School "
                                               "Improvement Board at this meeting, so cannot "
                                               "vote.")


def test_the_clerk_has_no_vote(board):
    meeting = hold_meeting(board, present=EVERYONE + ["Clerk"])
    decision = motion(board, meeting)
    with pytest.raises(ValidationError) as refused:
        vote(board, decision, board.clerk)
    assert "no vote" in refusal(refused.value)[1]


def test_the_la_holds_one_vote_however_many_officers_attend(board):
    meeting = hold_meeting(board, present=EVERYONE)
    decision = motion(board, meeting)
    vote(board, decision, board.members["Local authority"], "against")
    # The officer in the room holds no seat: the LA's vote is its representative's alone.
    with pytest.raises(ValidationError):
        vote(board, decision, board.officer, "against")
    assert decision.votes.filter(choice="against").count() == 1


def test_a_member_who_sent_apologies_cannot_vote(board):
    meeting = hold_meeting(board, present=EVERYONE[:3])
    attend(board, meeting, "Blackmore Vale alliance", mode=AttendanceMode.APOLOGIES,
           reason="Ofsted inspection at school")
    decision = motion(board, meeting)
    with pytest.raises(ValidationError) as refused:
        vote(board, decision, board.members["Blackmore Vale alliance"])
    assert "not recorded as present" in refusal(refused.value)[1]


def test_remote_attendance_neither_votes_nor_counts_unless_the_terms_say_so(board):
    meeting = hold_meeting(board, present=EVERYONE[:3], remote=["Blackmore Vale alliance"])
    decision = motion(board, meeting)
    with pytest.raises(ValidationError) as refused:
        vote(board, decision, board.members["Blackmore Vale alliance"])
    assert "joining remotely does not count" in refusal(refused.value)[1]
    board.board.remote_attendance_counts = True
    board.board.save()
    decision.item.meeting.board.refresh_from_db()
    assert vote(board, decision, board.members["Blackmore Vale alliance"]).choice == "for"


def test_a_decision_without_quorum_is_refused(board):
    meeting = hold_meeting(board, present=["Independent chair", "Chesil alliance"])
    with pytest.raises(ValidationError) as refused:
        motion(board, meeting)
    field, message = refusal(refused.value)
    assert field == "quorum"
    assert message.startswith("Item 1 is not quorate: 2 voting seats represented, 3 needed")
    assert not Decision.objects.exists()


def test_a_vote_cannot_be_closed_without_quorum_either(board):
    meeting = hold_meeting(board, present=EVERYONE[:3])
    decision = motion(board, meeting)
    attend(board, meeting, "Purbeck alliance", mode=AttendanceMode.ABSENT)
    with pytest.raises(ValidationError) as refused:
        decision_services.decision_close(tenant=board.tenant, actor=board.actor,
                                         decision=decision)
    assert refusal(refused.value)[0] == "quorum"


def test_vacant_seats_do_not_raise_the_quorum(board):
    from boards.services import boards as board_services

    for label in ("Purbeck alliance", "Blackmore Vale alliance"):
        holding = board.seats[label].holdings.get(kind="member", end_date=None)
        board_services.seat_holding_end(tenant=board.tenant, actor=board.actor,
                                        holding=holding, end_date=holding.start_date.replace(
                                            year=holding.start_date.year + 1))
    # Three voting seats filled: half, rounded up, is two.
    meeting = hold_meeting(board, present=["Independent chair", "Chesil alliance"])
    assert motion(board, meeting).quorum_required is None  # set when closed
    decision = Decision.objects.get()
    vote(board, decision, board.chair)
    decision = decision_services.decision_close(tenant=board.tenant, actor=board.actor,
                                                decision=decision)
    assert (decision.seats_present, decision.quorum_required) == (2, 2)


def test_agreed_without_a_vote_is_recorded_as_such(board):
    meeting = hold_meeting(board, present=EVERYONE)
    decision = motion(board, meeting, method=Decision.Method.WITHOUT_VOTE)
    assert decision.outcome == Decision.Outcome.AGREED and not decision.is_open
    with pytest.raises(ValidationError) as refused:
        vote(board, decision, board.chair)
    assert refusal(refused.value)[0] == "decision"


def test_a_member_without_the_chair_or_clerk_seat_cannot_run_the_vote(board):
    meeting = hold_meeting(board, present=EVERYONE)
    decision = motion(board, meeting)
    with pytest.raises(PermissionDenied):
        decision_services.vote_record(tenant=board.tenant,
                                      actor=board.members["Chesil alliance"].user,
                                      decision=decision, voter=board.members["Chesil alliance"],
                                      choice="for")
    # The clerk records the votes.
    assert decision_services.vote_record(tenant=board.tenant, actor=board.clerk.user,
                                         decision=decision, voter=board.chair, choice="for")


def test_a_cancelled_meeting_takes_no_decisions_and_keeps_its_reason(board):
    from datetime import timedelta

    meeting = hold_meeting(board, ago=timedelta(days=-7))
    meeting_services.meeting_cancel(tenant=board.tenant, actor=board.actor, meeting=meeting,
                                    reason="Clashes with the results day")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == (Meeting.Status.CANCELLED,
                                                       "Clashes with the results day")
    with pytest.raises(ValidationError):
        meeting_services.meeting_cancel(tenant=board.tenant, actor=board.actor,
                                        meeting=meeting, reason="again")
