"""What a school's category entitles it to: the support offer, support days and the visits due.

The offer depends on the category in force (confirmed, overridden, agreed, disagreed pending
moderation, or moderated: a proposal entitles nothing) and on who is responsible for the school:
the LA for a maintained school, a trust or other responsible body for an academy or free school.

Data, not code: a category's `attributes["entitlement"]` (a scheme version's data, edited like
the rest of the scheme) is read first:

    {"maintained": {"offer": ["..."], "visits": [{"kind": "officer_visit",
                                                  "label": "Visit from the attached officer",
                                                  "cadence": "fortnightly", "days": 0.5}]},
     "academy": {...}}

(`days`, optional: the support days one visit of that kind counts for; `DAYS_PER_VISIT` when
left out.)

and `attributes["support_days"]` for days (the Welsh colours). When a category has no such
data, `DEFAULTS` below supply what the sources say for the presets' codes:

- Warwickshire maintained schools: seed 001, "Current LA support for primary schools" (the
  appendix after Appendix A): grade 4 (special measures/serious weaknesses) - attached HMI, an
  attached LA officer with "2 weekly visits", half-termly "review visits" and half-termly
  "Review & Intervention" meetings; grade 3 requires improvement - attached LA officer, "3 weekly
  visits from AO", termly review visits and meetings; RI with good leadership - "half termly
  visits", a review visit with a report to head and governors; satisfactory declining - desktop
  exercise and a diagnostic visit; satisfactory improving - desktop exercise; and for all
  schools the core offer (termly CPD for heads and deputies, headteacher business meetings, PLC
  chair meetings, the teaching school's CPD programme).
- Warwickshire academies: seed 001, Appendix D "Step 3 - LA support for academies": core CPD
  offer with no visit from an officer, except 3B and 3D ("contact from assigned officer with
  offer to broker additional support") and 4 ("close liaison with responsible body by assigned
  officer with additional assistance as negotiated"). The seed gives no frequency for 3B/3D
  contact or for the liaison: this module schedules one contact at the start of the year and a
  termly liaison meeting - assumptions, editable as data.
- Welsh colours: up to 4 / 10 / 15 / 25 days of support (the preset's `support_days`).

The schedule of visits is COMPUTED, not stored (no `ScheduledVisit` table): it is a pure
function of the category in force, the date it came into force and the academic year, so it
can never disagree with the category after a confirmation, an override or a moderation, and
needs no job to rebuild it. A visit that took place is a record of what happened, which the
visits/notes area keeps; it can be matched against this schedule by school, kind and date.

Calendar: the tenant's school calendar (`core.years`; England's default pattern until the tenant
sets its half-terms). Visits fall on the first Monday of each period: fortnightly and
three-weekly from the first Monday of teaching to its last day, half-termly from each
half-term's first day, termly from each term's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from categorisation.models import SchemeCategory, SchoolCategory
from core.models import Tenant
from core.selectors import school_calendar
from core.years import AcademicYear, SchoolCalendar, working_day_on_or_after
from schools.models import Governance, School

MAINTAINED = "maintained"
ACADEMY = "academy"

CADENCES = {"fortnightly": 14, "three_weekly": 21, "half_termly": None, "termly": None,
            "once": None}
# What one visit counts for when a category's data does not say: half a day (the seeds give
# visit frequencies, not their length; an assumption, editable per visit kind as data).
DAYS_PER_VISIT = "0.5"

CORE_OFFER = [
    "Heads and deputies CPD termly training programme",
    "Termly headteacher business meetings",
    "Termly PLC chair meetings",
    "Access to the teaching school's CPD programme for subject leaders",
]
ACADEMY_CORE = ["Core CPD offer - no visit from an officer"]


def _visit(kind: str, label: str, cadence: str) -> dict:
    return {"kind": kind, "label": label, "cadence": cadence}


# Warwickshire (seed 001): by category code.
WARWICKSHIRE_MAINTAINED = {
    "4": {"offer": [
        "Attached HMI", "School of concern / LA plan",
        "Attached LA officer (2 weekly visits)",
        "Broker appropriate support - NLE, LLE, SLE, outside agency",
        "If a church school, liaise with the Diocese",
        "Half-termly review visits to check progress against the improvement plan",
        "Half-termly Review & Intervention meetings chaired by the Service Manager",
        "Regular impact reports from all external partners",
        "Termly seminars for SLT and governors", *CORE_OFFER],
        "visits": [
            _visit("officer_visit", "Visit from the attached LA officer", "fortnightly"),
            _visit("review_visit", "Review visit: progress against the improvement plan",
                   "half_termly"),
            _visit("review_meeting", "Review & Intervention meeting (Service Manager)",
                   "half_termly"),
        ]},
    "3C": {"offer": [
        "Attached HMI", "Attached LA officer", "3 weekly visits from the attached officer",
        "Broker appropriate support - NLE, LLE, SLE, outside agency",
        "Termly review visits to check progress against the improvement plan",
        "Termly Review & Intervention meetings chaired by the Service Manager",
        "Termly seminars for SLT and governors", *CORE_OFFER],
        "visits": [
            _visit("officer_visit", "Visit from the attached LA officer", "three_weekly"),
            _visit("review_visit", "Review visit: progress against the improvement plan",
                   "termly"),
            _visit("review_meeting", "Review & Intervention meeting (Service Manager)",
                   "termly"),
        ]},
    "3D": {"offer": [
        "Attached HMI", "Attached LA officer", "Half-termly visits",
        "Broker support if needed",
        "Review visit, including a report to the head and governors",
        "Termly seminars to share best practice", *CORE_OFFER],
        "visits": [
            _visit("officer_visit", "Visit from the attached LA officer", "half_termly"),
            _visit("review_visit", "Review visit with a report to the head and governors",
                   "once"),
        ]},
    "3A": {"offer": [
        "Desktop exercise", "Diagnostic visit", "Report to the head and chair",
        "Recommendations", "Broker appropriate support, if needed", "Termly seminars",
        *CORE_OFFER],
        "visits": [_visit("diagnostic_visit", "Diagnostic visit", "once")]},
    "3B": {"offer": ["Desktop exercise", "Termly seminars", *CORE_OFFER], "visits": []},
    "2B": {"offer": list(CORE_OFFER), "visits": []},
    "2A": {"offer": ["School-to-school support", *CORE_OFFER], "visits": []},
    "1": {"offer": ["Peer support", *CORE_OFFER], "visits": []},
    "U": {"offer": list(CORE_OFFER), "visits": []},
}
_CONTACT = _visit("officer_contact", "Contact from the assigned officer, with an offer to "
                  "broker additional support", "once")
WARWICKSHIRE_ACADEMY = {
    "4": {"offer": ["Close liaison with the responsible body by the assigned officer, with "
                    "additional assistance as negotiated"],
          "visits": [_visit("responsible_body_liaison",
                            "Liaison with the responsible body (assigned officer)", "termly")]},
    "3B": {"offer": ["Contact from the assigned officer with an offer to broker additional "
                     "support"], "visits": [_CONTACT]},
    "3D": {"offer": ["Contact from the assigned officer with an offer to broker additional "
                     "support"], "visits": [_CONTACT]},
    **{code: {"offer": list(ACADEMY_CORE), "visits": []}
       for code in ("1", "2A", "2B", "3A", "3C", "U")},
}
DEFAULTS = {
    "warwickshire": {MAINTAINED: WARWICKSHIRE_MAINTAINED, ACADEMY: WARWICKSHIRE_ACADEMY},
}


@dataclass(frozen=True)
class Entitlement:
    category_code: str
    category_label: str
    status: str  # MAINTAINED or ACADEMY
    offer: list[str] = field(default_factory=list)
    visits: list[dict] = field(default_factory=list)
    support_days: int | None = None


@dataclass(frozen=True)
class VisitDue:
    due_on: date
    kind: str
    label: str


def responsibility(governance: str) -> str:
    """Maintained schools are the LA's; academies and free schools have a responsible body."""
    return MAINTAINED if governance == Governance.MAINTAINED else ACADEMY


def entitlement_for(*, category: SchemeCategory, governance: str, preset: str = "") -> Entitlement:
    """The offer of one category for a school of this governance."""
    status = responsibility(governance)
    attributes = category.attributes or {}
    data = (attributes.get("entitlement") or {}).get(status)
    if data is None:
        preset = preset or category.scheme.preset
        data = DEFAULTS.get(preset, {}).get(status, {}).get(category.code)
    if data is None:
        data = {"offer": [category.description] if category.description else [], "visits": []}
    support_days = attributes.get("support_days")
    offer = list(data.get("offer", []))
    if support_days:
        offer.insert(0, f"Up to {support_days} days of support")
    return Entitlement(
        category_code=category.code, category_label=category.label, status=status, offer=offer,
        visits=[dict(visit) for visit in data.get("visits", [])],
        support_days=support_days,
    )


# --- The calendar ---------------------------------------------------------------------------


def _monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _calendar(academic_year: int, calendar: SchoolCalendar | None) -> SchoolCalendar:
    return calendar or SchoolCalendar.default(AcademicYear(academic_year))


def visit_dates(cadence: str, academic_year: int,
                calendar: SchoolCalendar | None = None) -> list[date]:
    """The days a cadence's visits fall on: Mondays, each moved to the next working day when it
    is a bank holiday (Easter Monday, the May bank holidays)."""
    return [working_day_on_or_after(day) for day in _cadence_days(cadence, academic_year,
                                                                   calendar)]


def _cadence_days(cadence: str, academic_year: int,
                  calendar: SchoolCalendar | None = None) -> list[date]:
    calendar = _calendar(academic_year, calendar)
    first = _monday_on_or_after(calendar.teaching_starts)
    last = calendar.teaching_ends
    if cadence in ("fortnightly", "three_weekly"):
        step = timedelta(days=CADENCES[cadence])
        dates, day = [], first
        while day <= last:
            dates.append(day)
            day += step
        return dates
    if cadence == "half_termly":
        return [_monday_on_or_after(start) for start in calendar.half_term_starts]
    if cadence == "termly":
        return [_monday_on_or_after(term.starts_on) for term in calendar.terms]
    if cadence == "once":
        return [first]
    raise ValueError(f"Unknown visit cadence '{cadence}'.")


def visits_due(
    *, entitlement: Entitlement, academic_year: int, start: date | None = None,
    calendar: SchoolCalendar | None = None,
) -> list[VisitDue]:
    """The visits due in the academic year, from `start` (when the category came into force)
    if later than the year's start; a one-off visit falls on the first Monday from `start`.
    A visit whose cadence is not one of CADENCES has no dates."""
    calendar = _calendar(academic_year, calendar)
    due = []
    for visit in entitlement.visits:
        if visit.get("cadence") not in CADENCES:
            # Scheme data the product cannot schedule: no dates rather than a guess (or an
            # error on every page that shows the school).
            continue
        dates = visit_dates(visit["cadence"], academic_year, calendar)
        if start is not None:
            if visit["cadence"] == "once":
                dates = [max(dates[0], working_day_on_or_after(_monday_on_or_after(start)))]
                if dates[0] > calendar.teaching_ends:
                    dates = []
            else:
                dates = [day for day in dates if day >= start]
        due += [VisitDue(day, visit["kind"], visit["label"]) for day in dates]
    return sorted(due, key=lambda visit: (visit.due_on, visit.kind))


# --- Reads for a tenant ------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolEntitlement:
    school: School
    step: SchoolCategory
    entitlement: Entitlement
    in_force_since: date
    visits: list[VisitDue]


def _in_force_since(step: SchoolCategory) -> date:
    # A school's response does not restart the schedule: the decision it answered does.
    if step.status in (SchoolCategory.Status.AGREED, SchoolCategory.Status.DISAGREED) \
            and step.previous is not None:
        return step.previous.decided_at.date()
    return step.decided_at.date()


def school_entitlements(
    *, tenant: Tenant, academic_year: int, schools: list[School] | None = None,
) -> list[SchoolEntitlement]:
    """Entitlement and visits due for each school with a category in force (two queries,
    whatever the number of schools). Call inside the tenant's scope."""
    steps = (SchoolCategory.objects.filter(tenant=tenant, is_current=True)
             .select_related("category__scheme", "school__establishment", "previous")
             # What an entitlement reads: the category, the school's governance and whether
             # it is open, and the dates; not the scheme's rules (kilobytes of JSON), the
             # steps' reasons and evidence, nor the establishment's seventy columns.
             .only("tenant_id", "school_id", "category_id", "status", "decided_at",
                   "is_current", "previous_id", "previous__decided_at",
                   "category__code", "category__label", "category__description",
                   "category__attributes", "category__scheme_id", "category__scheme__preset",
                   "school__tenant_id", "school__establishment_id",
                   "school__establishment__name", "school__establishment__is_open",
                   "school__establishment__governance")
             .order_by("school__establishment__name"))
    if schools is not None:
        steps = steps.filter(school__in=schools)
    result = []
    year_start = date(academic_year, 9, 1)
    calendar = school_calendar(tenant=tenant, year=AcademicYear(academic_year))
    for step in steps:
        entitlement = entitlement_for(category=step.category,
                                      governance=step.school.establishment.governance)
        since = _in_force_since(step)
        result.append(SchoolEntitlement(
            school=step.school, step=step, entitlement=entitlement, in_force_since=since,
            visits=visits_due(entitlement=entitlement, academic_year=academic_year,
                              start=since if since > year_start else None, calendar=calendar),
        ))
    return result


def school_entitlement(
    *, tenant: Tenant, school: School, academic_year: int,
) -> SchoolEntitlement | None:
    found = school_entitlements(tenant=tenant, academic_year=academic_year, schools=[school])
    return found[0] if found else None
