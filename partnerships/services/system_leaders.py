"""Recording and ending system-leader designations (NLE, LLE) on a person of the tenant, which
the consortium lead's rule reads (`partnerships.eligibility`)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import Membership, Tenant
from core.tenancy import ensure_same_tenant
from partnerships.models import SystemLeaderDesignation


@transaction.atomic
def system_leader_designate(
    *, tenant: Tenant, actor: User | None, person: Membership, designation: str,
    designated_on: date, evidence: str, today: date | None = None,
) -> SystemLeaderDesignation:
    """Record that a person of the tenant holds a designation, with the evidence seen.

    Refused naming the field: a person of another tenant, a date in the future, no evidence,
    or the same designation already current for them."""
    ensure_same_tenant(tenant, person=person)
    today = today or timezone.localdate()
    if designated_on > today:
        raise ValidationError({"designated_on": "The date must be today or in the past."})
    if not evidence.strip():
        raise ValidationError({"evidence": "Say what shows the designation, for example the "
                                           "date of the DfE letter."})
    if SystemLeaderDesignation.objects.filter(person=person, designation=designation,
                                              ended_on__isnull=True).exists():
        raise ValidationError({"designation": f"{person.user} already holds this designation."})
    record = SystemLeaderDesignation(
        tenant=tenant, person=person, designation=designation, designated_on=designated_on,
        evidence=evidence.strip(),
        recorded_by=actor if actor is not None and actor.is_authenticated else None)
    record.full_clean()
    record.save()
    audit_record(tenant=tenant, actor=actor, action="partnership.system_leader_designated",
                 obj=record, summary=f"{person.user}: {record}"[:300])
    return record


@transaction.atomic
def system_leader_designation_end(
    *, tenant: Tenant, actor: User | None, record: SystemLeaderDesignation, ended_on: date,
    reason: str,
) -> SystemLeaderDesignation:
    """End a designation with a date and a reason; it stays in the history."""
    ensure_same_tenant(tenant, record=record)
    record = SystemLeaderDesignation.objects.select_for_update().get(pk=record.pk)
    if record.ended_on is not None:
        raise ValidationError({"ended_on": "That designation has already ended."})
    if ended_on < record.designated_on:
        raise ValidationError({"ended_on": "A designation cannot end before it began."})
    if not reason.strip():
        raise ValidationError({"ended_reason": "Say why the designation ended."})
    record.ended_on, record.ended_reason = ended_on, reason.strip()
    record.full_clean()
    record.save(update_fields=["ended_on", "ended_reason"])
    audit_record(tenant=tenant, actor=actor, action="partnership.system_leader_ended",
                 obj=record, summary=f"{record.person.user}: ended {ended_on}"[:300],
                 changes={"ended_on": str(ended_on), "reason": record.ended_reason})
    return record
