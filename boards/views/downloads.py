"""The columns of the boards' list downloads (core.downloads): each as its page shows them."""

from typing import Any

from django.utils import timezone

from boards.models import BoardAction
from core.downloads import ListDownload
from core.exports import Column


def _action(row: Any) -> BoardAction:
    # Open actions come as rows (with their overdue flag), closed ones as actions.
    return row.action if hasattr(row, "action") else row


def _priority(row: Any) -> str:
    priority = _action(row).priority
    return priority.title if priority else ""


BOARDS = ListDownload("boards", "Boards", (
    Column("Board", lambda row: row[0].name),
    Column("Published minutes are for", lambda row: row[0].get_minutes_readers_display()),
    Column("Seats", lambda row: row[0].seat_count),
    Column("Meetings", lambda row: row[0].meeting_count),
    Column("Your seat", lambda row: "Yes" if row[1] else "No"),
))

ACTIONS = ListDownload("board-actions", "Board actions", (
    Column("Action", lambda row: _action(row).description),
    Column("Priority", _priority),
    Column("Owner", lambda row: _action(row).owner_label),
    Column("Due", lambda row: _action(row).due_date),
    Column("Progress", lambda row: _action(row).get_status_display()),
    Column("Overdue", lambda row: "Yes" if getattr(row, "is_overdue", False) else "No"),
    Column("Latest update", lambda row: _action(row).progress_note),
    Column("Completed", lambda row: _action(row).completed_at),
))

MEMBERS = ListDownload("board-members", "Board members", (
    Column("Member", lambda row: str(row[0].user)),
    Column("Seat", lambda row: str(row[1])),
))


def _meeting_state(meeting: Any) -> str:
    if meeting.is_cancelled:
        return "Cancelled"
    return "Coming up" if meeting.starts_at >= timezone.now() else "Held"


MEETINGS = ListDownload("board-meetings", "Board meetings", (
    Column("Starts", lambda m: m.starts_at),
    Column("Where", lambda m: m.location or "Online"),
    Column("Meeting", _meeting_state),
    Column("Minutes", lambda m: (m.minutes_status or "").replace("_", " ").capitalize()),
    Column("Why cancelled", lambda m: m.cancel_reason if m.is_cancelled else ""),
))


def _counted(decision: Any, value: Any) -> Any:
    return value if decision.method == "vote" and not decision.is_open else None


DECISIONS = ListDownload("board-decisions", "Decisions", (
    Column("Item", lambda row: row[0].number),
    Column("Item title", lambda row: row[0].title),
    Column("Motion", lambda row: row[1].motion),
    Column("Outcome", lambda row: row[1].get_outcome_display()),
    Column("For", lambda row: _counted(row[1], row[1].votes_for)),
    Column("Against", lambda row: _counted(row[1], row[1].votes_against)),
    Column("Abstaining", lambda row: _counted(row[1], row[1].abstentions)),
    Column("Seats present", lambda row: _counted(row[1], row[1].seats_present)),
    Column("Quorum", lambda row: _counted(row[1], row[1].quorum_required)),
))
