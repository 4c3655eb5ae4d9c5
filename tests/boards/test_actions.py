"""Priorities and actions: who sets them (the chair, the clerk, officers), who moves an action
on (its owner, or whoever runs the board), overdue actions, ended priorities keeping their
history, the pack's matters arising, and the API."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope
from pypdf import PdfReader

from boards.models import BoardActionUpdate
from boards.selectors.actions import open_actions
from boards.selectors.pack import member_pack, published_pack
from boards.services import actions as services
from boards.services import meetings as meeting_services
from core.models import AuditEvent
from tests.boards.conftest import hold_meeting, person

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def url(board, suffix=""):
    return f"/t/wiltshire/boards/{board.board.pk}/{suffix}"


def new_action(board, *, owner_label="Chesil alliance", due_in=14, **extra):
    values = {"owner": board.members[owner_label]} if owner_label else {}
    values.update(extra)
    return services.action_create(tenant=board.tenant, actor=board.clerk.user,
                                  board=board.board, description="Map reading support",
                                  due_date=TODAY() + timedelta(days=due_in), **values)


def test_the_clerk_and_chair_set_priorities_and_a_member_may_not(board):
    for who in (board.clerk, board.chair):
        services.priority_create(tenant=board.tenant, actor=who.user, board=board.board,
                                 title=f"Reading ({who.user})")
    with pytest.raises(PermissionDenied):
        services.priority_create(tenant=board.tenant,
                                 actor=board.members["Chesil alliance"].user,
                                 board=board.board, title="Maths")
    assert AuditEvent.objects.filter(action="board.priority_create").count() == 2


def test_priorities_keep_their_order_and_move_up(board):
    first, second = (services.priority_create(tenant=board.tenant, actor=board.clerk.user,
                                              board=board.board, title=title)
                     for title in ("Leadership and governance", "Disadvantaged learners"))
    assert (first.position, second.position) == (1, 2)
    services.priority_move_up(tenant=board.tenant, actor=board.clerk.user, priority=second)
    first.refresh_from_db()
    assert second.position < first.position
    with pytest.raises(ValidationError, match="already first"):
        services.priority_move_up(tenant=board.tenant, actor=board.clerk.user, priority=second)


def test_an_ended_priority_keeps_its_actions_and_their_history(board, client_for):
    priority = services.priority_create(tenant=board.tenant, actor=board.clerk.user,
                                        board=board.board, title="Disadvantaged learners")
    action = new_action(board, priority=priority)
    services.action_progress(tenant=board.tenant, actor=board.clerk.user, action=action,
                             status="in_progress", note="Started", rag="green")
    with pytest.raises(ValidationError, match="Say why"):
        services.priority_end(tenant=board.tenant, actor=board.clerk.user, priority=priority,
                              reason=" ")
    services.priority_end(tenant=board.tenant, actor=board.clerk.user, priority=priority,
                          reason="Replaced by Reading")
    action.refresh_from_db()
    assert action.priority == priority and action.updates.count() == 1
    with pytest.raises(ValidationError, match="has ended"):
        new_action(board, priority=priority)
    # Its title is free again for a new priority; the old one stays on the board's page.
    services.priority_create(tenant=board.tenant, actor=board.clerk.user, board=board.board,
                             title="Disadvantaged learners")
    body = client_for(board.members["Chesil alliance"].user).get(url(board)).content.decode()
    assert "Replaced by Reading" in body and body.count("Disadvantaged learners") >= 2


def test_an_owner_is_a_member_of_the_board_or_a_named_outsider(board):
    with scope(tenant=board.tenant):
        stranger = person(board.tenant, "Not On The Board")
    with pytest.raises(ValidationError, match="holds no seat"):
        services.action_create(tenant=board.tenant, actor=board.clerk.user, board=board.board,
                               description="x", owner=stranger)
    with pytest.raises(ValidationError, match="Say who owns"):
        services.action_create(tenant=board.tenant, actor=board.clerk.user, board=board.board,
                               description="x")
    outsider = new_action(board, owner_label=None, owner_name="Maths hub lead")
    assert outsider.owner_label == "Maths hub lead"


def test_an_action_arises_from_an_item_of_the_boards_own_meetings(board):
    meeting = hold_meeting(board)
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Results")
    assert new_action(board, item=item).item == item
    from boards.services import boards as board_services

    other = board_services.board_create(tenant=board.tenant, actor=board.actor, name="Other")
    elsewhere = meeting_services.meeting_create(tenant=board.tenant, actor=board.actor,
                                                board=other, starts_at=timezone.now(),
                                                location="Hall")
    stray = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                                meeting=elsewhere, title="Other business")
    with pytest.raises(ValidationError, match="not one of"):
        new_action(board, item=stray)


def test_only_the_owner_or_whoever_runs_the_board_records_progress(board, client_for):
    action = new_action(board)
    owner, other = board.members["Chesil alliance"], board.members["Purbeck alliance"]
    services.action_progress(tenant=board.tenant, actor=owner.user, action=action,
                             status="in_progress", note="Two schools visited", rag="amber")
    with pytest.raises(PermissionDenied):
        services.action_progress(tenant=board.tenant, actor=other.user, action=action,
                                 status="done", note="Not mine")
    services.action_progress(tenant=board.tenant, actor=board.clerk.user, action=action,
                             status="done", note="Reported to the board")
    assert [u.status for u in BoardActionUpdate.objects.filter(action=action)] == [
        "in_progress", "done"]
    assert AuditEvent.objects.filter(action="board.action_progress").count() == 2
    page = url(board, f"actions/{action.pk}/")
    assert client_for(other.user).post(page, {"status": "done"}).status_code == 403
    assert client_for(other.user).get(page).status_code == 200
    reopened = client_for(owner.user).post(page, {"status": "in_progress", "rag": "red",
                                                  "note": "Reopened: one more school"})
    assert reopened.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.rag, action.completed_at) == ("in_progress", "red", None)
    # The owner may not change the action itself: that is the chair's or the clerk's.
    assert client_for(owner.user).get(page + "edit/").status_code == 403


def test_an_actions_page_is_headed_by_what_it_is_not_its_database_number(board, client_for):
    action = new_action(board)
    body = client_for(board.chair.user).get(url(board, f"actions/{action.pk}/")).content.decode()
    assert '<h1 class="govuk-heading-l" data-testid="action-heading">Map reading support</h1>' \
        in body
    assert f"<title>Action: Map reading support – {board.board.name} –" in body
    assert f"Action {action.pk}" not in body


def test_an_action_past_its_date_and_not_done_is_overdue_and_flagged(board, client_for):
    late = new_action(board, due_in=-1)
    on_time = new_action(board, owner_label="Purbeck alliance", due_in=3)
    done = new_action(board, owner_label="Purbeck alliance", due_in=-5)
    services.action_progress(tenant=board.tenant, actor=board.clerk.user, action=done,
                             status="done", note="Finished")
    rows = {row.action.pk: row.is_overdue for row in open_actions(board=board.board)}
    assert rows == {late.pk: True, on_time.pk: False}
    body = client_for(board.chair.user).get(url(board)).content.decode()
    assert body.count('data-testid="overdue"') == 1


def test_the_pack_lists_the_open_actions_with_their_latest_update(board, client_for):
    meeting = hold_meeting(board, ago=timedelta(days=-7))
    meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                        meeting=meeting, title="Matters arising")
    action = new_action(board)
    services.action_progress(tenant=board.tenant, actor=board.clerk.user, action=action,
                             status="in_progress", note="First visit booked", rag="amber")
    services.action_progress(tenant=board.tenant, actor=board.clerk.user, action=action,
                             status="in_progress", note="Three schools visited")
    kept = services.priority_create(tenant=board.tenant, actor=board.clerk.user,
                                    board=board.board, title="Reading for pleasure")
    gone = services.priority_create(tenant=board.tenant, actor=board.clerk.user,
                                    board=board.board, title="Old focus")
    services.priority_end(tenant=board.tenant, actor=board.clerk.user, priority=gone,
                          reason="Achieved")
    closed = new_action(board, owner_label="Purbeck alliance")
    services.action_progress(tenant=board.tenant, actor=board.clerk.user, action=closed,
                             status="cancelled", note="Superseded by the LA's plan")
    with scope(tenant=board.tenant):
        pack = member_pack(meeting=meeting)
        [row] = pack.actions
        assert row.latest_update == "Three schools visited" and row.rag.startswith("Amber")
        assert row.updated_on == TODAY()
        assert [title for title, _ in pack.priorities] == [kept.title]
        assert published_pack(meeting=meeting) is None or not published_pack(
            meeting=meeting).actions
    body = client_for(board.members["Chesil alliance"].user).get(
        url(board, f"meetings/{meeting.pk}/pack/")).content.decode()
    assert "Matters arising: actions" in body and "Three schools visited" in body
    assert "Superseded by the LA" not in body
    pdf = client_for(board.members["Chesil alliance"].user).get(
        url(board, f"meetings/{meeting.pk}/pack.pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Three schools visited" in " ".join(text.split())


def test_the_api_records_actions_and_their_owners_progress(board, client_for):
    base = f"/api/t/wiltshire/boards/{board.board.pk}/"
    clerk = client_for(board.clerk.user)
    made = clerk.post(base + "priorities/", {"title": "Reading"},
                      content_type="application/json")
    assert made.status_code == 201
    created = clerk.post(base + "actions/", {
        "description": "Reading audit", "owner": board.members["Chesil alliance"].pk,
        "due_date": str(TODAY() - timedelta(days=1)), "priority": made.json()["id"]},
        content_type="application/json")
    assert created.status_code == 201 and created.json()["is_overdue"] is True
    updates = base + f"actions/{created.json()['id']}/updates/"
    owner = client_for(board.members["Chesil alliance"].user)
    assert owner.post(updates, {"status": "in_progress", "note": "Begun", "rag": "green"},
                      content_type="application/json").status_code == 201
    assert client_for(board.members["Purbeck alliance"].user).post(
        updates, {"status": "done", "note": "x"},
        content_type="application/json").status_code == 403
    assert owner.post(base + "actions/", {"description": "x", "owner_name": "Me"},
                      content_type="application/json").status_code == 403
    assert [u["note"] for u in owner.get(updates).json()["results"]] == ["Begun"]
    assert clerk.post(base + "actions/", {"description": "x", "owner": board.officer.pk},
                      content_type="application/json").status_code == 400


def test_the_openapi_schema_lists_the_priorities_and_actions_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    base = "/api/t/{tenant_slug}/boards/{board_id}/"
    assert {"get", "post"} <= set(paths[base + "priorities/"])
    assert {"get", "post"} <= set(paths[base + "actions/"])
    assert {"get", "post"} <= set(paths[base + "actions/{board_action_id}/updates/"])


def test_the_clerk_sets_priorities_and_actions_through_the_forms(board, client_for):
    clerk = client_for(board.clerk.user)
    assert clerk.post(url(board, "priorities/add/"), {
        "title": "Reading", "description": "Fluent by eleven"}).status_code == 302
    with scope(tenant=board.tenant):
        priority = board.board.priorities.get()
    refused = clerk.post(url(board, "actions/add/"), {"description": "Audit"})
    assert refused.status_code == 400 and "Say who owns the action" in refused.content.decode()
    made = clerk.post(url(board, "actions/add/"), {
        "description": "Reading audit", "owner": board.members["Chesil alliance"].pk,
        "due_date": str(TODAY() + timedelta(days=7)), "priority": priority.pk})
    assert made.status_code == 302
    body = clerk.get(url(board)).content.decode()
    assert "Reading audit" in body and 'data-testid="open-actions"' in body
    assert client_for(board.members["Chesil alliance"].user).get(
        url(board, "actions/add/")).status_code == 403


def test_action_pages_cost_the_same_queries_however_many_actions(board, client_for):
    client = client_for(board.chair.user)
    first = new_action(board)
    pages = [url(board), url(board, "actions/"), url(board, f"actions/{first.pk}/")]

    def measure() -> list[int]:
        counts = []
        for page in pages:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(page).status_code == 200
            counts.append(len(captured))
        return counts

    client.get(pages[0])
    before = measure()
    priority = services.priority_create(tenant=board.tenant, actor=board.clerk.user,
                                        board=board.board, title="Reading")
    for n, label in enumerate(["Purbeck alliance", "Blackmore Vale alliance", "Chesil alliance"]):
        made = new_action(board, owner_label=label, due_in=n - 1, priority=priority)
        services.action_progress(tenant=board.tenant, actor=board.clerk.user, action=made,
                                 status="in_progress", note=f"Update {n}", rag="amber")
        services.action_progress(tenant=board.tenant, actor=board.clerk.user, action=first,
                                 status="in_progress", note=f"Note {n}")
    assert measure() == before
