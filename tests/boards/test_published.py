"""Redaction, proven: marker strings placed in every exempt field — the item's title and text,
its public-interest reason, its minute, its motion and the votes on it, declarations on it, its
papers' names (and an exempt paper of a public item) — never appear in the published page
(signed in or not), nor in the API's answers to someone who is not a member; and the published
page needs no sign-in only when the board's terms say public. The meeting is the `published`
fixture of tests/boards/conftest.py."""

import pytest
from django_scopes import scope, scopes_disabled

from boards.selectors.published import published_minutes
from boards.services import boards as board_services
from core.models import Role
from tests.boards.conftest import EVERYONE, MARKERS, hold_meeting, leaked, person

pytestmark = pytest.mark.django_db


def urls(board, meeting) -> dict:
    base = f"{board.board.pk}/meetings/{meeting.pk}/"
    return {"page": f"/t/wiltshire/boards/{base}minutes/published/",
            "api": f"/api/t/wiltshire/boards/{base}published-minutes/",
            "items": f"/api/t/wiltshire/boards/{base}items/",
            "member_page": f"/t/wiltshire/boards/{base}"}


def set_readers(board, readers: str) -> None:
    with scope(tenant=board.tenant):
        board_services.board_update(tenant=board.tenant, actor=board.actor, board=board.board,
                                    minutes_readers=readers)


def test_a_member_reads_every_exempt_field_so_the_markers_are_really_there(board, published,
                                                                           client_for):
    body = client_for(board.members["Chesil alliance"].user).get(
        urls(board, published)["member_page"]).content.decode()
    assert set(leaked(body)) == set(MARKERS)


def test_the_published_view_carries_nothing_of_an_exempt_item_but_its_number_and_paragraph(
        board, published):
    view = published_minutes(meeting=published)
    exempt = view.items[1]
    assert (exempt.heading, exempt.minute, exempt.decisions) == (
        "Item 2: exempt under paragraph 3 of Schedule 12A", "", ())
    assert not leaked(repr(view))
    # The public item keeps its minute, motion and open votes.
    assert view.items[0].decisions[0].votes_for == 4
    assert len(view.items[0].decisions[0].votes) == 5


def test_the_public_reads_the_published_page_without_signing_in_and_no_marker(board, published,
                                                                             client):
    set_readers(board, "public")
    response = client.get(urls(board, published)["page"])
    body = response.content.decode()
    assert response.status_code == 200
    assert "Item 2: exempt under paragraph 3 of Schedule 12A" in body
    assert "Members agreed reading as a priority." in body
    # The public item's declaration is published; the exempt item's is nowhere.
    assert "Governor of a school in the reading project." in body
    assert "Reading results" in body  # the public paper of the public item, and only it
    assert leaked(body) == []
    assert "Back to School Improvement Board" not in body  # the board's page needs a sign-in
    # One motion shown: the public item's; the exempt one's vote detail is nowhere.
    assert body.count("Motion:") == 1 and "against" not in body.replace("0 against", "")


def test_without_public_terms_the_published_page_is_404_to_the_public(board, published, client):
    for readers in ("members", "tenant"):
        set_readers(board, readers)
        assert client.get(urls(board, published)["page"]).status_code == 404


def test_a_head_without_a_seat_reads_the_published_view_only_where_the_terms_allow(
        board, published, client_for):
    with scopes_disabled():
        head = person(board.tenant, "Harriet Head")
        viewer = person(board.tenant, "Victor Viewer", Role.VIEWER)
    head_client, viewer_client = client_for(head.user), client_for(viewer.user)
    assert head_client.get(urls(board, published)["page"]).status_code == 403
    set_readers(board, "tenant")
    for url in ("page", "api"):
        response = head_client.get(urls(board, published)[url])
        assert response.status_code == 200
        assert leaked(response.content.decode()) == []
    page = head_client.get(urls(board, published)["page"]).content.decode()
    assert "Back to School Improvement Board" in page  # its list of published minutes
    assert viewer_client.get(urls(board, published)["page"]).status_code == 403
    # The full agenda is for members only: 403, nothing of it.
    items = head_client.get(urls(board, published)["items"])
    assert items.status_code == 403 and leaked(items.content.decode()) == []


def test_the_api_answers_a_non_member_with_the_published_view_only(board, published,
                                                                   client_for):
    set_readers(board, "public")
    with scopes_disabled():
        viewer = person(board.tenant, "Victor Viewer", Role.VIEWER)
    client = client_for(viewer.user)
    answer = client.get(urls(board, published)["api"])
    assert answer.status_code == 200
    assert leaked(answer.content.decode()) == []
    exempt = answer.json()["items"][1]
    assert exempt == {"number": 2, "is_exempt": True, "heading":
                      "Item 2: exempt under paragraph 3 of Schedule 12A", "minute": "",
                      "decisions": [], "declarations": [], "papers": [], "corrections": []}
    board_answer = client.get(f"/api/t/wiltshire/boards/{board.board.pk}/")
    assert board_answer.status_code == 200 and "seats" not in board_answer.json()
    assert client.get(urls(board, published)["items"]).status_code == 403


def test_unpublished_minutes_have_no_published_view(board, client):
    set_readers(board, "public")
    meeting = hold_meeting(board, present=EVERYONE)
    assert published_minutes(meeting=meeting) is None
    base = f"/t/wiltshire/boards/{board.board.pk}/meetings/{meeting.pk}/minutes/published/"
    assert client.get(base).status_code == 404


def test_another_tenants_public_board_is_not_reached_through_this_tenants_address(
        board, published, client_for, personas):
    set_readers(board, "public")
    url = urls(board, published)["page"].replace("/t/wiltshire/", "/t/dorset/")
    assert client_for(personas["b"]["admin"]).get(url).status_code == 404


def test_the_published_pages_find_the_board_with_the_meeting_and_refuse_as_before(
        board, published, client, client_for):
    """One query finds the meeting with its board; the refusals stay the board's own: 404 to
    the public for a board whose terms do not open it, and for a meeting of another board."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    set_readers(board, "public")
    page = urls(board, published)["page"]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page).status_code == 200
    assert not [q for q in captured.captured_queries
                if q["sql"].split(" FROM ", 1)[1].startswith('"boards_board"')]
    assert client.get(page.replace(f"/{published.pk}/", f"/{published.pk + 999}/")
                      ).status_code == 404
    set_readers(board, "members")
    assert client.get(page).status_code == 404
    outsider = person(board.tenant, "Nell Nobody", Role.VIEWER)
    assert client_for(outsider.user).get(page).status_code == 403
    assert client_for(board.members["Chesil alliance"].user).get(page).status_code == 200
