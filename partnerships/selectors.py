"""Reads of the partnerships domain. Each runs inside the active tenant scope and makes a fixed
number of queries, however many schools or partnerships the tenant has."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from partnerships import formation
from partnerships.models import (
    OPPOSING_RATINGS,
    SUPPORTING_RATINGS,
    FormationProposal,
    Partnership,
    PartnershipLevel,
    PartnershipMembership,
    PartnershipRole,
    ProForma,
    ProposedMember,
    ProposedPartnership,
    Rating,
    RespondentRole,
    Survey,
    SurveyOption,
    SurveyResponse,
)
from schools.models import Governance, Phase, School

# --- Structure ----------------------------------------------------------------------------


def partnership_level_list() -> QuerySet[PartnershipLevel]:
    return PartnershipLevel.objects.select_related("parent_level").order_by("rank", "name")


def partnership_list(
    *, level: PartnershipLevel | None = None, on: date | None = None
) -> QuerySet[Partnership]:
    """Partnerships with their level, parent and number of current member schools."""
    on = on or timezone.localdate()
    current = Q(memberships__start_date__lte=on) & (
        Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gt=on)
    )
    partnerships = Partnership.objects.select_related(
        "level", "parent", "lead_school__establishment"
    )
    if level is not None:
        partnerships = partnerships.filter(level=level)
    return partnerships.annotate(
        member_count=Count("memberships", filter=current)
    ).order_by("level__rank", "name")


def partnership_members(
    *, partnership: Partnership, on: date | None = None, include_past: bool = False
) -> QuerySet[PartnershipMembership]:
    """The member schools on a date, or with `include_past` every membership ever (history)."""
    memberships = PartnershipMembership.objects.filter(partnership=partnership).select_related(
        "school__establishment"
    )
    if not include_past:
        memberships = memberships.current(on or timezone.localdate())
    return memberships.order_by("school__establishment__name", "-start_date")


def partnership_roles(
    *, partnership: Partnership, on: date | None = None
) -> QuerySet[PartnershipRole]:
    return (PartnershipRole.objects.filter(partnership=partnership)
            .current(on or timezone.localdate())
            .select_related("person__user", "school__establishment").order_by("kind"))


def school_partnerships(
    *, school: School, on: date | None = None
) -> QuerySet[PartnershipMembership]:
    """The partnerships a school is in on a date, broadest level last."""
    return (PartnershipMembership.objects.filter(school=school)
            .current(on or timezone.localdate())
            .select_related("partnership", "level").order_by("level__rank"))


# --- Coverage -----------------------------------------------------------------------------


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


# --- Formation ----------------------------------------------------------------------------


def formation_candidates(*, schools: QuerySet[School] | list[School]) -> list[formation.Candidate]:
    """The generator's view of schools: phase, grid reference, roll, the pro-forma's answers
    and the schools each named (informal or preferred partners). Two queries."""
    schools = list(schools) if not isinstance(schools, list) else schools
    ids = [school.pk for school in schools]
    pro_formas = {
        pf.school_id: pf
        for pf in ProForma.objects.filter(school_id__in=ids).prefetch_related("partners")
    }
    candidates = []
    for school in schools:
        establishment = school.establishment
        pf = pro_formas.get(school.pk)
        candidates.append(formation.Candidate(
            key=school.pk, name=establishment.name, phase=establishment.phase,
            easting=establishment.easting, northing=establishment.northing,
            can_give_support=bool(pf and pf.can_give_support),
            accepts_secondary_lead=bool(pf and pf.accepts_secondary_lead),
            preferred=frozenset(p.school_id for p in pf.partners.all()) if pf else frozenset(),
            pupils=establishment.number_of_pupils or 0,
        ))
    return candidates


def proposal_groups(*, proposal: FormationProposal) -> list[ProposedPartnership]:
    """The proposed partnerships with their member schools (prefetched), in order."""
    return list(
        ProposedPartnership.objects.filter(proposal=proposal)
        .select_related("lead_school__establishment", "created_partnership")
        .prefetch_related(Prefetch(
            "members",
            queryset=ProposedMember.objects.select_related("school__establishment"),
        ))
        .order_by("position")
    )


def proposal_as_formation(
    *, proposal: FormationProposal
) -> tuple[list[formation.Candidate], formation.Constraints, list[formation.ProposedGroup],
           list[ProposedPartnership]]:
    """The stored proposal in the generator's terms, to check or re-explain it."""
    groups = proposal_groups(proposal=proposal)
    schools = [member.school for group in groups for member in group.members.all()]
    candidates = formation_candidates(schools=schools)
    constraints = formation.Constraints(proposal.min_size, proposal.max_size)
    proposed = [
        formation.ProposedGroup([m.school_id for m in group.members.all()], group.lead_school_id)
        for group in groups
    ]
    return candidates, constraints, proposed, groups


def proposal_violations(*, proposal: FormationProposal) -> list[str]:
    """The hard constraints the stored proposal breaks, in plain English (empty when sound).
    Schools left out of the proposal but open in the register are not the proposal's concern:
    it covers the schools it was generated for."""
    candidates, constraints, proposed, _ = proposal_as_formation(proposal=proposal)
    return formation.violations(candidates, constraints, proposed)


# --- Surveys ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TallyRow:
    """One line of a seed-style table: e.g. "Primary headteachers: 21% positive …"."""

    label: str
    role: str
    phase: str
    total: int
    counts: dict[str, int]

    def percent(self, rating: str) -> int:
        return round(100 * self.counts.get(rating, 0) / self.total) if self.total else 0

    @property
    def percents(self) -> dict[str, int]:
        return {rating: self.percent(rating) for rating in Rating.values}

    @property
    def support_percent(self) -> int:
        """Strongly support + positive + willing to consider, from the counts (so it may differ
        by one from the sum of the rounded percentages)."""
        return self._share(SUPPORTING_RATINGS)

    @property
    def against_percent(self) -> int:
        return self._share(OPPOSING_RATINGS)

    def _share(self, ratings: tuple) -> int:
        if not self.total:
            return 0
        return round(100 * sum(self.counts.get(r, 0) for r in ratings) / self.total)


@dataclass(frozen=True)
class OptionTally:
    option: SurveyOption
    rows: list[TallyRow]

    def row(self, label: str) -> TallyRow:
        return next(row for row in self.rows if row.label == label)


def survey_tally(*, survey: Survey) -> list[OptionTally]:
    """Counts and percentages of each rating for each option: all respondents, by role, by
    phase, and by role within phase ("Primary headteachers"). Two queries."""
    options = list(SurveyOption.objects.filter(survey=survey).order_by("position", "label"))
    rows = (SurveyResponse.objects.filter(survey=survey)
            .values("option_id", "respondent_role", "phase", "rating")
            .annotate(n=Count("id")).order_by())
    cells: dict[int, dict[tuple[str, str], dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    for row in rows:
        for role in ("", row["respondent_role"]):
            for phase in ("", row["phase"]):
                cells[row["option_id"]][(role, phase)][row["rating"]] += row["n"]
    role_labels = dict(RespondentRole.choices)
    phase_labels = dict(Phase.choices)

    def label(role: str, phase: str) -> str:
        if not role and not phase:
            return "All respondents"
        role_part = f"{role_labels[role].lower()}s" if role else "respondents"
        return f"{phase_labels[phase]} {role_part}" if phase else role_part.capitalize()

    def order(key: tuple[str, str]) -> tuple:
        role, phase = key
        return (bool(role) + bool(phase), RespondentRole.values.index(role) if role else -1,
                Phase.values.index(phase) if phase else -1)

    tallies = []
    for option in options:
        groups = cells.get(option.pk, {})
        tallies.append(OptionTally(option, [
            TallyRow(label(role, phase), role, phase, sum(groups[(role, phase)].values()),
                     dict(groups[(role, phase)]))
            for role, phase in sorted(groups, key=order)
        ]))
    return tallies
