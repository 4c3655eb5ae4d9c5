"""Attendance that matters: each member's rate over the board's last N meetings held, and the
two-absences-without-apologies flag the clerk acts on; the meeting's calendar file."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope

from boards.models import AttendanceMode, Rsvp
from boards.selectors.attendance import board_attendance
from boards.services import boards as board_services
from boards.services import meetings as meeting_services
from tests.boards.conftest import attend, hold_meeting, person

pytestmark = pytest.mark.django_db

CHESIL = "Chesil alliance"


def row_for(board, label):
    with scope(tenant=board.tenant):
        record = board_attendance(board=board.board)
    return next(r for r in record.members if r.holding.seat.label == label), record


def meetings(board, count, first_days_ago=60):
    """`count` meetings held (the chair's attendance recorded), a week apart, oldest first."""
    return [hold_meeting(board, ago=timedelta(days=first_days_ago - 7 * n),
                         present=["Independent chair"]) for n in range(count)]


def test_the_rate_counts_meetings_attended_out_of_those_held_in_the_window(board):
    held = meetings(board, 4)
    attend(board, held[0], CHESIL)
    attend(board, held[1], CHESIL, mode=AttendanceMode.REMOTE)  # remote is attending
    attend(board, held[2], CHESIL, mode=AttendanceMode.APOLOGIES, reason="Ofsted")
    attend(board, held[3], CHESIL, substitute=True)
    row, _ = row_for(board, CHESIL)
    assert (row.expected, row.attended, row.apologies, row.sent_substitute, row.absent) == (
        4, 2, 1, 1, 0)
    assert row.rate == 50
    # Cancelled meetings, and meetings whose attendance is not recorded, are left out.
    cancelled = hold_meeting(board, ago=timedelta(days=2))
    meeting_services.meeting_cancel(tenant=board.tenant, actor=board.actor, meeting=cancelled,
                                    reason="Snow")
    unrecorded = hold_meeting(board, ago=timedelta(days=1))
    row, _ = row_for(board, CHESIL)
    assert (row.expected, row.attended, row.rate) == (4, 2, 50)
    # Recording its attendance makes it held: the member was absent.
    attend(board, unrecorded, CHESIL, mode=AttendanceMode.ABSENT)
    row, _ = row_for(board, CHESIL)
    assert (row.expected, row.attended, row.absent, row.rate) == (5, 2, 1, 40)
    board_services.board_update(tenant=board.tenant, actor=board.actor, board=board.board,
                                attendance_window=2)
    board.board.refresh_from_db()
    row, record = row_for(board, CHESIL)
    assert [m.pk for m in record.meetings] == [held[3].pk, unrecorded.pk]
    assert (row.expected, row.attended, row.rate) == (2, 0, 0)


def test_a_member_counts_only_at_meetings_held_while_they_held_the_seat(board):
    held = meetings(board, 3, first_days_ago=30)
    with scope(tenant=board.tenant):
        seat = board_services.seat_create(tenant=board.tenant, actor=board.actor,
                                          board=board.board, label="New seat")
        newcomer = person(board.tenant, "New Head")
    board_services.seat_holding_add(tenant=board.tenant, actor=board.actor, seat=seat,
                                    holder=newcomer, start_date=date.today() - timedelta(days=20))
    row, _ = row_for(board, "New seat")
    assert [m.pk for m, _ in row.record] == [held[2].pk]
    assert (row.expected, row.rate) == (1, 0)


def test_two_meetings_in_a_row_missed_without_apologies_are_flagged(board, client_for):
    held = meetings(board, 3)
    attend(board, held[0], CHESIL)
    attend(board, held[1], CHESIL, mode=AttendanceMode.ABSENT)
    # held[2]: nothing recorded for the member — absent, no apologies sent.
    row, record = row_for(board, CHESIL)
    assert [m.pk for m in row.consecutive_absences] == [held[1].pk, held[2].pk]
    assert [r.holding.seat.label for r in record.flagged if r.holding.seat.label == CHESIL]
    body = client_for(board.clerk.user).get(
        f"/t/wiltshire/boards/{board.board.pk}/members/").content.decode()
    assert 'data-testid="absence-flag"' in body and "Chesil Head" in body
    # The clerk sees it on the board's page too; a member of the board does not.
    page = f"/t/wiltshire/boards/{board.board.pk}/"
    assert 'data-testid="absence-flags"' in client_for(board.clerk.user).get(page).content.decode()
    member = client_for(board.members["Purbeck alliance"].user)
    assert 'data-testid="absence-flags"' not in member.get(page).content.decode()
    assert 'data-testid="attendance"' not in member.get(page + "members/").content.decode()


@pytest.mark.parametrize("excuse", ["apologies_on_the_day", "rsvp_apologies", "substitute"])
def test_sending_apologies_or_the_substitute_is_not_flagged(board, excuse):
    held = meetings(board, 2)
    if excuse == "apologies_on_the_day":
        attend(board, held[1], CHESIL, mode=AttendanceMode.APOLOGIES, reason="Illness")
    elif excuse == "rsvp_apologies":
        # Sent before the meeting (the service refuses an RSVP once it has started).
        with scope(tenant=board.tenant):
            Rsvp.objects.create(tenant=board.tenant, meeting=held[1], seat=board.seats[CHESIL],
                                answer="apologies")
    else:
        attend(board, held[1], CHESIL, substitute=True)
    row, _ = row_for(board, CHESIL)
    assert row.count("absent") == 1 and row.consecutive_absences == []


def test_a_cancelled_meeting_between_two_absences_does_not_break_the_run(board):
    first = hold_meeting(board, ago=timedelta(days=30), present=["Independent chair"])
    cancelled = hold_meeting(board, ago=timedelta(days=20))
    meeting_services.meeting_cancel(tenant=board.tenant, actor=board.actor, meeting=cancelled,
                                    reason="Snow")
    last = hold_meeting(board, ago=timedelta(days=10), present=["Independent chair"])
    row, _ = row_for(board, CHESIL)
    assert [m.pk for m in row.consecutive_absences] == [first.pk, last.pk]


def test_attendance_costs_the_same_queries_however_many_members_and_meetings(board,
                                                                             client_for):
    client = client_for(board.clerk.user)
    page = f"/t/wiltshire/boards/{board.board.pk}/members/"
    held = meetings(board, 2)
    attend(board, held[0], CHESIL)
    client.get(page)

    def measure() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        return len(captured)

    before = measure()
    with scope(tenant=board.tenant):
        for n in range(3):
            seat = board_services.seat_create(tenant=board.tenant, actor=board.actor,
                                              board=board.board, label=f"Extra {n}")
            board_services.seat_holding_add(tenant=board.tenant, actor=board.actor, seat=seat,
                                            holder=person(board.tenant, f"Extra Head {n}"),
                                            start_date=date(2024, 9, 1))
    for later in meetings(board, 3, first_days_ago=20):
        attend(board, later, CHESIL)
        attend(board, later, "Purbeck alliance", mode=AttendanceMode.APOLOGIES, reason="x")
    assert measure() == before


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_the_meeting_calendar_file_is_one_utc_event_with_a_stable_uid(board, client_for):
    meeting = hold_meeting(board, ago=timedelta(days=-10))
    meeting_services.meeting_update(
        tenant=board.tenant, actor=board.actor, meeting=meeting, starts_at=meeting.starts_at,
        duration_minutes=90, location="Committee Room 2; County Hall, Dorchester",
        remote_link="Teams: " + "x" * 120)
    url = f"/t/wiltshire/boards/{board.board.pk}/meetings/{meeting.pk}/meeting.ics"
    client = client_for(board.members[CHESIL].user)
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"].startswith("text/calendar")
    raw = first.content.decode()
    assert raw.endswith("\r\n")
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    lines = unfold(raw)
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1
    fields = dict(line.split(":", 1) for line in lines if ":" in line)
    starts = meeting.starts_at.astimezone(__import__("datetime").UTC)
    assert fields["DTSTART"] == starts.strftime("%Y%m%dT%H%M%SZ")
    assert fields["DTEND"] == (starts + timedelta(minutes=90)).strftime("%Y%m%dT%H%M%SZ")
    assert re.fullmatch(r"\d{8}T\d{6}Z", fields["DTSTAMP"])
    assert fields["LOCATION"].startswith("Committee Room 2\\; County Hall\\, Dorchester")
    assert fields["SUMMARY"] == "School Improvement Board meeting"
    uid = fields["UID"]
    again = dict(line.split(":", 1) for line in unfold(client.get(url).content.decode())
                 if ":" in line)
    assert again["UID"] == uid == f"board-meeting-{meeting.pk}@testserver"
    # The meeting page links to it; non-members of the board may not have it.
    page = client.get(f"/t/wiltshire/boards/{board.board.pk}/meetings/{meeting.pk}/")
    assert "meeting.ics" in page.content.decode()
    with scope(tenant=board.tenant):
        outsider = person(board.tenant, "Other Head")
    assert client_for(outsider.user).get(url).status_code == 403


def test_folding_never_splits_a_character():
    from boards.ics import fold

    folded = fold("DESCRIPTION:" + "é" * 80)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + "é" * 80


def test_the_chair_is_waited_on_with_a_draft_letter_to_the_nominating_group(board, client_for):
    from boards.models import Seat
    from boards.notifications import SOURCE

    with scope(tenant=board.tenant):
        Seat.objects.filter(pk=board.seats[CHESIL].pk).update(
            nominating_group="the Chesil alliance's headteachers")
    held = meetings(board, 2)
    for meeting in held:  # everyone else came
        for label in ("Purbeck alliance", "Blackmore Vale alliance", "Local authority"):
            attend(board, meeting, label)
    attend(board, held[0], CHESIL, mode=AttendanceMode.ABSENT)
    with scope(tenant=board.tenant):
        chair_waits = [item.text for item in SOURCE.waiting(board.chair, frozenset())]
        member_waits = SOURCE.waiting(board.members["Purbeck alliance"], frozenset())
    assert chair_waits == [
        "School Improvement Board: Chesil Head (Chesil alliance) missed two meetings in a row "
        "without apologies: write to the Chesil alliance's headteachers"]
    assert member_waits == []
    body = client_for(board.chair.user).get(
        f"/t/wiltshire/boards/{board.board.pk}/members/").content.decode()
    assert "Draft letter to the Chesil alliance&#x27;s headteachers" in body
    assert "Dear colleagues of the Chesil alliance&#x27;s headteachers" in body
    # The page gives the local (UK) dates: late in a UTC evening they are the next day's.
    first, second = (timezone.localtime(meeting.starts_at) for meeting in held)
    assert f"meetings of {first:%-d %B %Y} and {second:%-d %B %Y}" in body
    assert "Ruth Ellery<br>Chair, School Improvement Board" in body
