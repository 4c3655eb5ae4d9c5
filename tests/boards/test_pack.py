"""The board pack: one page per meeting with stable anchors, and the same as a PDF with the PDF
papers appended. A member's pack includes exempt items; the published pack is built from the
published view only — no marker of any exempt field, nor an exempt paper's content, appears in
its PDF's extracted text (pypdf), while all of them are in the member's."""

import io

import pytest
from pypdf import PdfReader

from boards.selectors.pack import member_pack, published_pack
from tests.boards.conftest import CONTENT_MARKER, MARKERS, leaked
from tests.boards.test_published import set_readers

pytestmark = pytest.mark.django_db


def pack_url(board, meeting, suffix=""):
    return f"/t/wiltshire/boards/{board.board.pk}/meetings/{meeting.pk}/pack{suffix}"


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content))
                     .pages)


# Markers of fields a pack shows (the pack has no votes or declarations; minutes appear in the
# next meeting's pack).
PACK_FIELDS = {"title", "text", "reason", "paper", "item_paper"}


def test_the_members_pdf_pack_holds_every_exempt_field_and_the_exempt_papers(
        board, published, client_for):
    text = pdf_text(client_for(board.members["Chesil alliance"].user).get(
        pack_url(board, published, ".pdf")))
    assert set(leaked(text)) >= PACK_FIELDS
    # Both exempt papers (an exempt item's and an exempt paper of a public item) appended.
    assert text.count(CONTENT_MARKER) == 2
    assert "Reading at KS2" in text


def test_the_published_pdf_pack_holds_no_marker_of_any_exempt_field(board, published,
                                                                    client):
    set_readers(board, "public")
    text = pdf_text(client.get(pack_url(board, published, "/published.pdf")))
    assert leaked(text) == [] and CONTENT_MARKER not in text
    assert "Item 2: exempt under paragraph 3 of Schedule 12A" in text
    assert "Reading at KS2" in text  # the public paper is appended


def test_the_next_meetings_pack_carries_the_previous_minutes_and_is_not_public_yet(
        board, published, client_for, client):
    from boards.models import Meeting
    set_readers(board, "public")
    later = Meeting.objects.filter(board=board.board, starts_at__gt=published.starts_at).get()
    member = pdf_text(client_for(board.clerk.user).get(pack_url(board, later, ".pdf")))
    assert MARKERS["minute"] in member and "Members agreed reading as a priority." in member
    # Its agenda may still be in draft (an item not yet marked exempt): nothing of it is
    # public until its minutes are published.
    assert client.get(pack_url(board, later, "/published.pdf")).status_code == 404
    assert client.get(pack_url(board, later, "/published/")).status_code == 404


def test_the_pack_page_has_a_stable_anchor_per_item(board, published, client_for):
    body = client_for(board.clerk.user).get(pack_url(board, published, "/")).content.decode()
    assert 'id="item-1"' in body and 'id="item-2"' in body and 'href="#item-2"' in body
    assert set(leaked(body)) >= PACK_FIELDS
    assert "Back to the meeting" in body


def test_the_published_pack_page_is_the_published_view_only(board, published, client):
    set_readers(board, "public")
    response = client.get(pack_url(board, published, "/published/"))
    assert response.status_code == 200 and leaked(response.content.decode()) == []
    # No link "back" to the meeting or the board, pages that would ask the public to sign in.
    assert "govuk-back-link" not in response.content.decode()
    set_readers(board, "members")
    assert client.get(pack_url(board, published, "/published/")).status_code == 404
    assert client.get(pack_url(board, published, "/published.pdf")).status_code == 404


def test_the_published_pack_object_carries_nothing_of_an_exempt_item(board, published):
    pack = published_pack(meeting=published)
    assert leaked(repr(pack)) == []
    assert [len(item.papers) for item in pack.items] == [1, 0]
    assert len(member_pack(meeting=published).pdf_paper_ids) == 3


def test_a_non_member_cannot_have_the_members_pack(board, published, client_for):
    from django_scopes import scopes_disabled

    from tests.boards.conftest import person
    with scopes_disabled():
        head = person(board.tenant, "Harriet Head")
    for suffix in ("/", ".pdf"):
        response = client_for(head.user).get(pack_url(board, published, suffix))
        assert response.status_code == 403 and leaked(response.content.decode()) == []
