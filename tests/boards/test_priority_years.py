"""Priorities per academic year: the board page shows this year's with the actions serving
each; earlier years' on request (a page per year); the chair and clerk set them, members read;
a title is unique within a year only; the API reads one year; the pack shows the meeting's
year's."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope

from boards.models import BoardPriority
from boards.selectors.actions import year_priorities
from boards.services import actions as services
from core.years import AcademicYear
from tests.boards.test_actions import new_action, url

pytestmark = pytest.mark.django_db

THIS = AcademicYear.of(timezone.localdate())
LAST = THIS.shifted(-1)


def priority(board, title, year=THIS, **extra):
    return services.priority_create(tenant=board.tenant, actor=board.clerk.user,
                                    board=board.board, title=title,
                                    academic_year=year.start_year, **extra)


def test_a_priority_belongs_to_the_year_of_its_start_date_or_the_one_given(board):
    by_date = services.priority_create(tenant=board.tenant, actor=board.clerk.user,
                                       board=board.board, title="Reading",
                                       start_date=LAST.start + timedelta(days=30))
    assert by_date.academic_year == LAST.start_year
    ahead = priority(board, "Writing", THIS.shifted(1))
    # Next year's starts on its first day unless a date is given.
    assert ahead.start_date == THIS.shifted(1).start
    with pytest.raises(ValidationError, match="out of reach"):
        priority(board, "Maths", THIS.shifted(-3))
    with pytest.raises(ValidationError, match="starts by"):
        priority(board, "Maths", LAST, start_date=THIS.start + timedelta(days=2))


def test_the_same_area_of_focus_may_come_back_next_year_but_not_twice_in_one(board):
    priority(board, "Leadership and Governance", LAST)
    again = priority(board, "Leadership and Governance", THIS)
    assert again.academic_year == THIS.start_year
    with pytest.raises(ValidationError, match=f"already has the priority .* in {THIS.label}"):
        priority(board, "leadership and governance", THIS)
    # Moving last year's into this year would make two in one year: refused.
    old = BoardPriority.objects.get(board=board.board, academic_year=LAST.start_year)
    with pytest.raises(ValidationError, match="already has"):
        services.priority_update(tenant=board.tenant, actor=board.clerk.user, priority=old,
                                 academic_year=THIS.start_year)


def test_priorities_move_up_within_their_year_only(board):
    priority(board, "Attendance", LAST)
    first = priority(board, "Reading")
    with pytest.raises(ValidationError, match="already first"):
        services.priority_move_up(tenant=board.tenant, actor=board.clerk.user, priority=first)


def test_the_board_page_shows_this_years_priorities_with_their_actions(board, client_for):
    old = priority(board, "Attendance MARK-OLD", LAST)
    reading = priority(board, "Reading MARK-NOW")
    priority(board, "Disadvantaged Learners")
    served = new_action(board, priority=reading)
    services.action_update(tenant=board.tenant, actor=board.clerk.user, action=served,
                           description="Audit phonics MARK-ACTION")
    member = client_for(board.members["Chesil alliance"].user)
    body = member.get(url(board)).content.decode()
    assert f"Priorities for {THIS.label}" in body
    assert "Reading MARK-NOW" in body and "MARK-ACTION" in body
    assert "Actions for Reading MARK-NOW: 1 open of 1" in body
    assert "Disadvantaged Learners" in body and "No actions serve this priority" in body
    assert "MARK-OLD" not in body
    # Earlier years on request.
    earlier = member.get(url(board, f"priorities/?year={LAST.start_year}")).content.decode()
    assert "MARK-OLD" in earlier and "MARK-NOW" not in earlier
    assert f"Priorities for {LAST.label}" in earlier
    years = member.get(url(board, "priorities/")).content.decode()
    assert f"?year={LAST.start_year}" in years and "MARK-NOW" in years
    # A member reads but sets nothing.
    assert "Add a priority" not in body
    assert member.get(url(board, f"priorities/{old.pk}/edit/")).status_code == 403
    assert member.post(url(board, "priorities/add/"), {
        "title": "Mine", "academic_year": THIS.start_year}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.priority_create(tenant=board.tenant,
                                 actor=board.members["Chesil alliance"].user,
                                 board=board.board, title="Mine")


@pytest.mark.parametrize("year", ["abc", "-1", "0", "99999999999999999999", ""])
def test_a_bad_year_shows_this_years_priorities(board, client_for, year):
    priority(board, "Reading MARK-NOW")
    answer = client_for(board.clerk.user).get(url(board, f"priorities/?year={year}"))
    assert answer.status_code == 200 and "MARK-NOW" in answer.content.decode()


def test_the_clerk_adds_next_years_priority_through_the_form(board, client_for):
    clerk = client_for(board.clerk.user)
    page = clerk.get(url(board, "priorities/add/")).content.decode()
    assert f'value="{THIS.shifted(1).start_year}"' in page
    made = clerk.post(url(board, "priorities/add/"), {
        "title": "Writing", "academic_year": THIS.shifted(1).start_year})
    assert made.status_code == 302
    assert made.url.endswith(f"priorities/?year={THIS.shifted(1).start_year}")
    refused = clerk.post(url(board, "priorities/add/"), {
        "title": "Writing", "academic_year": THIS.shifted(-4).start_year})
    assert refused.status_code == 400 and "Academic year" in refused.content.decode()
    with scope(tenant=board.tenant):
        assert BoardPriority.objects.get(title="Writing").academic_year == \
            THIS.shifted(1).start_year


def test_the_year_page_queries_do_not_grow_with_priorities_and_actions(board, client_for):
    clerk = client_for(board.clerk.user)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert clerk.get(url(board, "priorities/")).status_code == 200
        return len(queries)

    first = priority(board, "Reading")
    new_action(board, priority=first)
    few = count()
    for n in range(3):
        more = priority(board, f"Priority {n}")
        new_action(board, priority=more)
        new_action(board, priority=more)
    assert count() == few


def test_year_priorities_groups_the_actions_under_their_priority(board):
    reading, maths = priority(board, "Reading"), priority(board, "Maths")
    late = new_action(board, priority=maths, due_in=-3)
    soon = new_action(board, priority=maths, due_in=2)
    rows = year_priorities(board=board.board, year=THIS)
    assert [row.priority for row in rows] == [reading, maths]
    assert rows[0].actions == []
    assert [r.action for r in rows[1].actions] == [late, soon]
    assert [r.is_overdue for r in rows[1].actions] == [True, False]


def test_the_api_reads_one_years_priorities_and_creates_for_a_year(board, client_for):
    priority(board, "Attendance", LAST)
    priority(board, "Reading")
    clerk = client_for(board.clerk.user)
    base = f"/api/t/wiltshire/boards/{board.board.pk}/priorities/"
    assert [p["title"] for p in clerk.get(base, {"year": LAST.start_year}).json()["results"]] \
        == ["Attendance"]
    assert [p["academic_year"] for p in clerk.get(base).json()["results"]] == [
        THIS.start_year, LAST.start_year]
    assert clerk.get(base, {"year": "x"}).status_code == 400
    made = clerk.post(base, {"title": "Writing", "academic_year": THIS.shifted(1).start_year},
                      content_type="application/json")
    assert made.status_code == 201 and made.json()["academic_year"] == THIS.shifted(1).start_year
    refused = clerk.post(base, {"title": "Old", "academic_year": 1990},
                         content_type="application/json")
    assert refused.status_code == 400 and "academic_year" in refused.json()


def test_the_migration_gives_existing_priorities_the_year_of_their_start_date():
    from importlib import import_module
    migration = import_module("boards.migrations.0007_priority_academic_year")

    class Row:
        def __init__(self, day):
            self.pk, self.start_date = 1, day
    seen = {}

    class Manager:
        def all(self):
            return self

        def only(self, *names):
            return [Row(date(2025, 8, 31))]

        def filter(self, pk):
            class Update:
                def update(self, academic_year):
                    seen[pk] = academic_year
            return Update()

    class Model:
        objects = Manager()

    class Apps:
        def get_model(self, app, name):
            return Model

    migration.year_from_start(Apps(), None)
    assert seen == {1: 2024}
