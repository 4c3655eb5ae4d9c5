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
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import Http404

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
    when = census_date_for(on)
    return pupils_on_each(schools, [when])[when]


def pupils_on_each(schools: Iterable, dates: Iterable[date | FundingYear]
                   ) -> dict[date, dict[int, PupilNumber]]:
    """`pupils_on` for several dates (or years) at once, keyed by the date read on (a year's
    1 April): three queries, whatever the number of dates and schools."""
    ids = [getattr(school, "pk", school) for school in schools]
    wanted = sorted({census_date_for(on) for on in dates})
    applied = list(CensusReturn.objects.filter(status=CensusReturn.Status.APPLIED,
                                               census_date__lte=max(wanted, default=date.min))
                   .order_by("-census_date", "-applied_at", "-pk"))
    chosen = {when: next((r for r in applied if r.census_date <= when), None) for when in wanted}
    by_return: dict[int, dict[int, int]] = {}
    used = {r.pk for r in chosen.values() if r is not None}
    if used and ids:
        for return_id, school_id, pupils in (
                CensusPupils.objects.filter(census_return_id__in=used, school_id__in=ids)
                .values_list("census_return_id", "school_id", "pupils")):
            by_return.setdefault(return_id, {})[school_id] = pupils
    gias = pupil_numbers(ids) if ids else {}
    result: dict[date, dict[int, PupilNumber]] = {}
    for when, census in chosen.items():
        found: dict[int, PupilNumber] = {}
        counted = by_return.get(census.pk, {}) if census is not None else {}
        for pk in ids:
            if census is not None and pk in counted:
                found[pk] = PupilNumber(pk, counted[pk], census.census_date, census.source)
            elif pk in gias:
                found[pk] = PupilNumber(pk, gias[pk].pupils, gias[pk].census_date,
                                        FALLBACK_SOURCE)
        result[when] = found
    return result


@dataclass(frozen=True)
class CensusDetail:
    """What the census return in force says beyond pupils: EAL pupils, and an all-through
    school's pupils by phase (None where the return does not give them)."""

    eal_pupils: int | None
    primary_pupils: int | None
    secondary_pupils: int | None


def census_details_each(schools: Iterable, dates: Iterable[date | FundingYear]
                        ) -> dict[date, dict[int, CensusDetail]]:
    """Date read on -> school id -> its EAL and by-phase pupils on the census return in force
    then (GIAS has neither, so there is no fallback). Two queries, whatever the dates."""
    ids = [getattr(school, "pk", school) for school in schools]
    wanted = sorted({census_date_for(on) for on in dates})
    applied = list(CensusReturn.objects.filter(status=CensusReturn.Status.APPLIED,
                                               census_date__lte=max(wanted, default=date.min))
                   .order_by("-census_date", "-applied_at", "-pk"))
    chosen = {when: next((r for r in applied if r.census_date <= when), None) for when in wanted}
    used = {r.pk for r in chosen.values() if r is not None}
    by_return: dict[int, dict[int, CensusDetail]] = {}
    if used and ids:
        for return_id, school_id, eal, primary, secondary in CensusPupils.objects.filter(
                census_return_id__in=used, school_id__in=ids).values_list(
                "census_return_id", "school_id", "eal_pupils", "primary_pupils",
                "secondary_pupils"):
            by_return.setdefault(return_id, {})[school_id] = CensusDetail(eal, primary,
                                                                          secondary)
    return {when: by_return.get(census.pk, {}) if census is not None else {}
            for when, census in chosen.items()}


def census_returns() -> QuerySet[CensusReturn]:
    return CensusReturn.objects.select_related("uploaded_by", "applied_by").order_by(
        "-census_date", "-pk")


def census_return_for(census_id: int, *, with_file: bool = True) -> CensusReturn:
    """The return; without its file's text (`with_file=False`) for pages that only show it."""
    records = census_returns() if with_file else census_returns().defer("content")
    record = records.filter(pk=census_id).first()
    if record is None:
        raise Http404("No such census return.")
    return record


def census_pupils_shown(record: CensusReturn) -> list[dict]:
    """Each school's applied pupils of the return, by the school's name, as the API shows them
    (plain values: a model row per school took longer than the rest of the answer)."""
    return [{"urn": urn, "name": name, "pupils": pupils, "eal_pupils": eal,
             "primary_pupils": primary, "secondary_pupils": secondary}
            for urn, name, pupils, eal, primary, secondary in
            CensusPupils.objects.filter(census_return=record)
            .order_by("school__establishment__name").values_list(
                "school__establishment_id", "school__establishment__name", "pupils",
                "eal_pupils", "primary_pupils", "secondary_pupils")]
