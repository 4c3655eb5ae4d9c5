"""Partnerships' published read (who was in which partnership on a date) and its hook
(memberships changed), as funding and boards will use them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from partnerships import services
from partnerships.published import partnerships_on, partnerships_with_schools_on
from partnerships.signals import memberships_changed
from tests.partnerships.conftest import START

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    calls = []

    def receiver(sender, *, tenant, partnership_ids, school_ids, **kwargs):
        calls.append((tenant, partnership_ids, school_ids))

    memberships_changed.connect(receiver, dispatch_uid="test-heard")
    yield calls
    memberships_changed.disconnect(dispatch_uid="test-heard")


def test_each_schools_places_on_a_date_every_level_lowest_first(
        wiltshire, in_a, officer_a, make_school):
    school, other = make_school(), make_school()
    for partnership in (wiltshire["north"], wiltshire["hub_a"]):
        services.partnership_add_school(tenant=in_a, actor=officer_a, partnership=partnership,
                                        school=school, start_date=START)
    [membership] = [services.partnership_add_school(
        tenant=in_a, actor=officer_a, partnership=wiltshire["hub_a"], school=other,
        start_date=START)]
    services.partnership_end_membership(tenant=in_a, actor=officer_a, membership=membership,
                                        end_date=date(2025, 1, 1), reason="Joined a trust hub")

    places = partnerships_on(tenant=in_a, on=date(2024, 12, 31))
    assert [(p.level_name, p.partnership_name) for p in places[school.pk]] == [
        ("Hub", "Chippenham hub"), ("Region", "North")]
    assert [p.partnership_name for p in places[other.pk]] == ["Chippenham hub"]
    # The end date is the first day out.
    after = partnerships_on(tenant=in_a, on=date(2025, 1, 1), level_name="Hub")
    assert other.pk not in after
    assert [p.partnership_id for p in after[school.pk]] == [wiltshire["hub_a"].pk]
    assert partnerships_on(tenant=in_a, on=date(2024, 8, 31)) == {}


def test_the_partnerships_with_a_school_on_a_date_once_each(
        wiltshire, in_a, officer_a, make_school):
    school, other = make_school(), make_school()
    for partnership in (wiltshire["north"], wiltshire["hub_a"]):
        services.partnership_add_school(tenant=in_a, actor=officer_a, partnership=partnership,
                                        school=school, start_date=START)
    hub = services.partnership_add_school(
        tenant=in_a, actor=officer_a, partnership=wiltshire["hub_a"], school=other,
        start_date=START)
    services.partnership_end_membership(tenant=in_a, actor=officer_a, membership=hub,
                                        end_date=date(2025, 1, 1), reason="Joined a trust hub")
    hub_a, north = wiltshire["hub_a"], wiltshire["north"]
    # Two schools in the hub: one row for it, named as its places name it.
    assert sorted(partnerships_with_schools_on(tenant=in_a, on=date(2024, 12, 31))) == sorted([
        (hub_a.pk, "Chippenham hub", "Hub", hub_a.level.rank),
        (north.pk, "North", "Region", north.level.rank)])
    services.partnership_end_membership(
        tenant=in_a, actor=officer_a, end_date=date(2025, 2, 1), reason="Moved away",
        membership=hub_a.memberships.get(school=school))
    assert [row[0] for row in partnerships_with_schools_on(
        tenant=in_a, on=date(2025, 2, 1))] == [north.pk]
    assert partnerships_with_schools_on(tenant=in_a, on=date(2024, 8, 31)) == []


def test_joining_and_leaving_fire_the_hook_after_commit(
        wiltshire, in_a, officer_a, make_school, heard, django_capture_on_commit_callbacks):
    school = make_school()
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.partnership_add_school(
            tenant=in_a, actor=officer_a, partnership=wiltshire["hub_a"], school=school,
            start_date=START)
    with django_capture_on_commit_callbacks(execute=True):
        services.partnership_end_membership(tenant=in_a, actor=officer_a,
                                            membership=membership, end_date=date(2025, 1, 1))
    assert heard == [(in_a, [wiltshire["hub_a"].pk], [school.pk])] * 2


def test_a_refused_addition_fires_nothing(wiltshire, in_a, officer_a, make_school, heard,
                                          django_capture_on_commit_callbacks):
    school = make_school()
    services.partnership_add_school(tenant=in_a, actor=officer_a,
                                    partnership=wiltshire["hub_a"], school=school,
                                    start_date=START)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.partnership_add_school(tenant=in_a, actor=officer_a,
                                        partnership=wiltshire["hub_a"], school=school,
                                        start_date=START)
    assert heard == []
