"""The demo hubs' own business, on the boards engine (a hub is a board, issue 12): priorities
for every hub; for a busy one also meetings (two held, with their agenda, attendance and a note;
one ahead; sometimes one cancelled) and actions in every state with their updates.

Everything goes through `boards.services` as the hub chair, so the rules hold (the chair runs
the hub through the chair's seat) and every write has its audit row. Dates are counted from
today, so the hub pages always show recent and coming meetings.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from boards.models import AttendanceMode, Board, Seat
from boards.services import actions as action_services
from boards.services import meetings as meeting_services
from boards.services import notes as note_services
from core.models import Membership, Tenant
from core.years import AcademicYear
from demo.dates import working_day_on_or_before
from schools.selectors import school_of

PRIORITIES = [
    ("Disadvantaged learners", "Close the gap for disadvantaged pupils, starting with reading "
                               "and attendance in years 3 to 6."),
    ("Reading", "Every child reading fluently by the end of year 2: shared phonics training and "
                "a reading leads' network."),
    ("Attendance", "Persistent absence back below pre-pandemic levels: shared family workers "
                   "and one attendance policy."),
]
ACTIONS = [
    # (priority index, description, owner is the chair?, owner name, days from today due,
    #  [(status, note)])
    (0, "Audit pupil premium spending in each school against the EEF guide and share the "
        "findings at the next meeting.", True, "", 21,
     [("in_progress", "Five of the schools have sent their audits.")]),
    (1, "Book the phonics trainer for a shared INSET day in the spring term.", False,
     "English hub lead", -14, [("done", "Booked for 6 January; all schools have places.")]),
    (2, "Share the attendance dashboards of every school each half-term.", False,
     "Education welfare officer", 35, []),
    (1, "Set up a reading leads' network meeting every half-term.", True, "", -30,
     [("in_progress", "First meeting held."), ("done", "Meets every half-term from now.")]),
    (0, "Visit a school with a narrow disadvantage gap outside the hub.", False,
     "Link adviser", -7,
     [("cancelled", "Replaced by the trust's open day, which all heads attended.")]),
]
NOTES = [
    "Heads shared their pupil premium strategies; three schools will pilot the tutoring model. "
    "Attendance figures for the autumn term were reviewed against last year.",
    "Agreed the hub's priorities for the year. The adviser presented the categorisation results "
    "and the support on offer; the chair will circulate the action log.",
]
HELD_AGENDA = ["Data and categories", "Priorities: progress", "Actions", "Any other business"]
NEXT_AGENDA = ["Spring term data", "Reading network", "Attendance: shared family worker"]


def _at(day: date, hour: int = 15, minute: int = 30) -> datetime:
    """After school on `day`, or on the working day before it (never a weekend or a bank
    holiday)."""
    return timezone.make_aware(datetime.combine(working_day_on_or_before(day),
                                                time(hour, minute)))


def hub_activity(*, tenant: Tenant, board: Board, chair: Membership, rng: random.Random,
                 today: date, busy: bool, cancelled: bool) -> None:
    """Priorities for every hub; for a busy one also meetings with notes and actions."""
    user = chair.user
    year = AcademicYear.of(today)
    chosen = rng.sample(PRIORITIES, 3 if busy else 2)
    priorities = [
        action_services.priority_create(tenant=tenant, actor=user, board=board, title=title,
                                        description=text, academic_year=year.start_year)
        for title, text in chosen
    ]
    if not busy:
        return
    last_year = year.shifted(-1)
    achieved = action_services.priority_create(
        tenant=tenant, actor=user, board=board, title="Early years transition",
        description="A shared transition pack from nursery to reception.",
        academic_year=last_year.start_year)
    action_services.priority_end(tenant=tenant, actor=user, priority=achieved,
                                 reason="Achieved: every school uses the pack.",
                                 end_date=date(last_year.start_year + 1, 7, 18))
    school = school_of(chair)
    assert school is not None  # a hub's chair heads a member school
    own_seat = Seat.objects.get(board=board, school=school)
    meetings = []
    for weeks_ago, note in ((10, NOTES[1]), (4, NOTES[0])):
        meeting = meeting_services.meeting_create(
            tenant=tenant, actor=user, board=board, duration_minutes=90,
            starts_at=_at(today - timedelta(weeks=weeks_ago)),
            location=f"Staff room, {school.establishment.name}")
        items = [meeting_services.agenda_item_create(tenant=tenant, actor=user, meeting=meeting,
                                                     title=title) for title in HELD_AGENDA]
        meeting_services.attendance_record(tenant=tenant, actor=user, meeting=meeting,
                                           seat=own_seat, person=chair,
                                           mode=AttendanceMode.IN_PERSON)
        note_services.note_add(tenant=tenant, actor=user, meeting=meeting, text=note)
        meetings.append((meeting, items))
    if cancelled:
        meeting = meeting_services.meeting_create(
            tenant=tenant, actor=user, board=board, duration_minutes=60,
            remote_link="Online: the hub's Teams channel",
            starts_at=_at(today - timedelta(weeks=7), 16, 0))
        meeting_services.agenda_item_create(tenant=tenant, actor=user, meeting=meeting,
                                            title="Attendance data")
        meeting_services.meeting_cancel(
            tenant=tenant, actor=user, meeting=meeting,
            reason="Clashed with the county moderation day; items moved to the next meeting.")
    venue = board.name.removesuffix(" Hub")
    ahead = meeting_services.meeting_create(
        tenant=tenant, actor=user, board=board, duration_minutes=90,
        starts_at=_at(today + timedelta(weeks=3)), location=f"{venue} Library meeting room")
    for title in NEXT_AGENDA:
        meeting_services.agenda_item_create(tenant=tenant, actor=user, meeting=ahead,
                                            title=title)
    by_title = {priority.title: priority for priority in priorities}
    for index, description, by_chair, owner_name, due, updates in ACTIONS:
        _, items = meetings[-1] if due > 0 else meetings[0]
        action = action_services.action_create(
            tenant=tenant, actor=user, board=board, description=description,
            priority=by_title.get(PRIORITIES[index][0]), item=items[2],
            owner=chair if by_chair else None, owner_name=owner_name,
            due_date=today + timedelta(days=due))
        for status, note in updates:
            action_services.action_progress(tenant=tenant, actor=user, action=action,
                                            status=status, note=note)
