"""Schools with a category in force and an open proposal, made directly (no recompute), for the
round tests: tenant A runs the Warwickshire preset."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_scopes import scope, scopes_disabled

from categorisation.models import CategorisationScheme, CategoryProposal, SchoolCategory
from categorisation.services import scheme_preset_load
from tests.factories import SchoolFactory


def warwickshire(tenant) -> dict:
    """The tenant's active Warwickshire categories by code (the preset loaded once)."""
    with scope(tenant=tenant):
        scheme = CategorisationScheme.objects.filter(key="warwickshire", is_active=True).first()
        if scheme is None:
            scheme = scheme_preset_load(tenant=tenant, actor=None, preset="warwickshire")
        return {category.code: category for category in scheme.categories.all()}


def in_force(tenant, school, category, *, days_ago: int = 0, status="confirmed"):
    """Append a step making `category` the school's category, decided `days_ago` days ago."""
    with scopes_disabled():
        SchoolCategory.objects.filter(tenant=tenant, school=school, is_current=True).update(
            is_current=False)
        step = SchoolCategory.objects.create(
            tenant=tenant, school=school, scheme=category.scheme, category=category,
            status=status, reasons=[f"category {category.code} {category.label}"])
        if days_ago:
            SchoolCategory.objects.filter(pk=step.pk).update(
                decided_at=timezone.now() - timedelta(days=days_ago))
    return step


def proposal(tenant, school, category=None, *, undetermined=(), scheme=None):
    with scopes_disabled():
        return CategoryProposal.objects.create(
            tenant=tenant, school=school, scheme=scheme or category.scheme, category=category,
            undetermined=list(undetermined),
            reasons=[f"Graded inspection: proposed {category.code if category else 'nothing'}"],
            evidence={}, input_hash=f"round-{school.pk}")


def school(tenant, name: str, *, now: str | None, proposed: str | None,
           undetermined=(), categories: dict):
    """A school of `tenant` called `name`, with `now` in force and `proposed` proposed (or
    `undetermined` codes when `proposed` is None)."""
    made = SchoolFactory(tenant=tenant, establishment__name=name)
    if now:
        in_force(tenant, made, categories[now], days_ago=30)
    if proposed or undetermined:
        proposal(tenant, made, categories[proposed] if proposed else None,
                 undetermined=undetermined, scheme=categories["1"].scheme)
    return made
