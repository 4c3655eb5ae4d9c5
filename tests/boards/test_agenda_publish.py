"""Publishing the agenda (issue 12 items 3 and 4): the clerk sends the pack before the meeting;
from then the published view shows the agenda — public items and papers, an exempt item as its
number and paragraph only — and each member and substitute is e-mailed a link to their pack.
Publishing after the papers were due is allowed and said to be late."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from boards.selectors.published import published_agenda
from boards.services import boards as board_services
from boards.services import meetings as meeting_services
from boards.services import papers as paper_services
from boards.services.agenda import agenda_publish
from tests.boards.conftest import MARKERS, at, hold_meeting, leaked, minimal_pdf

pytestmark = pytest.mark.django_db


def meeting_ahead(board, days: int):
    meeting = meeting_services.meeting_create(tenant=board.tenant, actor=board.actor,
                                              board=board.board, starts_at=at(days),
                                              location="County Hall")
    public = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                                 meeting=meeting, title="Reading results")
    paper_services.paper_upload(tenant=board.tenant, actor=board.actor, item=public,
                                title="Reading at KS2", is_exempt=False,
                                upload=SimpleUploadedFile("paper.pdf",
                                                          minimal_pdf(["Reading at KS2"])))
    meeting_services.agenda_item_create(
        tenant=board.tenant, actor=board.actor, meeting=meeting,
        title=f"Support for {MARKERS['title']}", text=f"The school {MARKERS['text']}",
        is_exempt=True, exempt_paragraph=3, public_interest_reason=MARKERS["reason"])
    return meeting


def publish(board, meeting, who=None):
    return agenda_publish(tenant=board.tenant, actor=(who or board.clerk).user, meeting=meeting)


def test_the_public_sees_nothing_of_the_agenda_until_the_clerk_publishes_it(board, client):
    meeting = meeting_ahead(board, 20)
    with scope(tenant=board.tenant):
        board_services.board_update(tenant=board.tenant, actor=board.actor, board=board.board,
                                    minutes_readers="public")
    url = f"/t/{board.tenant.slug}/boards/{board.board.pk}/meetings/{meeting.pk}/pack/published/"
    assert published_agenda(meeting=meeting) is None
    assert client.get(url).status_code == 404
    publish(board, meeting)
    meeting.refresh_from_db()
    agenda = published_agenda(meeting=meeting)
    assert [item.heading for item in agenda] == [
        "Item 1: Reading results", "Item 2: exempt under paragraph 3 of Schedule 12A"]
    body = client.get(url).content.decode()
    assert "Reading at KS2" in body and leaked(body) == []


def test_each_member_and_substitute_gets_one_email_with_their_pack(
        board, mailoutbox, django_capture_on_commit_callbacks):
    meeting = meeting_ahead(board, 20)
    with django_capture_on_commit_callbacks(execute=True):
        done = publish(board, meeting)
    holders = {*(m.user.email for m in board.members.values()),
               *(m.user.email for m in board.substitutes.values())}
    assert done.sent_to == len(holders) == len(mailoutbox)
    assert {mail.to[0] for mail in mailoutbox} == holders
    assert all(len(mail.to) == 1 for mail in mailoutbox)  # nobody sees the others' addresses
    pack = f"/t/{board.tenant.slug}/boards/{board.board.pk}/meetings/{meeting.pk}/pack/"
    assert pack in mailoutbox[0].body


def test_publishing_after_the_papers_were_due_is_allowed_and_late(board):
    assert publish(board, meeting_ahead(board, 20)).late is False
    late = publish(board, meeting_ahead(board, 2))  # five clear working days are gone
    assert late.late is True and late.papers_due < late.meeting.starts_at.date()


def test_an_agenda_is_published_once_and_not_for_a_held_cancelled_or_empty_meeting(board):
    meeting = meeting_ahead(board, 20)
    publish(board, meeting)
    with pytest.raises(ValidationError, match="was published on"):
        publish(board, meeting)
    held = hold_meeting(board, ago=timedelta(days=3))
    with pytest.raises(ValidationError, match="has taken place"):
        publish(board, held)
    empty = meeting_services.meeting_create(tenant=board.tenant, actor=board.actor,
                                            board=board.board, starts_at=at(30),
                                            location="County Hall")
    with pytest.raises(ValidationError, match="no items"):
        publish(board, empty)
    meeting_services.meeting_cancel(tenant=board.tenant, actor=board.actor, meeting=empty,
                                    reason="No business")
    with pytest.raises(ValidationError, match="cancelled"):
        publish(board, empty)


def test_only_whoever_runs_the_board_publishes_the_agenda(board):
    with pytest.raises(PermissionDenied):
        publish(board, meeting_ahead(board, 20), who=board.members["Chesil alliance"])


def test_the_clerk_publishes_from_the_meeting_page_and_is_told_when_it_is_late(
        board, client_for):
    meeting = meeting_ahead(board, 2)
    client = client_for(board.clerk.user)
    base = f"/t/{board.tenant.slug}/boards/{board.board.pk}/meetings/{meeting.pk}/"
    assert "Publish the agenda and send the pack" in client.get(base).content.decode()
    page = client.post(base + "agenda/publish/", follow=True).content.decode()
    assert "after the papers were due on" in page
    assert 'data-testid="agenda-published"' in page
    assert "Publish the agenda and send the pack" not in page
