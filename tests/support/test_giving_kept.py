"""The schools able to give support are kept per version of what they are read from (the
category steps and the register), so the directory and brokering pages of a 1,000-school
council do not read the categories in force on every request: the kept value is served while
nothing changed, and every write that changes it is seen by the next read. Their places, the
days they have given and the days a year are read afresh each time."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from categorisation.services import scheme_preset_load
from core.models import Role, Tenant
from schools.models import Establishment
from schools.services import register_changed
from support.selectors.brokering import (
    everyone,
    giving_rows,
    kept_giving_rows,
    kept_school_candidates,
    leader_candidates,
    school_candidates,
)
from support.services import brokering as services
from support.services.settings import support_settings_update
from tests.factories import SchoolFactory
from tests.support.conftest import TODAY, confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def levels(tenant_a):
    with scope(tenant=tenant_a):
        scheme = scheme_preset_load(tenant=tenant_a, actor=None, preset="wiltshire")
        return {c.code: c for c in scheme.categories.all()}


@pytest.fixture
def giver(tenant_a, officer, levels):
    school = SchoolFactory(tenant=tenant_a, establishment__name="Giving Primary")
    confirm(tenant_a, school, levels["1"], officer)
    return school


def _kept(tenant):
    """As a request reads it: the tenant afresh (its register version), in its scope."""
    fresh = Tenant.objects.get(pk=tenant.pk)
    with scope(tenant=fresh):
        return kept_giving_rows(tenant=fresh, on=TODAY)


def _names(rows):
    return {row[2] for row in rows}


def _rename(school, name):
    """A change to the register behind the version's back: no write path does this."""
    with scopes_disabled():
        Establishment.objects.filter(pk=school.establishment_id).update(name=name)


def test_the_kept_schools_are_served_while_nothing_they_are_read_from_changed(
        tenant_a, giver):
    assert _names(_kept(tenant_a)) == {"Giving Primary"}
    _rename(giver, "Renamed Behind Its Back")
    with CaptureQueriesContext(connection) as reads:
        kept = _kept(tenant_a)
    # Served as kept: the rename moved no version, and only the tenant and the categories'
    # version were read (not the categories in force).
    assert _names(kept) == {"Giving Primary"}
    assert len(reads) == 2
    with scope(tenant=tenant_a):
        assert _names(giving_rows(tenant=tenant_a, on=TODAY)) == {"Renamed Behind Its Back"}


def test_a_register_change_is_seen_at_once(tenant_a, giver):
    assert _names(_kept(tenant_a)) == {"Giving Primary"}
    _rename(giver, "Giving Academy")
    with scopes_disabled():
        register_changed(tenant_ids=[tenant_a.pk])  # as every register write and GIAS load
    assert _names(_kept(tenant_a)) == {"Giving Academy"}


def test_a_school_agreed_at_a_giving_level_is_seen_at_once(tenant_a, officer, giver, levels):
    assert _names(_kept(tenant_a)) == {"Giving Primary"}
    other = SchoolFactory(tenant=tenant_a, establishment__name="Second Giver")
    confirm(tenant_a, other, levels["2"], officer)
    rows = {row[2]: row[1] for row in _kept(tenant_a)}
    assert set(rows) == {"Giving Primary", "Second Giver"}
    assert rows["Second Giver"] == levels["2"].label


def test_a_school_moved_to_a_level_that_does_not_give_leaves_at_once(tenant_a, officer, giver,
                                                                   levels):
    assert _names(_kept(tenant_a)) == {"Giving Primary"}
    confirm(tenant_a, giver, levels["3"], officer)
    assert _kept(tenant_a) == []


def test_days_given_and_the_days_a_year_are_read_afresh_beside_the_kept_schools(
        tenant_a, personas, officer, school, giver):
    def days_left():
        fresh = Tenant.objects.get(pk=tenant_a.pk)
        with scope(tenant=fresh):
            return {c.school_id: c.days_left
                    for c in kept_school_candidates(tenant=fresh, on=TODAY)}[giver.pk]

    assert days_left() == Decimal("10")
    with scope(tenant=tenant_a):
        services.deployment_create(
            tenant=tenant_a, actor=officer, school=school, supporter_school=giver,
            objectives="Peer support for reading.", days="4", cost="0", starts_on=TODAY,
            ends_on=TODAY + timedelta(days=60))
    assert days_left() == Decimal("6")
    with scope(tenant=tenant_a):
        support_settings_update(tenant=tenant_a, actor=personas["a"][Role.ADMIN],
                                school_days_per_year=Decimal("5"))
    assert days_left() == Decimal("1")


def test_one_councils_kept_schools_are_never_anothers(tenant_a, tenant_b, giver):
    assert _names(_kept(tenant_a)) == {"Giving Primary"}
    assert _kept(tenant_b) == []


def test_read_together_the_candidates_are_those_read_one_by_one(
        tenant_a, personas, officer, school, giver):
    """Brokering and the directory read leaders and schools together (places and days given
    once each): the same candidates as the separate reads, after a school has given days."""
    with scope(tenant=tenant_a):
        services.deployment_create(
            tenant=tenant_a, actor=officer, school=school, supporter_school=giver,
            objectives="Peer support for reading.", days="3", cost="0", starts_on=TODAY,
            ends_on=TODAY + timedelta(days=60))
        fresh = Tenant.objects.get(pk=tenant_a.pk)
        found = everyone(tenant=fresh, on=TODAY, places_of=[school.pk])
        assert found.schools == school_candidates(tenant=fresh, on=TODAY)
        assert found.leaders == leader_candidates(tenant=fresh, on=TODAY)
        assert [c.days_left for c in found.schools] == [Decimal("7")]
