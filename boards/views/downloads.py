"""The columns of the boards' list downloads (core.downloads): each as its page shows them."""

from typing import Any

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
