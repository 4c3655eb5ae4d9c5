"""Hub self-management rules: who manages a hub, what a hub's records must hold, and that
nothing is lost (meetings cancelled, notes versioned, priorities ended, progress kept)."""

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope

from core.models import AuditEvent, Role
from partnerships import services
from partnerships.models import HubAction, HubActionUpdate, HubMeeting, HubMeetingNote, RoleKind
from partnerships.permissions import hub_access
from partnerships.selectors.hubs import hub_meeting_notes, hub_page, hubs_of_school
from partnerships.services import hubs
from tests.factories import MembershipFactory
from tests.partnerships.conftest import START

pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 15) -> datetime:
    return timezone.make_aware(datetime(2025, 3, day, hour, 30))


@pytest.fixture
def hub(in_a, officer_a, wiltshire, make_school, head_of):
    """Chippenham hub with two member schools, the first one's head its chair; and Calne hub,
    another hub of the same region, with its own head."""
    def join(partnership, school):
        services.partnership_add_school(tenant=in_a, actor=officer_a, partnership=partnership,
                                        school=school, start_date=START)

    chippenham = wiltshire["hub_a"]
    chair_school, member_school = make_school(name="Redland Primary"), make_school(name="Monkton")
    join(chippenham, chair_school)
    join(chippenham, member_school)
    chair, head = head_of(chair_school), head_of(member_school)
    services.partnership_assign_role(tenant=in_a, actor=officer_a, partnership=chippenham,
                                     kind=RoleKind.CHAIR, person=chair, start_date=START)
    calne = services.partnership_create(tenant=in_a, actor=officer_a, level=wiltshire["hub"],
                                        name="Calne hub", parent=wiltshire["north"],
                                        start_date=START)
    other_school = make_school(name="Calne Primary")
    join(calne, other_school)
    return SimpleNamespace(
        tenant=in_a, officer=officer_a, hub=chippenham, other_hub=calne, chair=chair, head=head,
        other_head=head_of(other_school), chair_school=chair_school, wiltshire=wiltshire,
        board=MembershipFactory(tenant=in_a, role=Role.BOARD_MEMBER),
    )


def meeting_of(hub, actor=None, **kwargs):
    values = {"starts_at": at(4), "location": "Redland Primary"} | kwargs
    return hubs.hub_meeting_create(tenant=hub.tenant, actor=actor or hub.chair.user,
                                   partnership=hub.hub, **values)


def action_of(hub, actor=None, **kwargs):
    values = {"description": "Share the phonics audit", "owner": hub.head} | kwargs
    return hubs.hub_action_create(tenant=hub.tenant, actor=actor or hub.chair.user,
                                  partnership=hub.hub, **values)


# --- Who manages and who sees a hub -----------------------------------------------------------


def test_the_chair_manages_their_hub(hub):
    access = hub_access(membership=hub.chair, partnership=hub.hub)
    assert (access.can_view, access.can_manage, access.is_chair) == (True, True, True)


def test_an_officer_manages_every_hub(hub):
    officer = hub.officer.memberships.get()
    access = hub_access(membership=officer, partnership=hub.other_hub)
    assert (access.can_view, access.can_manage) == (True, True)


def test_a_head_of_a_member_school_sees_their_hub_read_only(hub):
    access = hub_access(membership=hub.head, partnership=hub.hub)
    assert (access.can_view, access.can_manage, access.is_member_head) == (True, False, True)


def test_a_head_of_another_hub_may_not_see_the_hub(hub):
    access = hub_access(membership=hub.other_head, partnership=hub.hub)
    assert (access.can_view, access.can_manage) == (False, False)


def test_a_board_member_may_not_see_a_hub(hub):
    assert hub_access(membership=hub.board, partnership=hub.hub).can_view is False


def test_a_chair_whose_role_ended_no_longer_manages_the_hub(hub):
    role = hub.hub.roles.get(kind=RoleKind.CHAIR)
    services.partnership_end_role(tenant=hub.tenant, actor=hub.officer, role=role,
                                  end_date=timezone.localdate())
    access = hub_access(membership=hub.chair, partnership=hub.hub)
    assert (access.can_view, access.can_manage) == (True, False)


def test_a_member_head_who_is_not_chair_cannot_add_a_meeting(hub):
    with pytest.raises(PermissionDenied):
        meeting_of(hub, actor=hub.head.user)
    assert not HubMeeting.objects.exists()


def test_the_chair_of_one_hub_cannot_add_a_meeting_to_another(hub):
    with pytest.raises(PermissionDenied):
        hubs.hub_meeting_create(tenant=hub.tenant, actor=hub.chair.user,
                                partnership=hub.other_hub, starts_at=at(4), is_online=True)


def test_a_hub_of_another_tenant_is_refused(hub, tenant_b):
    with scope(tenant=tenant_b):
        level = services.partnership_level_create(tenant=tenant_b, actor=None, name="Hub")
        foreign = services.partnership_create(tenant=tenant_b, actor=None, level=level,
                                              name="Dorchester hub")
    with pytest.raises(ValidationError, match="not in this tenant"):
        hubs.hub_meeting_create(tenant=hub.tenant, actor=hub.officer, partnership=foreign,
                                starts_at=at(4), is_online=True)


# --- Meetings and notes -----------------------------------------------------------------------


def test_the_chair_plans_a_meeting_and_it_is_audited(hub):
    meeting = meeting_of(hub, agenda="Phonics; attendance")
    assert meeting.status == HubMeeting.Status.PLANNED
    event = AuditEvent.objects.get(action="hub.meeting_create")
    assert (event.actor, event.object_id) == (hub.chair.user, str(meeting.pk))


def test_an_officer_plans_a_meeting_of_any_hub(hub):
    meeting = hubs.hub_meeting_create(tenant=hub.tenant, actor=hub.officer,
                                      partnership=hub.other_hub, starts_at=at(5), is_online=True)
    assert meeting.partnership == hub.other_hub


def test_a_meeting_needs_a_place_or_to_be_online(hub):
    with pytest.raises(ValidationError, match="Say where the meeting is"):
        meeting_of(hub, location="")


def test_a_hub_cannot_have_two_meetings_at_the_same_time(hub):
    meeting_of(hub)
    with pytest.raises(ValidationError, match="already has a meeting at 15:30"):
        meeting_of(hub, location="Monkton")


def test_a_cancelled_meeting_is_kept_with_its_reason(hub):
    meeting = meeting_of(hub)
    hubs.hub_meeting_set_status(tenant=hub.tenant, actor=hub.chair.user, meeting=meeting,
                                status=HubMeeting.Status.CANCELLED, reason="Snow")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.status_reason) == ("cancelled", "Snow")


def test_cancelling_a_meeting_needs_a_reason(hub):
    with pytest.raises(ValidationError, match="Say why"):
        hubs.hub_meeting_set_status(tenant=hub.tenant, actor=hub.chair.user,
                                    meeting=meeting_of(hub), status=HubMeeting.Status.CANCELLED)


def test_the_chair_adds_a_note_to_a_meeting(hub):
    meeting = meeting_of(hub)
    note = hubs.hub_meeting_note_add(tenant=hub.tenant, actor=hub.chair.user, meeting=meeting,
                                     text="Agreed to share the phonics audit.")
    assert (note.author, note.meeting) == (hub.chair.user, meeting)
    assert AuditEvent.objects.filter(action="hub.note_add", object_id=str(note.pk)).exists()


def test_a_member_head_who_is_not_chair_cannot_add_a_note(hub):
    meeting = meeting_of(hub)
    with pytest.raises(PermissionDenied):
        hubs.hub_meeting_note_add(tenant=hub.tenant, actor=hub.head.user, meeting=meeting,
                                  text="Not mine to write")


def test_editing_a_note_keeps_the_earlier_text_and_who_wrote_it(hub):
    meeting = meeting_of(hub)
    first = hubs.hub_meeting_note_add(tenant=hub.tenant, actor=hub.chair.user, meeting=meeting,
                                      text="Agreed: phonics.")
    hubs.hub_meeting_note_edit(tenant=hub.tenant, actor=hub.officer, note=first,
                               text="Agreed: phonics and reading.")
    [current] = hub_meeting_notes(meeting=meeting)
    assert current.text == "Agreed: phonics and reading." and current.author == hub.officer
    assert [(n.text, n.author) for n in current.earlier] == [("Agreed: phonics.",
                                                              hub.chair.user)]
    assert HubMeetingNote.objects.count() == 2


def test_a_note_already_edited_cannot_be_edited_again_from_its_old_version(hub):
    meeting = meeting_of(hub)
    first = hubs.hub_meeting_note_add(tenant=hub.tenant, actor=hub.chair.user, meeting=meeting,
                                      text="One")
    hubs.hub_meeting_note_edit(tenant=hub.tenant, actor=hub.chair.user, note=first, text="Two")
    with pytest.raises(ValidationError, match="edited since"):
        hubs.hub_meeting_note_edit(tenant=hub.tenant, actor=hub.chair.user, note=first,
                                   text="Three")


# --- Priorities -------------------------------------------------------------------------------


def test_the_chair_adds_a_priority(hub):
    priority = hubs.hub_priority_create(tenant=hub.tenant, actor=hub.chair.user,
                                        partnership=hub.hub, title="Disadvantaged learners")
    assert priority.status == "active" and priority.start_date == timezone.localdate()


def test_a_hub_cannot_have_the_same_active_priority_twice(hub):
    hubs.hub_priority_create(tenant=hub.tenant, actor=hub.chair.user, partnership=hub.hub,
                             title="Disadvantaged learners")
    with pytest.raises(ValidationError, match="already has the priority"):
        hubs.hub_priority_create(tenant=hub.tenant, actor=hub.chair.user, partnership=hub.hub,
                                 title="disadvantaged learners")


def test_an_ended_priority_is_kept_and_its_title_can_be_used_again(hub):
    first = hubs.hub_priority_create(tenant=hub.tenant, actor=hub.chair.user,
                                     partnership=hub.hub, title="Attendance")
    hubs.hub_priority_end(tenant=hub.tenant, actor=hub.chair.user, priority=first,
                          status="achieved")
    again = hubs.hub_priority_create(tenant=hub.tenant, actor=hub.chair.user,
                                     partnership=hub.hub, title="Attendance")
    first.refresh_from_db()
    assert (first.status, first.end_date, again.status) == ("achieved", timezone.localdate(),
                                                            "active")


# --- Actions ----------------------------------------------------------------------------------


def test_an_action_can_be_owned_by_a_member_schools_head(hub):
    action = action_of(hub, due_date=timezone.localdate() + timedelta(days=30))
    assert action.owner == hub.head and action.status == HubAction.Progress.NOT_STARTED


def test_an_action_owner_must_be_a_head_of_a_member_school(hub):
    with pytest.raises(ValidationError, match="not the headteacher of a member school of "
                                              "Chippenham hub"):
        action_of(hub, owner=hub.other_head)


def test_an_action_owner_can_be_named_in_free_text(hub):
    action = action_of(hub, owner=None, owner_name="Wiltshire Music Hub")
    assert action.owner_label == "Wiltshire Music Hub"


def test_an_action_needs_an_owner(hub):
    with pytest.raises(ValidationError, match="Say who owns the action"):
        action_of(hub, owner=None)


def test_an_action_cannot_take_another_hubs_priority(hub):
    priority = hubs.hub_priority_create(tenant=hub.tenant, actor=hub.officer,
                                        partnership=hub.other_hub, title="Reading")
    with pytest.raises(ValidationError, match="not one of Chippenham hub's"):
        action_of(hub, priority=priority)


def test_an_action_cannot_take_another_hubs_meeting(hub):
    meeting = hubs.hub_meeting_create(tenant=hub.tenant, actor=hub.officer,
                                      partnership=hub.other_hub, starts_at=at(6), is_online=True)
    with pytest.raises(ValidationError, match="not one of Chippenham hub's"):
        action_of(hub, meeting=meeting)


def test_a_member_head_who_is_not_chair_cannot_update_progress(hub):
    action = action_of(hub)
    with pytest.raises(PermissionDenied):
        hubs.hub_action_update_progress(tenant=hub.tenant, actor=hub.head.user, action=action,
                                        status="done")


def test_marking_an_action_done_records_when(hub):
    action = hubs.hub_action_update_progress(tenant=hub.tenant, actor=hub.chair.user,
                                             action=action_of(hub), status="done",
                                             note="Shared at the March meeting")
    assert action.completed_at is not None and action.progress_note == "Shared at the March " \
                                                                        "meeting"


def test_reopening_a_done_action_clears_when_it_was_completed(hub):
    action = action_of(hub)
    hubs.hub_action_update_progress(tenant=hub.tenant, actor=hub.chair.user, action=action,
                                    status="done")
    hubs.hub_action_update_progress(tenant=hub.tenant, actor=hub.chair.user, action=action,
                                    status="in_progress", note="One school still to do")
    action.refresh_from_db()
    assert (action.status, action.completed_at) == ("in_progress", None)


def test_every_progress_update_is_kept(hub):
    action = action_of(hub)
    for status in ("in_progress", "done"):
        hubs.hub_action_update_progress(tenant=hub.tenant, actor=hub.chair.user, action=action,
                                        status=status, note=f"Now {status}")
    assert list(HubActionUpdate.objects.filter(action=action).values_list("status", "note")
                .order_by("id")) == [("in_progress", "Now in_progress"), ("done", "Now done")]


def test_a_cancelled_action_is_kept_and_cannot_move_on(hub):
    action = action_of(hub)
    hubs.hub_action_update_progress(tenant=hub.tenant, actor=hub.chair.user, action=action,
                                    status="cancelled", note="Superseded by the LA's audit")
    with pytest.raises(ValidationError, match="was cancelled"):
        hubs.hub_action_update_progress(tenant=hub.tenant, actor=hub.chair.user, action=action,
                                        status="done")
    assert HubAction.objects.filter(pk=action.pk, status="cancelled").exists()


# --- Reads ------------------------------------------------------------------------------------


def test_a_school_in_a_hub_and_a_region_lists_both(hub):
    services.partnership_add_school(tenant=hub.tenant, actor=hub.officer,
                                    partnership=hub.wiltshire["north"], school=hub.chair_school,
                                    start_date=START)
    names = [m.partnership.name for m in hubs_of_school(school=hub.chair_school)]
    assert names == ["Chippenham hub", "North"]


def test_the_hub_page_counts_actions_by_status_for_each_priority(hub):
    priority = hubs.hub_priority_create(tenant=hub.tenant, actor=hub.chair.user,
                                        partnership=hub.hub, title="Disadvantaged learners")
    for _ in range(2):
        action_of(hub, priority=priority)
    done = action_of(hub, priority=priority)
    hubs.hub_action_update_progress(tenant=hub.tenant, actor=hub.chair.user, action=done,
                                    status="done")
    action_of(hub)
    page = hub_page(partnership=hub.hub, access=hub_access(membership=hub.chair,
                                                           partnership=hub.hub))
    assert [(row.label, row.counts) for row in page.progress] == [
        ("Disadvantaged learners", {"not_started": 2, "done": 1}),
        ("No priority", {"not_started": 1}),
    ]


def test_the_hub_page_splits_upcoming_and_past_meetings(hub):
    past = meeting_of(hub, starts_at=timezone.now() - timedelta(days=7))
    coming = meeting_of(hub, starts_at=timezone.now() + timedelta(days=7))
    page = hub_page(partnership=hub.hub, access=hub_access(membership=hub.chair,
                                                           partnership=hub.hub))
    assert (page.upcoming_meetings, page.past_meetings) == ([coming], [past])


def _add_actions(hub, count: int) -> None:
    priority = hubs.hub_priority_create(tenant=hub.tenant, actor=hub.officer,
                                        partnership=hub.hub, title=f"Priority {count}")
    HubAction.objects.bulk_create([
        HubAction(tenant=hub.tenant, partnership=hub.hub, priority=priority if n % 2 else None,
                  description=f"Action {n}", owner=hub.head if n % 3 else None,
                  owner_name="" if n % 3 else "Music hub")
        for n in range(count)
    ])


def test_the_hub_page_makes_as_many_queries_for_100_actions_as_for_10(hub):
    access = hub_access(membership=hub.chair, partnership=hub.hub)

    def render_count() -> int:
        with CaptureQueriesContext(connection) as queries:
            page = hub_page(partnership=hub.hub, access=access)
            for block in page.priorities:
                [action.owner_label for action in block.actions]
        return len(queries)

    _add_actions(hub, 10)
    ten = render_count()
    _add_actions(hub, 90)
    assert render_count() == ten
