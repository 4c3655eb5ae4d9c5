"""Isolation rows for the old hub pages: tenant A's hub (the headteacher persona's school is a
member and its head the chair) on the boards engine, with a meeting, a note, a priority and an
action copied from old hub rows (their old ids in `hub_copy_of`, as migration boards 0012 leaves
them).

A hub is a board (issue 12): the old hub pages answer every member of the tenant with a
permanent redirect (301) to the boards page, which decides who may see it
(tests/isolation/boards.py's rules); another tenant's hub is not found (404). `my-hub` is still
partnerships' own page: a headteacher's hubs.
"""

from datetime import datetime, timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from boards.models import Board, BoardAction, BoardKind, BoardPriority, Meeting, MeetingNote
from core.models import Membership, Role
from partnerships.models import (
    Partnership,
    PartnershipLevel,
    PartnershipMembership,
    PartnershipRole,
    RoleKind,
)
from tests.isolation import FORBIDDEN, statuses

MOVED = statuses(*[(301, 301)] * 5)
# The old ids of the copied rows (the old tables are gone).
OLD = {"hub_meeting_id": 9101, "hub_note_id": 9102, "hub_priority_id": 9103,
       "hub_action_id": 9104}

EXPECTED = {
    "partnerships:my-hub": statuses(FORBIDDEN, FORBIDDEN, (200, 405), FORBIDDEN, FORBIDDEN),
    "partnerships:partnership-hub": MOVED,
    "partnerships:partnership-hub-export": MOVED,
    "partnerships:hub-actions-export": MOVED,
    "partnerships:hub-meeting-add": MOVED,
    "partnerships:hub-meeting-detail": MOVED,
    "partnerships:hub-meeting-status": MOVED,
    "partnerships:hub-note-add": MOVED,
    "partnerships:hub-note-edit": MOVED,
    "partnerships:hub-priority-add": MOVED,
    "partnerships:hub-priority-end": MOVED,
    "partnerships:hub-action-add": MOVED,
    "partnerships:hub-action-progress": MOVED,
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
        board = (Board.objects.filter(kind=BoardKind.HUB, partnership=hub).first()
                 or Board.objects.create(tenant=tenant_a, kind=BoardKind.HUB, name=hub.name,
                                         partnership=hub))
        meeting = Meeting.objects.create(
            tenant=tenant_a, board=board, location="Isolation school hall",
            starts_at=timezone.make_aware(datetime(2025, 3, 4, 15, 30)),
            hub_copy_of=OLD["hub_meeting_id"])
        MeetingNote.objects.create(tenant=tenant_a, meeting=meeting, text="Isolation note",
                                   hub_copy_of=OLD["hub_note_id"])
        priority = BoardPriority.objects.create(
            tenant=tenant_a, board=board, academic_year=start.year, title="Isolation priority",
            start_date=start, hub_copy_of=OLD["hub_priority_id"])
        BoardAction.objects.create(tenant=tenant_a, board=board, priority=priority,
                                   description="Isolation action", owner=head,
                                   hub_copy_of=OLD["hub_action_id"])
    return {"partnership_id": hub.pk, **OLD}
