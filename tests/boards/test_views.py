"""Board pages and API: who reads and who runs a board (seats through core.grants), refusals as
a GOV.UK error summary and as the API's 400, and query counts that do not grow with rows."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from boards.permissions import BOARD_READ, BOARD_RUN, board_access
from boards.services import boards as board_services
from boards.services import decisions as decision_services
from boards.services import meetings as meeting_services
from core.grants import grants_of, may
from tests.boards.conftest import ALLIANCES, hold_meeting, person

pytestmark = pytest.mark.django_db

EVERYONE = ["Independent chair", *[f"{a} alliance" for a in ALLIANCES], "Local authority"]


def board_url(board, suffix=""):
    return f"/t/wiltshire/boards/{board.board.pk}/{suffix}"


def test_a_seat_grants_its_holder_the_board_whatever_their_role(board):
    head = board.members["Chesil alliance"]
    [grant] = grants_of(head)
    assert (grant.permission, grant.target) == (BOARD_READ, board.board)
    assert grant.reason == ("Holder of the seat Chesil alliance on School Improvement Board "
                            "since 1 September 2024")
    assert may(head, BOARD_READ, board.board) and not may(head, BOARD_RUN, board.board)
    assert may(board.chair, BOARD_RUN, board.board) and may(board.clerk, BOARD_RUN, board.board)
    assert may(board.substitutes["Chesil alliance"], BOARD_READ, board.board)
    assert head.user.has_perm(BOARD_READ, board.board)


def test_ending_a_term_of_office_ends_the_grant_and_keeps_the_record(board):
    head = board.members["Chesil alliance"]
    holding = board.seats["Chesil alliance"].holdings.get(holder=head)
    board_services.seat_holding_end(tenant=board.tenant, actor=board.actor, holding=holding,
                                    end_date=date(2025, 9, 1), reason="Retired")
    assert may(head, BOARD_READ, board.board, on=date(2025, 8, 31))
    assert not may(head, BOARD_READ, board.board, on=date(2025, 9, 1))
    assert board.seats["Chesil alliance"].holdings.filter(holder=head).exists()


def test_a_head_with_a_seat_reads_the_board_and_a_head_without_one_does_not(board, client_for):
    member = client_for(board.members["Chesil alliance"].user).get(board_url(board))
    assert member.status_code == 200 and "Seats" in member.content.decode()
    with scope(tenant=board.tenant):
        other = person(board.tenant, "Other Head")
    # The board's minutes are for members: the page is refused.
    assert client_for(other.user).get(board_url(board)).status_code == 403


def test_only_the_chair_the_clerk_or_an_officer_run_meetings(board, client_for):
    for who, status in ((board.chair, 200), (board.clerk, 200), (board.officer, 200),
                        (board.members["Chesil alliance"], 403)):
        response = client_for(who.user).get(board_url(board, "meetings/add/"))
        assert response.status_code == status, who
    # Seats are the officers' to set.
    assert client_for(board.chair.user).get(board_url(board, "seats/add/")).status_code == 403
    with scope(tenant=board.tenant):
        assert board_access(membership=board.officer, board=board.board).can_manage


def test_a_refused_vote_is_shown_as_a_govuk_error_summary(board, client_for):
    meeting = hold_meeting(board, present=EVERYONE, substitutes=["Chesil alliance"])
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Motion")
    decision = decision_services.decision_create(tenant=board.tenant, actor=board.actor,
                                                 item=item, motion="That it is so.")
    url = board_url(board, f"meetings/{meeting.pk}/decisions/{decision.pk}/")
    response = client_for(board.clerk.user).post(url, {
        "voter": board.substitutes["Chesil alliance"].pk, "choice": "for"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in body and "whose member is present" in body


def test_a_decision_without_quorum_is_refused_on_the_page(board, client_for):
    meeting = hold_meeting(board, present=EVERYONE[:2])
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Motion")
    response = client_for(board.clerk.user).post(
        board_url(board, f"meetings/{meeting.pk}/items/{item.pk}/decisions/add/"),
        {"motion": "That it is so.", "method": "vote"})
    assert response.status_code == 400
    assert "Item 1 is not quorate" in response.content.decode()


def test_the_api_refuses_a_second_vote_for_a_seat_with_a_400_naming_the_voter(board,
                                                                              client_for):
    meeting = hold_meeting(board, present=EVERYONE)
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Motion")
    decision = decision_services.decision_create(tenant=board.tenant, actor=board.actor,
                                                 item=item, motion="That it is so.")
    url = (f"/api/t/wiltshire/boards/{board.board.pk}/meetings/{meeting.pk}/decisions/"
           f"{decision.pk}/votes/")
    client = client_for(board.clerk.user)
    voter = board.members["Purbeck alliance"].pk
    first = client.post(url, {"voter": voter, "choice": "for"}, content_type="application/json")
    assert first.status_code == 201 and first.json()["seat_label"] == "Purbeck alliance"
    again = client.post(url, {"voter": voter, "choice": "against"},
                        content_type="application/json")
    assert again.status_code == 400 and "already voted" in again.json()["voter"][0]
    stranger = client.post(url, {"voter": board.officer.pk, "choice": "for"},
                           content_type="application/json")
    assert stranger.status_code == 400 and "holds no seat" in stranger.json()["voter"][0]


def test_an_exempt_item_needs_its_paragraph_and_reason(board, client_for):
    meeting = hold_meeting(board)
    response = client_for(board.clerk.user).post(
        board_url(board, f"meetings/{meeting.pk}/items/add/"),
        {"title": "Named school", "is_exempt": "on"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose the paragraph of Schedule 12A" in body and "public interest" in body


def test_the_meeting_page_shows_the_expected_quorum_from_the_rsvps(board, client_for):
    meeting = hold_meeting(board, ago=timedelta(days=-14))
    for label, answer in (("Independent chair", "attending"),
                          ("Chesil alliance", "sending_substitute"),
                          ("Purbeck alliance", "apologies")):
        meeting_services.rsvp_record(tenant=board.tenant, actor=board.members[label].user,
                                     meeting=meeting, seat=board.seats[label], answer=answer)
    body = client_for(board.chair.user).get(
        board_url(board, f"meetings/{meeting.pk}/")).content.decode()
    assert "2 voting seats represented, 3 needed" in body and "1 more needed" in body


def test_board_pages_issue_the_same_queries_however_many_seats_meetings_and_items(
        board, client_for):
    client = client_for(board.officer.user)
    meeting = hold_meeting(board, present=EVERYONE)
    # One item first: an empty agenda skips its prefetches, which is not growth with rows.
    meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                        meeting=meeting, title="Welcome")
    pages = [board_url(board), "/t/wiltshire/boards/", board_url(board, f"meetings/{meeting.pk}/")]

    def measure() -> list[int]:
        counts = []
        for url in pages:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    client.get(pages[0])
    before = measure()
    with scope(tenant=board.tenant):
        for n in range(4):
            seat = board_services.seat_create(tenant=board.tenant, actor=board.actor,
                                              board=board.board, label=f"Extra seat {n}")
            board_services.seat_holding_add(tenant=board.tenant, actor=board.actor, seat=seat,
                                            holder=person(board.tenant, f"Extra Head {n}"),
                                            start_date=date(2024, 9, 1))
            meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                                meeting=meeting, title=f"Item {n}")
        hold_meeting(board, ago=timedelta(days=3))
        board_services.board_create(tenant=board.tenant, actor=board.actor, name="Second board")
    assert measure() == before
