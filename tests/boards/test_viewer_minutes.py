"""What a viewer (a governor, an elected member) reads of a board's minutes (DESIGN §5: "aggregates
and published material"; §3 boards: published minutes are readable by everyone the board's terms
say — members, the tenant's heads and officers, or the public). A viewer is neither a member nor
a head or officer, so they read the published minutes of a board whose terms say public, through
the published view (exempt items redacted), and nothing of drafts, packs or other boards."""

import pytest
from django_scopes import scope, scopes_disabled

from boards.services import minutes as minutes_services
from core.models import Role
from tests.boards.conftest import EVERYONE, hold_meeting, leaked, person
from tests.boards.test_published import set_readers, urls

pytestmark = pytest.mark.django_db

DRAFT = "DRAFT-MINUTE-5e21"


@pytest.fixture
def viewer(board, client_for):
    with scopes_disabled():
        return client_for(person(board.tenant, "Gina Governor", Role.VIEWER).user)


@pytest.fixture
def drafted(board):
    """A later meeting whose minutes are only a draft."""
    from boards.services import meetings as meeting_services

    meeting = hold_meeting(board, present=EVERYONE)
    with scope(tenant=board.tenant):
        item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                                   meeting=meeting, title="Attendance")
        minutes_services.minutes_save(tenant=board.tenant, actor=board.actor, meeting=meeting,
                                      texts={item.pk: DRAFT})
    return meeting


def test_a_viewer_finds_and_reads_a_public_boards_published_minutes_redacted(
        board, published, drafted, viewer):
    set_readers(board, "public")
    listing = viewer.get("/t/wiltshire/boards/").content.decode()
    assert "School Improvement Board" in listing
    board_page = viewer.get(urls(board, published)["member_page"].split("meetings/")[0])
    page_body = board_page.content.decode()
    assert board_page.status_code == 200
    assert urls(board, published)["page"] in page_body
    assert DRAFT not in page_body and leaked(page_body) == []
    minutes = viewer.get(urls(board, published)["page"])
    body = minutes.content.decode()
    assert minutes.status_code == 200
    assert "Members agreed reading as a priority." in body
    assert "Item 2: exempt under paragraph 3 of Schedule 12A" in body
    assert leaked(body) == []


def test_a_viewer_reads_nothing_of_draft_minutes_the_pack_or_the_full_meeting(
        board, published, drafted, viewer):
    set_readers(board, "public")
    base = f"/t/wiltshire/boards/{board.board.pk}/meetings/{drafted.pk}/"
    assert viewer.get(base + "minutes/published/").status_code == 404  # not published
    for refused in (base + "minutes/", base, base + "pack/",
                    urls(board, published)["member_page"]):
        response = viewer.get(refused)
        assert response.status_code == 403, refused
        body = response.content.decode()
        assert DRAFT not in body and leaked(body) == []


@pytest.mark.parametrize("readers", ["members", "tenant"])
def test_a_viewer_reads_no_minutes_of_a_board_whose_terms_are_narrower_than_public(
        board, published, viewer, readers):
    set_readers(board, readers)
    assert "School Improvement Board" not in viewer.get("/t/wiltshire/boards/").content.decode()
    assert viewer.get(urls(board, published)["page"]).status_code == 403
    assert viewer.get(urls(board, published)["api"]).status_code == 403
