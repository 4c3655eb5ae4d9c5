"""Reads for categorisation. Tenant reads run inside the caller's scope; public reads are plain.

`school_inputs` gathers every input of many schools in a fixed number of queries (one each for
inspections, links, indicators and judgements), whatever the number of schools, so a recompute
batch costs the same number of queries at 10 or 1,000 schools.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from categorisation.models import (
    CategorisationScheme,
    GradeLabel,
    Inspection,
    OfficerJudgement,
    PerformanceIndicator,
)
from categorisation.ofsted import Label, LabelBook
from categorisation.schemes import engine
from categorisation.schemes.facts import SchoolInputs, build_facts
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


def inspections_for_urn(*, urn: int) -> list[Inspection]:
    return list(Inspection.objects.for_urns([urn]).select_related("ungraded_outcome_label"))


def scheme_active(*, tenant: Tenant, key: str) -> CategorisationScheme | None:
    return (CategorisationScheme.objects.filter(tenant=tenant, key=key, is_active=True)
            .prefetch_related("categories").first())


def scheme_versions(*, tenant: Tenant, key: str) -> list[CategorisationScheme]:
    return list(CategorisationScheme.objects.filter(tenant=tenant, key=key).order_by("-version"))


def school_inputs(*, tenant: Tenant, schools: Iterable[School]) -> dict[int, SchoolInputs]:
    """Inputs by school id for schools of `tenant` (call inside its scope)."""
    schools = list(schools)
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
    for judgement in (OfficerJudgement.objects.filter(tenant=tenant, school__in=schools)
                      .order_by("school", "key", "-judged_on", "-entered_at")):
        judgements[judgement.school_id].setdefault(judgement.key, (
            judgement.value,
            f"{judgement.key.replace('_', ' ').capitalize()} {judgement.value}, judged "
            f"{judgement.judged_on.day} {judgement.judged_on:%B %Y}"
            + (f": {judgement.note}" if judgement.note else ""),
        ))
    result = {}
    for school in schools:
        urn = school.establishment_id
        seen: dict[str, Inspection] = {}
        for source in (urn, *predecessors[urn]):
            for inspection in inspections[source]:
                seen.setdefault(inspection.inspection_number, inspection)
        establishment = school.establishment
        result[school.pk] = SchoolInputs(
            urn=urn, governance=establishment.governance, phase=establishment.phase,
            opened_on=establishment.open_date, inspections=list(seen.values()),
            predecessor_urns=predecessors[urn], indicators=indicators[urn],
            judgements=judgements[school.pk],
        )
    return result


def scheme_outcomes(
    *, tenant: Tenant, scheme: CategorisationScheme, schools: Iterable[School] | None = None,
    labels: dict[str, str] | None = None,
) -> dict[School, engine.Outcome]:
    """The category each school would get under `scheme`, saved or not (nothing is stored).
    `labels` (code -> label) are needed for an unsaved version; a saved one has its own."""
    if schools is None:
        schools = School.objects.filter(tenant=tenant).select_related("establishment")
    schools = list(schools)
    if labels is None:
        labels = {category.code: category.label for category in scheme.categories.all()}
    parameters = scheme.definition.get("parameters", {})
    inputs = school_inputs(tenant=tenant, schools=schools)
    return {
        school: engine.evaluate(
            scheme.definition, build_facts(inputs[school.pk], parameters=parameters),
            labels=labels,
        )
        for school in schools
    }
