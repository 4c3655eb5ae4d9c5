"""Minutes: the clerk drafts them item by item, circulates them to members, a decision at a
later meeting approves them (`boards.services.decisions`), and then they are locked: editing
is refused. Approved minutes are published (redacted: `boards.selectors.published`). A locked
minute is corrected only by a proposed correction that a later decision approves; the
correction is kept beside the minute, which is never edited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from boards.models import AgendaItem, Decision, Meeting, MinuteCorrection, MinuteEntry, Minutes
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


@transaction.atomic
def minute_correction_propose(*, tenant: Tenant, actor: User | None, minutes: Minutes,
                              item: AgendaItem, text: str, reason: str) -> MinuteCorrection:
    """Propose new wording for one item's minute of approved (or published) minutes, with the
    reason; a decision at a later meeting approves it. Refused for minutes still in draft
    (edit them instead), for an item of another meeting, for wording that changes nothing,
    without a reason, and while another correction of the item awaits approval."""
    check(tenant=tenant, actor=actor, board=minutes.meeting.board, run=True, minutes=minutes,
          item=item)
    if not minutes.is_locked:
        raise ValidationError({"minutes": "These minutes are not approved yet: edit the draft "
                                          "instead of proposing a correction."})
    if item.meeting_id != minutes.meeting_id:
        raise ValidationError({"item": "That item is not on this meeting's agenda."})
    text, reason = text.strip(), reason.strip()
    current = minute_in_force(minutes=minutes, item=item)
    if not text or text == current:
        raise ValidationError({"text": "Write the corrected minute: it must differ from the "
                                       "minute as it stands."})
    if not reason:
        raise ValidationError({"reason": "Say why the minute is corrected."})
    if MinuteCorrection.objects.filter(minutes=minutes, item=item,
                                       status=MinuteCorrection.Status.PROPOSED).exists():
        raise ValidationError({"text": f"A correction of item {item.number} is already waiting "
                                       "for approval: approve it at a meeting first."})
    correction = MinuteCorrection(tenant=tenant, minutes=minutes, item=item, text=text,
                                  reason=reason, proposed_by=actor)
    save(correction)
    # As for the minutes themselves, the audit row names the item, never its text.
    audit_record(tenant=tenant, actor=actor, action="board.minute_correction_propose",
                 obj=correction, summary=f"Proposed a correction to item {item.number} of "
                                         f"the minutes of {minutes.meeting}")
    return correction


def minute_in_force(*, minutes: Minutes, item: AgendaItem) -> str:
    """The item's minute as it stands: the latest approved correction's wording, else the
    minute as approved."""
    corrected = (MinuteCorrection.objects.filter(minutes=minutes, item=item,
                                                 status=MinuteCorrection.Status.APPROVED)
                 .order_by("-approved_at", "-pk").values_list("text", flat=True).first())
    if corrected is not None:
        return corrected
    return (MinuteEntry.objects.filter(minutes=minutes, item=item)
            .values_list("text", flat=True).first() or "")


def minute_correction_approve(*, tenant: Tenant, actor: User | None,
                              correction: MinuteCorrection,
                              decision: Decision) -> MinuteCorrection:
    """Called by the decision services only, inside their transaction: a carried (or agreed)
    decision of a later meeting approves the correction."""
    if decision.outcome not in (Decision.Outcome.CARRIED, Decision.Outcome.AGREED):
        raise ValidationError({"decision": "Only a carried decision approves a correction."})
    correction.status = MinuteCorrection.Status.APPROVED
    correction.approved_by = decision
    correction.approved_at = timezone.now()
    save(correction)
    audit_record(tenant=tenant, actor=actor, action="board.minute_correction_approve",
                 obj=correction, summary=f"The correction to item {correction.item.number} of "
                                         f"the minutes of {correction.minutes.meeting} was "
                                         f"approved at {decision.item.meeting}",
                 changes={"decision": decision.pk})
    return correction
