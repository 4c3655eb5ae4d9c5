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


def test_the_boards_list_counts_each_boards_seats_and_meetings_on_its_own(board, client_for):
    """Counted over one join, a board's seats were multiplied by its meetings before the
    distinct; each is now counted in its own subquery. The list and its download agree with
    a count of each."""
    from datetime import timedelta

    from boards.models import Meeting, Seat
    from boards.selectors.boards import boards_for

    for days in (1, 8, 15):
        hold_meeting(board, ago=timedelta(days=days))
    seats = Seat.objects.filter(board=board.board).count()
    meetings = Meeting.objects.filter(board=board.board).count()
    assert (seats, meetings) == (6, 3)
    officer = Membership.objects.get(pk=board.officer.pk)
    [(listed, is_member)] = boards_for(membership=officer)
    assert (listed.seat_count, listed.meeting_count, is_member) == (seats, meetings, False)
    head = Membership.objects.select_related("tenant").get(
        pk=board.members["Purbeck alliance"].pk)
    with CaptureQueriesContext(connection) as captured:
        [(listed, is_member)] = boards_for(membership=head)
    assert (listed.seat_count, listed.meeting_count, is_member) == (seats, meetings, True)
    # The person's seats and the boards: no other holder of grants is asked.
    assert len(captured) == 2
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert not [app for app in ("support_", "partnerships_", "categorisation_") if app in tables]
    page = client_for(head.user).get(f"/t/{board.tenant.slug}/boards/")
    row = page.content.decode().split(board.board.name, 1)[1].split("</tr>", 1)[0]
    assert [cell.split("</td>")[0] for cell in row.split('numeric">')[1:]] == ["6", "3"]


def test_the_board_page_reads_the_years_and_the_open_actions_at_once(board, client_for):
    """The year's priorities with their actions (closed ones too) and the open actions (of
    any year, or serving no priority) come from one read, as each would alone."""
    from boards.selectors.actions import open_actions, year_and_open_actions, year_priorities
    from boards.services import actions as services
    from core.years import AcademicYear

    year = AcademicYear.of(timezone.localdate())
    priority = services.priority_create(tenant=board.tenant, actor=board.actor,
                                        board=board.board, title="Reading")
    done = services.action_create(tenant=board.tenant, actor=board.actor, board=board.board,
                                  description="Done for the priority", owner_name="Ann",
                                  priority=priority)
    services.action_progress(tenant=board.tenant, actor=board.actor, action=done,
                             status="done", note="Finished")
    services.action_create(tenant=board.tenant, actor=board.actor, board=board.board,
                           description="Open for the priority", owner_name="Ann",
                           priority=priority)
    services.action_create(tenant=board.tenant, actor=board.actor, board=board.board,
                           description="Open on its own", owner_name="Bob")
    actions = year_and_open_actions(board=board.board, year=year)

    def shown(rows):
        return [(row.priority.pk, [(a.action.pk, a.is_overdue) for a in row.actions])
                for row in rows]

    alone = year_priorities(board=board.board, year=year)
    assert shown(year_priorities(board=board.board, year=year, actions=actions)) == shown(alone)
    assert len(alone[0].actions) == 2
    alone_open = open_actions(board=board.board)
    assert ([row.action.pk for row in open_actions(board=board.board, actions=actions)]
            == [row.action.pk for row in alone_open])
    assert len(open_actions(board=board.board)) == 2
    with CaptureQueriesContext(connection) as captured:
        page = client_for(board.officer.user).get(f"/t/{board.tenant.slug}/boards/"
                                                  f"{board.board.pk}/")
    assert page.status_code == 200
    assert sum('FROM "boards_boardaction"' in q["sql"] for q in captured.captured_queries) == 1
    assert "Open on its own" in page.content.decode()
    # The actions page: open and closed from one read, as each would alone.
    from boards.selectors.actions import closed_actions, open_and_closed_actions

    both, closed = open_and_closed_actions(board=board.board)
    assert [row.action.pk for row in both] == [row.action.pk for row in alone_open]
    assert [action.pk for action in closed] == [a.pk for a in closed_actions(board=board.board)]
    assert [action.pk for action in closed] == [done.pk]
    base = f"/t/{board.tenant.slug}/boards/{board.board.pk}/"
    client = client_for(board.officer.user)
    for page_url in (f"{base}actions/", f"{base}priorities/"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url).status_code == 200
        sqls = [q["sql"] for q in captured.captured_queries]
        assert sum('FROM "boards_boardaction"' in sql for sql in sqls) <= 1, page_url
        assert sum('FROM "boards_boardpriority"' in sql for sql in sqls) <= 1, page_url
    years = client.get(f"{base}priorities/").content.decode()
    assert "Reading" in years and year.label in years


def test_the_meeting_page_reads_the_papers_in_the_pack_and_the_withdrawn_at_once(
        board, client_for):
    from boards.services import meetings as meeting_services
    from boards.services import papers as paper_services
    from tests.boards.conftest import at
    from tests.boards.test_paper_withdrawal import upload

    meeting = meeting_services.meeting_create(tenant=board.tenant, actor=board.actor,
                                              board=board.board, starts_at=at(7),
                                              location="County Hall")
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Reading")
    upload(board, item, "Kept paper", "KEPT")
    gone = upload(board, item, "Gone paper", "GONE")
    paper_services.paper_withdraw(tenant=board.tenant, actor=board.clerk.user, paper=gone,
                                  reason="Superseded")
    page = f"/t/{board.tenant.slug}/boards/{board.board.pk}/meetings/{meeting.pk}/"
    with CaptureQueriesContext(connection) as captured:
        html = client_for(board.clerk.user).get(page).content.decode()
    assert sum('FROM "boards_paper"' in q["sql"] for q in captured.captured_queries) == 1
    pack = html.split('data-testid="item-papers"', 1)[1].split("</ul>", 1)[0]
    withdrawn = html.split('data-testid="withdrawn-papers"', 1)[1].split("</ul>", 1)[0]
    assert "Kept paper" in pack and "Gone paper" not in pack
    assert "Gone paper" in withdrawn and "Superseded" in withdrawn
    member = client_for(board.members["Purbeck alliance"].user).get(page).content.decode()
    assert "Kept paper" in member and "Gone paper" not in member


def test_the_members_page_reads_the_terms_of_office_once_for_holders_and_attendance(
        board, client_for):
    from datetime import timedelta

    from boards.selectors.attendance import board_attendance
    from boards.selectors.interests import current_holdings

    for n in range(3):
        hold_meeting(board, ago=timedelta(days=30 - 7 * n), present=["Independent chair"])
    alone = board_attendance(board=board.board)
    reused = board_attendance(board=board.board, current=current_holdings(board=board.board))
    assert ([(row.holding.pk, [(m.pk, what) for m, what in row.record]) for row in reused.members]
            == [(row.holding.pk, [(m.pk, what) for m, what in row.record])
                for row in alone.members])
    # The chair and the three alliances and the LA vote; the clerk's seat has none.
    assert len(alone.members) == 5
    with CaptureQueriesContext(connection) as captured:
        page = client_for(board.clerk.user).get(f"/t/{board.tenant.slug}/boards/"
                                                f"{board.board.pk}/members/")
    assert page.status_code == 200
    assert sum('FROM "boards_seatholding"' in q["sql"]
               for q in captured.captured_queries) == 2  # the clerk's own seat, then the board's


def test_attendance_and_presence_pages_do_not_read_the_rsvps_they_do_not_show(board,
                                                                               client_for):
    from boards.services import meetings as meeting_services

    meeting = hold_meeting(board, present=["Independent chair", "Chesil alliance"])
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Reading")
    base = f"/t/{board.tenant.slug}/boards/{board.board.pk}/meetings/{meeting.pk}/"
    client = client_for(board.clerk.user)
    for page, shown in ((f"{base}attendance/", "Chesil Head"),
                        (f"{base}items/{item.pk}/presence/", "Chesil Head")):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page)
        assert response.status_code == 200
        assert shown in response.content.decode()
        assert not [q for q in captured.captured_queries if 'FROM "boards_rsvp"' in q["sql"]]
        # The quorum in the room, from who attended: two of the five voting seats.
        assert "2 voting seats represented" in client.get(f"{base}attendance/").content.decode()
