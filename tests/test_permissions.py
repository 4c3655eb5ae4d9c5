"""The role table and how pages apply it: 404 for another tenant (indistinguishable from no
tenant at all), 403 for one's own tenant beyond one's role."""

import re

import pytest
from django_scopes import scopes_disabled

from core.models import Membership, Role
from core.permissions import (
    AGGREGATES_VIEW,
    AUDIT_VIEW,
    CATEGORIES_MODERATE,
    CATEGORIES_VIEW,
    IMPORTS_RUN,
    INTELLIGENCE_VIEW,
    MEMBERS_MANAGE,
    OWN_SCHOOL_EDIT,
    OWN_SCHOOL_VIEW,
    REGISTER_EDIT,
    REGISTER_VIEW,
    ROLE_PERMISSIONS,
    SCHEMES_MANAGE,
    role_has,
)
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def test_every_role_has_a_row_in_the_permission_table():
    assert set(ROLE_PERMISSIONS) == set(Role.values)


def test_only_the_admin_manages_members_runs_imports_and_reads_the_audit():
    for permission in (MEMBERS_MANAGE, IMPORTS_RUN, AUDIT_VIEW):
        assert [role for role in Role.values if role_has(role, permission)] == [Role.ADMIN]


def test_admins_and_officers_see_and_edit_the_register():
    for permission in (REGISTER_VIEW, REGISTER_EDIT):
        assert {role for role in Role.values if role_has(role, permission)} == {
            Role.ADMIN, Role.OFFICER}


def test_a_headteacher_sees_their_own_school_but_not_the_register():
    granted = ROLE_PERMISSIONS[Role.HEADTEACHER]
    assert {OWN_SCHOOL_VIEW, OWN_SCHOOL_EDIT} <= granted
    assert not granted & {REGISTER_VIEW, REGISTER_EDIT, CATEGORIES_VIEW, INTELLIGENCE_VIEW}


def test_board_members_and_viewers_see_aggregates_only():
    assert ROLE_PERMISSIONS[Role.BOARD_MEMBER] == {AGGREGATES_VIEW}
    assert ROLE_PERMISSIONS[Role.VIEWER] == {AGGREGATES_VIEW}


def test_no_role_but_the_admin_moderates_categories_or_edits_schemes():
    for role in Role:
        has = {CATEGORIES_MODERATE, SCHEMES_MANAGE} & ROLE_PERMISSIONS[role]
        assert bool(has) == (role == Role.ADMIN)


def test_an_unknown_tenant_and_a_foreign_tenant_look_the_same(personas, client_for):
    client = client_for(personas["b"]["admin"])
    missing = client.get("/t/no-such-council/schools/")
    foreign = client.get("/t/wiltshire/schools/")
    assert missing.status_code == foreign.status_code == 404

    def without_csrf_token(response) -> str:  # masked afresh in every response
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())

    assert without_csrf_token(missing) == without_csrf_token(foreign)


def test_a_deactivated_member_gets_404(personas, tenant_a, client_for):
    with scopes_disabled():
        Membership.objects.filter(user=personas["a"]["officer"]).update(is_active=False)
    assert client_for(personas["a"]["officer"]).get("/t/wiltshire/").status_code == 404


def test_a_role_beyond_its_permissions_gets_403(personas, client_for):
    assert client_for(personas["a"]["viewer"]).get("/t/wiltshire/schools/").status_code == 403


def test_a_headteacher_sees_their_own_school_page(personas, client_for):
    school = personas["a"]["school"]
    response = client_for(personas["a"]["headteacher"]).get(f"/t/wiltshire/schools/{school.urn}/")
    assert response.status_code == 200
    assert school.establishment.name in response.content.decode()


def test_a_headteacher_gets_403_for_another_school_page(personas, tenant_a, client_for):
    other = SchoolFactory(tenant=tenant_a)
    response = client_for(personas["a"]["headteacher"]).get(f"/t/wiltshire/schools/{other.urn}/")
    assert response.status_code == 403
    assert other.establishment.name not in response.content.decode()


def test_a_headteacher_never_sees_the_officer_notes(personas, client_for):
    school = personas["a"]["school"]
    with scopes_disabled():
        school.officer_notes = "Governance concerns raised by the SIA"
        school.save()
    head = client_for(personas["a"]["headteacher"]).get(f"/t/wiltshire/schools/{school.urn}/")
    officer = client_for(personas["a"]["officer"]).get(f"/t/wiltshire/schools/{school.urn}/")
    assert "Governance concerns" not in head.content.decode()
    assert "Governance concerns" in officer.content.decode()


def test_a_headteachers_edit_form_offers_only_their_fields(personas, client_for):
    school = personas["a"]["school"]
    response = client_for(personas["a"]["headteacher"]).get(
        f"/t/wiltshire/schools/{school.urn}/edit/")
    assert set(response.context["form"].fields) == {
        "headteacher_name", "headteacher_email", "contact_email", "contact_phone"}


def test_a_headteacher_posting_an_officer_field_to_the_page_changes_nothing(personas,
                                                                            client_for):
    school = personas["a"]["school"]
    client_for(personas["a"]["headteacher"]).post(
        f"/t/wiltshire/schools/{school.urn}/edit/",
        {"contact_phone": "01380 000000", "officer_notes": "planted", "locality": "planted"},
    )
    with scopes_disabled():
        school.refresh_from_db()
    assert school.contact_phone == "01380 000000"
    assert school.officer_notes == "" and school.locality == ""


def test_an_officer_cannot_pick_another_tenants_adviser_on_the_edit_page(
    personas, tenant_b, client_for
):
    school = personas["a"]["school"]
    with scopes_disabled():
        outsider = Membership.objects.get(tenant=tenant_b, role=Role.OFFICER)
    response = client_for(personas["a"]["officer"]).post(
        f"/t/wiltshire/schools/{school.urn}/edit/", {"link_adviser": outsider.pk},
    )
    assert response.status_code == 400
    assert "link_adviser" in response.context["form"].errors
    assert outsider.user.email not in response.content.decode()
