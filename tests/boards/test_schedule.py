"""A board's year of meetings from the school calendar: one per half-term on the usual weekday
and time plus the start-of-year results meeting, two hours each, never on a bank holiday, a
weekend or in the school holidays; previewed first (nothing saved), then created in one go;
meetings the board already has in a half-term keep it, so a second generation plans nothing.

The dates below were worked out by hand from a printed 2031/32 calendar (England's bank
holidays that year: Early May bank holiday Monday 3 May 2032, Spring bank holiday Monday 31
May 2032), not from the code under test."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scope

from boards import schedule
from boards.models import Meeting
from boards.selectors.schedule import schedule_plan
from boards.services import meetings as meeting_services
from boards.services.schedule import meetings_generate
from boards.views.schedule import schedule_years
from core.services import school_calendar_set
from core.years import AcademicYear, SchoolCalendar

pytestmark = pytest.mark.django_db

YEAR = AcademicYear(2031)
HALF_TERMS = [
    (date(2031, 9, 3), date(2031, 10, 24)),
    (date(2031, 11, 3), date(2031, 12, 19)),
    (date(2032, 1, 5), date(2032, 2, 13)),
    (date(2032, 2, 23), date(2032, 3, 26)),
    (date(2032, 4, 19), date(2032, 5, 28)),
    (date(2032, 6, 7), date(2032, 7, 21)),
]
# Mondays, the third of each half-term; the results meeting on autumn 1's second Monday.
EXPECTED = [
    date(2031, 9, 15),   # results: Mondays of autumn 1 are 8, 15, 22 September...
    date(2031, 9, 22),
    date(2031, 11, 17),  # 3, 10, 17 November
    date(2032, 1, 19),   # 5, 12, 19 January
    date(2032, 3, 8),    # 23 February, 1, 8 March
    date(2032, 5, 4),    # 19, 26 April, 3 May: a bank holiday, so Tuesday 4 May
    date(2032, 6, 21),   # 7, 14, 21 June
]
MONDAY = 0


def set_calendar(board):
    school_calendar_set(tenant=board.tenant, actor=board.actor, year=YEAR,
                        half_terms=HALF_TERMS)


def generate(board, actor=None, **values):
    return meetings_generate(tenant=board.tenant, actor=actor or board.clerk.user,
                             board=board.board, year=YEAR, weekday=values.pop("weekday", MONDAY),
                             week=values.pop("week", 3), start_time=time(16, 0),
                             location="County Hall, Dorchester", **values)


def local_days(meetings):
    return sorted(timezone.localtime(m.starts_at).date() for m in meetings)


def test_the_clerk_generates_the_year_from_the_councils_calendar(board):
    set_calendar(board)
    generated = generate(board)
    assert local_days(generated.created) == EXPECTED
    for meeting in generated.created:
        assert timezone.localtime(meeting.starts_at).time() == time(16, 0)
        assert meeting.duration_minutes == 120 and meeting.status == Meeting.Status.SCHEDULED
    moved = [row.slot for row in generated.rows if row.slot.reason]
    assert [(slot.usual, slot.day) for slot in moved] == [(date(2032, 5, 3), date(2032, 5, 4))]
    assert "Monday 3 May 2032 is a bank holiday" in moved[0].reason
    assert generated.rows[0].slot.label == "Start-of-year results meeting"


def test_a_second_generation_creates_nothing_and_lists_every_meeting_as_kept(board):
    set_calendar(board)
    first = generate(board)
    second = generate(board)
    assert second.created == []
    assert [row.status for row in second.rows] == [schedule.KEPT] * 7
    assert sorted(row.kept.pk for row in second.rows) == sorted(m.pk for m in first.created)
    assert Meeting.objects.filter(board=board.board).count() == 7


def test_meetings_already_in_a_half_term_keep_it_cancelled_or_not(board):
    set_calendar(board)
    own = meeting_services.meeting_create(
        tenant=board.tenant, actor=board.actor, board=board.board,
        starts_at=timezone.make_aware(datetime(2031, 11, 25, 10, 0)), location="Online")
    cancelled = meeting_services.meeting_create(
        tenant=board.tenant, actor=board.actor, board=board.board,
        starts_at=timezone.make_aware(datetime(2032, 1, 12, 10, 0)), location="Online")
    meeting_services.meeting_cancel(tenant=board.tenant, actor=board.actor, meeting=cancelled,
                                    reason="Snow")
    generated = generate(board)
    assert local_days(generated.created) == [d for d in EXPECTED
                                             if d not in (date(2031, 11, 17), date(2032, 1, 19))]
    kept = {row.slot.half_term: row.kept for row in generated.rows if row.status == "kept"}
    assert kept == {2: own, 3: cancelled}


def test_generated_meetings_are_ordinary_meetings(board):
    set_calendar(board)
    first, second = generate(board).created[:2]
    moved = meeting_services.meeting_update(
        tenant=board.tenant, actor=board.chair.user, meeting=first,
        starts_at=first.starts_at + timedelta(days=1), duration_minutes=90)
    assert moved.duration_minutes == 90
    meeting_services.meeting_cancel(tenant=board.tenant, actor=board.chair.user,
                                    meeting=second, reason="Clashes with results day")
    assert Meeting.objects.get(pk=second.pk).is_cancelled


def test_only_whoever_runs_the_board_generates_and_a_refusal_saves_nothing(board):
    set_calendar(board)
    with pytest.raises(PermissionDenied):
        generate(board, actor=board.members["Chesil alliance"].user)
    with pytest.raises(ValidationError):
        meetings_generate(tenant=board.tenant, actor=board.clerk.user, board=board.board,
                          year=YEAR, weekday=MONDAY, week=3, start_time=time(16, 0))
    assert not Meeting.objects.filter(board=board.board).exists()


def test_without_a_council_calendar_the_default_pattern_is_used(board):
    plan = schedule_plan(board=board.board, year=YEAR, weekday=1, week=4,
                         today=date(2031, 8, 1))
    # Default half-terms start 1 September 2031 (a Monday), 1 November, 1 January...
    assert [row.slot.day for row in plan][:3] == [date(2031, 9, 9), date(2031, 9, 23),
                                                  date(2031, 11, 25)]
    assert all(row.status == "new" for row in plan)
    # Later in the year, the days gone are past, not planned.
    later = schedule_plan(board=board.board, year=YEAR, weekday=1, week=4,
                          today=date(2032, 1, 1))
    assert [row.status for row in later].count("past") == 3


# --- The half-term's edges (pure) ------------------------------------------------------------


def test_a_half_term_too_short_for_the_week_takes_its_last_such_day():
    calendar = SchoolCalendar(year=YEAR, half_terms=tuple(HALF_TERMS), is_default=False)
    # Spring 2 has five Mondays (23 February to 22 March): the seventh is its last, 22 March.
    slot = next(s for s in schedule.slots(calendar, weekday=MONDAY, week=7)
                if s.half_term == 4)
    assert (slot.usual, slot.day, slot.reason) == (date(2032, 3, 22), date(2032, 3, 22), "")


def test_a_bank_holiday_on_the_half_terms_last_day_moves_back_not_out_of_it():
    # Summer 1 ending on Monday 31 May 2032, the Spring bank holiday: its sixth Monday
    # (26 April, 3, 10, 17, 24 and 31 May).
    terms = [*HALF_TERMS[:4], (date(2032, 4, 26), date(2032, 5, 31)), HALF_TERMS[5]]
    calendar = SchoolCalendar(year=YEAR, half_terms=tuple(terms), is_default=False)
    slot = next(s for s in schedule.slots(calendar, weekday=MONDAY, week=6)
                if s.half_term == 5)
    assert slot.usual == date(2032, 5, 31) and slot.day == date(2032, 5, 28)
    assert "working day before" in slot.reason


def test_a_day_outside_the_half_terms_is_a_school_holiday():
    calendar = SchoolCalendar(year=YEAR, half_terms=tuple(HALF_TERMS), is_default=False)
    assert "school holidays" in schedule.why_not(date(2031, 10, 28), calendar)
    assert schedule.why_not(date(2031, 10, 21), calendar) is None


# --- The page and the API ----------------------------------------------------------------------


def page_url(board):
    return f"/t/wiltshire/boards/{board.board.pk}/meetings/schedule/"


def test_the_page_previews_without_saving_then_plans(board, client_for):
    client = client_for(board.clerk.user)
    year = schedule_years(timezone.localdate())[0]
    blank = client.get(page_url(board))
    assert blank.status_code == 200 and "Tuesdays at 14:00" in blank.content.decode()
    values = {"year": year.start_year, "weekday": 0, "week": 3, "start_time": "16:00",
              "duration_minutes": 120, "location": "County Hall"}
    preview = client.get(page_url(board), values)
    assert preview.status_code == 200
    with scope(tenant=board.tenant):
        assert not Meeting.objects.filter(board=board.board).exists()
        expected = [row for row in schedule_plan(board=board.board, year=year, weekday=0,
                                                 week=3) if row.is_new]
    assert f"Plan {len(expected)} meeting" in preview.content.decode()
    planned = client.post(page_url(board), values)
    assert planned.status_code == 302
    with scope(tenant=board.tenant):
        assert local_days(Meeting.objects.filter(board=board.board)) == sorted(
            row.slot.day for row in expected)
    missing = client.post(page_url(board), {**values, "location": ""})
    assert missing.status_code == 400 and "Say where the meetings are" in missing.content.decode()
    head = client_for(board.members["Chesil alliance"].user)
    assert head.get(page_url(board)).status_code == 403


def test_the_api_previews_and_generates(board, client_for):
    set_calendar(board)
    url = f"/api/t/wiltshire/boards/{board.board.pk}/meetings/schedule/"
    client = client_for(board.chair.user)
    body = {"year": 2031, "weekday": 0, "week": 3, "start_time": "16:00",
            "location": "County Hall"}
    preview = client.post(url, {**body, "preview": True}, content_type="application/json")
    assert preview.status_code == 200
    assert [row["date"] for row in preview.json()] == [d.isoformat() for d in EXPECTED]
    with scope(tenant=board.tenant):
        assert not Meeting.objects.filter(board=board.board).exists()
    made = client.post(url, body, content_type="application/json")
    assert made.status_code == 201 and all(row["status"] == "new" for row in made.json())
    again = client.post(url, body, content_type="application/json").json()
    assert [row["meeting"] for row in again] == [row["meeting"] for row in made.json()]
    assert all(row["status"] == "kept" for row in again)
    head = client_for(board.members["Chesil alliance"].user)
    assert head.post(url, body, content_type="application/json").status_code == 403
