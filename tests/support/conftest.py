"""Fixtures for the support tests: tenant A runs the Warwickshire preset; `confirm` puts a
school in a category through the real workflow (so categorisation's hook fires)."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scope

from categorisation import workflow
from categorisation.models import CategoryProposal
from categorisation.services import scheme_preset_load
from core.models import Membership, Role
from support.models import NoteStatus, NoteTemplate, Visit, VisitStatus
from support.services import notes as note_services
from support.services.settings import note_templates_ensure

TODAY = timezone.localdate()


@pytest.fixture
def in_a(tenant_a):
    with scope(tenant=tenant_a):
        yield tenant_a


@pytest.fixture
def warwickshire(tenant_a):
    with scope(tenant=tenant_a):
        scheme = scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
        return {c.code: c for c in scheme.categories.all()}


@pytest.fixture
def officer(personas):
    return personas["a"][Role.OFFICER]


@pytest.fixture
def head(personas):
    return personas["a"][Role.HEADTEACHER]


@pytest.fixture
def school(personas):
    return personas["a"]["school"]


def confirm(tenant, school, category, officer) -> None:
    """A proposal of `category` for the school, confirmed by the officer."""
    with scope(tenant=tenant):
        proposal = CategoryProposal.objects.create(
            tenant=tenant, school=school, scheme=category.scheme, category=category,
            input_hash=f"x{CategoryProposal.objects.count()}")
        workflow.proposal_confirm(tenant=tenant, actor=officer, proposal=proposal)


def membership(tenant, user) -> Membership:
    return Membership.objects.get(tenant=tenant, user=user)


def done_visit(tenant, school, *, on: date | None = None, label="Review visit") -> Visit:
    on = on or TODAY
    return Visit.objects.create(
        tenant=tenant, school=school, academic_year=on.year if on.month >= 9 else on.year - 1,
        kind="review_visit", label=label, planned_on=on, status=VisitStatus.DONE, done_on=on,
        days_used=Decimal("0.5"))


def template(tenant, key="review") -> NoteTemplate:
    note_templates_ensure(tenant=tenant)
    return NoteTemplate.objects.get(tenant=tenant, key=key)


def written_note(tenant, visit, officer, *, rating="amber", key="officer"):
    """A note of the visit from the `officer` template (one rated field), written and ready to
    submit."""
    note = note_services.note_start(tenant=tenant, actor=officer, visit=visit,
                                    template=template(tenant, key))
    return note_services.note_write(tenant=tenant, actor=officer, note=note,
                                    commentary={"findings": "Reading is improving."},
                                    ratings={"progress": rating}, summary="Steady progress.")


def released_note(tenant, visit, officer, **kwargs):
    note = written_note(tenant, visit, officer, **kwargs)
    note = note_services.note_submit(tenant=tenant, actor=officer, note=note)
    assert note.status == NoteStatus.RELEASED
    return note
