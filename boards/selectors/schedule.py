"""What generating a board's year of meetings would do (`boards.schedule`), read from the
tenant's school calendar and the board's meetings: nothing is saved."""

from datetime import date

from django.utils import timezone

from boards.models import Board, Meeting
from boards.schedule import Row, plan
from core.selectors import school_calendar
from core.years import AcademicYear


def schedule_plan(*, board: Board, year: AcademicYear, weekday: int, week: int,
                  today: date | None = None) -> list[Row]:
    calendar = school_calendar(tenant=board.tenant, year=year)
    meetings = Meeting.objects.filter(board=board).order_by("starts_at", "pk")
    existing = [(timezone.localtime(meeting.starts_at).date(), meeting) for meeting in meetings]
    return plan(calendar, weekday=weekday, week=week, today=today or timezone.localdate(),
                existing=existing)
