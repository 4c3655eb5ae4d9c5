"""What the rules read: the Ofsted labels the parsers know, and every input of many schools in
a fixed number of queries (one each for inspections, links, indicators and judgements),
whatever the number of schools, so a recompute batch costs the same number of queries at 10 or
1,000 schools. `recompute_batch_across_tenants` is the recompute's named cross-tenant read: the
same inputs plus each school's tenant state, for schools of many tenants in one fixed set of
queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django_scopes import scopes_disabled

from categorisation.models import (
    CategorisationScheme,
    CategoryComputation,
    CategoryProposal,
    GradeLabel,
    Inspection,
    OfficerJudgement,
    PerformanceIndicator,
    SchoolCategory,
)
from categorisation.ofsted import Label, LabelBook
from categorisation.schemes.facts import SchoolInputs
from core.models import Tenant
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
    """The public inputs of `schools` (links, inspections, indicators: one query each) and
    their officers' judgements from `judgement_rows` (one query), by school id. A judgement is
    used only when its tenant is its school's tenant."""
    tenant_of = {school.pk: school.tenant_id for school in schools}
    urns = {school.establishment_id for school in schools}
    predecessors: dict[int, list[int]] = defaultdict(list)
    for link in EstablishmentLink.objects.filter(urn__in=urns):
        if link.is_predecessor:
            predecessors[link.urn].append(link.linked_urn)
    all_urns = urns | {urn for linked in predecessors.values() for urn in linked}
    inspections: dict[int, list[Inspection]] = defaultdict(list)
    for inspection in (Inspection.objects.for_urns(all_urns)
                       .select_related("ungraded_outcome_label")):
        inspections[inspection.urn].append(inspection)
        if inspection.inspected_urn != inspection.urn:
            inspections[inspection.inspected_urn].append(inspection)
    indicators: dict[int, list[PerformanceIndicator]] = defaultdict(list)
    for indicator in PerformanceIndicator.objects.filter(urn__in=urns):
        indicators[indicator.urn].append(indicator)
    judgements: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    for judgement in judgement_rows.order_by("school", "key", "-judged_on", "-entered_at"):
        if tenant_of.get(judgement.school_id) != judgement.tenant_id:
            continue
        judgements[judgement.school_id].setdefault(judgement.key, (
            judgement.value,
            f"{judgement.key.replace('_', ' ').capitalize()} {judgement.value}, judged "
            f"{judgement.judged_on.day} {judgement.judged_on:%B %Y}"
            + (f": {judgement.note}" if judgement.note else ""),
        ))
    result = {}
    for school in schools:
        urn = school.establishment_id
        own = predecessors.get(urn, [])
        if own:
            seen: dict[str, Inspection] = {}
            for source in (urn, *own):
                for inspection in inspections.get(source, ()):
                    seen.setdefault(inspection.inspection_number, inspection)
            found = list(seen.values())
        else:
            # One source: Ofsted's inspection numbers are unique, so nothing to de-duplicate.
            found = list(inspections.get(urn, ()))
        establishment = school.establishment
        result[school.pk] = SchoolInputs(
            urn=urn, governance=establishment.governance, phase=establishment.phase,
            opened_on=establishment.open_date, inspections=found,
            predecessor_urns=list(own), indicators=indicators.get(urn, []),
            judgements=judgements.get(school.pk, {}),
        )
    return result


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
    several tenants at once, in a fixed number of queries (ten; eight when `schemes` is given)
    whatever the number of schools or tenants.

    Why it is safe to read without a scope: it serves only the recompute, which takes its
    school ids from `recompute.affected_schools` (a school id belongs to exactly one tenant) or
    from one tenant's register. Every tenant-owned query filters on the tenants asked for AND
    the school ids asked for, and a row is kept only when its tenant is its school's tenant, so
    no row can be attached to another tenant's school. The caller computes each tenant's
    results from that tenant's rows only, and writes every row with its school's tenant.
    Inspections, indicators and GIAS links are public (no tenant)."""
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
