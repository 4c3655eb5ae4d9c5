"""Isolation rows for hub self-management: tenant A's hub (the headteacher persona's school is a
member and its head the chair), with a meeting, a note, a priority and an action.

Officers and admins manage every hub; the chair manages theirs; board members and viewers are
refused (403). Pages that take only GET or only POST answer 405 to the other method once the
tenant and role are known. An empty POST (`{"submitted": "1"}`) is an invalid form: 400.
"""

from datetime import datetime, timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from core.models import Membership, Role
from partnerships.models import (
    HubAction,
    HubMeeting,
    HubMeetingNote,
    HubPriority,
    Partnership,
    PartnershipLevel,
    PartnershipMembership,
    PartnershipRole,
    RoleKind,
)
from tests.isolation import FORBIDDEN, statuses

MANAGED_FORM = statuses((200, 400), (200, 400), (200, 400), FORBIDDEN, FORBIDDEN)
READ_PAGE = statuses((200, 405), (200, 405), (200, 405), (403, 405), (403, 405))
API_LIST = statuses((200, 400), (200, 400), (200, 400), FORBIDDEN, FORBIDDEN)

EXPECTED = {
    "partnerships:my-hub": statuses(FORBIDDEN, FORBIDDEN, (200, 405), FORBIDDEN, FORBIDDEN),
    "partnerships:partnership-hub": READ_PAGE,
    # The hub page's second download, its actions: as the page (its meetings': derived).
    "partnerships:hub-actions-export": READ_PAGE,
    "partnerships:hub-meeting-add": MANAGED_FORM,
    "partnerships:hub-meeting-detail": READ_PAGE,
    "partnerships:hub-meeting-status":
        statuses((405, 400), (405, 400), (405, 400), (405, 403), (405, 403)),
    "partnerships:hub-note-add": MANAGED_FORM,
    "partnerships:hub-note-edit": MANAGED_FORM,
    "partnerships:hub-priority-add": MANAGED_FORM,
    "partnerships:hub-priority-end": MANAGED_FORM,
    "partnerships:hub-action-add": MANAGED_FORM,
    "partnerships:hub-action-progress": MANAGED_FORM,
    "partnerships_api:api-hub-meeting-list": API_LIST,
    "partnerships_api:api-hub-note-list": API_LIST,
    "partnerships_api:api-hub-priority-list": API_LIST,
    "partnerships_api:api-hub-action-list": API_LIST,
    "partnerships_api:api-hub-action-progress": API_LIST,
}


def _partnership(tenant_a) -> Partnership:
    """Tenant A's first partnership, shared with the other partnership modules' rows when they
    made one already (the URL argument `partnership_id` is theirs too), else a new hub."""
    partnership = Partnership.objects.filter(tenant=tenant_a).order_by("pk").first()
    if partnership is not None:
        return partnership
    level = PartnershipLevel.objects.create(tenant=tenant_a, name="Hub (hubs isolation)",
                                            lead_title="Hub chair")
    return Partnership.objects.create(tenant=tenant_a, level=level, name="Isolation hub",
                                      start_date=timezone.localdate() - timedelta(days=30))


def fillers(tenant_a, personas) -> dict:
    school = personas["a"]["school"]
    start = timezone.localdate() - timedelta(days=30)
    with scopes_disabled():
        hub = _partnership(tenant_a)
        if not PartnershipMembership.objects.current(timezone.localdate()).filter(
                partnership=hub, school=school).exists():
            PartnershipMembership.objects.create(tenant=tenant_a, partnership=hub, school=school,
                                                 level=hub.level, start_date=start)
        head = Membership.objects.get(tenant=tenant_a, role=Role.HEADTEACHER,
                                      user=personas["a"][Role.HEADTEACHER])
        if not PartnershipRole.objects.current(timezone.localdate()).filter(
                partnership=hub, kind=RoleKind.CHAIR).exists():
            PartnershipRole.objects.create(tenant=tenant_a, partnership=hub, kind=RoleKind.CHAIR,
                                           person=head, school=school, start_date=start)
        meeting = HubMeeting.objects.create(
            tenant=tenant_a, partnership=hub, location="Isolation school hall",
            starts_at=timezone.make_aware(datetime(2025, 3, 4, 15, 30)),
        )
        note = HubMeetingNote.objects.create(tenant=tenant_a, meeting=meeting,
                                             text="Isolation note")
        priority = HubPriority.objects.create(tenant=tenant_a, partnership=hub,
                                              title="Isolation priority", start_date=start)
        action = HubAction.objects.create(tenant=tenant_a, partnership=hub, priority=priority,
                                          description="Isolation action", owner=head)
    return {"partnership_id": hub.pk, "hub_meeting_id": meeting.pk, "hub_note_id": note.pk,
            "hub_priority_id": priority.pk, "hub_action_id": action.pk}
