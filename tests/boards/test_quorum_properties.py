"""Property tests of the counting rules over random attendance: on the pure rules
(`boards.quorum`) with many examples, and through the services on a real board with a few."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boards import quorum
from boards.models import AttendanceMode, Decision
from boards.services import decisions as decision_services
from boards.services import meetings as meeting_services
from tests.boards.conftest import ALLIANCES, attend, hold_meeting

seats = st.lists(st.builds(
    quorum.SeatOnTheDay, seat_id=st.integers(1, 10_000), has_vote=st.booleans(),
    filled=st.booleans(), member_present=st.booleans(), substitute_present=st.booleans()),
    max_size=30, unique_by=lambda seat: seat.seat_id)


@given(seats)
def test_each_voting_seat_counts_once_whoever_is_there(day):
    represented = quorum.seats_represented(day)
    assert represented == sum(1 for s in day if s.has_vote and (s.member_present
                                                                 or s.substitute_present))
    assert represented <= sum(1 for s in day if s.has_vote)


@given(seats)
def test_a_seat_without_a_vote_never_counts(day):
    no_votes = [quorum.SeatOnTheDay(s.seat_id, False, s.filled, s.member_present,
                                    s.substitute_present) for s in day]
    assert quorum.seats_represented(no_votes) == 0


@given(seats)
def test_a_substitute_beside_a_present_member_changes_nothing(day):
    with_subs = [quorum.SeatOnTheDay(s.seat_id, s.has_vote, s.filled, s.member_present,
                                     s.substitute_present or s.member_present) for s in day]
    assert quorum.seats_represented(with_subs) == quorum.seats_represented(day)
    assert not any(s.substitute_votes for s in with_subs if s.member_present)


@given(st.integers(0, 60), st.integers(1, 10), st.integers(1, 10))
def test_a_fraction_quorum_is_the_fraction_of_filled_seats_rounded_up(filled, top, bottom):
    required = quorum.quorum_required(kind="fraction", number=None, numerator=top,
                                      denominator=bottom, filled_voting_seats=filled)
    assert required >= 1
    assert required * bottom >= filled * top  # never below the fraction
    assert required == 1 or (required - 1) * bottom < filled * top  # the least that is not
    more = quorum.quorum_required(kind="fraction", number=None, numerator=top,
                                  denominator=bottom, filled_voting_seats=filled + 1)
    assert more >= required


@given(st.sampled_from([quorum.SeatOnTheDay(1, True, True, m, s)
                        for m in (True, False) for s in (True, False)]),
       st.booleans(), st.booleans(), st.booleans())
def test_who_may_cast_a_seats_vote(seat, as_substitute, present, already):
    refusal = quorum.vote_refusal(seat, as_substitute=as_substitute, voter_present=present,
                                  already_voted=already)
    if already:
        assert refusal == quorum.ALREADY_VOTED
    elif as_substitute and seat.member_present:
        assert refusal == quorum.MEMBER_PRESENT
    elif not present:
        assert refusal == quorum.NOT_PRESENT
    else:
        assert refusal is None


@given(st.lists(st.sampled_from(["for", "against", "abstain"]), max_size=20))
def test_a_motion_is_carried_by_more_votes_for_than_against(choices):
    counted = quorum.tally(choices)
    assert counted.votes_for + counted.votes_against + counted.abstentions == len(choices)
    assert counted.carried == (choices.count("for") > choices.count("against"))


# --- Through the services, on the Dorset board of the fixtures -----------------------------

VOTING = ["Independent chair", *[f"{a} alliance" for a in ALLIANCES], "Local authority"]
WITH_SUBSTITUTES = [f"{a} alliance" for a in ALLIANCES]
presence = st.fixed_dictionaries({
    label: st.sampled_from(["member", "substitute", "both", "apologies", "remote"]
                           if label in WITH_SUBSTITUTES else ["member", "apologies", "remote"])
    for label in VOTING})


@pytest.mark.django_db
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(presence)
def test_the_services_count_the_quorum_and_the_votes_as_the_rules_do(board, who):
    with transaction.atomic():
        # Each example is rolled back, so every one holds the same meeting afresh.
        meeting = hold_meeting(board)
        for label, there in who.items():
            if there in ("member", "both"):
                attend(board, meeting, label)
            if there == "remote":
                attend(board, meeting, label, mode=AttendanceMode.REMOTE)
            if there == "apologies":
                attend(board, meeting, label, mode=AttendanceMode.APOLOGIES, reason="Unwell")
            if there in ("substitute", "both"):
                attend(board, meeting, label, substitute=True)
        # Remote attendance does not count on this board; five voting seats are filled.
        represented = sum(1 for there in who.values() if there in ("member", "substitute",
                                                                   "both"))
        item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                                   meeting=meeting, title="Motion")
        if represented < 3:
            with pytest.raises(ValidationError) as refused:
                decision_services.decision_create(tenant=board.tenant, actor=board.actor,
                                                  item=item, motion="That it is so.")
            assert "quorum" in refused.value.message_dict
        else:
            decision = decision_services.decision_create(
                tenant=board.tenant, actor=board.actor, item=item, motion="That it is so.")
            for label, there in who.items():
                voter = (board.substitutes if there == "substitute" else board.members)[label]
                if there == "both":
                    # The substitute first: refused while the member is present.
                    with pytest.raises(ValidationError):
                        decision_services.vote_record(
                            tenant=board.tenant, actor=board.actor, decision=decision,
                            voter=board.substitutes[label], choice="for")
                if there in ("member", "substitute", "both"):
                    decision_services.vote_record(tenant=board.tenant, actor=board.actor,
                                                  decision=decision, voter=voter, choice="for")
                else:
                    with pytest.raises(ValidationError):
                        decision_services.vote_record(tenant=board.tenant, actor=board.actor,
                                                      decision=decision, voter=voter,
                                                      choice="for")
            decision = decision_services.decision_close(tenant=board.tenant, actor=board.actor,
                                                        decision=decision)
            assert (decision.seats_present, decision.quorum_required) == (represented, 3)
            assert decision.votes_for == represented
            assert decision.outcome == Decision.Outcome.CARRIED
        transaction.set_rollback(True)
