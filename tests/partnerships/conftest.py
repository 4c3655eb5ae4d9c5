"""Fixtures for the partnerships tests: a tenant scope, an officer, and helpers that build
schools, heads and partnerships through the services."""

from datetime import date
from types import SimpleNamespace

import pytest
from django_scopes import scope

from core.models import Role
from partnerships import services
from partnerships.models import LeadEligibility, RoleKind
from tests.factories import MembershipFactory, SchoolFactory

START = date(2024, 9, 1)


@pytest.fixture
def in_a(tenant_a):
    """Run the test inside tenant A's scope, as a view or task would."""
    with scope(tenant=tenant_a):
        yield tenant_a


@pytest.fixture
def officer_a(tenant_a):
    return MembershipFactory(tenant=tenant_a, role=Role.OFFICER).user


@pytest.fixture
def make_school(tenant_a):
    """make_school(phase="primary", tenant=None, **establishment fields) -> School."""

    def make(phase: str = "primary", tenant=None, **fields):
        tenant = tenant or tenant_a
        fields = {f"establishment__{key}": value for key, value in fields.items()}
        return SchoolFactory(tenant=tenant, establishment__phase=phase, **fields)

    return make


@pytest.fixture
def head_of():
    """head_of(school) -> the core.Membership of a headteacher of that school."""

    def make(school, **kwargs):
        return MembershipFactory(tenant=school.tenant, role=Role.HEADTEACHER, school=school,
                                 **kwargs)

    return make


@pytest.fixture
def wiltshire(in_a, officer_a):
    """Wiltshire's structure: regions containing hubs (one or two advisers per hub)."""
    region = services.partnership_level_create(
        tenant=in_a, actor=officer_a, name="Region", rank=2, lead_title="Regional lead"
    )
    hub = services.partnership_level_create(
        tenant=in_a, actor=officer_a, name="Hub", rank=1, parent_level=region,
        lead_title="Hub chair", max_advisers=2,
    )
    north = services.partnership_create(tenant=in_a, actor=officer_a, level=region,
                                        name="North", start_date=START)
    hub_a = services.partnership_create(tenant=in_a, actor=officer_a, level=hub,
                                        name="Chippenham hub", parent=north, start_date=START)
    return {"region": region, "hub": hub, "north": north, "hub_a": hub_a}


@pytest.fixture
def consortium_level(in_a, officer_a):
    """Warwickshire's consortium: its lead must head an outstanding school or be an NLE/LLE."""
    return services.partnership_level_create(
        tenant=in_a, actor=officer_a, name="Primary consortium", rank=1,
        lead_title="Consortium lead",
        lead_eligibility=LeadEligibility.OUTSTANDING_OR_SYSTEM_LEADER,
    )


@pytest.fixture
def hub(in_a, officer_a, wiltshire, make_school, head_of):
    """Chippenham hub with two member schools, the first one's head its chair; and Calne hub,
    another hub of the same region, with its own head."""
    def join(partnership, school):
        services.partnership_add_school(tenant=in_a, actor=officer_a, partnership=partnership,
                                        school=school, start_date=START)

    chippenham = wiltshire["hub_a"]
    chair_school, member_school = make_school(name="Redland Primary"), make_school(name="Monkton")
    join(chippenham, chair_school)
    join(chippenham, member_school)
    chair, head = head_of(chair_school), head_of(member_school)
    services.partnership_assign_role(tenant=in_a, actor=officer_a, partnership=chippenham,
                                     kind=RoleKind.CHAIR, person=chair, start_date=START)
    calne = services.partnership_create(tenant=in_a, actor=officer_a, level=wiltshire["hub"],
                                        name="Calne hub", parent=wiltshire["north"],
                                        start_date=START)
    other_school = make_school(name="Calne Primary")
    join(calne, other_school)
    return SimpleNamespace(
        tenant=in_a, officer=officer_a, hub=chippenham, other_hub=calne, chair=chair, head=head,
        other_head=head_of(other_school), chair_school=chair_school, wiltshire=wiltshire,
        board=MembershipFactory(tenant=in_a, role=Role.BOARD_MEMBER),
    )
