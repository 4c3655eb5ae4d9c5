"""Escalation's writes (issue 13 item 9): an officer records that a school in support is not
engaging with the support it agreed (the support, the evidence, since when), then each next
step taken — of a kind open to the council on that step's date for that school (maintained or
academy; the academy-order duty ends on `ACADEMY_ORDER_DUTY_REPEALED`), see
`support.escalation` — and closes it with its outcome. One open escalation per school."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from categorisation.published import ACADEMY_ORDER_DUTY_REPEALED
from core.audit import audit_record
from core.models import Tenant
from core.tenancy import ensure_same_tenant
from schools.models import School
from support.escalation import step_refusal
from support.models import Deployment, Escalation, EscalationStep, EscalationStepRevision
from support.permissions import require_recorder
from support.selectors.plans import support_reasons


@transaction.atomic
def escalation_open(*, tenant: Tenant, actor: User | None, school: School, agreed_support: str,
                    evidence: str, noticed_on: date, opened_on: date,
                    deployment: Deployment | None = None) -> Escalation:
    ensure_same_tenant(tenant, school=school, deployment=deployment)
    by = require_recorder(tenant=tenant, actor=actor, school=school)
    if deployment is not None and deployment.school_id != school.pk:
        raise ValidationError({"deployment": "That deployment supports another school."})
    if deployment is None and not support_reasons(tenant=tenant, school=school,
                                                  today=opened_on):
        raise ValidationError(f"{school} has no agreed support to escalate: it has no open "
                              "RISE case, no support brokered and no category entitling it to "
                              "support days.")
    if Escalation.objects.filter(school=school, closed_on__isnull=True).exists():
        raise ValidationError(f"{school} already has an open escalation: add a step to it.")
    if not agreed_support.strip():
        raise ValidationError({"agreed_support": "Say what support the school agreed to."})
    if not evidence.strip():
        raise ValidationError({"evidence": "Give the evidence that the school is not "
                                           "engaging, with dates."})
    if noticed_on > opened_on:
        raise ValidationError({"noticed_on": "The non-engagement cannot begin after it is "
                                             "recorded."})
    escalation = Escalation(tenant=tenant, school=school, agreed_support=agreed_support.strip(),
                            evidence=evidence.strip(), noticed_on=noticed_on,
                            opened_on=opened_on, deployment=deployment, raised_by=by,
                            created_by=actor)
    escalation.full_clean()
    escalation.save()
    audit_record(tenant=tenant, actor=actor, action="support.escalation_opened",
                 obj=escalation, summary=f"{school} is not engaging with agreed support")
    return escalation


def _locked_open(tenant: Tenant, actor: User | None, escalation: Escalation):
    ensure_same_tenant(tenant, escalation=escalation)
    by = require_recorder(tenant=tenant, actor=actor, school=escalation.school)
    escalation = (Escalation.objects.select_for_update()
                  .select_related("school__establishment").get(pk=escalation.pk))
    if not escalation.is_open:
        raise ValidationError(f"This escalation closed on {escalation.closed_on:%-d %B %Y}.")
    return escalation, by


def _step_checks(escalation: Escalation, *, kind: str, taken_on: date, note: str,
                 today: date, repealed_from: date) -> None:
    """The rules a step holds, when recorded and when corrected: not before the escalation,
    not in the future, of a kind open to the council for this school on its date, with what
    was done."""
    if taken_on < escalation.opened_on:
        raise ValidationError({"taken_on": "The step cannot be before the escalation "
                                           f"({escalation.opened_on:%-d %B %Y})."})
    if taken_on > today:
        raise ValidationError({"taken_on": "Record a step once it is taken: the date cannot "
                                           "be in the future."})
    refusal = step_refusal(kind=kind, is_maintained=escalation.school.establishment
                           .is_maintained, on=taken_on, repealed_from=repealed_from)
    if refusal:
        raise ValidationError({"kind": refusal})
    if not note.strip():
        raise ValidationError({"note": "Say what was done, and the evidence."})


@transaction.atomic
def escalation_step(*, tenant: Tenant, actor: User | None, escalation: Escalation, kind: str,
                    taken_on: date, note: str, today: date | None = None,
                    repealed_from: date = ACADEMY_ORDER_DUTY_REPEALED) -> EscalationStep:
    """Record a next step taken on `taken_on`: refused when that kind of step was not open to
    the council for this school on that day."""
    escalation, by = _locked_open(tenant, actor, escalation)
    _step_checks(escalation, kind=kind, taken_on=taken_on, note=note,
                 today=today or timezone.localdate(), repealed_from=repealed_from)
    step = EscalationStep(tenant=tenant, escalation=escalation, kind=kind, taken_on=taken_on,
                          note=note.strip(), recorded_by=by)
    step.full_clean()
    step.save()
    audit_record(tenant=tenant, actor=actor, action="support.escalation_step", obj=escalation,
                 summary=f"Escalation of {escalation.school}: {step.get_kind_display()}")
    return step


@transaction.atomic
def escalation_step_correct(*, tenant: Tenant, actor: User | None, step: EscalationStep,
                            kind: str, taken_on: date, note: str, reason: str,
                            today: date | None = None,
                            repealed_from: date = ACADEMY_ORDER_DUTY_REPEALED
                            ) -> EscalationStep:
    """Correct a step of an open escalation (its kind, date or note), keeping what it was
    before and why it changed (`EscalationStepRevision`). The corrected step holds the same
    rules as a new one: a kind open to the council for this school on the corrected date (an
    academy-order duty moved past the repeal is refused)."""
    ensure_same_tenant(tenant, step=step)
    escalation, by = _locked_open(tenant, actor, step.escalation)
    step = EscalationStep.objects.select_for_update().get(pk=step.pk)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the step is corrected."})
    if (kind, taken_on, note.strip()) == (step.kind, step.taken_on, step.note):
        raise ValidationError("Nothing changed.")
    _step_checks(escalation, kind=kind, taken_on=taken_on, note=note,
                 today=today or timezone.localdate(), repealed_from=repealed_from)
    before = {"kind": step.kind, "taken_on": str(step.taken_on), "note": step.note}
    EscalationStepRevision.objects.create(
        tenant=tenant, step=step, kind=step.kind, taken_on=step.taken_on, note=step.note,
        reason=reason.strip(), revised_by=by)
    step.kind, step.taken_on, step.note = kind, taken_on, note.strip()
    step.full_clean()
    step.save(update_fields=["kind", "taken_on", "note"])
    audit_record(tenant=tenant, actor=actor, action="support.escalation_step_corrected",
                 obj=escalation, summary=f"Escalation of {escalation.school}: "
                                         f"{step.get_kind_display()} corrected"[:300],
                 changes={name: [before[name], str(getattr(step, name))] for name in before
                          if before[name] != str(getattr(step, name))}
                 | {"reason": reason.strip()})
    return step


@transaction.atomic
def escalation_close(*, tenant: Tenant, actor: User | None, escalation: Escalation,
                     closed_on: date, outcome: str) -> Escalation:
    escalation, _ = _locked_open(tenant, actor, escalation)
    if not outcome.strip():
        raise ValidationError({"outcome": "Say how it ended: the school engages again, or "
                                          "what intervention followed."})
    if closed_on < escalation.opened_on:
        raise ValidationError({"closed_on": "It cannot close before it opened "
                                            f"({escalation.opened_on:%-d %B %Y})."})
    escalation.closed_on, escalation.outcome = closed_on, outcome.strip()
    escalation.save(update_fields=["closed_on", "outcome"])
    audit_record(tenant=tenant, actor=actor, action="support.escalation_closed",
                 obj=escalation, summary=f"Escalation of {escalation.school} closed")
    return escalation
