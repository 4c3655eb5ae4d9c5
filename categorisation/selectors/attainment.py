"""The named cross-tenant read of the low-attainment watchlist: national bottom-quarter
thresholds, computed once per (measure, year) over the national store of indicators — public
data, no tenant's rows — in one query whatever the number of schools asking."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from categorisation.flags import QUARTILE_MEASURES, Quartile, bottom_quartiles
from categorisation.models import PerformanceIndicator
from schools.models import Establishment, Phase

# GIAS type groups that are not state-funded mainstream schools.
NOT_MAINSTREAM_GROUPS = ("special", "independent", "welsh", "other", "colleges", "universities")


def national_bottom_quartiles(*, years: Iterable[int],
                              measures: Iterable[str] = tuple(QUARTILE_MEASURES),
                              ) -> dict[tuple[str, int], Quartile]:
    """Bottom-quarter thresholds by (measure, year) over the national store (one query; none
    when no year is asked for).

    Why a cross-tenant read is safe: `PerformanceIndicator` is public (the national files, no
    tenant), and a council's own indicators (`TenantIndicator`) are never read here, so no
    council's figures shape another's watchlist.

    State-funded mainstream: a school the register knows as special, alternative provision or
    not state-funded (GIAS type group) is left out; a school the register does not hold is
    kept (the national store can hold results of schools outside every tenant's register)."""
    years = sorted(set(years))
    if not years:
        return {}
    excluded = Q(phase__in=[Phase.SPECIAL, Phase.ALTERNATIVE_PROVISION])
    for group in NOT_MAINSTREAM_GROUPS:
        excluded |= Q(type_group__icontains=group)
    rows = (PerformanceIndicator.objects
            .filter(measure__in=list(measures), year__in=years, value__isnull=False)
            .exclude(urn__in=Establishment.objects.filter(excluded).values("urn"))
            .values_list("measure", "year", "urn", "release", "value"))
    return bottom_quartiles(rows)
