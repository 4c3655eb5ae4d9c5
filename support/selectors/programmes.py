"""Programmes' reads: the programmes with their counts, a programme's schools and people
trained, and its totals by phase and by partnership (partnerships' published read). A fixed
number of queries, whatever the number of schools."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from core.models import Tenant
from partnerships.published import partnerships_on, schools_by_partnership_on
from schools.models import Phase, School
from support.models.programmes import Programme, ProgrammeSchool, ProgrammeTraining


def programmes(*, tenant: Tenant) -> QuerySet[Programme]:
    return Programme.objects.filter(tenant=tenant).annotate(
        school_count=Count("schools", distinct=True),
        trained_count=Count("trained", distinct=True))


def signed_up(programme: Programme) -> QuerySet[ProgrammeSchool]:
    """The schools signed up, by name: the columns a row shows (page, download) and no more;
    a page slices it."""
    return (ProgrammeSchool.objects.filter(programme=programme)
            .select_related("school__establishment")
            .only("programme_id", "school_id", "signed_up_on",
                  "school__tenant_id", "school__establishment_id",
                  "school__establishment__name", "school__establishment__phase")
            .order_by("school__establishment__name", "pk"))


def signed_up_values(programme: Programme) -> list[dict]:
    """The schools signed up as plain rows (the API's): urn, school_name, phase and
    signed_up_on (ISO), by name. No model is built, whatever the number of schools."""
    return [{"urn": urn, "school_name": name, "phase": phase,
             "signed_up_on": signed_up_on.isoformat()}
            for urn, name, phase, signed_up_on in (
                ProgrammeSchool.objects.filter(programme=programme)
                .order_by("school__establishment__name", "pk")
                .values_list("school__establishment_id", "school__establishment__name",
                             "school__establishment__phase", "signed_up_on"))]


def trained(programme: Programme) -> list[ProgrammeTraining]:
    return list(ProgrammeTraining.objects.filter(programme=programme)
                .select_related("school__establishment"))


def trained_at(programme: Programme) -> dict[int, int]:
    """School id -> how many of its people were trained (schools with none absent)."""
    return dict(ProgrammeTraining.objects.filter(programme=programme, school__isnull=False)
                .values_list("school_id").annotate(n=Count("pk")).order_by())


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
                     people: list[ProgrammeTraining] | None = None) -> Totals:
    """Schools signed up and people trained, by phase (with the open schools of the phase) and
    by partnership on `on` (each of its levels; a person counts where their school is), from
    the people trained (`trained`, read when not given). Plain values, a fixed number of
    queries whatever the number of schools signed up."""
    signed = list(ProgrammeSchool.objects.filter(programme=programme)
                  .values_list("school_id", "school__establishment__phase"))
    schools_by_phase = Counter(phase for _, phase in signed)
    people = trained(programme) if people is None else people
    phase_of: dict[int, str] = {}
    trained_by_school: Counter[int] = Counter()
    for person in people:
        if person.school is not None:
            trained_by_school[person.school_id] += 1
            phase_of[person.school_id] = person.school.establishment.phase
    trained_by_phase: Counter[str] = Counter()
    for school_id, count in trained_by_school.items():
        trained_by_phase[phase_of[school_id]] += count
    open_by_phase = dict(School.objects.filter(tenant=tenant, establishment__is_open=True)
                         .values_list("establishment__phase").annotate(n=Count("pk"))
                         .order_by())
    by_phase = [Total(Phase(phase).label, schools_by_phase[phase], trained_by_phase[phase],
                      open_by_phase.get(phase, 0))
                for phase in Phase.values
                if schools_by_phase[phase] or trained_by_phase[phase]]
    counts: dict[tuple[int, str, str], list[int]] = defaultdict(lambda: [0, 0])
    # The ids, not a subquery: the planner reads a list of ids better.
    for rank, level, name, n in schools_by_partnership_on(
            tenant=tenant, on=on, schools=[school_id for school_id, _ in signed]):
        counts[(rank, level, name)][0] += n
    for school_id, held in partnerships_on(tenant=tenant, on=on,
                                           schools=list(trained_by_school)).items():
        for place in held:
            key = (place.level_rank, place.level_name, place.partnership_name)
            counts[key][1] += trained_by_school[school_id]
    by_partnership = [Total(f"{name} ({level})", schools, people_trained)
                      for (_, level, name), (schools, people_trained) in sorted(counts.items())]
    return Totals(by_phase=by_phase, by_partnership=by_partnership,
                  schools=len(signed), trained=len(people))
