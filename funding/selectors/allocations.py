"""Reads of formula allocation: the inputs of a run on a date (through categorisation's,
partnerships' and schools' published reads only), the formulas and runs, and what has changed
since a run was confirmed. Each in a fixed number of queries, whatever the number of schools."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from categorisation.published import categories_in_force, categories_version
from core.kept import kept
from core.models import Tenant
from funding.formulas import SchoolInput
from funding.models import (
    AllocationFormula,
    AllocationRun,
    AllocationRunPartnership,
    AllocationRunSchool,
    FundingYear,
    RunStatus,
)
from funding.selectors.pupils import pupils_on
from partnerships.published import partnerships_on
from schools.models import School


def _days(value: object) -> int | None:
    """A category's `support_days` (the scheme's data): whole days, else none."""
    try:
        days = int(str(value))
    except ValueError:
        return None
    return days if days >= 0 and str(days) == str(value).strip() else None


def allocation_inputs(*, tenant: Tenant, level_name: str, on: date) -> list[SchoolInput]:
    """Every school in a partnership of `level_name` on `on`, and every other school whose
    category on `on` is in force (so a school that would trigger funding outside any
    partnership is listed, not lost). Four queries."""
    places = partnerships_on(tenant=tenant, on=on, level_name=level_name)
    categories = categories_in_force(tenant=tenant, on=on)
    ids = set(places) | set(categories)
    schools = list(School.objects.filter(pk__in=ids).select_related("establishment"))
    numbers = pupils_on(schools, on)
    inputs = []
    for school in schools:
        # A school has one place per level (partnerships refuse a second open membership).
        place = places.get(school.pk, [None])[0]
        category = categories.get(school.pk)
        number = numbers.get(school.pk)
        inputs.append(SchoolInput(
            school_id=school.pk, urn=school.urn, name=school.establishment.name,
            partnership_id=place.partnership_id if place else None,
            partnership_name=place.partnership_name if place else "",
            step_id=category.step_id if category else None,
            code=category.code if category else "", label=category.label if category else "",
            status=category.status if category else "",
            scheme_triggers=category.triggers_funding if category else False,
            pupils=number.pupils if number else None,
            census_date=number.census_date if number else None,
            pupils_source=number.source if number else "",
            support_days=_days(category.attributes.get("support_days")) if category else None))
    return inputs


def snapshot_inputs(run: AllocationRun, rows: list[AllocationRunSchool]) -> list[SchoolInput]:
    """A run's snapshot turned back into the formula's inputs, for a what-if: the draft's own
    inputs, not today's."""
    return [SchoolInput(
        school_id=row.school_id, urn=row.urn, name=row.school_name,
        partnership_id=row.partnership.partnership_id_then if row.partnership else None,
        partnership_name=row.partnership.name if row.partnership else "",
        step_id=row.category_step_id, code=row.category_code, label=row.category_label,
        status=row.category_status,
        scheme_triggers=bool(run.parameters.get("scheme_triggers", {}).get(row.category_code)),
        pupils=row.pupils, census_date=row.census_date, pupils_source=row.pupils_source,
        support_days=run.parameters.get("scheme_days", {}).get(row.category_code))
        for row in rows]


def formula_list() -> QuerySet[AllocationFormula]:
    return AllocationFormula.objects.order_by("name", "-version")


def formula_for(formula_id: int) -> AllocationFormula:
    formula = AllocationFormula.objects.filter(pk=formula_id).first()
    if formula is None:
        raise Http404("No such allocation formula.")
    return formula


def latest_formulas() -> list[AllocationFormula]:
    """The newest version of each formula: the ones a new run may use."""
    latest: dict[str, AllocationFormula] = {}
    for formula in formula_list():
        latest.setdefault(formula.name, formula)
    return list(latest.values())


def runs_of(year: FundingYear) -> QuerySet[AllocationRun]:
    return (AllocationRun.objects.filter(year=year)
            .select_related("formula", "created_by", "confirmed_by"))


def run_for(run_id: int) -> AllocationRun:
    run = (AllocationRun.objects.filter(pk=run_id)
           .select_related("year", "formula", "created_by", "confirmed_by").first())
    if run is None:
        raise Http404("No such allocation run.")
    return run


def run_partnerships(run: AllocationRun) -> list[AllocationRunPartnership]:
    """The partnership totals, those outside any partnership last."""
    rows = list(AllocationRunPartnership.objects.filter(run=run))
    return sorted(rows, key=lambda p: (p.partnership_id_then is None, p.name, p.pk))


def run_school_rows(run: AllocationRun) -> QuerySet[AllocationRunSchool]:
    return (AllocationRunSchool.objects.filter(run=run).select_related("partnership")
            .order_by("partnership__name", "school_name", "pk"))


def run_schools(run: AllocationRun) -> list[AllocationRunSchool]:
    return list(run_school_rows(run))


@dataclass(frozen=True)
class CategoryDifference:
    urn: int
    name: str
    then: str
    now: str


def changed_since(*, tenant: Tenant, run: AllocationRun) -> list[CategoryDifference]:
    """Schools of a confirmed run whose category in force today has another code than the one
    the run used (a new step keeping the code changes no money). Kept per version of what it
    reads: the run's rows never change once confirmed, and today's categories change only
    with a new step (`categories_version`) or a school closing (the register's
    version), so a kept answer is never stale and never another tenant's. Three queries when
    kept, four when not."""
    if not run.is_confirmed:
        return []
    key = (f"funding:changed-since:t{tenant.pk}:r{run.pk}:{tenant.register_version}:"
           f"{categories_version(tenant=tenant)}")
    found = kept(key, lambda: _changed_since(tenant, run), ttl=CHANGED_SINCE_TTL)
    return found


CHANGED_SINCE_TTL = 60 * 60 * 24


def _changed_since(tenant: Tenant, run: AllocationRun) -> list[CategoryDifference]:
    rows = list(AllocationRunSchool.objects.filter(run=run)
                .order_by("partnership__name", "school_name", "pk")
                .values_list("school_id", "urn", "school_name", "category_code"))
    now = categories_in_force(tenant=tenant, schools=[row[0] for row in rows])
    differences = []
    for school_id, urn, name, code in rows:
        current = now.get(school_id)
        if (current.code if current else "") != code:
            differences.append(CategoryDifference(
                urn=urn, name=name, then=code or "none",
                now=current.code if current else "none"))
    return differences


def confirmed_run_exists(year: FundingYear | None = None) -> bool:
    runs = AllocationRun.objects.filter(status=RunStatus.CONFIRMED)
    return (runs.filter(year=year) if year is not None else runs).exists()
