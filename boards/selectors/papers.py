"""Reads of papers for members: one paper of a meeting, and the papers that went out later
than the board's notice (clear working days before the meeting, England's bank holidays
skipped: `core.years`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from boards.models import AgendaItem, Meeting, Paper
from core.years import working_days_before


def paper_of(*, meeting: Meeting, paper_id: int,
             withdrawn: bool = False) -> Paper | None:
    """A paper of the meeting: in the pack, or also withdrawn (for whoever runs the board)."""
    found = Paper.objects.filter(item__meeting=meeting, pk=paper_id)
    if not withdrawn:
        found = found.filter(withdrawn_at__isnull=True)
    return found.select_related("item__meeting__board").first()


@dataclass(frozen=True)
class PapersNotice:
    due: date  # the last day papers may go out and still give the notice
    late: tuple[Paper, ...]


def papers_notice(*, meeting: Meeting,
                  items: Iterable[AgendaItem] | None = None) -> PapersNotice:
    """When the meeting's papers were due and which went out after. One query, or none given
    the meeting's agenda with its papers in the pack (`selectors.meetings.agenda`)."""
    due = working_days_before(timezone.localtime(meeting.starts_at).date(),
                              meeting.board.papers_notice_days)
    if items is not None:
        return PapersNotice(due=due, late=tuple(
            paper for item in sorted(items, key=lambda item: item.number)
            for paper in sorted(item.pack_papers,  # type: ignore[attr-defined]
                                key=lambda paper: (paper.uploaded_at, paper.pk))
            if timezone.localtime(paper.uploaded_at).date() > due))
    late = tuple(paper for paper in Paper.objects.filter(item__meeting=meeting,
                                                         withdrawn_at__isnull=True)
                 .select_related("item").order_by("item__number", "uploaded_at", "pk")
                 if timezone.localtime(paper.uploaded_at).date() > due)
    return PapersNotice(due=due, late=late)
