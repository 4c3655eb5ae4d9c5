"""Hub pages and API: the chair and officers manage, member heads read, other heads get 403,
another tenant 404; the hub page's query count does not grow with its actions."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerships.models import HubAction, HubMeeting, HubMeetingNote, HubPriority
from partnerships.services import hubs
from tests.partnerships import test_hubs
from tests.partnerships.test_hubs import _add_actions, at, meeting_of

pytestmark = pytest.mark.django_db

# The hub of test_hubs: Chippenham hub (chair, member head), Calne hub (another head).
hub = test_hubs.hub


def page_url(hub, suffix: str = "") -> str:
    return f"/t/wiltshire/partnerships/{hub.hub.pk}/hub/{suffix}"


def api_url(hub, suffix: str) -> str:
    return f"/api/t/wiltshire/partnerships/{hub.hub.pk}/hub/{suffix}"


# --- The hub page -----------------------------------------------------------------------------


def test_a_member_head_sees_the_hub_page_without_the_chairs_buttons(hub, client_for):
    response = client_for(hub.head.user).get(page_url(hub))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Redland Primary" in body and "Monkton" in body
    assert "Add meeting" not in body and "keeps it up to date" in body


def test_the_chair_sees_the_buttons_to_manage_the_hub(hub, client_for):
    body = client_for(hub.chair.user).get(page_url(hub)).content.decode()
    assert "Add meeting" in body and "Add priority" in body and "Add action" in body


def test_an_officer_reaches_any_hub_page(hub, client_for):
    response = client_for(hub.officer).get(
        f"/t/wiltshire/partnerships/{hub.other_hub.pk}/hub/")
    assert response.status_code == 200 and "Calne Primary" in response.content.decode()


def test_a_head_of_another_hub_gets_403(hub, client_for):
    response = client_for(hub.other_head.user).get(page_url(hub))
    assert response.status_code == 403
    assert "Monkton" not in response.content.decode()


def test_a_board_member_gets_403(hub, client_for):
    assert client_for(hub.board.user).get(page_url(hub)).status_code == 403


def test_an_officer_of_another_tenant_gets_404(hub, personas, client_for):
    response = client_for(personas["b"]["officer"]).get(page_url(hub))
    assert response.status_code == 404
    assert "Chippenham" not in response.content.decode()


def test_a_meeting_of_another_hub_is_not_found_under_this_hub(hub, client_for):
    meeting = hubs.hub_meeting_create(tenant=hub.tenant, actor=hub.officer,
                                      partnership=hub.other_hub, starts_at=at(6), is_online=True)
    response = client_for(hub.officer).get(page_url(hub, f"meetings/{meeting.pk}/"))
    assert response.status_code == 404


def test_my_hub_lists_each_partnership_the_school_is_in(hub, client_for):
    from partnerships import services
    from tests.partnerships.conftest import START

    services.partnership_add_school(tenant=hub.tenant, actor=hub.officer,
                                    partnership=hub.wiltshire["north"], school=hub.chair_school,
                                    start_date=START)
    body = client_for(hub.chair.user).get("/t/wiltshire/partnerships/my-hub/").content.decode()
    assert "Chippenham hub" in body and "North" in body and "Your hubs" in body


def test_the_hub_page_makes_as_many_queries_for_100_actions_as_for_10(
    hub, client_for, django_assert_num_queries
):
    client = client_for(hub.chair.user)
    _add_actions(hub, 10)
    with CaptureQueriesContext(connection) as ten:
        assert client.get(page_url(hub)).status_code == 200
    _add_actions(hub, 90)
    with django_assert_num_queries(len(ten)):
        response = client.get(page_url(hub))
    assert response.content.decode().count("Update progress<span") == 100


# --- The chair's forms ------------------------------------------------------------------------


def test_the_chair_adds_a_meeting(hub, client_for):
    response = client_for(hub.chair.user).post(page_url(hub, "meetings/add/"), {
        "date": "2025-03-04", "time": "15:30", "location": "Redland Primary", "agenda": "Phonics",
    })
    meeting = HubMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/meetings/{meeting.pk}/")
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "15:30"


def test_a_member_head_who_is_not_chair_gets_403_on_the_meeting_form(hub, client_for):
    client = client_for(hub.head.user)
    assert client.get(page_url(hub, "meetings/add/")).status_code == 403
    response = client.post(page_url(hub, "meetings/add/"), {
        "date": "2025-03-04", "time": "15:30", "is_online": "on"})
    assert response.status_code == 403 and not HubMeeting.objects.exists()


def test_a_meeting_with_no_place_is_refused_with_the_reason(hub, client_for):
    response = client_for(hub.chair.user).post(page_url(hub, "meetings/add/"), {
        "date": "2025-03-04", "time": "15:30"})
    assert response.status_code == 400
    assert "Say where the meeting is" in response.content.decode()


def test_the_chair_adds_a_note_and_it_shows_on_the_meeting_page(hub, client_for):
    meeting = meeting_of(hub)
    client = client_for(hub.chair.user)
    response = client.post(page_url(hub, f"meetings/{meeting.pk}/notes/add/"),
                           {"text": "Agreed to share the phonics audit."})
    assert response.status_code == 302
    body = client.get(page_url(hub, f"meetings/{meeting.pk}/")).content.decode()
    assert "Agreed to share the phonics audit." in body


def test_editing_a_note_on_the_page_keeps_the_earlier_version(hub, client_for):
    meeting = meeting_of(hub)
    note = hubs.hub_meeting_note_add(tenant=hub.tenant, actor=hub.chair.user, meeting=meeting,
                                     text="First words")
    client = client_for(hub.chair.user)
    client.post(page_url(hub, f"meetings/{meeting.pk}/notes/{note.pk}/edit/"),
                {"text": "Better words"})
    body = client.get(page_url(hub, f"meetings/{meeting.pk}/")).content.decode()
    assert "Better words" in body and "First words" in body and "Earlier version" in body
    assert HubMeetingNote.objects.count() == 2


def test_the_chair_cancels_a_meeting_and_it_stays_listed(hub, client_for):
    meeting = meeting_of(hub, starts_at=timezone.now() + timedelta(days=3))
    client = client_for(hub.chair.user)
    response = client.post(page_url(hub, f"meetings/{meeting.pk}/status/"),
                           {"status": "cancelled", "reason": "Snow"})
    assert response.status_code == 302
    body = client.get(page_url(hub)).content.decode()
    assert "Earlier meetings" in body and "Cancelled" in body


def test_the_chair_adds_a_priority_and_an_action_for_it(hub, client_for):
    client = client_for(hub.chair.user)
    client.post(page_url(hub, "priorities/add/"), {"title": "Disadvantaged learners"})
    priority = HubPriority.objects.get()
    response = client.post(page_url(hub, "actions/add/"), {
        "description": "Pupil premium review", "priority": priority.pk, "owner": hub.head.pk,
        "due_date": "2025-07-18"})
    assert response.status_code == 302
    action = HubAction.objects.get()
    assert (action.priority, action.owner) == (priority, hub.head)


def test_the_action_form_does_not_offer_a_head_of_another_hub(hub, client_for):
    response = client_for(hub.chair.user).post(page_url(hub, "actions/add/"), {
        "description": "Pupil premium review", "owner": hub.other_head.pk})
    assert response.status_code == 400 and not HubAction.objects.exists()


def test_the_chair_updates_an_actions_progress(hub, client_for):
    action = hubs.hub_action_create(tenant=hub.tenant, actor=hub.chair.user, partnership=hub.hub,
                                    description="Audit phonics", owner=hub.head)
    response = client_for(hub.chair.user).post(page_url(hub, f"actions/{action.pk}/progress/"),
                                               {"status": "done", "note": "All four schools"})
    action.refresh_from_db()
    assert response.status_code == 302 and action.status == "done" and action.completed_at


def test_ending_a_priority_keeps_it_as_an_earlier_priority(hub, client_for):
    priority = hubs.hub_priority_create(tenant=hub.tenant, actor=hub.chair.user,
                                        partnership=hub.hub, title="Attendance")
    client = client_for(hub.chair.user)
    client.post(page_url(hub, f"priorities/{priority.pk}/end/"), {"status": "achieved"})
    body = client.get(page_url(hub)).content.decode()
    assert "Earlier priorities" in body and "Attendance — achieved" in body


# --- API --------------------------------------------------------------------------------------


def test_a_member_head_lists_the_hubs_meetings_through_the_api(hub, client_for):
    meeting_of(hub)
    response = client_for(hub.head.user).get(api_url(hub, "meetings/"))
    assert response.status_code == 200
    assert [row["location"] for row in response.json()["results"]] == ["Redland Primary"]


def test_the_chair_plans_a_meeting_through_the_api(hub, client_for):
    response = client_for(hub.chair.user).post(
        api_url(hub, "meetings/"), {"starts_at": "2025-03-04T15:30:00Z", "is_online": True},
        content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "planned"


def test_a_member_head_who_is_not_chair_cannot_write_through_the_api(hub, client_for):
    response = client_for(hub.head.user).post(
        api_url(hub, "priorities/"), {"title": "Reading"}, content_type="application/json")
    assert response.status_code == 403 and not HubPriority.objects.exists()


def test_a_head_of_another_hub_gets_403_from_the_api(hub, client_for):
    assert client_for(hub.other_head.user).get(api_url(hub, "actions/")).status_code == 403


def test_another_tenant_gets_404_from_the_api(hub, personas, client_for):
    response = client_for(personas["b"]["admin"]).get(api_url(hub, "actions/"))
    assert response.status_code == 404


def test_the_api_refuses_an_owner_from_another_hub_with_the_reason(hub, client_for):
    response = client_for(hub.officer).post(
        api_url(hub, "actions/"), {"description": "Audit", "owner": hub.other_head.pk},
        content_type="application/json")
    assert response.status_code == 400
    assert "not the headteacher of a member school" in response.json()["owner"][0]


def test_the_chair_adds_a_note_and_updates_progress_through_the_api(hub, client_for):
    meeting = meeting_of(hub)
    client = client_for(hub.chair.user)
    note = client.post(api_url(hub, f"meetings/{meeting.pk}/notes/"), {"text": "Agreed"},
                       content_type="application/json")
    action = client.post(api_url(hub, "actions/"), {
        "description": "Audit", "owner_name": "Music hub", "meeting": meeting.pk},
        content_type="application/json").json()
    progress = client.post(api_url(hub, f"actions/{action['id']}/progress/"),
                           {"status": "in_progress", "note": "Started"},
                           content_type="application/json")
    assert note.status_code == 201 and progress.status_code == 200
    assert progress.json()["status"] == "in_progress"
    history = client.get(api_url(hub, f"actions/{action['id']}/progress/")).json()["results"]
    assert [(row["status"], row["note"]) for row in history] == [("in_progress", "Started")]
