"""Withdrawing a paper: the clerk withdraws a paper from a meeting's pack with the reason; it
leaves the members' pack (HTML and PDF), the meeting page, the published view and the API for
members, while the chair and clerk still see it was withdrawn, and why (audited). An exempt
paper's withdrawal reason is never shown beyond whoever runs the board."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from boards.models import Minutes, Paper
from boards.services import meetings as meeting_services
from boards.services import papers as services
from boards.services.agenda import agenda_publish
from core.models import AuditEvent
from demo.paper_files import minimal_pdf
from tests.boards.conftest import at
from tests.boards.test_published import set_readers

pytestmark = pytest.mark.django_db

WITHDRAWN_CONTENT = "WITHDRAWN-CONTENT-6b1f"
EXEMPT_REASON = "WITHDRAWN-EXEMPT-REASON-93ac"


def upload(board, item, title, content, **extra):
    return services.paper_upload(tenant=board.tenant, actor=board.clerk.user, item=item,
                                 title=title, upload=SimpleUploadedFile(
                                     "paper.pdf", minimal_pdf([content])), **extra)


@pytest.fixture
def ahead(board):
    """A meeting in a week: a public item with a kept paper and one to withdraw, and an exempt
    item with a paper to withdraw."""
    meeting = meeting_services.meeting_create(tenant=board.tenant, actor=board.actor,
                                              board=board.board, starts_at=at(7),
                                              location="County Hall")
    public = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                                 meeting=meeting, title="Reading")
    exempt = meeting_services.agenda_item_create(
        tenant=board.tenant, actor=board.actor, meeting=meeting, title="Support for a school",
        is_exempt=True, exempt_paragraph=3, public_interest_reason="Names a school")
    kept = upload(board, public, "Reading results", "KEPT-CONTENT")
    wrong = upload(board, public, "Reading WRONG-TITLE", WITHDRAWN_CONTENT)
    secret = upload(board, exempt, "Costings EXEMPT-TITLE", WITHDRAWN_CONTENT)
    return meeting, kept, wrong, secret


def urls(board, meeting):
    base = f"/t/wiltshire/boards/{board.board.pk}/meetings/{meeting.pk}/"
    return base, f"/api/t/wiltshire/boards/{board.board.pk}/meetings/{meeting.pk}/"


def withdraw(board, paper, reason="Superseded by a corrected version"):
    return services.paper_withdraw(tenant=board.tenant, actor=board.clerk.user, paper=paper,
                                   reason=reason)


def test_a_withdrawn_paper_leaves_the_members_pack_and_page(board, ahead, client_for):
    meeting, kept, wrong, secret = ahead
    withdraw(board, wrong)
    withdraw(board, secret, reason=EXEMPT_REASON)
    base, _ = urls(board, meeting)
    member = client_for(board.members["Chesil alliance"].user)
    for page in ("", "pack/"):
        body = member.get(base + page).content.decode()
        assert "Reading results" in body
        assert "WRONG-TITLE" not in body and "EXEMPT-TITLE" not in body
        assert EXEMPT_REASON not in body and "Superseded" not in body
    pdf = member.get(base + "pack.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "KEPT-CONTENT" in text and WITHDRAWN_CONTENT not in text
    assert "WRONG-TITLE" not in text and "EXEMPT-TITLE" not in text
    assert member.get(base + f"papers/{wrong.pk}/").status_code == 404
    assert member.get(base + f"papers/{kept.pk}/").status_code == 200


def test_the_clerk_and_chair_see_what_was_withdrawn_and_why(board, ahead, client_for):
    meeting, _, wrong, secret = ahead
    base, _ = urls(board, meeting)
    clerk = client_for(board.clerk.user)
    form = clerk.get(base + f"papers/{wrong.pk}/withdraw/")
    assert form.status_code == 200 and "Withdraw the paper Reading WRONG-TITLE" in \
        form.content.decode()
    refused = clerk.post(base + f"papers/{wrong.pk}/withdraw/", {"reason": " "})
    assert refused.status_code == 400 and "Why the paper is withdrawn" in \
        refused.content.decode()
    assert clerk.post(base + f"papers/{wrong.pk}/withdraw/",
                      {"reason": "Superseded by a corrected version"}).status_code == 302
    withdraw(board, secret, reason=EXEMPT_REASON)
    for who in (board.clerk, board.chair):
        body = client_for(who.user).get(base).content.decode()
        assert 'data-testid="withdrawn-papers"' in body
        assert "WRONG-TITLE" in body and "Superseded by a corrected version" in body
        assert EXEMPT_REASON in body
    # Still on record: the clerk may open it; the audit log has both withdrawals.
    assert clerk.get(base + f"papers/{wrong.pk}/").status_code == 200
    events = AuditEvent.objects.filter(action="board.paper_withdraw")
    assert events.count() == 2
    assert all("TITLE" not in event.summary for event in events)
    wrong.refresh_from_db()
    assert wrong.withdrawn_by == board.clerk.user and wrong.file


def test_withdrawal_is_refused_without_reason_twice_by_a_member_and_after_approval(board,
                                                                                 ahead):
    meeting, kept, wrong, _ = ahead
    with pytest.raises(ValidationError, match="Say why"):
        withdraw(board, wrong, reason="  ")
    withdraw(board, wrong)
    with pytest.raises(ValidationError, match="already withdrawn"):
        withdraw(board, wrong)
    with pytest.raises(PermissionDenied):
        services.paper_withdraw(tenant=board.tenant,
                                actor=board.members["Chesil alliance"].user, paper=kept,
                                reason="Mine")
    # A corrected paper may take the withdrawn one's title.
    again = upload(board, wrong.item, "Reading WRONG-TITLE", "CORRECTED")
    assert again.pk != wrong.pk
    Minutes.objects.create(tenant=board.tenant, meeting=meeting, status=Minutes.Status.APPROVED)
    with pytest.raises(ValidationError, match="part of the record"):
        withdraw(board, kept)
    assert not Paper.objects.get(pk=kept.pk).is_withdrawn


def test_the_published_agenda_never_shows_a_withdrawn_paper_or_an_exempt_reason(
        board, ahead, client):
    meeting, _, wrong, secret = ahead
    set_readers(board, "public")
    agenda_publish(tenant=board.tenant, actor=board.clerk.user, meeting=meeting)
    base, _ = urls(board, meeting)
    before = client.get(base + "pack/published/").content.decode()
    assert "WRONG-TITLE" in before  # the markers are really there until withdrawn
    withdraw(board, wrong)
    withdraw(board, secret, reason=EXEMPT_REASON)
    for page in ("pack/published/", "pack/published.pdf"):
        answer = client.get(base + page)
        body = answer.content.decode(errors="ignore") if page.endswith("/") else "\n".join(
            p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)
        assert answer.status_code == 200
        assert "Reading results" in body
        assert "WRONG-TITLE" not in body and EXEMPT_REASON not in body
        assert "Superseded" not in body and WITHDRAWN_CONTENT not in body
    assert client.get(base + f"papers/{wrong.pk}/published/").status_code == 404


def test_the_api_withdraws_and_lists_withdrawn_papers_for_the_clerk_only(board, ahead,
                                                                         client_for):
    meeting, kept, wrong, secret = ahead
    _, api = urls(board, meeting)
    clerk = client_for(board.clerk.user)
    made = clerk.post(api + f"papers/{wrong.pk}/withdraw/", {"reason": "Wrong version"},
                      content_type="application/json")
    assert made.status_code == 200 and made.json()["withdrawal_reason"] == "Wrong version"
    assert clerk.post(api + f"papers/{wrong.pk}/withdraw/", {"reason": "Again"},
                      content_type="application/json").status_code == 400
    withdraw(board, secret, reason=EXEMPT_REASON)
    listed = {p["id"]: p for p in clerk.get(api + "papers/").json()["results"]}
    assert listed[wrong.pk]["withdrawn_at"] and listed[kept.pk]["withdrawn_at"] is None
    member = client_for(board.members["Chesil alliance"].user)
    answer = member.get(api + "papers/")
    assert [p["id"] for p in answer.json()["results"]] == [kept.pk]
    assert EXEMPT_REASON not in answer.content.decode()
    items = member.get(api + "items/").content.decode()
    assert "WRONG-TITLE" not in items and EXEMPT_REASON not in items
    assert member.post(api + f"papers/{kept.pk}/withdraw/", {"reason": "x"},
                       content_type="application/json").status_code == 403


def test_a_late_paper_withdrawn_no_longer_counts_as_late(board, client_for):
    meeting = meeting_services.meeting_create(tenant=board.tenant, actor=board.actor,
                                              board=board.board, starts_at=at(1),
                                              location="County Hall")
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Reading")
    late = upload(board, item, "Late paper", "LATE")
    base, _ = urls(board, meeting)
    clerk = client_for(board.clerk.user)
    assert "went out after" in clerk.get(base).content.decode()
    withdraw(board, late)
    assert "went out after" not in clerk.get(base).content.decode()
