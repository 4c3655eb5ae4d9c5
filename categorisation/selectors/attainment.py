"""The named cross-tenant read of the low-attainment watchlist: national bottom-quarter
thresholds, computed once per (measure, year) over the national store of indicators — public
data, no tenant's rows — in one query whatever the number of schools asking."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db import connection
from django.db.models import Q

from categorisation.flags import QUARTILE_MEASURES, Quartile, bottom_quartiles
from categorisation.models import NationalDataImport, PerformanceIndicator
from core.kept import kept
from schools.models import Establishment, GiasImport, NationalGiasImport, Phase

QUARTILES_TTL = 6 * 60 * 60  # the key changes with the national data; this bounds what is kept

# GIAS type groups that are not state-funded mainstream schools.
NOT_MAINSTREAM_GROUPS = ("special", "independent", "welsh", "other", "colleges", "universities")


def national_bottom_quartiles(*, years: Iterable[int],
                              measures: Iterable[str] = tuple(QUARTILE_MEASURES),
                              ) -> dict[tuple[str, int], Quartile]:
    """Bottom-quarter thresholds by (measure, year) over the national store (kept in the cache
    per version of the national data: one small query when kept, two when not; none when no
    year is asked for).

    Why a cross-tenant read is safe: `PerformanceIndicator` is public (the national files, no
    tenant), and a council's own indicators (`TenantIndicator`) are never read here, so no
    council's figures shape another's watchlist.

    State-funded mainstream: a school the register knows as special, alternative provision or
    not state-funded (GIAS type group) is left out; a school the register does not hold is
    kept (the national store can hold results of schools outside every tenant's register)."""
    years = sorted(set(years))
    if not years:
        return {}
    measures = tuple(measures)
    key = (f"categorisation:quartiles:{national_version()}:{','.join(map(str, years))}:"
           f"{','.join(sorted(measures))}")
    found = kept(key, lambda: _bottom_quartiles(years, measures), ttl=QUARTILES_TTL)
    return found


def national_version() -> str:
    """A digest of the national rows the thresholds are read from: indicators added, national
    files applied, and the register's establishments (added, or changed by any GIAS import).
    Read from committed rows, so a threshold kept under an older digest is never served.
    No tenant's row is read: a council's GIAS import is seen only by when it finished."""
    def latest(model, column: str = "") -> str:
        return f"(SELECT MAX({column or model._meta.pk.column}) FROM {model._meta.db_table})"

    # One query (this runs on every read of the thresholds): sub-selects of each table's latest.
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join([
            latest(PerformanceIndicator), latest(NationalDataImport),
            latest(NationalDataImport, "finished_at"), latest(Establishment),
            latest(NationalGiasImport, "finished_at"), latest(GiasImport, "finished_at")]))
        parts = cursor.fetchone()
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def _bottom_quartiles(years: list[int], measures: tuple[str, ...]
                      ) -> dict[tuple[str, int], Quartile]:
    excluded = Q(phase__in=[Phase.SPECIAL, Phase.ALTERNATIVE_PROVISION])
    for group in NOT_MAINSTREAM_GROUPS:
        excluded |= Q(type_group__icontains=group)
    rows = (PerformanceIndicator.objects
            .filter(measure__in=list(measures), year__in=years, value__isnull=False)
            .exclude(urn__in=Establishment.objects.filter(excluded).values("urn"))
            .values_list("measure", "year", "urn", "release", "value"))
    return bottom_quartiles(rows)
