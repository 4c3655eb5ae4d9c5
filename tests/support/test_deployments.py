"""Deployments through the service: refused for each kind of conflict and over capacity, with
the rule's reason; the cost committed through funding's service, once."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scope, scopes_disabled

from core.models import AuditEvent, Role
from funding.models import Commitment
from partnerships.models import SystemLeaderDesignation
from support.models import Deployment
from support.services import brokering as services
from tests.factories import MembershipFactory, SchoolFactory
from tests.funding.spending_world import make_budgets
from tests.support.conftest import membership

pytestmark = pytest.mark.django_db
START = date(2025, 10, 6)


@pytest.fixture
def leader(tenant_a, officer):
    """An NLE employed by another school of tenant A, with 10 days a year."""
    person = MembershipFactory(tenant=tenant_a, role=Role.HEADTEACHER)
    with scope(tenant=tenant_a):
        SystemLeaderDesignation.objects.create(tenant=tenant_a, person=person,
                                               designation="nle", designated_on=date(2023, 1, 1),
                                               evidence="DfE letter")
        own = person.headship.school
        services.employment_set(tenant=tenant_a, actor=officer, person=person, school=own)
        services.leader_capacity_set(tenant=tenant_a, actor=officer, person=person,
                                     days_per_year="10", specialisms=["maths"],
                                     expires_on=date(2027, 8, 31))
    return person


def deploy(tenant, officer, school, leader, days="4", cost="1800.00"):
    with scope(tenant=tenant):
        return services.deployment_create(
            tenant=tenant, actor=officer, school=school, supporter=leader, need="maths",
            objectives="Raise attainment in KS2 maths.", days=days, cost=cost,
            starts_on=START, ends_on=date(2026, 3, 31))


def test_an_officer_deploys_a_leader_with_days_left_and_it_is_audited(tenant_a, officer, school,
                                                                      leader):
    deployment = deploy(tenant_a, officer, school, leader)
    assert deployment.cost == Decimal("1800.00")
    assert deployment.supporter_school == leader.headship.school
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="support.deployment_created").count() == 1


def test_a_deployment_beyond_the_leaders_days_left_is_refused_with_the_days(
        tenant_a, officer, school, leader):
    deploy(tenant_a, officer, school, leader, days="7")
    with pytest.raises(ValidationError, match="3.0 days left"):
        deploy(tenant_a, officer, school, leader, days="4")
    with scopes_disabled():
        assert Deployment.objects.count() == 1


def test_a_leader_with_a_declared_interest_in_the_school_is_refused(tenant_a, officer, school,
                                                                    leader):
    with scope(tenant=tenant_a):
        services.interest_declare(tenant=tenant_a, actor=officer, person=leader, school=school,
                                  description="Her sister teaches there.")
    with pytest.raises(ValidationError, match="declared an interest"):
        deploy(tenant_a, officer, school, leader)


def test_a_leader_whose_school_is_in_the_schools_trust_is_refused(tenant_a, officer, school,
                                                                  leader):
    with scopes_disabled():
        for establishment in (school.establishment, leader.headship.school.establishment):
            establishment.trust_name = "Oak Learning Trust"
            establishment.save()
    with pytest.raises(ValidationError, match="same trust"):
        deploy(tenant_a, officer, school, leader)


def test_a_leader_employed_where_the_officer_is_employed_is_refused(tenant_a, officer, school,
                                                                    leader):
    with scope(tenant=tenant_a):
        services.employment_set(tenant=tenant_a, actor=officer,
                                person=membership(tenant_a, officer),
                                school=leader.headship.school)
    with pytest.raises(ValidationError, match="also employs you"):
        deploy(tenant_a, officer, school, leader)


def test_someone_without_a_designation_is_refused(tenant_a, officer, school, leader):
    with scopes_disabled():
        SystemLeaderDesignation.objects.update(ended_on=date(2025, 1, 1), ended_reason="Lapsed")
    with pytest.raises(ValidationError, match="not a system leader"):
        deploy(tenant_a, officer, school, leader)


def test_a_school_of_another_tenant_is_refused(tenant_a, tenant_b, officer, leader):
    other = SchoolFactory(tenant=tenant_b)
    with pytest.raises(ValidationError):
        deploy(tenant_a, officer, other, leader)


def test_a_headteacher_cannot_broker(tenant_a, head, school, leader):
    with pytest.raises(PermissionDenied):
        deploy(tenant_a, head, school, leader)


def test_committing_the_cost_makes_one_commitment_named_after_the_deployment(
        tenant_a, personas, officer, school, leader):
    deployment = deploy(tenant_a, officer, school, leader)
    budgets = make_budgets(tenant_a)
    admin = personas["a"][Role.ADMIN]
    with scope(tenant=tenant_a):
        services.deployment_cost_commit(tenant=tenant_a, actor=admin, deployment=deployment,
                                        budget=budgets.north, on=START)
        deployment.refresh_from_db()
        commitment = Commitment.objects.get()
        assert deployment.commitment == commitment
        assert commitment.source == f"Deployment {deployment.pk}"
        assert commitment.amount == Decimal("1800.00")
        with pytest.raises(ValidationError, match="already committed"):
            services.deployment_cost_commit(tenant=tenant_a, actor=admin,
                                            deployment=deployment, budget=budgets.north,
                                            on=START)


def test_an_officer_without_funding_management_cannot_commit_the_cost(
        tenant_a, officer, school, leader):
    deployment = deploy(tenant_a, officer, school, leader)
    budgets = make_budgets(tenant_a)
    with scope(tenant=tenant_a), pytest.raises(PermissionDenied):
        services.deployment_cost_commit(tenant=tenant_a, actor=officer, deployment=deployment,
                                        budget=budgets.north, on=START)
    with scopes_disabled():
        assert Commitment.objects.count() == 0
