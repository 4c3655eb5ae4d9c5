"""Coverage and the map, computed once per version of their data.

A 1,000-school council's coverage page read every open school twice (counts, schools in none,
the map's points) on every request. What it shows changes only when the register does (the
tenant's `register_version`, bumped in the writing transaction by every register write and by
shared GIAS loads), when a membership, partnership or level is added or changed, or when the
day turns (memberships start and end on dates). So it is kept in the cache under a key read
from those committed rows on each request: no write can leave a stale page behind, no
transaction has to remember to forget it, and one tenant's key is never another's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from core.kept import kept
from core.models import Tenant
from partnerships.maps import SchoolMap, school_map
from partnerships.models import Partnership, PartnershipLevel, PartnershipMembership
from partnerships.selectors.coverage import Coverage, partnership_coverage, school_map_points
from schools.models import Governance, Phase

KEPT_FOR = 60 * 60  # the key changes with the data anyway; this bounds what is kept


def coverage_version(*, tenant: Tenant, today: date) -> str:
    """A digest of everything coverage and the map read for this tenant on this day: every
    membership's, partnership's and level's fields that coverage reads (hashed, so an end date
    moved or a partnership renamed changes it), the register's version and the day. Three
    narrow queries."""
    parts = (
        tenant.pk, tenant.register_version, today,
        list(PartnershipMembership.objects.order_by("pk").values_list(
            "pk", "partnership_id", "school_id", "level_id", "start_date", "end_date")),
        list(Partnership.objects.order_by("pk").values_list("pk", "name", "level_id")),
        list(PartnershipLevel.objects.order_by("pk").values_list("pk", "rank")),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def _kept(key: str, compute):
    found = kept(key, compute, ttl=KEPT_FOR)
    return found


def kept_coverage(*, tenant: Tenant, level: PartnershipLevel | None,
                  version: str | None = None) -> Coverage:
    """`partnership_coverage` for today, computed once per version of its data."""
    today = timezone.localdate()
    version = version or coverage_version(tenant=tenant, today=today)
    level_key = level.pk if level is not None else "any"
    return _kept(f"partnerships:coverage:t{tenant.pk}:l{level_key}:{version}",
                 lambda: partnership_coverage(level=level, on=today))


@dataclass(frozen=True)
class CoveragePage:
    """What the coverage page shows, kept as figures and markup: the counts (`coverage`, its
    list of schools emptied), how many are in none and their table rows, and the map."""

    coverage: Coverage
    uncovered_count: int
    uncovered_rows: SafeString
    map: SchoolMap


def _page(*, tenant: Tenant, level: PartnershipLevel | None, today: date) -> CoveragePage:
    found = partnership_coverage(level=level, on=today)
    phases, governances = dict(Phase.choices), dict(Governance.choices)
    rows = format_html_join("", UNCOVERED_ROW, (
        (reverse("schools:school-detail", args=[tenant.slug, school.establishment_id]),
         school.establishment.name, school.establishment_id,
         phases.get(school.establishment.phase, school.establishment.phase),
         governances.get(school.establishment.governance, school.establishment.governance))
        for school in found.uncovered))
    return CoveragePage(replace(found, uncovered=[]), len(found.uncovered), rows,
                        school_map(school_map_points(level=level, on=today)))


UNCOVERED_ROW = ('<tr class="govuk-table__row"><td class="govuk-table__cell">'
                 '<a class="govuk-link" href="{}">{}</a></td>'
                 '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td>'
                 '<td class="govuk-table__cell">{}</td></tr>')


def kept_page(*, tenant: Tenant, level: PartnershipLevel | None,
              version: str | None = None) -> CoveragePage:
    """The coverage page's figures, rows and map for today, computed once per version of
    their data (the rows built as markup: a thousand schools are not template nodes)."""
    today = timezone.localdate()
    version = version or coverage_version(tenant=tenant, today=today)
    level_key = level.pk if level is not None else "any"
    return _kept(f"partnerships:coverage-page:t{tenant.pk}:{tenant.slug}:l{level_key}:{version}",
                 lambda: _page(tenant=tenant, level=level, today=today))
