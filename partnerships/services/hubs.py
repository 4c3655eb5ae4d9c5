"""Hub self-management: the chair's (or an officer's) meetings, notes, priorities and actions.

Every service takes the tenant and the acting user and checks the hub rule itself (see
`partnerships.permissions.hub_access`): only the hub's current chair or an officer changes a
hub's page, whatever the caller (page, API or command). Nothing is deleted: a meeting is
cancelled, a note edited by adding a new version, a priority ended, an action cancelled, and
each progress update is kept.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.actions import record_progress
from core.audit import audit_record, field_changes
from core.models import Membership, Role, Tenant
from core.selectors import membership_for
from core.tenancy import ensure_same_tenant
from partnerships.models import (
    HubAction,
    HubActionUpdate,
    HubMeeting,
    HubMeetingNote,
    HubPriority,
    Partnership,
    PartnershipMembership,
)
from partnerships.permissions import hub_access
from schools.selectors import heads_of


def ensure_can_manage_hub(*, tenant: Tenant, actor: User | None, partnership: Partnership) -> None:
    """Raise PermissionDenied unless the actor is the hub's current chair or an officer."""
    ensure_same_tenant(tenant, partnership=partnership)
    membership = membership_for(user=actor, tenant=tenant) if actor is not None else None
    if membership is None or not hub_access(membership=membership,
                                            partnership=partnership).can_manage:
        raise PermissionDenied("Only the hub's chair or an officer can change the hub's page.")


def _save(obj) -> None:
    obj.full_clean()
    obj.save()


# --- Meetings and notes -----------------------------------------------------------------------


def _check_meeting_time(partnership: Partnership, starts_at: datetime,
                        exclude: int | None = None) -> None:
    clash = HubMeeting.objects.filter(partnership=partnership, starts_at=starts_at)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"starts_at": (
            f"{partnership.name} already has a meeting at {timezone.localtime(starts_at):%H:%M} "
            f"on {timezone.localtime(starts_at):%d %B %Y}."
        )})


@transaction.atomic
def hub_meeting_create(
    *, tenant: Tenant, actor: User | None, partnership: Partnership, starts_at: datetime,
    location: str = "", is_online: bool = False, agenda: str = "",
) -> HubMeeting:
    ensure_can_manage_hub(tenant=tenant, actor=actor, partnership=partnership)
    _check_meeting_time(partnership, starts_at)
    meeting = HubMeeting(
        tenant=tenant, partnership=partnership, starts_at=starts_at, location=location.strip(),
        is_online=is_online, agenda=agenda.strip(), created_by=actor,
    )
    _save(meeting)
    audit_record(tenant=tenant, actor=actor, action="hub.meeting_create", obj=meeting,
                 summary=f"Planned a meeting of {partnership.name}",
                 changes={"starts_at": starts_at.isoformat(), "location": meeting.location,
                          "is_online": is_online})
    return meeting


@transaction.atomic
def hub_meeting_set_status(
    *, tenant: Tenant, actor: User | None, meeting: HubMeeting, status: str, reason: str = "",
) -> HubMeeting:
    """Mark a meeting held or cancelled (a cancelled meeting is kept, with the reason)."""
    ensure_same_tenant(tenant, meeting=meeting)
    ensure_can_manage_hub(tenant=tenant, actor=actor, partnership=meeting.partnership)
    if status not in HubMeeting.Status.values:
        raise ValidationError({"status": "Choose planned, held or cancelled."})
    if meeting.status == HubMeeting.Status.CANCELLED:
        raise ValidationError({"status": "That meeting was cancelled; plan a new one instead."})
    if status == HubMeeting.Status.CANCELLED and not reason.strip():
        raise ValidationError({"reason": "Say why the meeting is cancelled."})
    before = meeting.status
    meeting.status = status
    meeting.status_reason = reason.strip()
    _save(meeting)
    audit_record(tenant=tenant, actor=actor, action="hub.meeting_status", obj=meeting,
                 summary=f"{meeting}: {meeting.get_status_display().lower()}",
                 changes={"status": [before, status], "reason": meeting.status_reason})
    return meeting


@transaction.atomic
def hub_meeting_note_add(
    *, tenant: Tenant, actor: User | None, meeting: HubMeeting, text: str,
) -> HubMeetingNote:
    ensure_same_tenant(tenant, meeting=meeting)
    ensure_can_manage_hub(tenant=tenant, actor=actor, partnership=meeting.partnership)
    note = HubMeetingNote(tenant=tenant, meeting=meeting, author=actor, text=text.strip())
    _save(note)
    audit_record(tenant=tenant, actor=actor, action="hub.note_add", obj=note,
                 summary=f"Added a note to {meeting}", changes={"meeting": meeting.pk})
    return note


@transaction.atomic
def hub_meeting_note_edit(
    *, tenant: Tenant, actor: User | None, note: HubMeetingNote, text: str,
) -> HubMeetingNote:
    """Edit a note by adding its next version; the earlier text, author and time are kept."""
    ensure_same_tenant(tenant, note=note)
    ensure_can_manage_hub(tenant=tenant, actor=actor, partnership=note.meeting.partnership)
    # Lock the note so two simultaneous edits cannot both become its next version.
    HubMeetingNote.objects.select_for_update().filter(pk=note.pk).first()
    if HubMeetingNote.objects.filter(replaces=note).exists():
        raise ValidationError({"text": "That note has been edited since; edit its latest version."})
    if text.strip() == note.text:
        raise ValidationError({"text": "The note is unchanged."})
    edited = HubMeetingNote(tenant=tenant, meeting=note.meeting, author=actor, text=text.strip(),
                            replaces=note)
    _save(edited)
    audit_record(tenant=tenant, actor=actor, action="hub.note_edit", obj=edited,
                 summary=f"Edited a note on {note.meeting}",
                 changes={"replaces": note.pk, "text": [note.text, edited.text]})
    return edited


# --- Priorities -------------------------------------------------------------------------------


@transaction.atomic
def hub_priority_create(
    *, tenant: Tenant, actor: User | None, partnership: Partnership, title: str,
    description: str = "", start_date: date | None = None,
) -> HubPriority:
    ensure_can_manage_hub(tenant=tenant, actor=actor, partnership=partnership)
    title = title.strip()
    if HubPriority.objects.filter(partnership=partnership, title__iexact=title,
                                  status=HubPriority.Status.ACTIVE).exists():
        raise ValidationError({"title": f"{partnership.name} already has the priority {title}."})
    priority = HubPriority(
        tenant=tenant, partnership=partnership, title=title, description=description.strip(),
        start_date=start_date or timezone.localdate(), created_by=actor,
    )
    _save(priority)
    audit_record(tenant=tenant, actor=actor, action="hub.priority_create", obj=priority,
                 summary=f"{partnership.name}: new priority {title}", changes={"title": title})
    return priority


@transaction.atomic
def hub_priority_end(
    *, tenant: Tenant, actor: User | None, priority: HubPriority, status: str,
    end_date: date | None = None,
) -> HubPriority:
    """Mark a priority achieved or ended; it stays on record with its actions."""
    ensure_same_tenant(tenant, priority=priority)
    ensure_can_manage_hub(tenant=tenant, actor=actor, partnership=priority.partnership)
    if status not in (HubPriority.Status.ACHIEVED, HubPriority.Status.ENDED):
        raise ValidationError({"status": "Choose achieved or ended."})
    if priority.status != HubPriority.Status.ACTIVE:
        raise ValidationError({"status": "That priority has already ended."})
    end_date = end_date or timezone.localdate()
    changes = field_changes(priority, ["status", "end_date"],
                            {"status": status, "end_date": end_date})
    priority.status = status
    priority.end_date = end_date
    _save(priority)
    audit_record(tenant=tenant, actor=actor, action="hub.priority_end", obj=priority,
                 summary=f"{priority.partnership.name}: {priority.title} "
                         f"{priority.get_status_display().lower()}",
                 changes=changes)
    return priority


# --- Actions ----------------------------------------------------------------------------------


def hub_owner_choices(*, partnership: Partnership, on: date | None = None) -> list[Membership]:
    """Who may own an action: the active headteachers of the hub's current member schools."""
    schools = PartnershipMembership.objects.current(on or timezone.localdate()).filter(
        partnership=partnership
    ).values("school_id")
    return list(
        heads_of(schools).filter(role=Role.HEADTEACHER)
        .order_by("headship__school__establishment__name", "user__email")
    )


def _check_owner(partnership: Partnership, owner: Membership | None) -> None:
    if owner is None:
        return
    if owner.tenant_id != partnership.tenant_id:
        raise ValidationError({"owner": "That person is not in this tenant."})
    if owner.pk not in {m.pk for m in hub_owner_choices(partnership=partnership)}:
        raise ValidationError({"owner": (
            f"{owner.user} is not the headteacher of a member school of {partnership.name}; "
            "choose a member school's headteacher, or type the owner's name."
        )})


@transaction.atomic
def hub_action_create(
    *, tenant: Tenant, actor: User | None, partnership: Partnership, description: str,
    priority: HubPriority | None = None, meeting: HubMeeting | None = None,
    owner: Membership | None = None, owner_name: str = "", due_date: date | None = None,
) -> HubAction:
    """Record an action. Its priority and meeting must be the same hub's; its owner is the
    headteacher of a member school, or a name typed in."""
    ensure_same_tenant(tenant, priority=priority, meeting=meeting, owner=owner)
    ensure_can_manage_hub(tenant=tenant, actor=actor, partnership=partnership)
    if priority is not None and priority.partnership_id != partnership.pk:
        raise ValidationError({"priority": f"That priority is not one of {partnership.name}'s."})
    if priority is not None and priority.status != HubPriority.Status.ACTIVE:
        raise ValidationError({"priority": f"The priority {priority.title} has ended."})
    if meeting is not None and meeting.partnership_id != partnership.pk:
        raise ValidationError({"meeting": f"That meeting is not one of {partnership.name}'s."})
    _check_owner(partnership, owner)
    action = HubAction(
        tenant=tenant, partnership=partnership, priority=priority, meeting=meeting,
        description=description.strip(), owner=owner,
        owner_name="" if owner else owner_name.strip(), due_date=due_date, created_by=actor,
    )
    _save(action)
    audit_record(tenant=tenant, actor=actor, action="hub.action_create", obj=action,
                 summary=f"{partnership.name}: new action {action}",
                 changes={"priority": priority.pk if priority else None,
                          "meeting": meeting.pk if meeting else None,
                          "owner": owner.pk if owner else action.owner_name,
                          "due_date": str(due_date or "")})
    return action


@transaction.atomic
def hub_action_update_progress(
    *, tenant: Tenant, actor: User | None, action: HubAction, status: str, note: str = "",
    rag: str | None = None,
) -> HubAction:
    """Move an action on (not started, in progress, done, or cancelled) with a note and,
    optionally, a RAG rating: the rule is core.actions.record_progress. Each update is kept."""
    ensure_same_tenant(tenant, action=action)
    ensure_can_manage_hub(tenant=tenant, actor=actor, partnership=action.partnership)
    before = action.status
    record_progress(action, update_model=HubActionUpdate, actor=actor, status=status,
                    note=note, rag=rag)
    audit_record(tenant=tenant, actor=actor, action="hub.action_progress", obj=action,
                 summary=f"{action}: {action.get_status_display().lower()}",
                 changes={"status": [before, status], "note": action.progress_note})
    return action
