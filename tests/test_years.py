"""Years, terms and working days (core.years) and a tenant's own school calendar."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from core import services
from core.models import AuditEvent
from core.selectors import school_calendar
from core.years import (
    AcademicYear,
    FinancialYear,
    SchoolCalendar,
    add_months,
    bank_holidays,
    clear_working_days_between,
    days_in_month,
    working_days_before,
)


def test_an_academic_year_runs_september_to_august_and_is_named_by_its_start():
    year = AcademicYear.of(date(2026, 3, 1))
    assert (year.start_year, year.start, year.end, year.label) == (
        2025, date(2025, 9, 1), date(2025, 8, 31).replace(year=2026), "2025/26")
    assert AcademicYear.of(date(2025, 9, 1)) == year
    assert AcademicYear.of(date(2025, 8, 31)) == AcademicYear(2024)
    assert AcademicYear(2099).label == "2099/00"
    assert not year.has_ended(date(2026, 8, 30)) and year.has_ended(date(2026, 8, 31))


def test_a_financial_year_runs_april_to_march_and_an_academic_year_spans_two():
    assert FinancialYear.of(date(2026, 3, 31)) == FinancialYear(2025)
    assert FinancialYear.of(date(2026, 4, 1)).label == "2026-27"
    assert [(fy.label, months) for fy, months in AcademicYear(2025).financial_years()] == [
        ("2025-26", 7), ("2026-27", 5)]


@pytest.mark.parametrize(("year", "february"), [(2024, 29), (2025, 28), (2000, 29), (1900, 28)])
def test_february_has_29_days_only_in_leap_years(year, february):
    assert days_in_month(year, 2) == february
    assert add_months(date(year, 1, 31), 1) == date(year, 2, february)


def test_days_in_month_agrees_with_the_calendar_for_every_month_of_four_centuries():
    import calendar

    assert all(days_in_month(year, month) == calendar.monthrange(year, month)[1]
               for year in range(1800, 2201) for month in range(1, 13))


def test_adding_months_crosses_years_both_ways():
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2026, 3, 15), -4) == date(2025, 11, 15)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_the_default_calendar_is_six_half_terms_in_three_terms():
    calendar = SchoolCalendar.default(AcademicYear(2025))
    assert calendar.half_term_starts == [date(2025, 9, 1), date(2025, 11, 1), date(2026, 1, 1),
                                         date(2026, 2, 22), date(2026, 4, 15), date(2026, 6, 1)]
    assert [(t.name, t.starts_on, t.ends_on) for t in calendar.terms] == [
        ("autumn", date(2025, 9, 1), date(2025, 12, 31)),
        ("spring", date(2026, 1, 1), date(2026, 4, 14)),
        ("summer", date(2026, 4, 15), date(2026, 7, 20))]
    assert calendar.term_containing(date(2026, 3, 1)).name == "spring"
    assert calendar.term_containing(date(2025, 8, 1)) is None


def test_working_days_skip_weekends_and_englands_bank_holidays():
    # Christmas 2026: Friday 25 and Monday 28 December (Boxing Day substitute) are holidays.
    assert date(2026, 12, 25) in bank_holidays(date(2026, 12, 1), date(2026, 12, 31))
    # Between 23 and 30 December only Thursday 24 and Tuesday 29 are working days.
    assert clear_working_days_between(date(2026, 12, 23), date(2026, 12, 30)) == 2
    # Papers for a meeting on Monday 12 January 2026 go out by Friday 2 January (5 clear days:
    # 5, 6, 7, 8, 9 January).
    assert working_days_before(date(2026, 1, 12), 5) == date(2026, 1, 2)


TERM_DATES = [(date(2025, 9, 3), date(2025, 10, 24)), (date(2025, 11, 3), date(2025, 12, 19)),
              (date(2026, 1, 5), date(2026, 2, 13)), (date(2026, 2, 23), date(2026, 3, 27)),
              (date(2026, 4, 13), date(2026, 5, 22)), (date(2026, 6, 1), date(2026, 7, 22))]


@pytest.mark.django_db
def test_a_tenant_sets_its_own_half_terms_and_others_keep_the_default(personas, tenant_a,
                                                                       tenant_b):
    year = AcademicYear(2025)
    with scope(tenant=tenant_a):
        services.school_calendar_set(tenant=tenant_a, actor=personas["a"]["admin"], year=year,
                                     half_terms=TERM_DATES)
        assert AuditEvent.objects.filter(action="tenant.school_calendar").count() == 1
    own = school_calendar(tenant=tenant_a, year=year)
    assert (own.is_default, own.half_terms) == (False, tuple(TERM_DATES))
    assert own.teaching_ends == date(2026, 7, 22)
    assert school_calendar(tenant=tenant_b, year=year) == SchoolCalendar.default(year)
    assert school_calendar(tenant=tenant_a, year=year.shifted(1)).is_default


@pytest.mark.django_db
@pytest.mark.parametrize(("dates", "problem"), [
    (TERM_DATES[:5], "Give all six half-terms."),
    ([(date(2025, 8, 20), TERM_DATES[0][1]), *TERM_DATES[1:]], "Half-term 1: its dates must"),
    ([TERM_DATES[0], (date(2025, 10, 20), date(2025, 12, 19)), *TERM_DATES[2:]],
     "Half-term 2: it starts before half-term 1 ends."),
    ([*TERM_DATES[:5], (date(2026, 7, 22), date(2026, 6, 1))],
     "Half-term 6: the last day is before the first."),
])
def test_wrong_half_terms_are_refused_naming_the_half_term(personas, tenant_a, dates, problem):
    with scope(tenant=tenant_a), pytest.raises(ValidationError) as refused:
        services.school_calendar_set(tenant=tenant_a, actor=personas["a"]["admin"],
                                     year=AcademicYear(2025), half_terms=dates)
    assert any(message.startswith(problem) for message in refused.value.messages)
    assert school_calendar(tenant=tenant_a, year=AcademicYear(2025)).is_default


@pytest.mark.django_db
def test_the_admin_sets_the_dates_on_the_settings_page(personas, client_for, tenant_a):
    this_year = AcademicYear.of(date.today())
    client = client_for(personas["a"]["admin"])
    page = client.get("/t/wiltshire/settings/school-calendar/")
    assert page.status_code == 200 and this_year.label in page.content.decode()
    shifted = [(start.replace(year=start.year + this_year.start_year - 2025),
                end.replace(year=end.year + this_year.start_year - 2025))
               for start, end in TERM_DATES]
    data = {}
    for number, (start, end) in enumerate(shifted, start=1):
        data[f"start_{number}"], data[f"end_{number}"] = start.isoformat(), end.isoformat()
    response = client.post("/t/wiltshire/settings/school-calendar/", data)
    assert response.status_code == 302
    assert school_calendar(tenant=tenant_a, year=this_year).half_terms == tuple(shifted)
    # The saved dates fill the form again, as a date input reads them.
    again = client.get("/t/wiltshire/settings/school-calendar/").content.decode()
    assert f'value="{shifted[2][0].isoformat()}"' in again
    data["end_6"] = ""
    response = client.post("/t/wiltshire/settings/school-calendar/", data)
    assert response.status_code == 400
    assert "Enter the date of half-term 6: last day." in response.content.decode()
