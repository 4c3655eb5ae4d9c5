"""The board pack of a meeting: its agenda with each item's papers, the previous meeting's
minutes and the open actions ("matters arising"), in one shape for two readers.

- `member_pack`: for the board's members — every item, exempt ones in full, every paper, the
  previous meeting's minutes as they stand (a draft included, marked), the board's current
  priorities, and its open actions with their latest update.
- `published_pack`: for everyone else, built only from the published view
  (`boards.selectors.published`): public items and public papers, an exempt item as its number
  and paragraph, the previous meeting's minutes only once published (and redacted there). No
  priorities or actions: an action may arise from an exempt item, and the published view does
  not cover them yet, so neither leaves the members' pack.
Fixed queries, whatever the number of items or papers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch
from django.utils import timezone

from boards.models import AgendaItem, Meeting, Paper
from boards.selectors.actions import open_actions, priorities_of
from boards.selectors.meetings import minutes_with_texts
from boards.selectors.published import (
    previous_meeting,
    published_agenda,
    published_minutes,
)
from core.years import AcademicYear


@dataclass(frozen=True)
class PackPaper:
    id: int
    title: str
    kind: str  # "pdf" or "docx"
    kind_label: str
    size: int
    is_exempt: bool = False


@dataclass(frozen=True)
class PackItem:
    number: int
    heading: str
    text: str
    is_exempt: bool
    exempt_note: str
    papers: tuple[PackPaper, ...]


@dataclass(frozen=True)
class PackMinute:
    heading: str
    text: str


@dataclass(frozen=True)
class PackAction:
    description: str
    owner: str
    due_date: date | None
    status: str
    rag: str
    is_overdue: bool
    latest_update: str
    updated_on: date | None
    priority: str = ""


@dataclass(frozen=True)
class Pack:
    board_name: str
    meeting_id: int
    starts_at: datetime
    location: str
    is_published: bool
    items: tuple[PackItem, ...]
    previous_starts_at: datetime | None = None
    previous_status: str = ""
    previous_minutes: tuple[PackMinute, ...] = ()
    actions: tuple[PackAction, ...] = ()
    # The board's current priorities of the meeting's academic year, in its order: (title,
    # description).
    priorities: tuple[tuple[str, str], ...] = ()

    @property
    def pdf_paper_ids(self) -> list[int]:
        return [paper.id for item in self.items for paper in item.papers if paper.kind == "pdf"]


def _member_previous(meeting: Meeting) -> tuple[Meeting | None, str, tuple[PackMinute, ...]]:
    previous = previous_meeting(meeting=meeting)
    if previous is None:
        return previous, "", ()
    minutes, written = minutes_with_texts(meeting=previous)
    if minutes is None:
        return previous, "", ()
    entries = tuple(PackMinute(heading=f"Item {entry.item.number}: {entry.item.title}"
                               + (" (exempt)" if entry.item.is_exempt else ""), text=entry.text)
                    for entry in written.values() if entry.text.strip())
    return previous, minutes.get_status_display(), entries


def member_pack(*, meeting: Meeting) -> Pack:
    """The members' pack: exempt items and papers included. Seven queries once the previous
    meeting's minutes are written."""
    items = (AgendaItem.objects.filter(meeting=meeting).order_by("number")
             .prefetch_related(Prefetch("papers", queryset=Paper.objects.filter(
                 withdrawn_at__isnull=True).order_by("uploaded_at", "pk"))))
    previous, status, minutes = _member_previous(meeting)
    return Pack(
        board_name=meeting.board.name, meeting_id=meeting.pk, starts_at=meeting.starts_at,
        location=meeting.location, is_published=False,
        items=tuple(PackItem(
            number=item.number, heading=f"Item {item.number}: {item.title}", text=item.text,
            is_exempt=item.is_exempt,
            exempt_note=(f"Exempt under paragraph {item.exempt_paragraph} of Schedule 12A. "
                         f"Public interest: {item.public_interest_reason}"
                         if item.is_exempt else ""),
            papers=tuple(PackPaper(id=paper.pk, title=paper.title, kind=paper.kind,
                                   kind_label=paper.get_kind_display(), size=paper.size,
                                   is_exempt=paper.is_exempt)
                         # django-stubs does not see the reverse key of a model declared in
                         # a later module of the package.
                         for paper in item.papers.all()))  # type: ignore[attr-defined]
            for item in items),
        previous_starts_at=previous.starts_at if previous else None,
        previous_status=status, previous_minutes=minutes, actions=_actions(meeting),
        priorities=tuple((p.title, p.description) for p in priorities_of(
            board=meeting.board,
            year=AcademicYear.of(timezone.localtime(meeting.starts_at).date()).start_year)
            if p.is_current))


def _actions(meeting: Meeting) -> tuple[PackAction, ...]:
    """Matters arising: the board's open actions with their latest update, overdue flagged as
    of the meeting's day (or today, for a pack read after it). One query."""
    on = min(timezone.localdate(meeting.starts_at), timezone.localdate())
    rows = open_actions(board=meeting.board, today=on, last_update=True)
    return tuple(PackAction(
        description=row.action.description, owner=row.action.owner_label,
        due_date=row.action.due_date, status=row.action.get_status_display(),
        rag=row.action.get_rag_display() if row.action.rag else "Not rated",
        is_overdue=row.is_overdue, latest_update=row.action.progress_note,
        updated_on=timezone.localdate(row.action.last_update)  # type: ignore[attr-defined]
        if row.action.last_update is not None else None,  # type: ignore[attr-defined]
        priority=row.action.priority.title if row.action.priority else "")
        for row in rows)


def published_pack(*, meeting: Meeting) -> Pack | None:
    """The pack as published: only what the published view gives (None while the meeting's
    agenda is not published). Three to ten queries."""
    agenda = published_agenda(meeting=meeting)
    if agenda is None:
        return None
    previous = previous_meeting(meeting=meeting)
    minutes = published_minutes(meeting=previous) if previous else None
    kinds = {"PDF": "pdf", "Word document": "docx"}
    return Pack(
        board_name=meeting.board.name, meeting_id=meeting.pk, starts_at=meeting.starts_at,
        location=meeting.location, is_published=True,
        items=tuple(PackItem(
            number=item.number, heading=item.heading, text=item.text, is_exempt=item.is_exempt,
            exempt_note="", papers=tuple(PackPaper(id=paper.id, title=paper.title,
                                                   kind=kinds[paper.kind],
                                                   kind_label=paper.kind, size=paper.size)
                                         for paper in item.papers))
            for item in agenda),
        previous_starts_at=previous.starts_at if minutes and previous else None,
        previous_status="Published" if minutes else "",
        previous_minutes=tuple(PackMinute(heading=item.heading, text=item.minute)
                               for item in minutes.items) if minutes else ())
