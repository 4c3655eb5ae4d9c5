"""Support reads a category's entitlement only through categorisation's published read, as
numbers: support days, visit kinds with their cadence, the dates due (issue 13 item 1)."""

from decimal import Decimal

import pytest
from django_scopes import scope

from categorisation.published import entitlements_in_force
from categorisation.services import scheme_preset_load
from schools.models import Governance
from tests.factories import SchoolFactory
from tests.support.conftest import TODAY, confirm

pytestmark = pytest.mark.django_db

YEAR = TODAY.year if TODAY.month >= 9 else TODAY.year - 1


def test_a_category_4_maintained_school_is_entitled_to_visit_kinds_with_cadences_and_days(
        tenant_a, school, warwickshire, officer):
    confirm(tenant_a, school, warwickshire["4"], officer)
    with scope(tenant=tenant_a):
        found = entitlements_in_force(tenant=tenant_a, academic_year=YEAR)[school.pk]
    assert {(k.kind, k.cadence) for k in found.visit_kinds} == {
        ("officer_visit", "fortnightly"), ("review_visit", "half_termly"),
        ("review_meeting", "half_termly")}
    assert found.responsibility == "maintained" and found.days_from == "visits"
    # Half a day per visit unless the scheme's data says otherwise.
    assert found.days == Decimal("0.5") * len(found.visits_due)
    assert all(visit.due_on >= TODAY for visit in found.visits_due)


def test_the_welsh_colours_give_their_support_days_as_numbers(tenant_a, school, officer):
    with scope(tenant=tenant_a):
        scheme = scheme_preset_load(tenant=tenant_a, actor=None, preset="welsh")
        red = scheme.categories.get(code="red")
    confirm(tenant_a, school, red, officer)
    with scope(tenant=tenant_a):
        found = entitlements_in_force(tenant=tenant_a, academic_year=YEAR)[school.pk]
    assert (found.days, found.days_from) == (Decimal("25"), "scheme")


def test_a_visit_kind_with_a_cadence_the_product_cannot_schedule_is_left_out(
        tenant_a, school, warwickshire, officer):
    category = warwickshire["3B"]
    category.attributes = {**category.attributes, "entitlement": {"maintained": {
        "offer": ["Check-ins"], "visits": [
            {"kind": "check_in", "label": "Check-in", "cadence": "termly", "days": 1},
            {"kind": "chat", "label": "Chat", "cadence": "whenever"}]}}}
    with scope(tenant=tenant_a):
        category.save()
    confirm(tenant_a, school, category, officer)
    with scope(tenant=tenant_a):
        found = entitlements_in_force(tenant=tenant_a, academic_year=YEAR)[school.pk]
    assert [k.kind for k in found.visit_kinds] == ["check_in"]
    assert found.days == Decimal(len(found.visits_due))


def test_an_academy_in_category_1_is_entitled_to_no_visits(tenant_a, warwickshire, officer):
    academy = SchoolFactory(tenant=tenant_a, establishment__governance=Governance.ACADEMY)
    confirm(tenant_a, academy, warwickshire["1"], officer)
    with scope(tenant=tenant_a):
        found = entitlements_in_force(tenant=tenant_a, academic_year=YEAR)[academy.pk]
    assert (found.responsibility, found.visit_kinds, found.days) == ("academy", (),
                                                                     Decimal("0"))
