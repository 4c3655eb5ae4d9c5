"""The boards' lists taken away: the boards, a board's actions and its members, each as CSV
and XLSX holding the page's rows, for those who may read the page only."""

from datetime import timedelta

import pytest
from django.utils.html import escape

from boards.services import actions as services
from core.exports import neutralise
from tests.boards.test_actions import TODAY
from tests.downloads import downloaded, page_rows

pytestmark = pytest.mark.django_db


def new_action(board, *, description="Map reading support", due_in=14, **values):
    if "owner_name" not in values:
        values["owner"] = board.members["Chesil alliance"]
    return services.action_create(tenant=board.tenant, actor=board.clerk.user,
                                  board=board.board, description=description,
                                  due_date=TODAY() + timedelta(days=due_in), **values)


def test_the_boards_list_downloads_the_rows_it_shows(board, client_for):
    client = client_for(board.officer.user)
    html = client.get("/t/wiltshire/boards/").content.decode()
    rows = downloaded(client, "/t/wiltshire/boards/", html)
    shown = page_rows(html, "table-0")
    assert [(r["Board"], r["Seats"], r["Meetings"]) for r in rows] == [
        (cells[0], int(cells[2]), int(cells[3])) for cells in shown]
    assert rows[0]["Seats"] == 6  # the fixture's six seats, a number in the XLSX


def test_a_boards_actions_download_holds_the_open_and_the_closed(board, client_for):
    first = new_action(board, due_in=3)
    new_action(board, owner_name="=HYPERLINK(\"x\")", due_in=-2,
               description="-1 overdue reading plan")
    done = new_action(board, due_in=30, description="Governor training")
    services.action_progress(tenant=board.tenant, actor=board.clerk.user, action=done,
                             status="done", note="Held in June")
    client = client_for(board.chair.user)
    url = f"/t/wiltshire/boards/{board.board.pk}/actions/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    shown = page_rows(html, "open-actions")
    open_rows = [r for r in rows if r["Progress"] not in ("Done", "Cancelled")]
    assert [(r["Action"], r["Owner"]) for r in open_rows] == [
        (neutralise(cells[0].split("\n")[0].strip()), neutralise(cells[1])) for cells in shown]
    # Text a spreadsheet would run is neutralised in both formats.
    assert "'-1 overdue reading plan" in [r["Action"] for r in rows]
    assert "'=HYPERLINK(\"x\")" in [r["Owner"] for r in rows]
    assert [r["Action"] for r in rows if r["Progress"] == "Done"] == ["Governor training"]
    assert escape("Governor training") in html  # listed below the table on the page
    assert first.description in [r["Action"] for r in open_rows]


def test_a_boards_members_download_lists_who_holds_each_seat(board, client_for):
    client = client_for(board.members["Chesil alliance"].user)
    url = f"/t/wiltshire/boards/{board.board.pk}/members/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    assert len(rows) == html.count("<li>") - html.count("<li><a")  # one per person listed
    for row in rows:
        assert escape(f"{row['Member']}, {row['Seat']}") in html
    assert {"Ruth Ellery", "Chesil Deputy", "Colin Clerk"} <= {r["Member"] for r in rows}


def test_a_person_who_may_not_read_the_board_may_not_download_it(board, client_for, personas):
    viewer = personas["a"]["viewer"]
    for suffix in ("actions/export/?format=csv", "members/export/?format=xlsx"):
        response = client_for(viewer).get(f"/t/wiltshire/boards/{board.board.pk}/{suffix}")
        assert response.status_code in (403, 404)
    other = client_for(personas["b"]["officer"])
    assert other.get(f"/t/wiltshire/boards/{board.board.pk}/actions/export/").status_code == 404


def test_the_downloads_issue_the_same_queries_however_many_actions_and_members(
        board, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scope

    from boards.services import boards as board_services
    from tests.boards.conftest import START, hold_meeting, person

    client = client_for(board.officer.user)
    new_action(board)
    urls = [f"/t/wiltshire/boards/{board.board.pk}/{suffix}export/?format={file_format}"
            for suffix in ("actions/", "members/", "") for file_format in ("csv", "xlsx")]
    urls += [f"/t/wiltshire/boards/export/?format={file_format}"
             for file_format in ("csv", "xlsx")]

    def measure() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    client.get(urls[0])
    before = measure()
    with scope(tenant=board.tenant):
        for n in range(4):
            new_action(board, description=f"Action {n}", owner_name=f"Someone {n}")
            seat = board_services.seat_create(tenant=board.tenant, actor=board.actor,
                                              board=board.board, label=f"Extra seat {n}")
            board_services.seat_holding_add(tenant=board.tenant, actor=board.actor, seat=seat,
                                            holder=person(board.tenant, f"Extra Head {n}"),
                                            start_date=START)
            board_services.board_create(tenant=board.tenant, actor=board.actor,
                                        name=f"Board {n}")
            hold_meeting(board, ago=timedelta(days=n + 2))
    assert measure() == before


def test_a_boards_meetings_download_as_the_board_page_lists_them(board, client_for):
    from django.utils import timezone

    from boards.services import meetings as meeting_services
    from tests.boards.conftest import at, hold_meeting

    held = hold_meeting(board)
    meeting_services.meeting_create(tenant=board.tenant, actor=board.actor, board=board.board,
                                    starts_at=at(20), location="@ Online, link to follow")
    client = client_for(board.chair.user)
    url = f"/t/wiltshire/boards/{board.board.pk}/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    assert [(r["Meeting"], r["Where"]) for r in rows] == [
        ("Coming up", "'@ Online, link to follow"), ("Held", "County Hall, Dorchester")]
    assert rows[1]["Starts"] == timezone.localtime(held.starts_at).replace(
        tzinfo=None, microsecond=0)
    assert f"{url}export/?format=csv" in html


def test_a_meetings_decisions_download_with_their_counts(board, client_for, personas):
    from boards.models import Decision
    from boards.services import decisions as decision_services
    from tests.boards.test_decisions import EVERYONE, motion, vote

    meeting = hold_meeting_now(board)
    decision = motion(board, meeting, text="=That the board commissions maths support.")
    for label in ("Independent chair", "Chesil alliance", "Purbeck alliance"):
        vote(board, decision, board.members[label])
    vote(board, decision, board.members["Local authority"], "against")
    decision_services.decision_close(tenant=board.tenant, actor=board.actor, decision=decision)
    client = client_for(board.members["Chesil alliance"].user)
    url = f"/t/wiltshire/boards/{board.board.pk}/meetings/{meeting.pk}/"
    html = client.get(url).content.decode()
    [row] = downloaded(client, url, html)
    assert (row["Motion"], row["Outcome"], row["For"], row["Against"], row["Seats present"]) == (
        "'=That the board commissions maths support.", Decision.Outcome.CARRIED.label, 3, 1,
        len(EVERYONE))
    assert escape("=That the board commissions maths support.") in html
    viewer = client_for(personas["a"]["viewer"])
    assert viewer.get(f"{url}export/").status_code == 403


def hold_meeting_now(board):
    from tests.boards.conftest import hold_meeting
    from tests.boards.test_decisions import EVERYONE

    return hold_meeting(board, present=EVERYONE)


def test_a_boards_register_of_interests_downloads_as_the_page_shows_it(board, client_for):
    import re
    from datetime import date
    from html import unescape

    from django_scopes import scopes_disabled

    from boards.models import InterestKind
    from boards.services import interests
    from core.models import AuditEvent
    from tests.boards.conftest import person

    head = board.members["Chesil alliance"]
    for description in ("Director of Chesil Teaching School", "=Shares in a provider"):
        interests.interest_register(tenant=board.tenant, actor=head.user, board=board.board,
                                    holder=head, kind=InterestKind.DISCLOSABLE_PECUNIARY,
                                    description=description)
    ended = interests.interest_register(tenant=board.tenant, actor=board.actor,
                                        board=board.board, holder=board.chair,
                                        kind=InterestKind.OTHER_REGISTRABLE,
                                        description="Trustee of a MAT",
                                        registered_on=date.today() - timedelta(days=10))
    interests.interest_end(tenant=board.tenant, actor=board.actor, interest=ended)
    client = client_for(board.members["Purbeck alliance"].user)  # a member reads it
    url = f"/t/wiltshire/boards/{board.board.pk}/interests/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    names = [unescape(name).strip() for name in re.findall(
        r'<section data-testid="register-entry">\s*<h2 class="govuk-heading-m">([^<]+)<', html)]
    assert list(dict.fromkeys(r["Member"] for r in rows)) == names  # every holder, in order
    by_member = {}
    for r in rows:
        by_member.setdefault(r["Member"], []).append((r["Interest"], r["Status"]))
    assert by_member[str(head.user)] == [("Director of Chesil Teaching School", "Current"),
                                         ("'=Shares in a provider", "Current")]
    assert by_member[str(board.chair.user)] == [("Trustee of a MAT", "Ended")]
    assert next(r for r in rows if r["Status"] == "Ended")["Ended"].date() == date.today()
    assert by_member[str(board.clerk.user)] == [("No interests registered", "")]
    with scopes_disabled():
        assert AuditEvent.objects.filter(tenant=board.tenant,
                                         action="board-interests.export").count() == 2
    outsider = client_for(person(board.tenant, "Nosy Head").user)
    page_status = outsider.get(url).status_code
    assert page_status in (403, 404)
    assert outsider.get(f"{url}export/").status_code == page_status
    assert client.post(f"{url}export/").status_code == 405
