"""Reads for formation: the generator's view of schools, a stored proposal in the generator's
terms, pro-forma returns, a proposal with its responses, and the proposals a headteacher has
to answer."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from partnerships import formation
from partnerships.models import (
    FormationProposal,
    ProForma,
    ProFormaPartner,
    ProposalResponse,
    ProposedMember,
    ProposedPartnership,
)
from schools.models import School

# --- The generator's view -----------------------------------------------------------------


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


def proposal_preferences(*, proposal: FormationProposal) -> dict[int, formation.PreferenceCount]:
    """For each school of the stored proposal (by id), how many of the proposal's schools it
    named on its pro-forma and how many of those it is placed with: the score of
    `formation.preference_counts`, which the proposal's `preferences_honoured` figure sums."""
    candidates, _, proposed, _ = proposal_as_formation(proposal=proposal)
    return formation.preference_counts(candidates, proposed)


def proposal_violations(*, proposal: FormationProposal) -> list[str]:
    """The hard constraints the stored proposal breaks, in plain English (empty when sound).
    Schools left out of the proposal but open in the register are not the proposal's concern:
    it covers the schools it was generated for."""
    candidates, constraints, proposed, _ = proposal_as_formation(proposal=proposal)
    return formation.violations(candidates, constraints, proposed)


# --- Pro-formas and proposal pages --------------------------------------------------------


def open_schools() -> QuerySet[School]:
    return (School.objects.filter(establishment__is_open=True).select_related("establishment")
            .order_by("establishment__name", "establishment_id"))


@dataclass(frozen=True)
class ProFormaRow:
    school: School
    pro_forma: ProForma | None

    @property
    def returned(self) -> bool:
        return self.pro_forma is not None and self.pro_forma.submitted_by_id is not None

    def named(self, kind: str) -> list[School]:
        if self.pro_forma is None:
            return []
        return [p.school for p in self.pro_forma.partners.all() if p.kind == kind]

    @property
    def informal(self) -> list[School]:
        return self.named(ProFormaPartner.Kind.INFORMAL)

    @property
    def preferred(self) -> list[School]:
        return self.named(ProFormaPartner.Kind.PREFERRED)


def pro_forma_rows(schools: list[School] | None = None) -> list[ProFormaRow]:
    """Every open school (or these, e.g. one page of them) with its pro-forma (or None). A
    pro-forma row that an officer created only to mark support has no submitter, so it does
    not count as returned. Three queries."""
    if schools is None:
        schools = list(open_schools())
        chosen = ProForma.objects.filter(school__establishment__is_open=True)
    else:
        chosen = ProForma.objects.filter(school_id__in=[school.pk for school in schools])
    pro_formas = {
        pf.school_id: pf
        for pf in chosen.prefetch_related(Prefetch(
            "partners", queryset=ProFormaPartner.objects.select_related("school__establishment")
        ))
    }
    return [ProFormaRow(school, pro_formas.get(school.pk)) for school in schools]


def _returned() -> Exists:
    return Exists(ProForma.objects.filter(school=OuterRef("pk"), submitted_by__isnull=False))


def open_schools_to_chase(*, missing_only: bool) -> QuerySet[School]:
    """The open schools in the pro-forma list's order, only those that have not returned one
    when `missing_only`: for a page of them to be read, not every school."""
    schools = open_schools()
    return schools.filter(~_returned()) if missing_only else schools


@dataclass(frozen=True)
class ProFormaCounts:
    schools: int
    returned: int
    able_to_support: int

    @property
    def missing(self) -> int:
        return self.schools - self.returned


def pro_forma_counts() -> ProFormaCounts:
    """How many open schools there are, how many returned their pro-forma and how many are
    marked able to give support. One query, whatever the number of schools."""
    supports = Exists(ProForma.objects.filter(school=OuterRef("pk"), can_give_support=True))
    figures = (School.objects.filter(establishment__is_open=True).order_by()
               .aggregate(schools=Count("pk"), returned=Count("pk", filter=_returned()),
                          able=Count("pk", filter=supports)))
    return ProFormaCounts(figures["schools"], figures["returned"], figures["able"])


def pro_forma_of(*, school: School) -> ProForma | None:
    return (ProForma.objects.filter(school=school)
            .prefetch_related("partners").first())


def proposal_list() -> QuerySet[FormationProposal]:
    return (FormationProposal.objects.select_related("level", "created_by")
            .annotate(school_count=Count("members", distinct=True),
                      partnership_count=Count("partnerships", distinct=True))
            .order_by("-created_at"))


@dataclass(frozen=True)
class ProposalPage:
    proposal: FormationProposal
    groups: list[ProposedPartnership]
    responses: dict[int, ProposalResponse]
    support: set[int]

    @property
    def school_count(self) -> int:
        return sum(len(group.members.all()) for group in self.groups)

    @property
    def agreed(self) -> int:
        return sum(r.answer == ProposalResponse.Answer.AGREE for r in self.responses.values())

    @property
    def disagreed(self) -> int:
        return sum(r.answer == ProposalResponse.Answer.DISAGREE for r in self.responses.values())

    @property
    def awaiting(self) -> int:
        return self.school_count - len(self.responses)

    def schools(self) -> list[School]:
        return sorted((m.school for g in self.groups for m in g.members.all()),
                      key=lambda s: (s.establishment.name, s.pk))


def proposal_page(*, proposal: FormationProposal) -> ProposalPage:
    """The proposal's partnerships with members, responses by school and which schools can
    give support. Five queries."""
    groups = proposal_groups(proposal=proposal)
    responses = {
        r.school_id: r
        for r in ProposalResponse.objects.filter(proposal=proposal).select_related("recorded_by")
    }
    ids = [m.school_id for g in groups for m in g.members.all()]
    support = set(ProForma.objects.filter(school_id__in=ids, can_give_support=True)
                  .values_list("school_id", flat=True))
    for group in groups:
        for member in group.members.all():
            member.response = responses.get(member.school_id)
            member.can_give_support = member.school_id in support
    return ProposalPage(proposal, groups, responses, support)


def proposal_place_of(*, proposal: FormationProposal, school: School) -> ProposedMember | None:
    """The school's place in a proposal put to the schools (published or confirmed), with its
    proposed partnership's lead; None for a draft or a proposal that does not place the school.
    A headteacher sees and answers only a proposal that places their school, and only once it
    is published. One query (none for a draft)."""
    if proposal.status == FormationProposal.Status.DRAFT:
        return None
    return (ProposedMember.objects.filter(proposal=proposal, school=school)
            .select_related("proposed_partnership__lead_school__establishment").first())


def proposals_for_school(*, school: School) -> list[ProposedMember]:
    """The published or confirmed proposals placing the school, with its proposed partnership,
    its fellow members and its answer. Three queries."""
    members = list(
        ProposedMember.objects.filter(
            school=school,
            proposal__status__in=(FormationProposal.Status.PUBLISHED,
                                  FormationProposal.Status.CONFIRMED),
        )
        .select_related("proposal", "proposed_partnership__lead_school__establishment")
        .prefetch_related(Prefetch(
            "proposed_partnership__members",
            queryset=ProposedMember.objects.select_related("school__establishment"),
        ))
        .order_by("-proposal__created_at")
    )
    answers = {r.proposal_id: r for r in ProposalResponse.objects.filter(
        school=school, proposal_id__in=[m.proposal_id for m in members])}
    for member in members:
        member.response = answers.get(member.proposal_id)
    return members
