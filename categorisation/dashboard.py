"""Reads for the categorisation dashboard: schools by category, movement since the start of the
term, proposals waiting, inspections due or overdue, and the share of pupils in good or better
schools by phase (weighted by pupils, as Ofsted's annual report does).

Schools at risk of requires improvement or worse come from the 2025-26 flags
(`flags.at_risk_reasons`, defined in `flags.AT_RISK_DEFINITION`, shown on the page).

Query count is fixed whatever the number of schools: counts are aggregated in the database, and
the inspection figures come from `selectors.school_inputs` (a fixed number of queries for any
number of schools) and pure functions of `derived`.

Counts name no school. The lists (`DashboardLists`) are for roles that see individual categories
(CATEGORIES_VIEW); a view must not build them for a board member or a viewer.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils import timezone

from categorisation import derived, flags, selectors
from categorisation.models import (
    CategorisationScheme,
    CategoryProposal,
    DataArrival,
    Inspection,
    InspectionEra,
    PerformanceIndicator,
    SchoolCategory,
    TenantIndicator,
    TenantInspection,
)
from core.kept import kept
from core.models import Tenant
from core.selectors import school_calendar
from core.years import AcademicYear, SchoolCalendar
from schools.models import Phase, School

# --- Terms: the one place that says when a term starts -------------------------------------------


def term_start(day: date, tenant: Tenant | None = None) -> date:
    """The first day of the term containing `day` (a holiday counts with the term before it),
    from the tenant's school calendar, or England's default one."""
    year = AcademicYear.of(day)
    for calendar_year in (year, year.shifted(-1)):
        calendar = (school_calendar(tenant=tenant, year=calendar_year) if tenant is not None
                    else SchoolCalendar.default(calendar_year))
        term = calendar.term_containing(day)
        if term is not None:
            return term.starts_on
    return year.start


def term_name(start: date) -> str:
    season = "autumn" if start.month >= 9 else "spring" if start.month <= 3 else "summer"
    return f"{season} term {start.year}".strip()


# --- Figures ------------------------------------------------------------------------------------


@dataclass
class CategoryRow:
    code: str
    label: str
    count: int
    colour: str = ""

    @property
    def name(self) -> str:
        return f"{self.code} {self.label}"


@dataclass
class SchemeFigures:
    key: str
    name: str
    rows: list[CategoryRow]
    uncategorised: int

    @property
    def chart_rows(self) -> list[dict]:
        rows = [{"category": row.name, "schools": row.count} for row in self.rows]
        if self.uncategorised:
            rows.append({"category": "No category in force", "schools": self.uncategorised})
        return rows


@dataclass
class Movement:
    since: date
    term: str
    improved: int = 0
    declined: int = 0
    same: int = 0
    new: int = 0


@dataclass
class PhaseShare:
    phase: str
    schools: int
    good_or_better_schools: int
    pupils: int
    good_or_better_pupils: int

    @property
    def percent(self) -> float:
        return round(100 * self.good_or_better_pupils / self.pupils, 1) if self.pupils else 0.0


@dataclass
class InspectionDue:
    school: School
    window: derived.InspectionWindow


@dataclass
class AtRisk:
    school: School
    reasons: tuple[str, ...]


@dataclass
class Dashboard:
    schemes: list[SchemeFigures]
    movement: Movement
    proposals_waiting: int
    overdue: int
    due: int
    shares: list[PhaseShare]
    total_schools: int
    at_risk: int = 0
    at_risk_definition: str = flags.AT_RISK_DEFINITION
    # Only for roles that see individual schools: filled by `dashboard_lists`.
    overdue_schools: list[InspectionDue] = field(default_factory=list)
    due_schools: list[InspectionDue] = field(default_factory=list)
    oldest_proposals: list[CategoryProposal] = field(default_factory=list)
    at_risk_schools: list[AtRisk] = field(default_factory=list)

    @property
    def share_chart_rows(self) -> list[dict]:
        return [{"phase": share.phase, "percent": share.percent} for share in self.shares]


def _open_schools(tenant: Tenant) -> list[School]:
    return list(School.objects.filter(tenant=tenant, establishment__is_open=True)
                .select_related("establishment").order_by("establishment__name"))


def schools_by_category(*, tenant: Tenant, total: int) -> list[SchemeFigures]:
    """Current categories counted per active scheme (by key, so older versions' steps count
    under the category code they share)."""
    counts = Counter({
        (row["scheme__key"], row["category__code"]): row["n"]
        for row in (SchoolCategory.objects.filter(tenant=tenant, is_current=True,
                                                  school__establishment__is_open=True)
                    .values("scheme__key", "category__code").annotate(n=Count("pk")))
    })
    figures = []
    for scheme in selectors.active_schemes(tenant=tenant):
        rows = [CategoryRow(category.code, category.label, counts[(scheme.key, category.code)],
                            category.colour)
                for category in scheme.categories.all()]
        categorised = sum(n for (key, _), n in counts.items() if key == scheme.key)
        figures.append(SchemeFigures(scheme.key, scheme.name, rows,
                                     max(0, total - categorised)))
    return figures


def movement_since(*, tenant: Tenant, since: date) -> Movement:
    """Each open school's category in force now against the one in force when the term began,
    by the category's position in its scheme (the first category is the strongest)."""
    start = timezone.make_aware(datetime.combine(since, time.min))
    before = (SchoolCategory.objects.filter(tenant=tenant, school=OuterRef("school"),
                                            decided_at__lt=start)
              .order_by("-decided_at", "-pk").values("category__position")[:1])
    movement = Movement(since=since, term=term_name(since))
    for now, then in (SchoolCategory.objects.filter(tenant=tenant, is_current=True,
                                                    school__establishment__is_open=True)
                      .annotate(then=Subquery(before))
                      .values_list("category__position", "then")):
        if then is None:
            movement.new += 1
        elif now < then:
            movement.improved += 1
        elif now > then:
            movement.declined += 1
        else:
            movement.same += 1
    return movement


def good_or_better(history: list, *, urn: int) -> bool | None:
    """Good or better at the inspection that counts; None when never inspected (left out, as
    Ofsted leaves out schools awaiting their first inspection). A report card counts as good or
    better when every evaluation area is at expected standard or above and no category of
    concern follows from it (an assumption: report cards have no overall grade)."""
    if not history:
        return None
    latest = history[0]
    if latest.era == InspectionEra.REPORT_CARD:
        lowest = derived.report_card_lowest(latest)
        if lowest is None:
            return None
        return lowest <= derived.EXPECTED and not derived.category_of_concern(latest).category
    grade = derived.grade_in_force(history, urn=urn).grade
    return None if grade is None else grade <= 2


PHASE_ORDER = [Phase.NURSERY, Phase.PRIMARY, Phase.MIDDLE, Phase.SECONDARY, Phase.ALL_THROUGH,
               Phase.SPECIAL, Phase.ALTERNATIVE_PROVISION, Phase.SIXTEEN_PLUS,
               Phase.NOT_APPLICABLE]


def dashboard(*, tenant: Tenant, today: date, with_lists: bool = False) -> Dashboard:
    schools = _open_schools(tenant)
    inputs = selectors.school_inputs(tenant=tenant, schools=schools)
    shares: dict[str, PhaseShare] = {}
    overdue, due = [], []
    at_risk: list[AtRisk] = []
    for school in schools:
        data = inputs[school.pk]
        history = derived.counting_inspections(data.inspections, urn=data.urn,
                                               predecessor_urns=data.predecessor_urns)
        window = derived.next_inspection_window(history=history, urn=data.urn,
                                                opened_on=data.opened_on, today=today)
        if window.overdue:
            overdue.append(InspectionDue(school, window))
        elif window.opens is not None and window.opens <= today:
            due.append(InspectionDue(school, window))
        found = flags.school_flags(history=history, indicators=data.indicators,
                                   quartiles=data.quartiles, as_at=today,
                                   is_maintained=school.establishment.is_maintained)
        reasons = flags.at_risk_reasons(found, history)
        if reasons:
            at_risk.append(AtRisk(school, reasons))
        verdict = good_or_better(history, urn=data.urn)
        if verdict is None:
            continue
        phase = school.establishment.phase or Phase.NOT_APPLICABLE
        share = shares.setdefault(phase, PhaseShare(Phase(phase).label, 0, 0, 0, 0))
        pupils = school.establishment.number_of_pupils or 0
        share.schools += 1
        share.pupils += pupils
        if verdict:
            share.good_or_better_schools += 1
            share.good_or_better_pupils += pupils
    ordered = [shares[phase] for phase in PHASE_ORDER if phase in shares]
    if ordered:
        ordered.append(PhaseShare(
            "All phases", sum(s.schools for s in ordered),
            sum(s.good_or_better_schools for s in ordered), sum(s.pupils for s in ordered),
            sum(s.good_or_better_pupils for s in ordered)))
    result = Dashboard(
        schemes=schools_by_category(tenant=tenant, total=len(schools)),
        movement=movement_since(tenant=tenant, since=term_start(today, tenant)),
        proposals_waiting=selectors.proposals_waiting(tenant=tenant).count(),
        overdue=len(overdue), due=len(due), shares=ordered, total_schools=len(schools),
        at_risk=len(at_risk),
    )
    if with_lists:
        result.overdue_schools = sorted(overdue, key=lambda d: d.window.due_by or today)
        result.due_schools = sorted(due, key=lambda d: d.window.due_by or today)
        result.oldest_proposals = list(selectors.proposals_waiting(tenant=tenant)[:10])
        result.at_risk_schools = at_risk  # open schools, by name
    return result



# --- Computed once per version of the data -------------------------------------------------------
#
# The dashboard reads every open school's inspections and indicators (about a second for 1,000
# schools), so it is kept in the cache under a key read from the data it is computed from: the
# tenant's register version, its category steps, open proposals and active schemes, the data
# that arrived nationally or in its own layer, the day and the term. A key, not an invalidation:
# it is read from committed rows on each request, so no write can leave a stale dashboard behind
# and no transaction has to remember to forget it. One tenant's key is never another's.

DASHBOARD_TTL = 60 * 60  # the key changes with the data anyway; this bounds what is kept


def _summary(queryset, *, count: bool = True) -> tuple:
    figures = {"top": Max("pk"), **({"n": Count("pk")} if count else {})}
    return tuple(queryset.order_by().aggregate(**figures).values())


def data_version(*, tenant: Tenant, today: date) -> str:
    """A digest of everything `dashboard` reads for this tenant on this day."""
    national_or_own = Q(tenant__isnull=True) | Q(tenant=tenant)
    parts = (
        tenant.pk, tenant.register_version, today, term_start(today, tenant),
        _summary(SchoolCategory.objects.filter(tenant=tenant), count=False),
        _summary(CategoryProposal.objects.filter(tenant=tenant,
                                                 status=CategoryProposal.Status.OPEN)),
        _summary(CategorisationScheme.objects.filter(tenant=tenant, is_active=True)),
        _summary(DataArrival.objects.filter(national_or_own), count=False),
        # National rows loaded without an arrival (a bulk load) still change the key.
        _summary(Inspection.objects.all(), count=False),
        _summary(PerformanceIndicator.objects.all(), count=False),
        _summary(TenantInspection.objects.filter(tenant=tenant)),
        _summary(TenantIndicator.objects.filter(tenant=tenant)),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def cached_dashboard(*, tenant: Tenant, today: date, with_lists: bool = False,
                     version: str | None = None) -> Dashboard:
    """`dashboard`, computed once per version of its data (see `data_version`; a caller that
    has read the version passes it)."""
    version = version or data_version(tenant=tenant, today=today)
    key = f"categorisation:dashboard:t{tenant.pk}:{'lists' if with_lists else 'counts'}:{version}"
    return kept(key, lambda: dashboard(tenant=tenant, today=today, with_lists=with_lists),
                ttl=DASHBOARD_TTL)
