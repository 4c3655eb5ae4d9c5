"""Reads for hub self-management: a headteacher's hubs and one hub's page. Each runs inside the
active tenant scope and makes a fixed number of queries, however many members, meetings or
actions the hub has."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from core.models import Membership, Role
from partnerships.models import (
    HubAction,
    HubActionUpdate,
    HubMeeting,
    HubMeetingNote,
    HubPriority,
    Partnership,
    PartnershipMembership,
    PartnershipRole,
    RoleKind,
)
from partnerships.permissions import HubAccess
from schools.models import School
from schools.selectors import HEADSHIP_RELATED, heads_of, school_of

ACTION_RELATED = ("owner__user", f"owner__{HEADSHIP_RELATED}", "meeting", "priority")


def hubs_of_school(*, school: School, on: date | None = None) -> list[PartnershipMembership]:
    """The partnerships the school is in today, at every level, narrowest first."""
    return list(
        PartnershipMembership.objects.current(on or timezone.localdate())
        .filter(school=school)
        .select_related("partnership__level", "partnership__parent")
        .order_by("level__rank", "partnership__name")
    )


@dataclass(frozen=True)
class MemberRow:
    membership: PartnershipMembership
    heads: list[Membership]


@dataclass(frozen=True)
class ProgressRow:
    """Actions of one priority by status, for the progress chart."""

    label: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def segments(self) -> list[dict]:
        """One segment per status, in the order work moves, with its share of the bar."""
        total = self.total or 1
        return [{"status": value, "label": label, "count": self.counts.get(value, 0),
                 "percent": round(100 * self.counts.get(value, 0) / total, 1)}
                for value, label in HubAction.Progress.choices]


@dataclass(frozen=True)
class PriorityBlock:
    priority: HubPriority | None
    actions: list[HubAction]


@dataclass(frozen=True)
class HubPage:
    partnership: Partnership
    access: HubAccess
    members: list[MemberRow]
    roles: list[PartnershipRole]
    upcoming_meetings: list[HubMeeting]
    past_meetings: list[HubMeeting]
    priorities: list[PriorityBlock]
    ended_priorities: list[HubPriority]
    progress: list[ProgressRow] = field(default_factory=list)

    @property
    def chair(self) -> PartnershipRole | None:
        return next((role for role in self.roles if role.kind == RoleKind.CHAIR), None)

    @property
    def advisers(self) -> list[PartnershipRole]:
        return [role for role in self.roles if role.kind != RoleKind.CHAIR]


def hub_members(*, partnership: Partnership, on: date | None = None) -> list[MemberRow]:
    """The current member schools, each with its active headteachers. Two queries."""
    memberships = list(
        PartnershipMembership.objects.current(on or timezone.localdate())
        .filter(partnership=partnership).select_related("school__establishment")
        .order_by("school__establishment__name")
    )
    heads: dict[int, list[Membership]] = defaultdict(list)
    for head in (heads_of([m.school_id for m in memberships]).filter(role=Role.HEADTEACHER)
                 .order_by("user__full_name", "user__email")):
        heads[school_of(head).pk].append(head)
    return [MemberRow(m, heads.get(m.school_id, [])) for m in memberships]


def hub_meetings(*, partnership: Partnership) -> QuerySet[HubMeeting]:
    """The hub's meetings, each with its number of current notes (edits not counted twice)."""
    return HubMeeting.objects.filter(partnership=partnership).annotate(
        note_count=Count("notes", filter=Q(notes__replaced_by__isnull=True))
    ).order_by("starts_at")


def hub_page(*, partnership: Partnership, access: HubAccess, on: date | None = None) -> HubPage:
    """Everything on a hub's page in seven queries: members and their heads, the chair and
    advisers, meetings, priorities with their actions, actions of no priority."""
    on = on or timezone.localdate()
    now = timezone.now()
    roles = list(
        PartnershipRole.objects.current(on).filter(partnership=partnership)
        .select_related("person__user", "school__establishment").order_by("kind", "start_date")
    )
    meetings = list(hub_meetings(partnership=partnership))
    upcoming = [m for m in meetings
                if m.starts_at >= now and m.status == HubMeeting.Status.PLANNED]
    past = [m for m in reversed(meetings) if m not in upcoming]
    action_queryset = HubAction.objects.select_related(*ACTION_RELATED).order_by("due_date", "id")
    priorities = list(
        HubPriority.objects.filter(partnership=partnership)
        .prefetch_related(Prefetch("actions", queryset=action_queryset))
        .order_by("start_date", "title")
    )
    loose = list(action_queryset.filter(partnership=partnership, priority__isnull=True))
    blocks = [PriorityBlock(p, list(p.actions.all())) for p in priorities
              if p.status == HubPriority.Status.ACTIVE]
    if loose:
        blocks.append(PriorityBlock(None, loose))
    progress = [
        ProgressRow(block.priority.title if block.priority else "No priority",
                    dict(Counter(action.status for action in block.actions)))
        for block in blocks
    ]
    return HubPage(
        partnership=partnership, access=access, members=hub_members(partnership=partnership,
                                                                    on=on),
        roles=roles, upcoming_meetings=upcoming, past_meetings=past, priorities=blocks,
        ended_priorities=[p for p in priorities if p.status != HubPriority.Status.ACTIVE],
        progress=progress,
    )


def hub_meeting_for(*, partnership: Partnership, meeting_id: int) -> HubMeeting | None:
    return HubMeeting.objects.filter(partnership=partnership, pk=meeting_id).first()


def hub_meeting_notes(*, meeting: HubMeeting) -> list[HubMeetingNote]:
    """The current version of each note, with the earlier versions it replaced (newest first)
    in `earlier`. One query."""
    notes = list(HubMeetingNote.objects.filter(meeting=meeting).select_related("author")
                 .order_by("created_at", "id"))
    by_id = {note.pk: note for note in notes}
    replaced = {note.replaces_id for note in notes if note.replaces_id}
    current = [note for note in notes if note.pk not in replaced]
    for note in current:
        earlier = []
        walker = by_id.get(note.replaces_id) if note.replaces_id else None
        while walker is not None:
            earlier.append(walker)
            walker = by_id.get(walker.replaces_id) if walker.replaces_id else None
        note.earlier = earlier
        note.first_written = earlier[-1] if earlier else note
    # In the order the notes were first written, so an edit does not move a note to the end.
    return sorted(current, key=lambda note: (note.first_written.created_at,
                                             note.first_written.pk))


def hub_meeting_actions(*, meeting: HubMeeting) -> list[HubAction]:
    return list(HubAction.objects.filter(meeting=meeting).select_related(*ACTION_RELATED)
                .order_by("due_date", "id"))


def hub_action_updates(*, action: HubAction) -> list[HubActionUpdate]:
    return list(HubActionUpdate.objects.filter(action=action).select_related("author")
                .order_by("-created_at", "-id"))
