"""The register's published reads for the apps above it (DESIGN §4).

`pupil_numbers(schools)` gives each school's number on roll with the census it comes from and
the source, so funding can say which figure it used. GIAS carries the January school census;
a council's own census return (the October census a schools forum usually chooses) will be a
second source, preferred when present.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from schools.models import Establishment, EstablishmentLink, Governance, School

GIAS_SOURCE = "GIAS (January school census)"


@dataclass(frozen=True)
class PupilNumber:
    school_id: int
    pupils: int
    census_date: date | None
    source: str


def pupil_numbers(schools: Iterable) -> dict[int, PupilNumber]:
    """School id -> its pupils on roll, census date and source, for these schools (ids or School
    objects) of the scope's tenant; a school with no figure is absent. One query."""
    ids = [getattr(school, "pk", school) for school in schools]
    rows = (School.objects.filter(pk__in=ids, establishment__number_of_pupils__isnull=False)
            .values_list("pk", "establishment__number_of_pupils", "establishment__census_date"))
    return {pk: PupilNumber(pk, pupils, census, GIAS_SOURCE) for pk, pupils, census in rows
            if pupils is not None}


@dataclass(frozen=True)
class Conversion:
    """A school's conversion to an academy: the first day as an academy and where it is read
    from (the academy's GIAS open date, else the predecessor's close date)."""

    school_id: int
    converted_on: date
    academy_urn: int | None
    academy_name: str
    source: str


ACADEMY_OPEN_DATE = "the academy's open date (GIAS)"
PREDECESSOR_CLOSE_DATE = "the school's close date (GIAS)"


def conversions(schools: Iterable) -> dict[int, Conversion]:
    """School id -> its conversion to an academy, for these schools (School objects with their
    establishment) that GIAS's links show succeeded by an academy or free school: a link
    "Successor…" from the school, or "Predecessor…" from the academy. The date is the academy's
    open date, else the school's own close date; a school with neither is absent, as is one with
    no academy successor (a closure or a merger into a maintained school). Two queries."""
    by_urn = {school.establishment_id: school for school in schools}
    if not by_urn:
        return {}
    successor_of: dict[int, int] = {}
    links = EstablishmentLink.objects.filter(
        Q(urn__in=list(by_urn)) | Q(linked_urn__in=list(by_urn))
    ).values_list("urn", "linked_urn", "link_type")
    for urn, linked, link_type in links:
        kind = link_type.lower()
        if urn in by_urn and kind.startswith("successor"):
            successor_of.setdefault(urn, linked)
        elif linked in by_urn and kind.startswith("predecessor"):
            successor_of.setdefault(linked, urn)
    academies = {e.urn: e for e in Establishment.objects.filter(
        urn__in=set(successor_of.values()),
        governance__in=[Governance.ACADEMY, Governance.FREE_SCHOOL])}
    found: dict[int, Conversion] = {}
    for urn, academy_urn in successor_of.items():
        academy = academies.get(academy_urn)
        if academy is None:
            continue
        school = by_urn[urn]
        if academy.open_date is not None:
            on, source = academy.open_date, ACADEMY_OPEN_DATE
        elif school.establishment.close_date is not None:
            on, source = school.establishment.close_date, PREDECESSOR_CLOSE_DATE
        else:
            continue
        found[school.pk] = Conversion(school.pk, on, academy.urn, academy.name, source)
    return found

