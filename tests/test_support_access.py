"""Support access: a tenant admin lets the platform operator see the tenant's pages for a
while, read-only; otherwise the operator sees nothing of the tenant (404)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from core import support
from core.models import AuditEvent, Membership, Role, SupportAccess
from tests.test_isolation_matrix import world  # noqa: F401 - the fixture, shared

pytestmark = pytest.mark.django_db


def admin_membership(personas, tenant):
    with scopes_disabled():
        return Membership.objects.get(tenant=tenant, user=personas["a"]["admin"])


def grant(personas, tenant, operator, *, role=Role.OFFICER, duration=timedelta(hours=1)):
    with scopes_disabled():
        return support.support_access_grant(
            tenant=tenant, actor=admin_membership(personas, tenant),
            operator_email=operator.email, role=role, duration=duration,
            reason="The council's categories look wrong")


def test_without_a_grant_the_operator_gets_404(operator, client_for, tenant_a):
    assert client_for(operator).get(f"/t/{tenant_a.slug}/schools/").status_code == 404


def test_the_admin_gives_access_on_the_page_and_the_operator_sees_the_tenant_read_only(
        operator, personas, client_for, tenant_a):
    admin = client_for(personas["a"]["admin"])
    response = admin.post(f"/t/{tenant_a.slug}/settings/support/", {
        "operator_email": operator.email, "role": Role.OFFICER, "duration": "24",
        "reason": "The council's categories look wrong"})
    assert response.status_code == 302
    client = client_for(operator)
    page = client.get(f"/t/{tenant_a.slug}/schools/")
    assert page.status_code == 200
    assert 'data-testid="support-banner"' in page.content.decode()
    assert personas["a"]["school"].establishment.name in page.content.decode()
    edit = client.post(f"/t/{tenant_a.slug}/schools/{personas['a']['school'].urn}/edit/",
                       {"locality": "Changed"})
    assert edit.status_code == 403
    with scopes_disabled():
        visits = AuditEvent.objects.filter(tenant=tenant_a, action="security.support_visit")
        assert visits.filter(actor=operator).count() >= 1
        assert AuditEvent.objects.filter(tenant=tenant_a,
                                         action="security.support_access_granted").exists()
    log = admin.get(f"/t/{tenant_a.slug}/security/").content.decode()
    assert "Support access: opened /t/wiltshire/schools/" in log


def test_the_operator_sees_only_what_the_chosen_role_sees(operator, personas, client_for,
                                                         tenant_a):
    grant(personas, tenant_a, operator, role=Role.VIEWER)
    client = client_for(operator)
    assert client.get(f"/t/{tenant_a.slug}/schools/").status_code == 403
    assert client.get(f"/t/{tenant_a.slug}/people/").status_code == 403


def test_an_ended_or_expired_grant_opens_nothing(operator, personas, client_for, tenant_a):
    given = grant(personas, tenant_a, operator)
    client = client_for(operator)
    assert client.get(f"/t/{tenant_a.slug}/").status_code == 200
    with scopes_disabled():
        support.support_access_revoke(grant=given, actor=admin_membership(personas, tenant_a))
    assert client.get(f"/t/{tenant_a.slug}/").status_code == 404
    later = grant(personas, tenant_a, operator)
    with scopes_disabled():
        SupportAccess.objects.filter(pk=later.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(f"/t/{tenant_a.slug}/").status_code == 404


def test_a_grant_opens_only_its_own_tenant_and_never_the_api(operator, personas, client_for,
                                                            tenant_a, tenant_b):
    grant(personas, tenant_a, operator)
    client = client_for(operator)
    assert client.get(f"/t/{tenant_b.slug}/").status_code == 404
    api = APIClient()
    api.force_login(operator)
    assert api.get(f"/api/t/{tenant_a.slug}/schools/").status_code == 404


@pytest.mark.parametrize(("change", "field"), [
    ({"operator_email": "officer@somewhere.example"}, "operator_email"),
    ({"role": Role.ADMIN}, "role"),
    ({"duration": timedelta(days=8)}, "duration"),
    ({"reason": "  "}, "reason"),
])
def test_the_grant_is_refused_naming_the_field(operator, personas, tenant_a, change, field):
    values = {"operator_email": operator.email, "role": Role.OFFICER,
              "duration": timedelta(hours=1), "reason": "Help"} | change
    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        support.support_access_grant(tenant=tenant_a, actor=admin_membership(personas, tenant_a),
                                     **values)
    assert field in refused.value.message_dict


def test_only_the_tenant_admin_can_give_access(operator, personas, client_for, tenant_a):
    response = client_for(personas["a"]["officer"]).post(
        f"/t/{tenant_a.slug}/settings/support/",
        {"operator_email": operator.email, "role": Role.OFFICER, "duration": "1",
         "reason": "Help"})
    assert response.status_code == 403
    with scopes_disabled():
        assert not SupportAccess.objects.exists()


def test_the_operator_lists_the_grants_given_to_them(operator, personas, client_for, tenant_a):
    grant(personas, tenant_a, operator)
    page = client_for(operator).get("/platform/").content.decode()
    assert 'data-testid="support-grants"' in page and tenant_a.name in page


@pytest.mark.parametrize("role", [Role.OFFICER, Role.BOARD_MEMBER, Role.VIEWER])
def test_every_page_answers_the_operator_under_support_access_without_an_error(
        operator, personas, client_for, tenant_a, world, role):  # noqa: F811
    from tests.test_isolation_matrix import TENANT_ROUTES

    grant(personas, tenant_a, operator, role=role)
    client = client_for(operator)
    broken = []
    for route in TENANT_ROUTES:
        if route.is_api:
            continue
        response = client.get(route.url(world["fillers"]))
        if response.status_code >= 500:
            broken.append(f"{route.name}: {response.status_code}")
    assert not broken, broken
