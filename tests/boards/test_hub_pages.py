"""The hub pages are boards' (issue 12, one engine): a member school's head reads their hub's
meetings, notes, priorities and actions; the hub chair manages them; other heads get 403 and
another tenant 404; every old address under partnerships' hub paths answers with a permanent
redirect to its boards page, its downloads included."""

import csv
import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from boards.models import (
    AttendanceMode,
    Board,
    BoardAction,
    BoardPriority,
    Meeting,
    MeetingNote,
    Seat,
)
from boards.services import actions as action_services
from boards.services import meetings as meeting_services
from boards.services import notes as note_services
from boards.services.hubs import sync_hubs
from tests.partnerships.conftest import (  # noqa: F401 (fixtures)
    START,
    head_of,
    in_a,
    make_school,
    officer_a,
    wiltshire,
)
from tests.partnerships.conftest import hub as partnership_hub  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
TENANT = "wiltshire"


def at(day: int, hour: int = 15) -> datetime:
    return timezone.make_aware(datetime(2025, 3, day, hour, 30))


@pytest.fixture
def hub(partnership_hub):  # noqa: F811
    """The partnerships tests' Chippenham hub on the boards engine, seated from its start,
    with a held meeting (a note edited once), a priority and an action, each marked as the
    copy of an old hub row (as migration 0012 leaves them)."""
    h = partnership_hub
    h.board_member = h.board  # the fixture's board member persona, before `board` is the hub's
    boards = sync_hubs(tenant=h.tenant, on=date(2024, 9, 2))
    h.board, h.other_board = boards[h.hub.pk], boards[h.other_hub.pk]
    chair = h.chair.user
    h.meeting = meeting_services.meeting_create(tenant=h.tenant, actor=chair, board=h.board,
                                                starts_at=at(4), location="Redland Primary")
    item = meeting_services.agenda_item_create(tenant=h.tenant, actor=chair, meeting=h.meeting,
                                               title="Reading MARK-ITEM")
    meeting_services.attendance_record(
        tenant=h.tenant, actor=chair, meeting=h.meeting, mode=AttendanceMode.IN_PERSON,
        seat=Seat.objects.get(board=h.board, school=h.chair_school), person=h.chair)
    first = note_services.note_add(tenant=h.tenant, actor=chair, meeting=h.meeting,
                                   text="Agreed MARK-FIRST")
    h.note = note_services.note_edit(tenant=h.tenant, actor=chair, note=first,
                                     text="Agreed MARK-NOTE")
    h.priority = action_services.priority_create(tenant=h.tenant, actor=chair, board=h.board,
                                                 title="Reading MARK-PRIORITY")
    h.action = action_services.action_create(
        tenant=h.tenant, actor=chair, board=h.board, description="Phonics audit MARK-ACTION",
        owner=h.head, priority=h.priority, item=item, due_date=date(2025, 6, 1))
    Meeting.objects.filter(pk=h.meeting.pk).update(hub_copy_of=701)
    MeetingNote.objects.filter(pk=h.note.pk).update(hub_copy_of=702)
    BoardPriority.objects.filter(pk=h.priority.pk).update(hub_copy_of=703)
    BoardAction.objects.filter(pk=h.action.pk).update(hub_copy_of=704)
    return h


def boards_url(name, *args):
    return reverse(f"boards:{name}", args=[TENANT, *args])


def old_url(hub, suffix=""):
    return f"/t/{TENANT}/partnerships/{hub.hub.pk}/hub/{suffix}"


def test_a_member_head_reads_the_hubs_meetings_notes_priorities_and_actions(hub, client_for):
    client = client_for(hub.head.user)
    board = client.get(boards_url("board-detail", hub.board.pk)).content.decode()
    assert "MARK-PRIORITY" in board and "MARK-ACTION" in board
    response = client.get(boards_url("meeting-detail", hub.board.pk, hub.meeting.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "MARK-ITEM" in body and "MARK-NOTE" in body
    assert "MARK-FIRST" in body  # the earlier version, kept
    assert "Add a note" not in body  # a member reads; the chair manages


def test_the_chair_adds_and_edits_notes_and_the_earlier_version_is_kept(hub, client_for):
    client = client_for(hub.chair.user)
    url = boards_url("meeting-note-add", hub.board.pk, hub.meeting.pk)
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Shared the reading audit."})
    assert response.status_code == 302
    with scope(tenant=hub.tenant):
        added = MeetingNote.objects.get(text="Shared the reading audit.")
    edit = boards_url("meeting-note-edit", hub.board.pk, hub.meeting.pk, added.pk)
    assert client.post(edit, {"text": "Shared the reading audit with all heads."}
                       ).status_code == 302
    # The old version cannot be edited again: the refusal names the field, nothing is lost.
    again = client.post(edit, {"text": "Something else"})
    assert again.status_code == 400 and "edited since" in again.content.decode()
    with scope(tenant=hub.tenant):
        texts = list(MeetingNote.objects.filter(meeting=hub.meeting).order_by("pk")
                     .values_list("text", "replaces_id"))
    assert texts[-2:] == [("Shared the reading audit.", None),
                          ("Shared the reading audit with all heads.", added.pk)]
    assert client.post(url, {"text": ""}).status_code == 400


def test_a_member_head_who_is_not_chair_and_a_head_of_another_hub_are_refused(hub, client_for):
    url = boards_url("meeting-note-add", hub.board.pk, hub.meeting.pk)
    assert client_for(hub.head.user).post(url, {"text": "x"}).status_code == 403
    outsider = client_for(hub.other_head.user)
    assert outsider.get(boards_url("meeting-detail", hub.board.pk,
                                   hub.meeting.pk)).status_code == 403
    with scope(tenant=hub.tenant):
        assert not MeetingNote.objects.filter(text="x").exists()


def test_another_tenant_gets_404_from_the_hub_and_its_old_address(hub, personas, client_for):
    client = client_for(personas["b"]["officer"])
    assert client.get(boards_url("board-detail", hub.board.pk)).status_code == 404
    assert client.get(old_url(hub)).status_code == 404
    assert client.get(old_url(hub, "meetings/701/")).status_code == 404


@pytest.mark.parametrize(("suffix", "target"), [
    ("", lambda h: boards_url("board-detail", h.board.pk)),
    ("export/?format=csv", lambda h: boards_url("board-detail-export", h.board.pk)
     + "?format=csv"),
    ("actions/export/?format=xlsx", lambda h: boards_url("action-list-export", h.board.pk)
     + "?format=xlsx"),
    ("meetings/add/", lambda h: boards_url("meeting-create", h.board.pk)),
    ("meetings/701/", lambda h: boards_url("meeting-detail", h.board.pk, h.meeting.pk)),
    ("meetings/701/status/", lambda h: boards_url("meeting-detail", h.board.pk, h.meeting.pk)),
    ("meetings/701/notes/add/", lambda h: boards_url("meeting-note-add", h.board.pk,
                                                     h.meeting.pk)),
    ("meetings/701/notes/702/edit/", lambda h: boards_url("meeting-note-edit", h.board.pk,
                                                          h.meeting.pk, h.note.pk)),
    ("priorities/add/", lambda h: boards_url("priority-create", h.board.pk)),
    ("priorities/703/end/", lambda h: boards_url("priority-end", h.board.pk, h.priority.pk)),
    ("actions/add/", lambda h: boards_url("action-create", h.board.pk)),
    ("actions/704/progress/", lambda h: boards_url("action-detail", h.board.pk, h.action.pk)),
])
def test_every_old_hub_address_redirects_permanently_to_its_boards_page(
        hub, client_for, suffix, target):
    response = client_for(hub.head.user).get(old_url(hub, suffix))
    assert (response.status_code, response["Location"]) == (301, target(hub))


def test_an_old_address_of_a_row_with_no_copy_or_of_another_hub_is_not_found(hub, client_for):
    client = client_for(hub.officer)
    assert client.get(old_url(hub, "meetings/999/")).status_code == 404
    assert client.get(old_url(hub, "meetings/701/notes/999/edit/")).status_code == 404
    # Calne's hub has no meeting 701: its copy is Chippenham's.
    other = f"/t/{TENANT}/partnerships/{hub.other_hub.pk}/hub/meetings/701/"
    assert client.get(other).status_code == 404


def test_the_old_downloads_still_download_through_boards(hub, client_for):
    client = client_for(hub.chair.user)
    meetings = client.get(old_url(hub, "export/?format=csv"), follow=True)
    rows = list(csv.reader(io.StringIO(meetings.content.decode("utf-8-sig"))))
    assert meetings.status_code == 200 and len(rows) == 2  # the header and the one meeting
    actions = client.get(old_url(hub, "actions/export/?format=csv"), follow=True)
    assert actions.status_code == 200 and "MARK-ACTION" in actions.content.decode("utf-8-sig")


def test_the_meeting_page_makes_as_many_queries_for_twenty_notes_as_for_two(hub, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(hub.head.user)
    url = boards_url("meeting-detail", hub.board.pk, hub.meeting.pk)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.get(url)  # warm the session
    few = queries()
    for n in range(18):
        note = note_services.note_add(tenant=hub.tenant, actor=hub.chair.user,
                                      meeting=hub.meeting, text=f"Note {n}")
        if n % 3 == 0:
            note_services.note_edit(tenant=hub.tenant, actor=hub.chair.user, note=note,
                                    text=f"Note {n}, edited")
    assert queries() == few


def test_my_hub_lists_each_partnership_the_school_is_in(hub, client_for):
    from partnerships import services

    services.partnership_add_school(tenant=hub.tenant, actor=hub.officer,
                                    partnership=hub.wiltshire["north"], school=hub.chair_school,
                                    start_date=START)
    body = client_for(hub.chair.user).get("/t/wiltshire/partnerships/my-hub/").content.decode()
    assert "Chippenham hub" in body and "North" in body and "Your hubs" in body
    # Each links straight to its hub's boards page, not through the old address's redirect.
    with scope(tenant=hub.tenant):
        north = Board.objects.get(partnership=hub.wiltshire["north"])
    for board in (hub.board, north):
        assert f'href="{boards_url("board-detail", board.pk)}"' in body
    assert "/hub/" not in body


def test_a_partnerships_page_links_straight_to_its_hubs_boards_page(hub, client_for):
    body = client_for(hub.officer).get(
        reverse("partnerships:partnership-detail", args=[TENANT, hub.hub.pk])).content.decode()
    assert (f'href="{boards_url("board-detail", hub.board.pk)}">Meetings, priorities and '
            f'actions</a>') in body
    assert "/hub/" not in body


def test_an_officer_manages_any_hub_and_a_board_member_holding_no_seat_is_refused(
        hub, client_for):
    url = boards_url("meeting-note-add", hub.board.pk, hub.meeting.pk)
    assert client_for(hub.officer).get(url).status_code == 200
    assert client_for(hub.board_member.user).get(
        boards_url("board-detail", hub.board.pk)).status_code == 403


def test_the_notes_are_in_the_api_for_members_and_the_chair_adds_one(hub, client_for):
    url = (f"/api/t/{hub.tenant.slug}/boards/{hub.board.pk}/meetings/{hub.meeting.pk}"
           "/notes/")
    rows = client_for(hub.head.user).get(url).json()["results"]
    assert [(row["text"], row["replaces"]) for row in rows] == [
        ("Agreed MARK-FIRST", None), ("Agreed MARK-NOTE", rows[0]["id"])]
    assert client_for(hub.head.user).post(url, {"text": "x"}).status_code == 403
    assert client_for(hub.other_head.user).get(url).status_code == 403
    made = client_for(hub.chair.user).post(url, {"text": "Next steps MARK-API"})
    assert made.status_code == 201 and made.json()["text"] == "Next steps MARK-API"
    with scope(tenant=hub.tenant):
        assert MeetingNote.objects.filter(meeting=hub.meeting, text="Next steps MARK-API",
                                          author=hub.chair.user).exists()
    assert client_for(hub.chair.user).post(url, {"text": " "}).status_code == 400
