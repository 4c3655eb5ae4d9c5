"""Boards: any body that meets and decides (a school improvement board, and later a hub's
meetings), by sub-domain: `boards` (the board and its terms of reference, seats and who holds
them), `meetings` (meetings, RSVPs, attendance, agenda items), `decisions` (motions and open
votes), `interests` (the register of interests, declarations on items), `papers` (an item's
PDF and Word files), `actions` (priorities, and actions on the core action model) and
`minutes` (drafted per agenda item, approved by a later decision, published).

Every model is importable from `boards.models`. The rules (who may vote, quorum, locking
approved minutes) live in `boards.services`; `clean()` checks only what one row can know.
"""

from boards.models.actions import BoardAction, BoardActionUpdate, BoardPriority
from boards.models.boards import (
    NO_VOTE,
    Board,
    BoardKind,
    HoldingKind,
    HoldingQuerySet,
    MinutesReaders,
    QuorumKind,
    Seat,
    SeatHolding,
    SeatKind,
)
from boards.models.decisions import Decision, Vote, VoteChoice
from boards.models.interests import Declaration, InterestKind, RegisteredInterest
from boards.models.meetings import (
    AgendaItem,
    Attendance,
    AttendanceMode,
    ExemptParagraph,
    ItemAbsence,
    Meeting,
    MeetingNote,
    Rsvp,
    RsvpAnswer,
)
from boards.models.minutes import MinuteCorrection, MinuteEntry, Minutes
from boards.models.papers import Paper, PaperKind

__all__ = [
    "AgendaItem", "Attendance", "AttendanceMode", "Board", "BoardAction", "BoardActionUpdate",
    "BoardKind", "BoardPriority", "Decision", "Declaration",
    "ExemptParagraph", "HoldingKind", "HoldingQuerySet", "InterestKind", "ItemAbsence",
    "Meeting", "MeetingNote",
    "MinuteCorrection", "MinuteEntry",
    "Minutes", "MinutesReaders", "Paper", "PaperKind", "QuorumKind", "RegisteredInterest", "Rsvp",
    "RsvpAnswer", "Seat", "SeatHolding", "SeatKind", "NO_VOTE", "Vote", "VoteChoice",
]
