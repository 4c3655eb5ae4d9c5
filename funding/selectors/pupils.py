"""Pupils per school for funding (issue 11 item 1): from the census the schools forum chose —
the latest applied census return on or before the date — with its census date and source, and
GIAS's `NumberOfPupils` (January census) only as a labelled fallback for a school the return
does not list, or when no return has been applied yet.

"The latest return" is one return, not the latest figure per school: a forum's schedule uses
one census, so a school missing from it falls back to GIAS (labelled) rather than to an older
return. A funding year reads the census on or before its first day (1 April), so the October
census before the year is the one used.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from funding.models import CensusPupils, CensusReturn, FundingYear
from schools.published import PupilNumber, pupil_numbers

FALLBACK_SOURCE = "GIAS (January census) – fallback"


def census_date_for(on: date | FundingYear) -> date:
    """The date a year's pupils are read on: the first day of the financial year."""
    if isinstance(on, FundingYear):
        return date(on.start_year, 4, 1)
    return on


def census_in_force(on: date | FundingYear) -> CensusReturn | None:
    """The scope's tenant's latest applied census return on or before `on`. One query."""
    return (CensusReturn.objects.filter(status=CensusReturn.Status.APPLIED,
                                        census_date__lte=census_date_for(on))
            .order_by("-census_date", "-applied_at", "-pk").first())


def pupils_on(schools: Iterable, on: date | FundingYear) -> dict[int, PupilNumber]:
    """School id -> pupils, census date and source for these schools (ids or School objects)
    of the scope's tenant: the census return in force on `on`, else GIAS labelled as the
    fallback. A school with neither is absent. Three queries, whatever the number of schools."""
    ids = [getattr(school, "pk", school) for school in schools]
    census = census_in_force(on)
    found: dict[int, PupilNumber] = {}
    if census is not None:
        for school_id, pupils in (CensusPupils.objects.filter(census_return=census,
                                                              school_id__in=ids)
                                  .values_list("school_id", "pupils")):
            found[school_id] = PupilNumber(school_id, pupils, census.census_date, census.source)
    missing = [pk for pk in ids if pk not in found]
    if missing:
        for pk, number in pupil_numbers(missing).items():
            found[pk] = PupilNumber(pk, number.pupils, number.census_date, FALLBACK_SOURCE)
    return found
