"""Minutes: the clerk drafts them item by item, circulates them to members, a decision at a
later meeting approves them (`boards.services.decisions`), and then they are locked: editing
is refused. Approved minutes are published (redacted: `boards.selectors.published`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from boards.models import AgendaItem, Decision, Meeting, MinuteEntry, Minutes
from boards.services._common import check, save
from core.audit import audit_record
from core.models import Tenant


def _locked_refusal(minutes: Minutes) -> ValidationError:
    when = f" on {minutes.approved_at:%d %B %Y}" if minutes.approved_at else ""
    return ValidationError({"minutes": (
        f"These minutes were approved{when} and are locked: they are the record of the "
        "meeting and cannot be edited.")})


@transaction.atomic
def minutes_save(*, tenant: Tenant, actor: User | None, meeting: Meeting,
                 texts: dict[int, str]) -> Minutes:
    """Save the minute of each agenda item ({item id: text}); starts the draft if there is
    none. Refused once approved."""
    check(tenant=tenant, actor=actor, board=meeting.board, run=True, meeting=meeting)
    if meeting.is_cancelled:
        raise ValidationError({"minutes": "That meeting was cancelled: it has no minutes."})
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        minutes = Minutes(tenant=tenant, meeting=meeting)
        save(minutes)
    if minutes.is_locked:
        raise _locked_refusal(minutes)
    items = {item.pk: item for item in AgendaItem.objects.filter(meeting=meeting)}
    strangers = set(texts) - set(items)
    if strangers:
        raise ValidationError({"minutes": "Those are not items of this meeting's agenda."})
    existing = {entry.item_id: entry for entry in MinuteEntry.objects.filter(minutes=minutes)}
    changed = []
    for item_id, text in texts.items():
        entry = existing.get(item_id) or MinuteEntry(tenant=tenant, minutes=minutes,
                                                     item=items[item_id])
        if entry.pk is not None and entry.text == text.strip():
            continue
        entry.text, entry.updated_by = text.strip(), actor
        save(entry)
        changed.append(items[item_id].number)
    # The audit row names the items changed, never their (possibly exempt) text.
    audit_record(tenant=tenant, actor=actor, action="board.minutes_save", obj=minutes,
                 summary=f"Drafted the minutes of {meeting}", changes={"items": changed})
    return minutes


@transaction.atomic
def minutes_circulate(*, tenant: Tenant, actor: User | None, minutes: Minutes) -> Minutes:
    """Send the draft to members: it can then be put to approval at the next meeting."""
    check(tenant=tenant, actor=actor, board=minutes.meeting.board, run=True, minutes=minutes)
    if minutes.status != Minutes.Status.DRAFT:
        raise ValidationError({"status": "Only draft minutes are circulated."})
    minutes.status = Minutes.Status.CIRCULATED
    minutes.circulated_at = timezone.now()
    save(minutes)
    audit_record(tenant=tenant, actor=actor, action="board.minutes_circulate", obj=minutes,
                 summary=f"Circulated the minutes of {minutes.meeting}")
    return minutes


def minutes_approve(*, tenant: Tenant, actor: User | None, minutes: Minutes,
                    decision: Decision) -> Minutes:
    """Called by the decision services only, inside their transaction: a carried (or agreed)
    decision of a later meeting approves the minutes and locks them."""
    if decision.outcome not in (Decision.Outcome.CARRIED, Decision.Outcome.AGREED):
        raise ValidationError({"decision": "Only a carried decision approves minutes."})
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_by = decision
    minutes.approved_at = timezone.now()
    save(minutes)
    audit_record(tenant=tenant, actor=actor, action="board.minutes_approve", obj=minutes,
                 summary=f"The minutes of {minutes.meeting} were approved at "
                         f"{decision.item.meeting}", changes={"decision": decision.pk})
    return minutes


@transaction.atomic
def minutes_publish(*, tenant: Tenant, actor: User | None, minutes: Minutes) -> Minutes:
    """Publish approved minutes: readers the board's terms name then see the published view,
    exempt items redacted."""
    check(tenant=tenant, actor=actor, board=minutes.meeting.board, run=True, minutes=minutes)
    if minutes.status != Minutes.Status.APPROVED:
        raise ValidationError({"status": "Only approved minutes are published."
                               if minutes.status != Minutes.Status.PUBLISHED
                               else "These minutes are already published."})
    minutes.status = Minutes.Status.PUBLISHED
    minutes.published_at = timezone.now()
    save(minutes)
    audit_record(tenant=tenant, actor=actor, action="board.minutes_publish", obj=minutes,
                 summary=f"Published the minutes of {minutes.meeting}")
    return minutes
