"""RISE cases' writes (issue 13 item 5). Officers record what DfE decided; nothing here decides
for DfE, but the record stays coherent:

- one open case per school (maintained or academy alike);
- the stage moves forward one step at a time (identification -> diagnosis -> matching ->
  planning -> approval -> monitoring); going back to an earlier stage needs a note saying why;
- a targeted case leaves matching only with its supporting organisation named; a case goes to
  approval and monitoring only with its plan written;
- termly reviews are of an approved plan: the monitoring stage;
- every change of a field (the stage among them) is kept: who, when, from, to, the note;
- DfE's grant is external money: recorded on the case, never a commitment of the council's
  funds (support never calls funding for it);
- an adviser or supporting organisation naming a leader of the directory, or a school or trust
  of the register, is checked against brokering's conflict rules (same trust, same hard
  partnership, a declared interest, their employer also employing the officer, the school
  itself): refused with the rule's reason unless the officer records why DfE's choice stands
  (kept in the case history and the audit log).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import Membership, Tenant
from core.tenancy import ensure_same_tenant
from schools.models import School
from support.models import Progress, RiseCase, RiseCaseChange, RiseReview, RiseStage, RiseTier
from support.models.rise import STAGE_ORDER
from support.permissions import require_recorder
from support.selectors.rise_conflicts import rise_conflict
from support.services.brokering import decimal_in

EDITABLE = ("tier", "adviser", "supporting_organisation", "funding_band", "grant", "plan")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _grant(value: object) -> Decimal | None:
    if value in (None, ""):
        return None
    grant = decimal_in(value, "grant", "0.01")
    if grant < 0:
        raise ValidationError({"grant": "DfE's grant cannot be negative."})
    return grant


def _clean_values(values: dict) -> dict:
    cleaned = {}
    for name, value in values.items():
        if name not in EDITABLE:
            raise ValidationError(f"{name} is not a field of a RISE case you can change.")
        cleaned[name] = _grant(value) if name == "grant" else _text(value).strip()
    if "tier" in cleaned and cleaned["tier"] not in RiseTier.values:
        raise ValidationError({"tier": "Choose the tier DfE set: universal, targeted or "
                                       "structural."})
    return cleaned


def _history(case: RiseCase, by: Membership, field: str, old: object, new: object,
             note: str = "") -> None:
    RiseCaseChange.objects.create(tenant_id=case.tenant_id, case=case, field=field,
                                  old_value=_text(old), new_value=_text(new), note=note,
                                  changed_by=by)


CHECKED = ("adviser", "supporting_organisation")


def _conflicts(tenant: Tenant, school: School, by: Membership, changed: dict,
               override: str) -> list[str]:
    """The conflicts of the adviser or supporting organisation being recorded, in words. With
    none, nothing; with some and no `override`, refused naming the field and the rule's
    reason; with an override, the conflicts, for the history and the audit log."""
    found = []
    for name in CHECKED:
        text = str(changed.get(name) or "")
        conflict = rise_conflict(tenant=tenant, school=school, officer=by,
                                 on=timezone.localdate(), text=text) if text else None
        if conflict is None:
            continue
        label = "adviser" if name == "adviser" else "supporting organisation"
        if not override.strip():
            raise ValidationError({name: f"{text} has a conflict of interest as the {label}: "
                                         f"{conflict.reason} Record why DfE's choice stands "
                                         "to override it."})
        found.append(f"{label} {text}: {conflict.reason}")
    return found


def _override_note(conflicts: list[str], override: str, note: str) -> str:
    if not conflicts:
        return note
    return " ".join(part for part in (note, f"Conflict overridden ({'; '.join(conflicts)}): "
                                            f"{override.strip()}") if part)


@transaction.atomic
def rise_case_open(*, tenant: Tenant, actor: User | None, school: School, tier: str,
                   opened_on: date, note: str = "", conflict_override: str = "",
                   **values: object) -> RiseCase:
    """Open the school's RISE case at identification, with what DfE has said so far (its
    adviser and supporting organisation checked for conflicts of interest)."""
    ensure_same_tenant(tenant, school=school)
    by = require_recorder(tenant=tenant, actor=actor, school=school)
    cleaned = _clean_values({"tier": tier, **values})
    if RiseCase.objects.filter(school=school, closed_on__isnull=True).exists():
        raise ValidationError(f"{school} already has an open RISE case: change that one.")
    conflicts = _conflicts(tenant, school, by, cleaned, conflict_override)
    note = _override_note(conflicts, conflict_override, note.strip())
    case = RiseCase(tenant=tenant, school=school, opened_on=opened_on, created_by=actor,
                    **cleaned)
    case.full_clean()
    case.save()
    _history(case, by, "stage", "", case.stage, note.strip() or "Case opened")
    audit_record(tenant=tenant, actor=actor, action="support.rise_case_opened", obj=case,
                 summary=f"RISE case opened for {school}: {case.get_tier_display()}"[:300],
                 changes={"conflicts_overridden": conflicts} if conflicts else None)
    return case


def _locked_open(tenant: Tenant, actor: User | None, case: RiseCase) -> tuple[RiseCase,
                                                                              Membership]:
    ensure_same_tenant(tenant, case=case)
    by = require_recorder(tenant=tenant, actor=actor, school=case.school)
    case = RiseCase.objects.select_for_update().select_related("school__establishment").get(
        pk=case.pk)
    if not case.is_open:
        raise ValidationError(f"This case closed on {case.closed_on:%-d %B %Y}: open a new "
                              "one if DfE takes the school on again.")
    return case, by


@transaction.atomic
def rise_case_update(*, tenant: Tenant, actor: User | None, case: RiseCase, note: str = "",
                     conflict_override: str = "", **values: object) -> RiseCase:
    """Record a change DfE made (tier, adviser, supporting organisation, funding band, grant,
    plan): each changed field kept in the case's history; a changed adviser or supporting
    organisation checked for conflicts of interest."""
    case, by = _locked_open(tenant, actor, case)
    cleaned = _clean_values(values)
    changed = {name: value for name, value in cleaned.items() if getattr(case, name) != value}
    if not changed:
        raise ValidationError("Nothing changed.")
    conflicts = _conflicts(tenant, case.school, by, changed, conflict_override)
    note = _override_note(conflicts, conflict_override, note.strip())
    for name, value in changed.items():
        _history(case, by, name, getattr(case, name), value, note)
        setattr(case, name, value)
    case.full_clean()
    case.save()
    audit_record(tenant=tenant, actor=actor, action="support.rise_case_changed", obj=case,
                 summary=f"RISE case of {case.school}: {', '.join(sorted(changed))} "
                         "changed"[:300],
                 changes={"conflicts_overridden": conflicts} if conflicts else None)
    return case


def stage_refusal(case: RiseCase, stage: str, note: str) -> tuple[str, str] | None:
    """(field, reason) why the case may not move to `stage`, or None: it may. Pure: reads the
    case only."""
    if stage not in STAGE_ORDER:
        return "stage", "Choose a stage."
    now, to = STAGE_ORDER.index(case.stage), STAGE_ORDER.index(stage)
    if to == now:
        return "stage", f"The case is already at {RiseStage(stage).label.lower()}."
    if to < now:
        return None if note.strip() else ("note", "Say why the case goes back to an earlier "
                                                  "stage.")
    if to > now + 1:
        return "stage", ("The case moves one stage at a time: next is "
                         f"{RiseStage(STAGE_ORDER[now + 1]).label.lower()}.")
    if (stage == RiseStage.PLANNING and case.tier == RiseTier.TARGETED
            and not case.supporting_organisation.strip()):
        return "stage", "Name the supporting organisation DfE matched before planning."
    if stage in (RiseStage.APPROVAL, RiseStage.MONITORING) and not case.plan.strip():
        return "stage", "Record the improvement plan before it goes to approval."
    return None


@transaction.atomic
def rise_stage_move(*, tenant: Tenant, actor: User | None, case: RiseCase, stage: str,
                    note: str = "") -> RiseCase:
    """Move the case to `stage` (see the rules above), kept in its history."""
    case, by = _locked_open(tenant, actor, case)
    refusal = stage_refusal(case, stage, note)
    if refusal:
        raise ValidationError({refusal[0]: refusal[1]})
    _history(case, by, "stage", case.stage, stage, note.strip())
    old = case.get_stage_display()
    case.stage = stage
    case.save(update_fields=["stage"])
    audit_record(tenant=tenant, actor=actor, action="support.rise_stage_moved", obj=case,
                 summary=f"RISE case of {case.school}: {old} to {case.get_stage_display()}")
    return case


@transaction.atomic
def rise_review(*, tenant: Tenant, actor: User | None, case: RiseCase, reviewed_on: date,
                progress: str, summary: str) -> RiseReview:
    """A termly review of the approved plan."""
    case, by = _locked_open(tenant, actor, case)
    if case.stage != RiseStage.MONITORING:
        raise ValidationError("A RISE plan is reviewed once DfE approved it (the monitoring "
                              f"stage); this case is at {case.get_stage_display().lower()}.")
    if progress not in Progress.values:
        raise ValidationError({"progress": "Choose how the plan is progressing."})
    if reviewed_on < case.opened_on:
        raise ValidationError({"reviewed_on": "The review cannot be before the case opened "
                                              f"({case.opened_on:%-d %B %Y})."})
    if not summary.strip():
        raise ValidationError({"summary": "Say what the review found."})
    review = RiseReview(tenant=tenant, case=case, reviewed_on=reviewed_on, progress=progress,
                        summary=summary.strip(), reviewed_by=by)
    review.full_clean()
    review.save()
    audit_record(tenant=tenant, actor=actor, action="support.rise_reviewed", obj=case,
                 summary=f"RISE case of {case.school}: {review.get_progress_display()}")
    return review


@transaction.atomic
def rise_case_close(*, tenant: Tenant, actor: User | None, case: RiseCase, closed_on: date,
                    note: str) -> RiseCase:
    """DfE's support ended (or the school left RISE): the case closes, kept with its history."""
    case, by = _locked_open(tenant, actor, case)
    if not note.strip():
        raise ValidationError({"note": "Say why the case closes."})
    if closed_on < case.opened_on:
        raise ValidationError({"closed_on": "The case cannot close before it opened "
                                            f"({case.opened_on:%-d %B %Y})."})
    _history(case, by, "closed_on", "", closed_on.isoformat(), note.strip())
    case.closed_on = closed_on
    case.save(update_fields=["closed_on"])
    audit_record(tenant=tenant, actor=actor, action="support.rise_case_closed", obj=case,
                 summary=f"RISE case of {case.school} closed")
    return case
