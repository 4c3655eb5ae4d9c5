"""Generating a board's year of meetings from the school calendar (`boards.schedule`): the
planned ones are created through `meeting_create`, all or none; afterwards they are ordinary
meetings (moved, changed and cancelled like any other)."""

from dataclasses import dataclass
from datetime import datetime, time

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from boards.models import Board, Meeting
from boards.schedule import Row
from boards.selectors.schedule import schedule_plan
from boards.services._common import check
from boards.services.meetings import meeting_create
from core.audit import audit_record
from core.models import Tenant
from core.years import AcademicYear


@dataclass(frozen=True)
class Generated:
    rows: list[Row]
    created: list[Meeting]


@transaction.atomic
def meetings_generate(*, tenant: Tenant, actor: User | None, board: Board, year: AcademicYear,
                      weekday: int, week: int, start_time: time, duration_minutes: int = 120,
                      location: str = "", remote_link: str = "") -> Generated:
    """Plan the year's meetings the board does not have yet: one per half-term on the usual
    weekday and time, plus the start-of-year results meeting. Slots the board's meetings
    already keep, past days and half-terms without a working day are left alone."""
    check(tenant=tenant, actor=actor, board=board, run=True)
    rows = schedule_plan(board=board, year=year, weekday=weekday, week=week)
    created = []
    for row in rows:
        if not row.is_new or row.slot.day is None:
            continue
        starts_at = timezone.make_aware(datetime.combine(row.slot.day, start_time))
        created.append(meeting_create(tenant=tenant, actor=actor, board=board,
                                      starts_at=starts_at, duration_minutes=duration_minutes,
                                      location=location, remote_link=remote_link))
    audit_record(tenant=tenant, actor=actor, action="board.meetings_generate", obj=board,
                 summary=f"Planned {len(created)} meetings of {board.name} for {year.label} "
                         f"from the school calendar",
                 changes={"year": year.label, "created": [m.pk for m in created],
                          "kept": [getattr(r.kept, "pk", None) for r in rows if r.kept]})
    return Generated(rows=rows, created=created)
