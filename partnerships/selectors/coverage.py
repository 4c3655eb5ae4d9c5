"""Who is in no partnership (counts and shares by phase and governance) and each school's
place on the map."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from partnerships.models import PartnershipLevel, PartnershipMembership
from schools.models import Governance, Phase, School


@dataclass(frozen=True)
class CoverageRow:
    value: str
    label: str
    total: int
    covered: int

    @property
    def uncovered(self) -> int:
        return self.total - self.covered

    @property
    def share(self) -> float:
        """Share covered, 0 to 1; an empty group counts as fully covered (no one left out)."""
        return self.covered / self.total if self.total else 1.0


@dataclass(frozen=True)
class Coverage:
    level: PartnershipLevel | None
    on: date
    overall: CoverageRow
    by_phase: list[CoverageRow]
    by_governance: list[CoverageRow]
    uncovered: list[School] = field(default_factory=list)


def _current_membership(on: date, level: PartnershipLevel | None) -> QuerySet:
    memberships = PartnershipMembership.objects.current(on).filter(school=OuterRef("pk"))
    return memberships.filter(level=level) if level is not None else memberships


def partnership_coverage(
    *, level: PartnershipLevel | None = None, on: date | None = None
) -> Coverage:
    """Which open schools are in no partnership (of `level`, or of any level), with counts and
    the share covered overall, by phase and by governance (maintained, academy …). Two queries,
    whatever the size of the register."""
    on = on or timezone.localdate()
    schools = School.objects.filter(establishment__is_open=True).annotate(
        covered=Exists(_current_membership(on, level))
    )
    rows = list(
        schools.values("establishment__phase", "establishment__governance", "covered")
        .annotate(n=Count("id")).order_by()
    )
    phase_totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    governance_totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        for totals, key in ((phase_totals, row["establishment__phase"]),
                            (governance_totals, row["establishment__governance"])):
            totals[key][0] += row["n"]
            if row["covered"]:
                totals[key][1] += row["n"]
    total = sum(row["n"] for row in rows)
    covered = sum(row["n"] for row in rows if row["covered"])

    def table(totals: dict[str, list[int]], choices: list[tuple[str, str]]) -> list[CoverageRow]:
        return [CoverageRow(value, label, *totals[value]) for value, label in choices
                if value in totals]

    uncovered = list(schools.filter(covered=False).select_related("establishment")
                     .order_by("establishment__name", "establishment__urn"))
    return Coverage(
        level=level, on=on, overall=CoverageRow("all", "All open schools", total, covered),
        by_phase=table(phase_totals, Phase.choices),
        by_governance=table(governance_totals, Governance.choices),
        uncovered=uncovered,
    )


@dataclass(frozen=True)
class MapPoint:
    urn: int
    name: str
    phase: str
    easting: int | None
    northing: int | None
    partnership_id: int | None
    partnership_name: str | None


def school_map_points(
    *, level: PartnershipLevel | None = None, on: date | None = None
) -> list[MapPoint]:
    """Each open school's grid reference (British National Grid easting/northing from GIAS) and
    the partnership it is in on `on` — of `level`, or else its narrowest — for a map drawn
    without a tile server. One query. Schools without coordinates come back with None."""
    on = on or timezone.localdate()
    membership = _current_membership(on, level).order_by("level__rank", "start_date")
    rows = (
        School.objects.filter(establishment__is_open=True)
        .annotate(
            partnership_id=Subquery(membership.values("partnership_id")[:1]),
            partnership_name=Subquery(membership.values("partnership__name")[:1]),
        )
        .values("establishment_id", "establishment__name", "establishment__phase",
                "establishment__easting", "establishment__northing", "partnership_id",
                "partnership_name")
        .order_by("establishment__name", "establishment_id")
    )
    return [
        MapPoint(row["establishment_id"], row["establishment__name"], row["establishment__phase"],
                 row["establishment__easting"], row["establishment__northing"],
                 row["partnership_id"], row["partnership_name"])
        for row in rows
    ]
