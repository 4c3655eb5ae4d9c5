"""Each de-delegation line's total charge for the year, computed once per version of what the
charges read rather than on every page that shows a budget (issue 16).

A line's total is the sum of every school's charge (`charges.school_rows`), so it reads the
whole register, its pupil numbers and conversions: about 100 ms for a 1,000-school council, and
the reconciliation, commitments, budget history and year report each needed it. The totals are
kept in the cache under a digest of their inputs (`charges_version`), read from the committed
rows on each request, so a change is seen by the next request after its transaction commits
and never before; no write needs to remember to clear anything. The key names the tenant, so
one council's totals are never served to another.

The inputs, and what in the digest changes with each:
- the register, its establishments (phase, governance, close dates, GIAS pupil numbers) and
  GIAS links (conversions): the tenant's `register_version`, bumped by every register write
  and every GIAS import (`schools.services.register_changed`);
- the lines' rates and bases: count and latest `updated_at` of the tenant's lines;
- the forum's votes: count, latest id and how many are superseded (a correction supersedes one
  vote and adds another);
- the census returns: count, latest id and how many are applied (a return's pupil rows are
  written only when it is applied, in that transaction, so the count of applied returns covers
  them without counting the rows);
- the conversion rule: the settings' `updated_at`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django_scopes import get_scope

from core.kept import kept
from core.models import Tenant
from funding.models import (
    NO_PENCE,
    FundingYear,
)
from funding.selectors.charges import (
    Schedule,
    charge_inputs,
    dedelegation_schedule,
    school_rows,
    schools_since,
)
from funding.selectors.versions import charges_version
from funding.selectors.years import lines_of_years
from schools.models import School

TOTALS_TTL = 60 * 60 * 24


def compute_line_totals(years: list[FundingYear]) -> dict[int, Decimal]:
    """Line id -> its total charge, for every line of `years`, by the schedule's own rules;
    the inputs of every year are read at once, so the queries do not grow with the years."""
    lines = lines_of_years(years)
    if not lines:
        return {}
    schools = schools_since(min(year.start_year for year in years))
    inputs = charge_inputs(schools, years)
    totals: dict[int, Decimal] = {}
    for year in years:
        of_year = [line for line in lines if line.year_id == year.pk]
        if not of_year:
            continue
        charged = [row for school in schools
                   for row in school_rows(year, of_year, school, inputs)[1]]
        for line in of_year:
            totals[line.pk] = sum((row.charges[line.pk] or NO_PENCE for row in charged),
                                  NO_PENCE)
    return totals


def tenant_of(year: FundingYear) -> Tenant:
    """The year's tenant: the scope's own (already read by the request) when it is the year's,
    instead of a query for it."""
    scoped = get_scope().get("tenant")
    if isinstance(scoped, Tenant) and scoped.pk == year.tenant_id:
        return scoped
    return year.tenant


def line_totals(tenant: Tenant, years: list[FundingYear]) -> dict[int, Decimal]:
    """`compute_line_totals`, once per version of its inputs (call inside the tenant's
    scope)."""
    if not years:
        return {}
    ids = ",".join(str(year.pk) for year in sorted(years, key=lambda y: y.pk))
    key = f"funding:line-totals:t{tenant.pk}:{charges_version(tenant)}:{ids}"
    found = kept(key, lambda: compute_line_totals(years), ttl=TOTALS_TTL)
    return found


def cached_schedule(tenant: Tenant, year: FundingYear) -> Schedule:
    """`dedelegation_schedule`, once per version of its inputs (the same inputs as the line
    totals: `charges_version`). The year is the caller's, so a note edited on it is shown at
    once."""
    key = f"funding:schedule:v2:t{tenant.pk}:{charges_version(tenant)}:{year.pk}"
    found = kept(key, lambda: _slim(dedelegation_schedule(year)), ttl=TOTALS_TTL)
    found.year = year
    return found


@dataclass(frozen=True, slots=True)
class NamedEstablishment:
    urn: int
    name: str


@dataclass(frozen=True, slots=True)
class NamedSchool:
    """A school as the schedule's readers show it (URN and name), in place of the register's
    row: a model instance is slow to read back, and the kept schedule holds a thousand."""

    pk: int
    tenant_id: int
    establishment: NamedEstablishment

    @property
    def urn(self) -> int:
        return self.establishment.urn


def _slim(schedule: Schedule) -> Schedule:
    """The schedule with each school reduced to what its readers show (URN and name): the
    register's full rows made the kept schedule of 1,000 schools take 15 ms to read back."""
    slim: dict[int, NamedSchool] = {}

    def named(school: School) -> School:
        if school.pk not in slim:
            slim[school.pk] = NamedSchool(pk=school.pk, tenant_id=school.tenant_id,
                                          establishment=NamedEstablishment(
                                              urn=school.urn, name=school.establishment.name))
        return cast(School, slim[school.pk])

    for row in schedule.schools:
        row.school = named(row.school)
    schedule.attention = [(named(school), reason) for school, reason in schedule.attention]
    return schedule
