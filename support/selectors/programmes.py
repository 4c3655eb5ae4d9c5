"""Programmes' reads: the programmes with their counts, a programme's schools and people
trained, and its totals by phase and by partnership (partnerships' published read). A fixed
number of queries, whatever the number of schools."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from core.models import Tenant
from partnerships.published import partnerships_on
from schools.models import Phase, School
from support.models.programmes import Programme, ProgrammeSchool, ProgrammeTraining


def programmes(*, tenant: Tenant) -> QuerySet[Programme]:
    return Programme.objects.filter(tenant=tenant).annotate(
        school_count=Count("schools", distinct=True),
        trained_count=Count("trained", distinct=True))


def signed_up(programme: Programme) -> list[ProgrammeSchool]:
    return list(ProgrammeSchool.objects.filter(programme=programme)
                .select_related("school__establishment")
                .order_by("school__establishment__name", "pk"))


def trained(programme: Programme) -> list[ProgrammeTraining]:
    return list(ProgrammeTraining.objects.filter(programme=programme)
                .select_related("school__establishment"))


@dataclass(frozen=True)
class Total:
    label: str
    schools: int  # signed up
    trained: int  # people trained
    of_schools: int | None = None  # the open schools there are (phases only)

    @property
    def share(self) -> int | None:
        if not self.of_schools:
            return None
        return round(100 * self.schools / self.of_schools)


@dataclass(frozen=True)
class Totals:
    by_phase: list[Total]
    by_partnership: list[Total]
    schools: int
    trained: int


def programme_totals(*, tenant: Tenant, programme: Programme, on: date,
                     rows: list[ProgrammeSchool] | None = None,
                     people: list[ProgrammeTraining] | None = None) -> Totals:
    """Schools signed up and people trained, by phase (with the open schools of the phase) and
    by partnership on `on` (each of its levels; a person counts where their school is)."""
    rows = signed_up(programme) if rows is None else rows
    people = trained(programme) if people is None else people
    phase_of = {row.school_id: row.school.establishment.phase for row in rows}
    for person in people:
        if person.school is not None:
            phase_of[person.school_id] = person.school.establishment.phase
    schools_by_phase = Counter(row.school.establishment.phase for row in rows)
    trained_by_school = Counter(person.school_id for person in people if person.school_id)
    trained_by_phase: Counter[str] = Counter()
    for school_id, count in trained_by_school.items():
        trained_by_phase[phase_of[school_id]] += count
    open_by_phase = Counter(School.objects.filter(tenant=tenant, establishment__is_open=True)
                            .values_list("establishment__phase", flat=True))
    by_phase = [Total(Phase(phase).label, schools_by_phase[phase], trained_by_phase[phase],
                      open_by_phase[phase])
                for phase in Phase.values
                if schools_by_phase[phase] or trained_by_phase[phase]]
    places = partnerships_on(tenant=tenant, on=on,
                             schools=set(phase_of) | {row.school_id for row in rows})
    counts: dict[tuple[int, str, str], list[int]] = defaultdict(lambda: [0, 0])
    signed = {row.school_id for row in rows}
    for school_id, held in places.items():
        for place in held:
            key = (place.level_rank, place.level_name, place.partnership_name)
            counts[key][0] += school_id in signed
            counts[key][1] += trained_by_school[school_id]
    by_partnership = [Total(f"{name} ({level})", schools, people_trained)
                      for (_, level, name), (schools, people_trained) in sorted(counts.items())]
    return Totals(by_phase=by_phase, by_partnership=by_partnership, schools=len(rows),
                  trained=len(people))
