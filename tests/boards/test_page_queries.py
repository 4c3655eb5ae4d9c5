"""The pages of a meeting cost the same queries however many people attended it, and a board's
own access check reads only the seats (issue 16: the board pages on a 1,000-school council)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from boards.permissions import BOARD_READ, BOARD_RUN, board_access
from core import grants
from core.models import Membership
from tests.boards.conftest import ALLIANCES, attend, hold_meeting

pytestmark = pytest.mark.django_db


def _count(client, page: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page).status_code == 200
    return len(captured)


def test_a_meetings_pages_cost_the_same_queries_however_many_attended(board, client_for):
    from boards.services import meetings as meeting_services

    meeting = hold_meeting(board, present=["Independent chair"])
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Attendance")
    base = f"/t/{board.tenant.slug}/boards/{board.board.pk}/meetings/{meeting.pk}/"
    pages = [base, f"{base}items/{item.pk}/presence/", f"{base}attendance/"]
    client = client_for(board.clerk.user)
    for page in pages:
        client.get(page)
    before = {page: _count(client, page) for page in pages}
    for alliance in ALLIANCES:
        attend(board, meeting, f"{alliance} alliance")
    attend(board, meeting, "Local authority")
    assert {page: _count(client, page) for page in pages} == before


def test_only_the_seats_grant_a_board_so_the_access_check_reads_them_alone(board):
    people = [board.chair, board.clerk, *board.members.values(), *board.substitutes.values(),
              board.officer]
    # Every other holder, for every person with a seat: none grants anything on a board.
    for key, holder in grants._holders.items():
        if key == "boards.seat":
            continue
        for held in holder(people, timezone.localdate()).values():
            assert not [g for g in held if g.permission in (BOARD_READ, BOARD_RUN)], key
    member = Membership.objects.get(pk=board.members["Chesil alliance"].pk)
    with CaptureQueriesContext(connection) as captured:
        access = board_access(membership=member, board=board.board)
    assert access.can_read and not access.can_run and access.is_member
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert tables.count('FROM "boards_seatholding"') == 1
    assert not [app for app in ("support_", "partnerships_", "categorisation_") if app in tables]
    clerk = Membership.objects.get(pk=board.clerk.pk)
    assert board_access(membership=clerk, board=board.board).can_run


def test_the_board_page_counts_attendance_from_what_it_read_as_the_selector_does(board):
    from datetime import timedelta

    from boards.selectors.attendance import board_attendance
    from boards.selectors.boards import board_page
    from boards.services import meetings as meeting_services

    held = [hold_meeting(board, ago=timedelta(days=80 - 7 * n), present=["Independent chair"])
            for n in range(board.board.attendance_window + 3)]
    attend(board, held[-1], "Chesil alliance")
    attend(board, held[-2], "Purbeck alliance", mode="apologies", reason="Ofsted")
    hold_meeting(board, ago=timedelta(days=-7))  # still to come
    meeting_services.meeting_cancel(tenant=board.tenant, actor=board.actor, reason="Snow",
                                    meeting=hold_meeting(board, ago=timedelta(days=-14)))
    page = board_page(board=board.board, access=None)  # type: ignore[arg-type]
    alone, reused = board_attendance(board=board.board), board_attendance(board=board.board,
                                                                          page=page)
    assert [m.pk for m in reused.meetings] == [m.pk for m in alone.meetings]
    assert len(alone.meetings) == board.board.attendance_window
    assert [(row.holding.pk, [(m.pk, outcome) for m, outcome in row.record])
            for row in reused.members] == [
        (row.holding.pk, [(m.pk, outcome) for m, outcome in row.record])
        for row in alone.members]
    assert [row.holding.pk for row in reused.flagged] == [row.holding.pk for row in alone.flagged]
    assert alone.members and alone.flagged
