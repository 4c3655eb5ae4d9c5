"""What the rules read: the Ofsted labels the parsers know, and every input of many schools in
a fixed number of queries (one each for inspections, links, indicators, judgements and local
intelligence, and one for the watchlist's national quarters when the schools have results),
whatever the number of schools, so a recompute batch costs the same number of queries at 10 or
1,000 schools. `recompute_batch_across_tenants` is the recompute's named cross-tenant read: the
same inputs plus each school's tenant state, for schools of many tenants in one fixed set of
queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django_scopes import scopes_disabled

from categorisation.flags import QUARTILE_MEASURES
from categorisation.models import (
    CategorisationScheme,
    CategoryComputation,
    CategoryProposal,
    GradeLabel,
    IndicatorValues,
    Inspection,
    InspectionValues,
    OfficerJudgement,
    PerformanceIndicator,
    SchoolCategory,
    TenantIndicator,
    TenantInspection,
)
from categorisation.ofsted import Label, LabelBook
from categorisation.schemes.facts import SchoolInputs
from categorisation.selectors.attainment import national_bottom_quartiles
from core.models import Tenant
from schools.intelligence import intelligence_for_rules
from schools.models import EstablishmentLink, School


def label_book() -> LabelBook:
    labels = GradeLabel.objects.select_related("scale")
    return LabelBook(
        Label(scale=label.scale.code, code=label.code, label=label.label, rank=label.rank,
              is_judgement=label.is_judgement, implied_grade=label.implied_grade,
              signal=label.signal, pk=label.pk, aliases=tuple(label.aliases))
        for label in labels
    )


def school_inputs(*, tenant: Tenant, schools: Iterable[School]) -> dict[int, SchoolInputs]:
    """Inputs by school id for schools of `tenant` (call inside its scope)."""
    schools = list(schools)
    return _inputs(schools, OfficerJudgement.objects.filter(tenant=tenant, school__in=schools))


def _inputs(schools: list[School], judgement_rows: QuerySet[OfficerJudgement],
            ) -> dict[int, SchoolInputs]:
    """The inputs of `schools` by school id: links (one query), inspections and indicators of
    the national store and of their councils' own layers (`_layered_rows`: four queries), and
    their officers' judgements from `judgement_rows` (one query) and the local intelligence in
    force (one query). A council's row, judgement or item is used only for a school of that
    council."""
    tenant_of = {school.pk: school.tenant_id for school in schools}
    urns = {school.establishment_id for school in schools}
    predecessors: dict[int, list[int]] = defaultdict(list)
    for link in EstablishmentLink.objects.filter(urn__in=urns):
        if link.is_predecessor:
            predecessors[link.urn].append(link.linked_urn)
    all_urns = urns | {urn for linked in predecessors.values() for urn in linked}
    inspections, indicators = _layered_rows(all_urns, urns, set(tenant_of.values()))
    # The watchlist's national quarters: one query for every school of the batch.
    quartiles = national_bottom_quartiles(years={
        row.year for rows in indicators.values() for row in rows
        if row.measure in QUARTILE_MEASURES})
    judgements: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    # Only steps that count: a capacity level proposed to a school, or disputed by it, is not
    # read until it is agreed or moderated (categorisation.judgements).
    for judgement in (judgement_rows.filter(status__in=OfficerJudgement.COUNTING)
                      .order_by("school", "key", "-judged_on", "-entered_at", "-pk")):
        if tenant_of.get(judgement.school_id) != judgement.tenant_id:
            continue
        judgements[judgement.school_id].setdefault(judgement.key, (
            judgement.value,
            f"{judgement.key.replace('_', ' ').capitalize()} {judgement.value}, judged "
            f"{judgement.judged_on.day} {judgement.judged_on:%B %Y}"
            + (f": {judgement.note}" if judgement.note else ""),
        ))
    intelligence = intelligence_for_rules(school_ids=list(tenant_of))
    result = {}
    for school in schools:
        urn, tenant_id = school.establishment_id, school.tenant_id
        own = predecessors.get(urn, [])
        seen: dict[str, InspectionValues] = {}
        for source in (urn, *own):
            # National first: the council's own entry of the same inspection is superseded.
            for inspection in (*inspections.get((None, source), ()),
                               *inspections.get((tenant_id, source), ())):
                seen.setdefault(inspection.inspection_number, inspection)
        found = list(seen.values())
        establishment = school.establishment
        result[school.pk] = SchoolInputs(
            urn=urn, governance=establishment.governance, phase=establishment.phase,
            opened_on=establishment.open_date, inspections=found,
            predecessor_urns=list(own),
            indicators=[*indicators.get((None, urn), ()), *indicators.get((tenant_id, urn), ())],
            judgements=judgements.get(school.pk, {}),
            intelligence=intelligence.get(school.pk, []),
            quartiles=quartiles,
        )
    return result


def _layered_rows(inspected: set[int], urns: set[int], tenant_ids: set[int]):
    """Inspections of `inspected` and indicators of `urns`, from the national store and from
    the council layers of `tenant_ids`, keyed by (tenant id, URN) — None for national rows — so
    a council's rows are only ever attached to its own schools (two queries per layer).

    A council's indicator is left out when the national store has the same URN, measure and
    year in any release: the published figure supersedes it. A council's inspection whose
    number the national store has is left out by the caller (national rows come first)."""
    inspections: dict[tuple[int | None, int], list[InspectionValues]] = defaultdict(list)
    indicators: dict[tuple[int | None, int], list[IndicatorValues]] = defaultdict(list)

    def add_inspection(owner: int | None, inspection: InspectionValues) -> None:
        inspections[(owner, inspection.urn)].append(inspection)
        if inspection.inspected_urn != inspection.urn:
            inspections[(owner, inspection.inspected_urn)].append(inspection)

    for inspection in (Inspection.objects.for_urns(inspected)
                       .select_related("ungraded_outcome_label")):
        add_inspection(None, inspection)
    published = set()
    for indicator in PerformanceIndicator.objects.filter(urn__in=urns):
        published.add((indicator.urn, indicator.measure, indicator.year))
        indicators[(None, indicator.urn)].append(indicator)
    if not tenant_ids:
        return inspections, indicators
    with scopes_disabled():  # explicit tenants: the recompute reads several at once
        for own in (TenantInspection.objects
                    .filter(Q(urn__in=inspected) | Q(inspected_urn__in=inspected),
                            tenant_id__in=tenant_ids)
                    .select_related("ungraded_outcome_label")):
            add_inspection(own.tenant_id, own)
        for own_indicator in TenantIndicator.objects.filter(urn__in=urns,
                                                            tenant_id__in=tenant_ids):
            if (own_indicator.urn, own_indicator.measure, own_indicator.year) not in published:
                indicators[(own_indicator.tenant_id, own_indicator.urn)].append(own_indicator)
    return inspections, indicators


@dataclass
class RecomputeBatch:
    """Everything a recompute batch reads, for schools of one or more tenants."""

    schools: list[School]  # ordered by tenant, then id
    inputs: dict[int, SchoolInputs]  # by school id
    schemes: dict[int, list[CategorisationScheme]]  # active schemes by tenant id, by key
    computations: dict[tuple[int, str], CategoryComputation]  # (school id, scheme key)
    in_force: dict[int, SchoolCategory]  # the current step by school id
    open_proposals: dict[tuple[int, str], CategoryProposal]  # (school id, scheme key), newest


def recompute_batch_across_tenants(
    school_ids_by_tenant: dict[int, list[int]],
    *, schemes: dict[int, list[CategorisationScheme]] | None = None,
) -> RecomputeBatch:
    """Named cross-tenant read for the recompute: the inputs and state of these schools, for
    several tenants at once, in a fixed number of queries (thirteen; eleven when `schemes` is
    given; one more when the schools have results: the national quarters of
    `selectors.attainment`)
    whatever the number of schools or tenants.

    Why it is safe to read without a scope: it serves only the recompute, which takes its
    school ids from `recompute.affected_schools` (a school id belongs to exactly one tenant) or
    from one tenant's register. Every tenant-owned query filters on the tenants asked for AND
    the school ids asked for, and a row is kept only when its tenant is its school's tenant, so
    no row can be attached to another tenant's school. The caller computes each tenant's
    results from that tenant's rows only, and writes every row with its school's tenant.
    National inspections, indicators and GIAS links are public (no tenant); a council's own
    inspections and indicators are attached only to its schools (`_layered_rows`)."""
    tenant_ids = sorted(school_ids_by_tenant)
    pairs = {(tenant_id, school_id) for tenant_id, ids in school_ids_by_tenant.items()
             for school_id in ids}
    wanted = {school_id for _, school_id in pairs}
    with scopes_disabled():
        schools = [
            school for school in School.objects.filter(tenant_id__in=tenant_ids, pk__in=wanted)
            .select_related("tenant", "establishment", "link_adviser__user")
            .order_by("tenant_id", "pk")
            if (school.tenant_id, school.pk) in pairs
        ] if wanted else []
        tenant_of = {school.pk: school.tenant_id for school in schools}
        ids = list(tenant_of)

        def own(rows: Iterable) -> list:
            return [row for row in rows if tenant_of.get(row.school_id) == row.tenant_id]

        if schemes is None:
            schemes = defaultdict(list)
            for scheme in (CategorisationScheme.objects
                           .filter(tenant_id__in=tenant_ids, is_active=True)
                           .prefetch_related("categories").order_by("tenant_id", "key")):
                schemes[scheme.tenant_id].append(scheme)
            schemes = dict(schemes)
        if not schools:
            return RecomputeBatch([], {}, schemes, {}, {}, {})
        inputs = _inputs(schools, OfficerJudgement.objects.filter(
            tenant_id__in=tenant_ids, school_id__in=ids))
        computations = {
            (row.school_id, row.scheme_key): row
            for row in own(CategoryComputation.objects.filter(
                tenant_id__in=tenant_ids, school_id__in=ids))
        }
        # Steps and proposals: only the columns the recompute compares, not the reasons and
        # evidence, nor each row's scheme definition.
        steps = (SchoolCategory.objects
                 .filter(tenant_id__in=tenant_ids, school_id__in=ids, is_current=True)
                 .select_related("category", "scheme")
                 .only("tenant_id", "school_id", "category__code", "scheme__key"))
        in_force = {step.school_id: step for step in own(steps)}
        open_rows = (CategoryProposal.objects
                     .filter(tenant_id__in=tenant_ids, school_id__in=ids,
                             status=CategoryProposal.Status.OPEN)
                     .select_related("scheme")
                     .only("tenant_id", "school_id", "input_hash", "scheme__key")
                     .order_by("created_at", "pk"))
        open_proposals: dict[tuple[int, str], CategoryProposal] = {}
        for proposal in own(open_rows):
            open_proposals[(proposal.school_id, proposal.scheme.key)] = proposal  # newest wins
    return RecomputeBatch(schools, inputs, schemes, computations, in_force, open_proposals)
