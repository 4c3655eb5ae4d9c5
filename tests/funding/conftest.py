"""Fixtures for the funding tests: tenant A's register with one school of every kind that
matters to de-delegation, and a funding year whose lines are voted the way the design describes
(one agreed by both phases, one agreed by primary and refused by secondary)."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django_scopes import scope

from core.models import Membership, Role
from funding.services import dedelegation as services
from schools.models import Governance, Phase
from tests.factories import SchoolFactory

FORUM = date(2025, 1, 14)


def school(tenant, name: str, *, phase=Phase.PRIMARY, governance=Governance.MAINTAINED,
           pupils: int | None = 200, type_name: str = "Community school", **establishment):
    return SchoolFactory(tenant=tenant, establishment__name=name, establishment__phase=phase,
                         establishment__governance=governance,
                         establishment__number_of_pupils=pupils,
                         establishment__census_date=date(2025, 1, 16) if pupils else None,
                         establishment__type_name=type_name,
                         **{f"establishment__{k}": v for k, v in establishment.items()})


@pytest.fixture
def in_a(tenant_a):
    with scope(tenant=tenant_a):
        yield tenant_a


@pytest.fixture
def admin(personas):
    return personas["a"][Role.ADMIN]


@pytest.fixture
def register(tenant_a, personas):
    """Tenant A's register beside the headteacher persona's school (maintained primary, 210
    pupils): two maintained primaries, a maintained secondary, a middle 9-13, an academy, a
    special school, a nursery school, a PRU and a maintained primary with no pupil number."""
    t = tenant_a
    return SimpleNamespace(
        head=personas["a"]["school"],
        hill=school(t, "Hill Top Primary", pupils=187),
        vale=school(t, "Vale Primary", pupils=93),
        high=school(t, "Castle High School", phase=Phase.SECONDARY, pupils=1043),
        middle=school(t, "Downs Middle School", phase=Phase.MIDDLE, pupils=412,
                      statutory_low_age=9, statutory_high_age=13),
        academy=school(t, "Oak Academy", governance=Governance.ACADEMY, pupils=600,
                       type_name="Academy converter"),
        special=school(t, "Meadow Special School", phase=Phase.SPECIAL, pupils=80,
                       type_name="Community special school"),
        nursery=school(t, "Little Acorns Nursery School", phase=Phase.NURSERY, pupils=60,
                       type_name="Local authority nursery school"),
        pru=school(t, "Bridge PRU", phase=Phase.ALTERNATIVE_PROVISION, pupils=30,
                   type_name="Pupil referral unit"),
        uncounted=school(t, "New Primary", pupils=None),
    )


@pytest.fixture
def voted(in_a, admin, register):
    """2025-26: School improvement agreed by both phases; Behaviour support agreed by primary
    and refused by secondary; Licences not yet voted."""
    year = services.funding_year_create(tenant=in_a, actor=admin, start_year=2025)
    improvement = services.dedelegation_line_create(
        tenant=in_a, actor=admin, year=year, name="School improvement",
        primary_rate="12.37", secondary_rate="9.85")
    behaviour = services.dedelegation_line_create(
        tenant=in_a, actor=admin, year=year, name="Behaviour support",
        primary_rate="6.10", secondary_rate="7.45")
    licences = services.dedelegation_line_create(
        tenant=in_a, actor=admin, year=year, name="Licences", primary_rate="1.99",
        secondary_rate="1.99")
    for line, secondary in ((improvement, "passed"), (behaviour, "failed")):
        services.phase_vote_record(tenant=in_a, actor=admin, line=line, phase="primary",
                                   outcome="passed", decided_on=FORUM, votes_for=9,
                                   votes_against=1)
        services.phase_vote_record(tenant=in_a, actor=admin, line=line, phase="secondary",
                                   outcome=secondary, decided_on=FORUM)
    return SimpleNamespace(year=year, improvement=improvement, behaviour=behaviour,
                           licences=licences, register=register)


def officer_membership(tenant, personas, role=Role.OFFICER) -> Membership:
    from django_scopes import scopes_disabled

    with scopes_disabled():
        return Membership.objects.get(tenant=tenant, user=personas["a"][role])


def money(text: str) -> Decimal:
    return Decimal(text)


@pytest.fixture
def budgets(in_a):
    """A confirmed run's allocations of £20,000 and £6,000, and a draft's (spending_world)."""
    from tests.funding.spending_world import make_budgets

    return make_budgets(in_a)


@pytest.fixture
def second_admin(tenant_a):
    """Another admin of tenant A: the second person who approves."""
    from tests.factories import MembershipFactory, UserFactory

    return MembershipFactory(tenant=tenant_a, role=Role.ADMIN,
                             user=UserFactory(email="finance@wiltshire.example.org")).user
