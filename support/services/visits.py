"""Visits: planned from the entitlement of the category in force (categorisation's published
read), moved, cancelled, recorded as done, or added by an officer; re-planned when the category
changes.

Planning is one rule, idempotent: for each school, the visits the entitlement gives from today
to the end of the academic year (`computed_on`), against the school's visits planned from the
entitlement before. An *untouched* visit (planned, on its computed date, no note) the new
entitlement no longer gives is removed; a date it gives that no visit has yet is added; a
visit an officer has touched (moved, recorded, cancelled, a note begun) is always kept, and so
is anything in the past. Running it twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from categorisation.published import EntitlementInForce, entitlements_in_force
from core.audit import audit_record
from core.models import Membership, Tenant
from core.permissions import VISITS_RECORD, has
from core.tenancy import ensure_same_tenant
from core.years import AcademicYear
from schools.models import School
from support.models import (
    NoteTemplate,
    ReplanNotice,
    Visit,
    VisitNote,
    VisitOrigin,
    VisitPlan,
    VisitStatus,
)
from support.permissions import require_recorder
from support.services.settings import note_templates_ensure, template_for_kind


@dataclass
class PlanResult:
    school: School
    category_code: str
    added: list[Visit] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    kept: int = 0


def current_year(today: date | None = None) -> int:
    return AcademicYear.of(today or timezone.localdate()).start_year


def _described(visit: Visit) -> dict:
    return {"kind": visit.kind, "label": visit.label, "planned_on": visit.planned_on.isoformat()}


def _plan_school(*, tenant: Tenant, school: School, entitlement: EntitlementInForce | None,
                 year: int, today: date, officer: Membership | None,
                 templates: list[NoteTemplate], actor: User | None) -> PlanResult:
    result = PlanResult(school=school,
                        category_code=entitlement.category_code if entitlement else "")
    existing = list(Visit.objects.select_for_update(of=("self",))
                    .filter(tenant=tenant, school=school, academic_year=year,
                            origin=VisitOrigin.PLAN))
    with_notes = set(VisitNote.objects.filter(visit__in=existing).values_list("visit_id",
                                                                              flat=True))
    wanted = {(visit.kind, visit.due_on): visit for visit in
              (entitlement.visits_due if entitlement else ()) if visit.due_on >= today}
    have = {(visit.kind, visit.computed_on) for visit in existing}
    for visit in existing:
        untouched = visit.is_untouched(today, visit.pk in with_notes)
        if untouched and (visit.kind, visit.computed_on) not in wanted:
            result.removed.append(_described(visit))
            visit.delete()
        elif not untouched and visit.planned_on >= today:
            result.kept += 1
    for (kind, due_on), due in sorted(wanted.items(), key=lambda item: (item[0][1],
                                                                        item[0][0])):
        if (kind, due_on) in have:
            continue
        visit = Visit(tenant=tenant, school=school, academic_year=year, kind=kind,
                      label=due.label[:200], focus=template_for_kind(templates, kind),
                      origin=VisitOrigin.PLAN, category_code=result.category_code,
                      computed_on=due_on, planned_on=due_on, officer=officer,
                      created_by=actor if actor is not None and actor.is_authenticated
                      else None)
        visit.full_clean(exclude=["school", "focus", "officer", "created_by", "tenant"])
        result.added.append(visit)
    Visit.objects.bulk_create(result.added)
    VisitPlan.objects.update_or_create(
        tenant=tenant, school=school, academic_year=year,
        defaults={"category_code": result.category_code,
                  "planned_by": actor if actor is not None and actor.is_authenticated
                  else None})
    return result


def _officer_for(school: School, planner: Membership | None) -> Membership | None:
    """The school's link adviser; else the officer planning (never a headteacher)."""
    if school.link_adviser_id is not None:
        return school.link_adviser
    return planner if planner is not None and has(planner, VISITS_RECORD) else None


@transaction.atomic
def visits_plan(*, tenant: Tenant, actor: User | None, schools: list[School],
                today: date | None = None) -> list[PlanResult]:
    """An officer plans the current academic year's visits of these schools (one school, or
    their caseload) from each school's entitlement: see the module's rule."""
    for school in schools:
        ensure_same_tenant(tenant, school=school)
    if not schools:
        return []
    today = today or timezone.localdate()
    year = current_year(today)
    planner = require_recorder(tenant=tenant, actor=actor, school=schools[0])
    templates = note_templates_ensure(tenant=tenant)
    found = entitlements_in_force(tenant=tenant, academic_year=year, schools=schools)
    results = []
    for school in schools:
        if not school.establishment.is_open:
            raise ValidationError({"school": f"{school} is closed: a closed school has no "
                                             "visits."})
        result = _plan_school(tenant=tenant, school=school, entitlement=found.get(school.pk),
                              year=year, today=today, officer=_officer_for(school, planner),
                              templates=templates, actor=actor)
        audit_record(tenant=tenant, actor=actor, action="support.visits_plan", obj=school,
                     summary=f"{school}: planned {len(result.added)} visit(s), removed "
                             f"{len(result.removed)}, from category "
                             f"{result.category_code or 'none'} ({AcademicYear(year)})")
        results.append(result)
    return results


@transaction.atomic
def visits_replan(*, tenant: Tenant, school_ids: list[int], codes: dict[int, tuple],
                  today: date | None = None) -> list[ReplanNotice]:
    """After categories changed: re-plan the schools among these that have a plan this year
    (an officer planned them), leaving each a notice of what changed for the officer. Run by
    the system (categorisation's hook, through a task), so there is no actor to check."""
    today = today or timezone.localdate()
    year = current_year(today)
    planned = set(VisitPlan.objects.filter(tenant=tenant, academic_year=year,
                                           school_id__in=school_ids)
                  .values_list("school_id", flat=True))
    schools = list(School.objects.filter(tenant=tenant, pk__in=planned)
                   .select_related("establishment", "link_adviser"))
    if not schools:
        return []
    templates = note_templates_ensure(tenant=tenant)
    found = entitlements_in_force(tenant=tenant, academic_year=year, schools=schools)
    notices = []
    for school in sorted(schools, key=lambda s: s.pk):
        result = _plan_school(tenant=tenant, school=school, entitlement=found.get(school.pk),
                              year=year, today=today, officer=_officer_for(school, None),
                              templates=templates, actor=None)
        old, new = codes.get(school.pk, ("", result.category_code))
        if not result.added and not result.removed:
            continue
        notice = ReplanNotice(
            tenant=tenant, school=school, academic_year=year, old_code=old or "",
            new_code=new or "", kept=result.kept, removed=result.removed,
            added=[_described(visit) for visit in result.added])
        notice.full_clean(exclude=["school", "tenant"])
        notice.save()
        audit_record(tenant=tenant, actor=None, action="support.visits_replan", obj=notice,
                     summary=f"{school}: category {old or 'none'} to {new}: "
                             f"{len(result.added)} visit(s) added, {len(result.removed)} "
                             f"removed, {result.kept} kept")
        notices.append(notice)
    return notices


@transaction.atomic
def replan_notice_dismiss(*, tenant: Tenant, actor: User | None,
                          notice: ReplanNotice) -> ReplanNotice:
    ensure_same_tenant(tenant, notice=notice)
    require_recorder(tenant=tenant, actor=actor, school=notice.school)
    if notice.dismissed_at is None:
        notice.dismissed_at, notice.dismissed_by = timezone.now(), actor
        notice.save(update_fields=["dismissed_at", "dismissed_by"])
        audit_record(tenant=tenant, actor=actor, action="support.replan_notice_dismiss",
                     obj=notice, summary=f"Read the re-plan notice of {notice.school}")
    return notice


# --- One visit ------------------------------------------------------------------------------


def _locked(tenant: Tenant, visit: Visit) -> Visit:
    ensure_same_tenant(tenant, visit=visit)
    return (Visit.objects.select_for_update(of=("self",))
            .select_related("school__establishment").get(pk=visit.pk))


def _planned(visit: Visit, what: str) -> None:
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError(f"This visit is {visit.get_status_display().lower()}: only a "
                              f"planned visit can be {what}.")


def _within_year(visit: Visit, day: date, name: str) -> date:
    year = AcademicYear(visit.academic_year)
    if not isinstance(day, date) or not year.contains(day):
        raise ValidationError({name: f"Choose a date in the academic year {year} "
                                     f"({year.start:%d %B %Y} to {year.end:%d %B %Y})."})
    return day


def _days(value: object) -> Decimal:
    try:
        days = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"days_used": "Give the days the visit used as a number, for "
                                            "example 0.5."}) from None
    if not days.is_finite() or days < 0 or days > 20 or days != days.quantize(Decimal("0.1")):
        raise ValidationError({"days_used": "Give the days the visit used, from 0 to 20, to "
                                            "one decimal place."})
    return days.quantize(Decimal("0.1"))


def _officer(tenant: Tenant, officer: Membership | None) -> Membership | None:
    if officer is None:
        return None
    ensure_same_tenant(tenant, officer=officer)
    if not officer.is_active or not has(officer, VISITS_RECORD):
        raise ValidationError({"officer": f"{officer.user} is not an officer who records "
                                          "visits."})
    return officer


@transaction.atomic
def visit_move(*, tenant: Tenant, actor: User | None, visit: Visit,
               planned_on: date) -> Visit:
    """Move a planned visit to another day of its academic year: it is then the officer's and
    a re-plan keeps it."""
    visit = _locked(tenant, visit)
    require_recorder(tenant=tenant, actor=actor, school=visit.school)
    _planned(visit, "moved")
    before = visit.planned_on
    visit.planned_on = _within_year(visit, planned_on, "planned_on")
    visit.full_clean()
    visit.save()
    audit_record(tenant=tenant, actor=actor, action="support.visit_move", obj=visit,
                 summary=f"{visit.school}: {visit.label} moved to {visit.planned_on:%d %b %Y}",
                 changes={"planned_on": [str(before), str(visit.planned_on)]})
    return visit


@transaction.atomic
def visit_cancel(*, tenant: Tenant, actor: User | None, visit: Visit, reason: str) -> Visit:
    visit = _locked(tenant, visit)
    require_recorder(tenant=tenant, actor=actor, school=visit.school)
    _planned(visit, "cancelled")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the visit is cancelled."})
    visit.status, visit.cancelled_reason = VisitStatus.CANCELLED, reason[:300]
    visit.full_clean()
    visit.save()
    audit_record(tenant=tenant, actor=actor, action="support.visit_cancel", obj=visit,
                 summary=f"{visit.school}: {visit.label} on {visit.planned_on:%d %b %Y} "
                         f"cancelled. {reason}")
    return visit


@transaction.atomic
def visit_record(*, tenant: Tenant, actor: User | None, visit: Visit, done_on: date,
                 days_used: object, officer: Membership | None = None,
                 today: date | None = None) -> Visit:
    """Record that a planned visit took place, on a day not in the future, with the support
    days it used."""
    visit = _locked(tenant, visit)
    membership = require_recorder(tenant=tenant, actor=actor, school=visit.school)
    _planned(visit, "recorded")
    done_on = _within_year(visit, done_on, "done_on")
    if done_on > (today or timezone.localdate()):
        raise ValidationError({"done_on": "A visit is recorded once it has taken place: the "
                                          "day cannot be in the future."})
    visit.status, visit.done_on, visit.days_used = VisitStatus.DONE, done_on, _days(days_used)
    visit.officer = _officer(tenant, officer) or visit.officer or membership
    visit.full_clean()
    visit.save()
    audit_record(tenant=tenant, actor=actor, action="support.visit_record", obj=visit,
                 summary=f"{visit.school}: {visit.label} took place on {done_on:%d %b %Y} "
                         f"({visit.days_used} days)")
    return visit


@transaction.atomic
def visit_create(*, tenant: Tenant, actor: User | None, school: School, label: str,
                 planned_on: date, focus: NoteTemplate | None = None,
                 officer: Membership | None = None, kind: str = "officer_visit") -> Visit:
    """An officer adds a visit the entitlement did not plan (a re-plan never removes it)."""
    ensure_same_tenant(tenant, school=school, focus=focus)
    membership = require_recorder(tenant=tenant, actor=actor, school=school)
    if not school.establishment.is_open:
        raise ValidationError({"school": f"{school} is closed: a closed school has no visits."})
    label = (label or "").strip()
    if not label:
        raise ValidationError({"label": "Say what the visit is, for example Review visit."})
    if not isinstance(planned_on, date):
        raise ValidationError({"planned_on": "Give the day of the visit."})
    visit = Visit(tenant=tenant, school=school, academic_year=current_year(planned_on),
                  kind=(kind or "officer_visit").strip()[:60], label=label[:200], focus=focus,
                  origin=VisitOrigin.OFFICER, planned_on=planned_on,
                  officer=_officer(tenant, officer) or membership, created_by=actor)
    visit.full_clean()
    visit.save()
    audit_record(tenant=tenant, actor=actor, action="support.visit_create", obj=visit,
                 summary=f"{school}: added {label} on {planned_on:%d %b %Y}")
    return visit
