"""Categorisation's published reads: what other apps may ask of it (DESIGN §4). Funding,
support and boards read categories through these, never through categorisation's models.

`categories_in_force(tenant=..., on=...)` answers "which category was each school in on this
date" for a whole register in one query; the typed `CategoryInForce` carries what the apps
above need (scheme key and version, code and label, whether the category triggers funding)
plus the scheme's free attributes.

`scheme_codes(tenant=...)` lists the category codes a tenant's schemes define (funding checks a
band's code against it).

`entitlements_in_force(tenant=..., academic_year=...)` answers "what does each school's category
entitle it to this year" as numbers (support days, visit kinds with their cadence, the dates
due), never the offer's free text: support plans visits from it.

`ACADEMY_ORDER_DUTY_REPEALED` is the day the duty to make an academy order for a maintained
school causing concern was repealed (the flags' intervention wording reads the same date):
support's escalation shows the options of the day.

`school_is_outstanding(school)` answers schools' question "is_outstanding" (the consortium
lead's rule in partnerships) from the inspection in force.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Max, OuterRef, Subquery
from django.utils import timezone

from categorisation import entitlements as _entitlements
from categorisation.flags.inspection import INTERVENTION
from categorisation.models import CategorisationScheme, SchemeCategory, SchoolCategory
from categorisation.schemes.facts import build_facts
from categorisation.selectors.inputs import school_inputs
from core.models import Tenant
from schools.models import School
from schools.questions import Answer

ACADEMY_ORDER_DUTY_REPEALED: date = INTERVENTION.effective


@dataclass(frozen=True)
class CategoryInForce:
    school_id: int
    step_id: int
    scheme_key: str
    scheme_version: int
    code: str
    label: str
    status: str
    decided_at: datetime
    triggers_funding: bool
    attributes: dict = field(default_factory=dict)


def _as_category(step: SchoolCategory) -> CategoryInForce:
    attributes = step.category.attributes or {}
    return CategoryInForce(
        school_id=step.school_id, step_id=step.pk, scheme_key=step.scheme.key,
        scheme_version=step.scheme.version, code=step.category.code, label=step.category.label,
        status=step.status, decided_at=step.decided_at,
        triggers_funding=bool(attributes.get("triggers_funding", False)),
        attributes=dict(attributes),
    )


def _steps_in_force(*, tenant: Tenant, schools: Iterable | None, on: date | None):
    """The category steps in force at the end of `on` (today's when None), for the tenant's
    open schools (or these), as a query for the callers to read what they need."""
    steps = SchoolCategory.objects.filter(tenant=tenant)
    if schools is not None:
        steps = steps.filter(school_id__in=[getattr(s, "pk", s) for s in schools])
    if on is None:
        return steps.filter(is_current=True, school__establishment__is_open=True)
    steps = steps.exclude(school__establishment__close_date__lte=on)
    end_of_day = timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))
    latest = (SchoolCategory.objects.filter(tenant=tenant, school_id=OuterRef("school_id"),
                                            decided_at__lt=end_of_day)
              .order_by("-decided_at", "-pk").values("pk")[:1])
    return steps.filter(pk=Subquery(latest))


def categories_in_force(
    *, tenant: Tenant, schools: Iterable | None = None, on: date | None = None,
) -> dict[int, CategoryInForce]:
    """School id -> the category in force for it at the end of `on` (today's when None), for
    the tenant's schools (or these: ids or School objects). A school with no decided category
    on that date is absent, and so is a school closed by then: a closed school has no category
    (nothing follows from it — no funding, no support). One query, whatever the number of
    schools."""
    steps = _steps_in_force(tenant=tenant, schools=schools, on=on)
    return {step.school_id: _as_category(step)
            for step in steps.select_related("scheme", "category")
            # Not the scheme's rules (kilobytes of JSON, decoded again for every row), nor the
            # step's own reasons and evidence: a category in force is its code and status.
            .defer("scheme__definition", "reasons", "evidence", "reason")}


def category_labels_where(*, tenant: Tenant, attribute: str,
                          on: date | None = None) -> dict[int, str]:
    """School id -> the label of its category in force on `on` (as `categories_in_force`), for
    the schools whose category's attributes set `attribute` to true (e.g. "gives": the school
    gives support). Read as two columns of the matching rows only: one query."""
    steps = _steps_in_force(tenant=tenant, schools=None, on=on)
    return dict(steps.filter(**{f"category__attributes__{attribute}": True})
                .values_list("school_id", "category__label"))


def school_is_outstanding(school: School) -> Answer:
    """schools.questions "is_outstanding", answered from the inspection in force: a graded
    outstanding (OEIF 1), or a report card with every area strong or exceptional unless the
    tenant's active scheme sets `report_card_outstanding` to false (a tenant rule: report cards
    have no overall grade). Asked inside the school's tenant scope; None when nothing is on
    record, so the officer states the evidence."""
    scheme = (CategorisationScheme.objects.filter(tenant_id=school.tenant_id, is_active=True)
              .order_by("key").first())
    parameters = (scheme.definition or {}).get("parameters", {}) if scheme else {}
    inputs = school_inputs(tenant=school.tenant, schools=[school])[school.pk]
    facts = build_facts(inputs, parameters=parameters)
    grade = facts.get("inspection.grade")
    if grade is not None and grade.value == 1:
        return Answer(True, grade.text)
    lowest = facts.get("inspection.report_card.lowest")
    if (lowest is not None and lowest.value <= 2
            and parameters.get("report_card_outstanding", True)):
        return Answer(True, f"{lowest.text}: every area strong or exceptional")
    if grade is None and lowest is None:
        return Answer(None, "no graded inspection or report card on record")
    cited = grade if grade is not None else lowest
    assert cited is not None
    return Answer(False, f"not outstanding ({cited.text})")


def categories_last_changed(*, tenant: Tenant) -> datetime | None:
    """When the tenant last took a step in any school's category (None before the first), so
    an app that follows categories can tell whether what it made since is still up to date."""
    return (SchoolCategory.objects.filter(tenant=tenant)
            .aggregate(last=Max("decided_at"))["last"])


def categories_version(*, tenant: Tenant) -> str:
    """A token that changes whenever any of the tenant's category steps is added or removed,
    for an app keeping something it worked out from categories in force. One query."""
    figures = (SchoolCategory.objects.filter(tenant=tenant).order_by()
               .aggregate(n=Count("pk"), top=Max("pk")))
    return f"{figures['n']}-{figures['top'] or 0}"


def scheme_codes(*, tenant: Tenant) -> set[str]:
    """The category codes of the tenant's schemes: its active ones, or every one it has when
    none is active (a scheme being set up). Two queries at most."""
    categories = SchemeCategory.objects.filter(tenant=tenant)
    active = categories.filter(scheme__is_active=True)
    codes = set(active.values_list("code", flat=True))
    return codes or set(categories.values_list("code", flat=True))
# --- Entitlements --------------------------------------------------------------------------


@dataclass(frozen=True)
class EntitledVisitKind:
    """One kind of visit a category entitles a school to: `cadence` is one of
    `categorisation.entitlements.CADENCES` (fortnightly, three_weekly, half_termly, termly,
    once); `days` is what one such visit counts for."""

    kind: str
    label: str
    cadence: str
    days: Decimal


@dataclass(frozen=True)
class EntitledVisit:
    due_on: date
    kind: str
    label: str
    cadence: str
    days: Decimal


@dataclass(frozen=True)
class EntitlementInForce:
    """What a school's category in force entitles it to in one academic year, as numbers.

    `days` is the support days of the year: the scheme's own `support_days` where it sets them
    (the Welsh colours), else the days of the visits due summed (`days_from` says which)."""

    school_id: int
    category_code: str
    category_label: str
    responsibility: str  # "maintained" (the LA's) or "academy" (a responsible body's)
    in_force_since: date
    academic_year: int
    days: Decimal
    days_from: str  # "scheme" or "visits"
    visit_kinds: tuple[EntitledVisitKind, ...]
    visits_due: tuple[EntitledVisit, ...]


def _days(value: object) -> Decimal:
    try:
        days = Decimal(str(value if value is not None else _entitlements.DAYS_PER_VISIT))
    except (InvalidOperation, ValueError):
        days = Decimal(_entitlements.DAYS_PER_VISIT)
    return days if days.is_finite() and days >= 0 else Decimal(_entitlements.DAYS_PER_VISIT)


def entitlements_in_force(
    *, tenant: Tenant, academic_year: int, schools: Iterable | None = None,
) -> dict[int, EntitlementInForce]:
    """School id -> its entitlement for the academic year (named by the year it starts in),
    for each school with a decided category in force (a proposal entitles nothing; a closed
    school has none). Visit kinds whose cadence the product does not know are left out rather
    than guessed. Three queries, whatever the number of schools. Call inside the scope."""
    chosen = None if schools is None else list(schools)
    found = _entitlements.school_entitlements(tenant=tenant, academic_year=academic_year,
                                              schools=chosen)
    result = {}
    for entry in found:
        if not entry.school.establishment.is_open:
            continue
        entitlement = entry.entitlement
        kinds = tuple(
            EntitledVisitKind(kind=str(visit["kind"]), label=str(visit.get("label", "")),
                              cadence=str(visit["cadence"]), days=_days(visit.get("days")))
            for visit in entitlement.visits
            if visit.get("cadence") in _entitlements.CADENCES and visit.get("kind"))
        by_kind = {kind.kind: kind for kind in kinds}
        due = tuple(
            EntitledVisit(due_on=visit.due_on, kind=visit.kind, label=visit.label,
                          cadence=by_kind[visit.kind].cadence, days=by_kind[visit.kind].days)
            for visit in entry.visits if visit.kind in by_kind)
        if entitlement.support_days is not None:
            days, days_from = _days(entitlement.support_days), "scheme"
        else:
            days, days_from = sum((visit.days for visit in due), Decimal("0")), "visits"
        result[entry.school.pk] = EntitlementInForce(
            school_id=entry.school.pk, category_code=entitlement.category_code,
            category_label=entitlement.category_label, responsibility=entitlement.status,
            in_force_since=entry.in_force_since, academic_year=academic_year, days=days,
            days_from=days_from, visit_kinds=kinds, visits_due=due)
    return result
