"""The counting rules of a board, as pure functions of what happened in the room: how many
voting seats are represented, the quorum the terms require, who may cast a seat's vote and the
outcome of a vote. No database: the services gather the facts and call these, and the property
tests (tests/boards/test_quorum_properties.py) try them over random attendance.

The rules (Dorset's terms of reference, seed 002 appendix 1; seed 001 §7.4-7.6):
- every seat but the clerk's has one vote, the LA representative's included: one seat, one
  vote, however many officers are in the room;
- a seat is represented when its member is present, or its designated substitute is present
  standing in; it counts once, whoever is there;
- a substitute votes for the seat only when the seat's member is not present;
- the quorum is a number of voting seats, or a fraction of the voting seats *filled* on the
  day (vacant seats do not raise the bar), rounded up;
- presence is per agenda item: someone at the meeting who is out of the room for an item
  (having declared an interest, say) neither counts towards that item's quorum nor votes on
  it; a seat whose member is out may still be represented by its substitute standing in;
- with remote attendance not counting, a member who joins remotely is not present for the
  quorum or a vote;
- a motion is carried by more votes for than against; a tie is lost (the terms give the chair
  no casting vote).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class SeatOnTheDay:
    """What is known of one seat at a meeting (or expected of it, from the RSVPs)."""

    seat_id: int
    has_vote: bool
    filled: bool  # someone holds the seat on the day
    member_present: bool  # present in a way that counts (see the board's remote rule)
    substitute_present: bool  # the designated substitute is present, standing in

    @property
    def represented(self) -> bool:
        return self.has_vote and (self.member_present or self.substitute_present)

    @property
    def substitute_votes(self) -> bool:
        """Whether the seat's vote is the substitute's to cast."""
        return self.substitute_present and not self.member_present

    def for_item(self, *, member_out: bool, substitute_out: bool) -> SeatOnTheDay:
        """The seat for one agenda item: whoever was out of the room for it is not present."""
        return replace(self, member_present=self.member_present and not member_out,
                       substitute_present=self.substitute_present and not substitute_out)


def quorum_required(*, kind: str, number: int | None, numerator: int, denominator: int,
                    filled_voting_seats: int) -> int:
    """The voting seats that must be represented for the board to decide (at least one)."""
    if kind == "number":
        return max(1, number or 1)
    return max(1, math.ceil(filled_voting_seats * numerator / denominator))


def seats_represented(seats: Iterable[SeatOnTheDay]) -> int:
    return sum(1 for seat in seats if seat.represented)


def filled_voting_seats(seats: Iterable[SeatOnTheDay]) -> int:
    return sum(1 for seat in seats if seat.has_vote and seat.filled)


@dataclass(frozen=True)
class QuorumCount:
    represented: int
    required: int

    @property
    def is_quorate(self) -> bool:
        return self.represented >= self.required

    @property
    def shortfall(self) -> int:
        return max(0, self.required - self.represented)


def quorum_count(seats: list[SeatOnTheDay], *, kind: str, number: int | None, numerator: int,
                 denominator: int) -> QuorumCount:
    return QuorumCount(
        represented=seats_represented(seats),
        required=quorum_required(kind=kind, number=number, numerator=numerator,
                                 denominator=denominator,
                                 filled_voting_seats=filled_voting_seats(seats)))


# Why a vote is refused, by the field of the request it concerns.
NOT_A_MEMBER = "not_a_member"
NO_VOTE = "no_vote"
NOT_PRESENT = "not_present"
ALREADY_VOTED = "already_voted"
MEMBER_PRESENT = "member_present"


def vote_refusal(seat: SeatOnTheDay | None, *, as_substitute: bool, voter_present: bool,
                 already_voted: bool) -> str | None:
    """None when the voter may cast the seat's vote, else why not (one of the constants)."""
    if seat is None:
        return NOT_A_MEMBER
    if not seat.has_vote:
        return NO_VOTE
    if already_voted:
        return ALREADY_VOTED
    if as_substitute and seat.member_present:
        return MEMBER_PRESENT
    if not voter_present:
        return NOT_PRESENT
    return None


@dataclass(frozen=True)
class Tally:
    votes_for: int
    votes_against: int
    abstentions: int

    @property
    def carried(self) -> bool:
        return self.votes_for > self.votes_against


def tally(choices: Iterable[str]) -> Tally:
    """Count the votes cast (one per seat; the services refuse a second)."""
    choices = list(choices)
    return Tally(votes_for=choices.count("for"), votes_against=choices.count("against"),
                 abstentions=choices.count("abstain"))
