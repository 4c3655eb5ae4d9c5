"""Reads for the formation and survey pages: pro-forma returns, a proposal with its responses,
what a headteacher has to answer. Each makes a fixed number of queries, however many schools,
partnerships or responses there are (tests assert it)."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from partnerships.models import (
    FormationProposal,
    ProForma,
    ProFormaPartner,
    ProposalResponse,
    ProposedMember,
    ProposedPartnership,
    Survey,
    SurveyResponse,
)
from partnerships.selectors import proposal_groups
from schools.models import School


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


def pro_forma_rows() -> list[ProFormaRow]:
    """Every open school with its pro-forma (or None). A pro-forma row that an officer created
    only to mark support has no submitter, so it does not count as returned. Three queries."""
    schools = list(open_schools())
    pro_formas = {
        pf.school_id: pf
        for pf in ProForma.objects.filter(school__establishment__is_open=True)
        .select_related("submitted_by")
        .prefetch_related(Prefetch(
            "partners", queryset=ProFormaPartner.objects.select_related("school__establishment")
        ))
    }
    return [ProFormaRow(school, pro_formas.get(school.pk)) for school in schools]


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


def survey_list() -> QuerySet[Survey]:
    return (Survey.objects.select_related("proposal")
            .annotate(option_count=Count("options", distinct=True),
                      respondent_count=Count("responses__respondent_key", distinct=True))
            .order_by("-created_at"))


def surveys_answered_by(*, respondent_key: str) -> set[int]:
    return set(SurveyResponse.objects.filter(respondent_key=respondent_key)
               .values_list("survey_id", flat=True).distinct())


def survey_respondent_counts(*, survey: Survey) -> dict[str, int]:
    """Distinct respondents by role, for the results page's headline."""
    rows = (SurveyResponse.objects.filter(survey=survey).values("respondent_role")
            .annotate(n=Count("respondent_key", distinct=True)).order_by())
    counts = {row["respondent_role"]: row["n"] for row in rows}
    counts["all"] = (SurveyResponse.objects.filter(survey=survey)
                     .aggregate(n=Count("respondent_key", distinct=True))["n"])
    return counts

