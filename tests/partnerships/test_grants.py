"""Object-level grants (core.grants) with the hub chair moved onto them, and a tenant
narrowing a role (core.permissions.permissions_of)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from core import services as core_services
from core.grants import grants_of, may
from core.models import AuditEvent, Membership, Role
from core.permissions import INTELLIGENCE_EDIT, INTELLIGENCE_VIEW, permissions_of
from partnerships import services
from partnerships.permissions import HUB_MANAGE

pytestmark = pytest.mark.django_db


def test_the_chair_holds_a_dated_grant_on_their_hub_only(hub):  # noqa: F811
    [grant] = grants_of(hub.chair)
    assert (grant.permission, grant.target, grant.starts_on) == (HUB_MANAGE, hub.hub,
                                                                 date(2024, 9, 1))
    assert grant.reason == "Chair of Chippenham hub since 1 September 2024"
    assert may(hub.chair, HUB_MANAGE, hub.hub)
    assert not may(hub.chair, HUB_MANAGE, hub.other_hub)
    assert not may(hub.head, HUB_MANAGE, hub.hub)
    assert not may(hub.chair, HUB_MANAGE, hub.hub, on=date(2024, 8, 31))  # before it began
    # The rules library gives templates and views the same answer.
    assert hub.chair.user.has_perm(HUB_MANAGE, hub.hub)
    assert not hub.head.user.has_perm(HUB_MANAGE, hub.hub)


def test_ending_the_chair_role_ends_the_grant(hub):  # noqa: F811
    role = hub.hub.roles.get(kind="chair")
    services.partnership_end_role(tenant=hub.tenant, actor=hub.officer, role=role,
                                  end_date=date(2025, 1, 1))
    assert may(hub.chair, HUB_MANAGE, hub.hub, on=date(2024, 12, 31))
    assert not may(hub.chair, HUB_MANAGE, hub.hub, on=date(2025, 1, 1))


def test_a_reading_request_reads_each_persons_grants_once_and_a_write_sees_a_change(
        hub):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.grants import remembered_while_reading

    with remembered_while_reading():
        with CaptureQueriesContext(connection) as first:
            assert may(hub.chair, HUB_MANAGE, hub.hub)
        with CaptureQueriesContext(connection) as again:
            assert may(hub.chair, HUB_MANAGE, hub.hub)
            assert not may(hub.chair, HUB_MANAGE, hub.other_hub)
        assert len(first) > 0 and len(again) == 0
        # Another person, or another day, is read afresh.
        with CaptureQueriesContext(connection) as other_day:
            assert not may(hub.chair, HUB_MANAGE, hub.hub, on=date(2024, 8, 31))
        assert len(other_day) > 0
    # Outside a reading request nothing is remembered: an ended role ends the grant at once.
    assert may(hub.chair, HUB_MANAGE, hub.hub)
    services.partnership_end_role(tenant=hub.tenant, actor=hub.officer,
                                  role=hub.hub.roles.get(kind="chair"))
    assert not may(hub.chair, HUB_MANAGE, hub.hub)


def test_a_grant_never_reaches_another_tenants_object(hub, tenant_b):  # noqa: F811
    from tests.factories import MembershipFactory

    stranger = MembershipFactory(tenant=tenant_b, role=Role.ADMIN)
    assert not may(stranger, HUB_MANAGE, hub.hub)
    assert not stranger.user.has_perm(HUB_MANAGE, hub.hub)


def test_a_tenant_narrows_a_role_and_it_holds_everywhere(personas, tenant_a, client_for):
    admin, officer = personas["a"]["admin"], personas["a"]["officer"]
    school = personas["a"]["school"]
    with scope(tenant=tenant_a):
        core_services.role_narrowing_set(
            tenant=tenant_a, actor=admin, role=Role.OFFICER,
            kept=[p for p in permissions_of(Membership.objects.get(user=officer))
                  if p != INTELLIGENCE_EDIT])
        member = Membership.objects.select_related("tenant").get(user=officer)
        assert INTELLIGENCE_EDIT not in permissions_of(member)
        assert INTELLIGENCE_VIEW in permissions_of(member)
        assert AuditEvent.objects.filter(action="tenant.role_narrowing").count() == 1
    client = client_for(officer)
    assert client.get(f"/t/wiltshire/categorisation/intelligence/new/{school.urn}/")\
        .status_code == 403
    assert client.get("/t/wiltshire/categorisation/intelligence/").status_code == 200
    # Another tenant's officers keep every default right.
    with scopes_disabled():
        other = Membership.objects.select_related("tenant").get(user=personas["b"]["officer"])
    assert INTELLIGENCE_EDIT in permissions_of(other)


@pytest.mark.parametrize(("role", "kept", "problem"), [
    (Role.ADMIN, [], "cannot be narrowed"),
    (Role.HEADTEACHER, [INTELLIGENCE_VIEW], "only narrow a role"),
])
def test_the_admin_cannot_be_narrowed_nor_a_role_widened(personas, tenant_a, role, kept,
                                                         problem):
    with scope(tenant=tenant_a), pytest.raises(ValidationError, match=problem):
        core_services.role_narrowing_set(tenant=tenant_a, actor=personas["a"]["admin"],
                                         role=role, kept=kept)
    tenant_a.refresh_from_db()
    assert tenant_a.role_narrowing == {}


def test_the_access_page_shows_who_can_do_what_and_why(hub, client_for, personas):  # noqa: F811
    admin = personas["a"]["admin"]
    page = client_for(admin).get("/t/wiltshire/settings/access/").content.decode()
    assert "Chair of Chippenham hub since 1 September 2024" in page
    assert "Record local intelligence" in page
    response = client_for(admin).post("/t/wiltshire/settings/access/", {
        "role": "viewer", "permissions": []})
    assert response.status_code == 302
    hub.tenant.refresh_from_db()
    assert hub.tenant.role_narrowing == {"viewer": ["aggregates.view"]}
