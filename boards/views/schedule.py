"""A board's year of meetings generated from the school calendar: the preview (GET, nothing
saved) and the generation (POST, through `boards.services.schedule`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from boards import schedule
from boards.forms import ORDINALS, ScheduleForm
from boards.selectors.schedule import schedule_plan
from boards.services.schedule import meetings_generate
from boards.views._common import NAV, board_of, board_url
from core.refusals import show_refusal
from core.selectors import school_calendar
from core.tenancy import TenantRequest, tenant_view
from core.years import AcademicYear


def schedule_years(today) -> list[AcademicYear]:
    """This academic year and the next (from June, the next first: its planning time)."""
    this = AcademicYear.of(today)
    return [this.shifted(1), this] if today.month in (6, 7, 8) else [this, this.shifted(1)]


@tenant_view()
def meeting_schedule(request: TenantRequest, board_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, run=True)
    years = schedule_years(timezone.localdate())
    posted = request.method == "POST"
    data = request.POST if posted else (request.GET if "year" in request.GET else None)
    form = ScheduleForm(data, years=years)
    rows, calendar, year = None, None, None
    if form.is_valid():
        values = form.cleaned_data
        year = AcademicYear(values["year"])
        if posted:
            try:
                generated = meetings_generate(
                    tenant=request.tenant, actor=request.user, board=board, year=year,
                    weekday=values["weekday"], week=values["week"],
                    start_time=values["start_time"],
                    duration_minutes=values["duration_minutes"], location=values["location"],
                    remote_link=values["remote_link"])
            except ValidationError as error:
                show_refusal(form, error, aliases={"starts_at": "start_time"})
            else:
                kept = sum(1 for row in generated.rows if row.status == schedule.KEPT)
                messages.success(request, f"Planned {len(generated.created)} meetings for "
                                          f"{year.label}; kept {kept} the board already had.")
                return redirect(board_url(request, board))
        calendar = school_calendar(tenant=request.tenant, year=year)
        rows = schedule_plan(board=board, year=year, weekday=values["weekday"],
                             week=values["week"])
    return render(request, "boards/meeting_schedule.html", {
        "board": board, "form": form, "rows": rows, "calendar": calendar, "year": year,
        "new_count": sum(1 for row in rows or [] if row.is_new),
        "default_text": f"{schedule.WEEKDAYS[schedule.DEFAULT_WEEKDAY]}s at "
                        f"{schedule.DEFAULT_TIME[0]:02d}:{schedule.DEFAULT_TIME[1]:02d}, on the "
                        f"half-term's {ORDINALS[schedule.DEFAULT_WEEK]} "
                        f"{schedule.WEEKDAYS[schedule.DEFAULT_WEEKDAY]}, for "
                        f"{schedule.DEFAULT_MINUTES // 60} hours",
        "back_url": board_url(request, board), "nav_section": NAV,
    }, status=400 if form.errors else 200)
