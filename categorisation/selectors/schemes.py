"""Reads of each tenant's categorisation schemes: versions, the active ones, and what a version
would decide for the register (saved or not)."""

from __future__ import annotations

from collections.abc import Iterable

from categorisation.models import CategorisationScheme
from categorisation.schemes import engine
from categorisation.schemes.facts import build_facts
from categorisation.selectors.inputs import school_inputs
from core.models import Tenant
from schools.models import School


def scheme_versions(*, tenant: Tenant, key: str) -> list[CategorisationScheme]:
    return list(CategorisationScheme.objects.filter(tenant=tenant, key=key).order_by("-version"))


def active_schemes(*, tenant: Tenant) -> list[CategorisationScheme]:
    return list(CategorisationScheme.objects.filter(tenant=tenant, is_active=True)
                .prefetch_related("categories").order_by("key"))


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
    rules = engine.compile_definition(scheme.definition)
    inputs = school_inputs(tenant=tenant, schools=schools)
    return {
        school: rules.evaluate(build_facts(inputs[school.pk], parameters=parameters),
                               labels=labels)
        for school in schools
    }
