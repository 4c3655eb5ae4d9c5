"""The register's published reads for the apps above it (DESIGN §4).

`pupil_numbers(schools)` gives each school's number on roll with the census it comes from and
the source, so funding can say which figure it used. GIAS carries the January school census;
a council's own census return (the October census a schools forum usually chooses) will be a
second source, preferred when present.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from schools.models import School

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
