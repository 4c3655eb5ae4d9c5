"""A school's chair of governors and its category page: the page off unless the tenant allows it; a
dated grant (core.grants) for the chair's own school only; officers record and end terms."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from rest_framework.test import APIClient

from categorisation import governors
from categorisation.models import ChairOfGovernors
from core import grants
from core.models import AuditEvent, Membership, Role
from tests.categorisation import round_setup
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def governor(tenant_a):
    with scopes_disabled():
        return Membership.objects.select_related("user", "tenant").get(tenant=tenant_a,
                                                                       role=Role.VIEWER)


@pytest.fixture
def school(tenant_a):
    made = SchoolFactory(tenant=tenant_a, establishment__name="Governed Primary")
    round_setup.in_force(tenant_a, made, round_setup.warwickshire(tenant_a)["2B"])
    return made


def allow(tenant, on=True):
    with scopes_disabled():
        tenant.chairs_of_governors_see_category = on
        tenant.save(update_fields=["chairs_of_governors_see_category"])


def appoint(tenant, actor, school, holder, start=None, end=None):
    with scope(tenant=tenant):
        return governors.chair_of_governors_appoint(
            tenant=tenant, actor=actor, school=school, holder=holder,
            start_date=start or timezone.localdate() - timedelta(days=30), end_date=end)


def page(tenant, school):
    return f"/t/{tenant.slug}/categorisation/schools/{school.urn}/"


def test_without_the_tenants_leave_the_term_gives_no_category_page(tenant_a, personas, governor,
                                                                     school, client_for):
    # The term is recorded (it gives the school's public facts: test_governor_public_facts),
    # but the category page stays the council's and the school's.
    assert tenant_a.chairs_of_governors_see_category is False
    appoint(tenant_a, personas["a"]["officer"], school, governor)
    assert client_for(governor.user).get(page(tenant_a, school)).status_code == 403


def test_the_chair_sees_their_schools_category_and_no_other(tenant_a, personas, governor,
                                                            school, client_for):
    allow(tenant_a)
    appoint(tenant_a, personas["a"]["officer"], school, governor)
    client = client_for(governor.user)
    response = client.get(page(tenant_a, school))
    assert response.status_code == 200
    assert "2B" in response.content.decode()
    assert client.get(page(tenant_a, personas["a"]["school"])).status_code == 403
    # The chair reads; only the headteacher responds.
    assert client.post(page(tenant_a, school) + "agree/").status_code == 403
    api = APIClient()
    api.force_authenticate(governor.user)
    assert api.get(f"/api/t/{tenant_a.slug}/categorisation/schools/{school.urn}/category/"
                   ).status_code == 200
    with scopes_disabled():
        assert AuditEvent.objects.filter(
            tenant=tenant_a, action="categorisation.chair_of_governors_given").count() == 1


def test_the_grant_is_dated_and_ends_with_the_term(tenant_a, personas, governor, school):
    allow(tenant_a)
    today = timezone.localdate()
    term = appoint(tenant_a, personas["a"]["officer"], school, governor,
                   start=today - timedelta(days=30))
    with scopes_disabled():  # as a request reads it: the tenant's setting as now stored
        governor = Membership.objects.select_related("tenant").get(pk=governor.pk)
    with scope(tenant=tenant_a):
        assert grants.may(governor, "categorisation.school_category_read", school, on=today)
        assert not grants.may(governor, "categorisation.school_category_read", school,
                              on=today - timedelta(days=31))
        governors.chair_of_governors_end(tenant=tenant_a, actor=personas["a"]["officer"],
                                         term=term, end_date=today)
        assert not grants.may(governor, "categorisation.school_category_read", school,
                              on=today)


def test_switching_the_setting_off_takes_the_page_away(tenant_a, personas, governor, school,
                                                       client_for):
    allow(tenant_a)
    appoint(tenant_a, personas["a"]["officer"], school, governor)
    allow(tenant_a, on=False)
    assert client_for(governor.user).get(page(tenant_a, school)).status_code == 403


def test_officers_and_heads_are_not_given_it_and_other_tenants_people_are_refused(
        tenant_a, tenant_b, personas, school):
    allow(tenant_a)
    with scopes_disabled():
        head = Membership.objects.get(tenant=tenant_a, role=Role.HEADTEACHER)
        theirs = Membership.objects.get(tenant=tenant_b, role=Role.VIEWER)
    with pytest.raises(ValidationError, match="Choose a governor"):
        appoint(tenant_a, personas["a"]["officer"], school, head)
    with pytest.raises(ValidationError, match="not in"):
        appoint(tenant_a, personas["a"]["officer"], school, theirs)
    with scopes_disabled():
        governor = Membership.objects.get(tenant=tenant_a, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        appoint(tenant_a, personas["a"]["headteacher"], school, governor)


def test_an_officer_records_a_chair_on_the_page_and_a_head_may_not(
        tenant_a, personas, governor, school, client_for):
    allow(tenant_a)
    url = page(tenant_a, school) + "chair-of-governors/"
    assert client_for(personas["a"]["headteacher"]).get(url).status_code == 403
    client = client_for(personas["a"]["officer"])
    response = client.post(url, {"holder": governor.pk, "start_date": "2026-09-01"})
    assert response.status_code == 302
    with scopes_disabled():
        term = ChairOfGovernors.objects.get(school=school)
    assert (term.holder, term.start_date, term.granted_by) == (
        governor, date(2026, 9, 1), personas["a"]["officer"])
    response = client.post(f"/t/{tenant_a.slug}/categorisation/chairs-of-governors/"
                           f"{term.pk}/end/", {"end_date": "2026-08-01"})
    assert response.status_code == 400
    assert "The end must be after the start" in response.content.decode()


def test_another_tenants_term_cannot_be_ended(tenant_a, tenant_b, personas, client_for):
    allow(tenant_b)
    with scopes_disabled():
        theirs = ChairOfGovernors.objects.create(
            tenant=tenant_b, school=personas["b"]["school"],
            holder=Membership.objects.get(tenant=tenant_b, role=Role.VIEWER),
            start_date=date(2025, 9, 1))
    response = client_for(personas["a"]["officer"]).post(
        f"/t/{tenant_a.slug}/categorisation/chairs-of-governors/{theirs.pk}/end/",
        {"end_date": "2026-01-01"})
    assert response.status_code == 404
    with scopes_disabled():
        theirs.refresh_from_db()
    assert theirs.end_date is None


def test_the_admin_allows_it_in_the_settings(tenant_a, personas, client_for):
    response = client_for(personas["a"]["admin"]).post(
        f"/t/{tenant_a.slug}/settings/sign-in/", {"chairs_of_governors_see_category": "on"})
    assert response.status_code == 302
    tenant_a.refresh_from_db()
    assert tenant_a.chairs_of_governors_see_category is True
    assert tenant_a.require_mfa_for_officers is False
