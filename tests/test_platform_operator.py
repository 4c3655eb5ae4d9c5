"""The platform operator creates tenants and invites their first admins, and reads no tenant
data: the operator's pages list tenants only, and every tenant URL is a 404 for them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from core import services
from core.models import AuditEvent, Invitation, Membership, Role, Tenant

pytestmark = pytest.mark.django_db


def new_tenant_form(**overrides) -> dict:
    return {"name": "Barnet Council", "slug": "barnet", "kind": Tenant.Kind.COUNCIL,
            "la_codes": "302", "admin_email": "head.of.se@barnet.example.org", **overrides}


def test_the_operator_lists_tenants_with_their_admins(personas, operator, client_for):
    response = client_for(operator).get("/platform/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wiltshire Council" in html and "Dorset Council" in html
    assert personas["a"]["admin"].email in html


def test_the_tenant_list_shows_no_school_data(personas, operator, client_for):
    html = client_for(operator).get("/platform/").content.decode()
    assert personas["a"]["school"].establishment.name not in html


def test_the_operator_creates_a_tenant_and_its_first_admin_is_emailed(
    operator, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(operator).post("/platform/tenants/new/", new_tenant_form())
    assert response.status_code == 302
    tenant = Tenant.objects.get(slug="barnet")
    assert tenant.la_codes == ["302"]
    with scopes_disabled():
        invitation = Invitation.objects.get(tenant=tenant)
    assert (invitation.email, invitation.role) == ("head.of.se@barnet.example.org", Role.ADMIN)
    assert [m.to for m in mailoutbox] == [["head.of.se@barnet.example.org"]]
    assert "/invitations/" in mailoutbox[0].body


def test_creating_a_tenant_gives_the_operator_no_membership(operator, client_for):
    client_for(operator).post("/platform/tenants/new/", new_tenant_form())
    with scopes_disabled():
        assert not Membership.objects.filter(user=operator).exists()


def test_tenant_creation_is_audited_with_the_operator_as_actor(operator):
    tenant, _ = services.tenant_create(
        actor=operator, name="Lincolnshire Learning Partnership", slug="llp",
        la_codes=["925"], kind=Tenant.Kind.PARTNERSHIP_BODY, admin_email="admin@llp.example.org",
    )
    with scopes_disabled():
        event = AuditEvent.objects.get(tenant=tenant, action="tenant.create")
        invited = AuditEvent.objects.get(tenant=tenant, action="invitation.create")
    assert event.actor == operator
    assert event.changes == {"la_codes": ["925"]}
    assert invited.actor == operator


def test_a_bad_la_code_is_refused_naming_the_field(operator, client_for):
    response = client_for(operator).post("/platform/tenants/new/",
                                         new_tenant_form(la_codes="30, abc"))
    assert response.status_code == 400
    assert "la_codes" in response.context["form"].errors
    assert not Tenant.objects.filter(slug="barnet").exists()


def test_a_taken_slug_is_refused(operator, client_for, tenant_a):
    response = client_for(operator).post("/platform/tenants/new/",
                                         new_tenant_form(slug="wiltshire"))
    assert response.status_code == 400
    assert "slug" in response.context["form"].errors


def test_the_operator_gets_404_on_a_tenants_pages(personas, operator, client_for):
    school = personas["a"]["school"]
    client = client_for(operator)
    for url in ("/t/wiltshire/", "/t/wiltshire/schools/", f"/t/wiltshire/schools/{school.urn}/",
                "/t/wiltshire/people/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert school.establishment.name not in response.content.decode()


def test_the_operator_gets_404_on_a_tenants_api(personas, operator):
    client = APIClient()
    client.force_authenticate(operator)
    assert client.get("/api/t/wiltshire/schools/").status_code == 404
    assert client.get(f"/api/t/wiltshire/schools/{personas['a']['school'].urn}/").status_code \
        == 404


def test_the_operator_gets_404_on_a_tenant_they_just_created(operator, client_for):
    client = client_for(operator)
    client.post("/platform/tenants/new/", new_tenant_form())
    assert client.get("/t/barnet/").status_code == 404


@pytest.mark.parametrize("url", ["/platform/", "/platform/tenants/new/"])
def test_a_tenant_admin_who_is_not_an_operator_gets_403(personas, client_for, url):
    assert client_for(personas["a"]["admin"]).get(url).status_code == 403


def test_a_non_operator_cannot_create_a_tenant_by_post(personas, client_for):
    response = client_for(personas["a"]["admin"]).post("/platform/tenants/new/",
                                                      new_tenant_form())
    assert response.status_code == 403
    assert not Tenant.objects.filter(slug="barnet").exists()


def test_the_service_refuses_a_non_operator(personas):
    with pytest.raises(PermissionDenied):
        services.tenant_create(actor=personas["a"]["admin"], name="X", slug="x",
                               la_codes=["302"], admin_email="x@example.org")


def test_the_service_validates_the_la_codes(operator):
    with pytest.raises(ValidationError) as error:
        services.tenant_create(actor=operator, name="X", slug="x", la_codes=["12"],
                               admin_email="x@example.org")
    assert "la_codes" in error.value.message_dict
    assert not Tenant.objects.filter(slug="x").exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/platform/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- Containment: no overlapping tenants, no operator inside a tenant --------------------------


def test_a_tenant_covering_another_tenants_la_code_is_refused_naming_both(
        operator, client_for, tenant_a):
    response = client_for(operator).post(
        "/platform/tenants/new/", new_tenant_form(la_codes="302, 865"))
    assert response.status_code == 400
    assert "LA 865 is already covered by Wiltshire Council" in response.content.decode()
    assert not Tenant.objects.filter(slug="barnet").exists()


def test_the_operator_cannot_invite_its_own_address_as_a_tenants_admin(operator, client_for):
    response = client_for(operator).post(
        "/platform/tenants/new/", new_tenant_form(admin_email=operator.email.upper()))
    assert response.status_code == 400
    assert "a platform operator cannot be a member of a tenant" in response.content.decode()
    assert not Tenant.objects.filter(slug="barnet").exists()


def test_no_one_can_invite_a_platform_operators_account_into_a_tenant(
        personas, tenant_a, operator):
    with scopes_disabled(), pytest.raises(ValidationError) as error:
        services.invitation_create(tenant=tenant_a, actor=personas["a"]["admin"],
                                   email=operator.email, role=Role.ADMIN)
    assert "platform operator" in str(error.value)


def test_an_operator_cannot_accept_an_invitation_made_before_it_became_one(
        personas, tenant_a, django_capture_on_commit_callbacks):
    with scopes_disabled():
        invitation = services.invitation_create(
            tenant=tenant_a, actor=personas["a"]["admin"], email="later.operator@example.org",
            role=Role.OFFICER)
    from accounts.models import User

    user = User.objects.create_user("later.operator@example.org", "x-Long-password-1",
                                    is_platform_operator=True)
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=user)
    with scopes_disabled():
        assert not Membership.objects.filter(user=user).exists()


def test_the_admin_site_refuses_to_give_a_tenant_another_tenants_la_code(tenant_a, tenant_b):
    from core.admin import TenantAdminForm

    form = TenantAdminForm(instance=tenant_b, data={
        "name": tenant_b.name, "slug": tenant_b.slug, "kind": tenant_b.kind,
        "la_codes": '["838", "865"]', "require_mfa_for_officers": False})
    assert not form.is_valid()
    assert "LA 865 is already covered by Wiltshire Council" in str(form.errors)


# --- An LA code shared by the operator's decision ---------------------------------------------


def test_an_la_code_is_shared_only_with_a_reason_recorded_audited_and_emailed(
        operator, client_for, personas, tenant_a, mailoutbox, django_capture_on_commit_callbacks):
    from core.models import LaCodeShare

    reason = "The school-led partnership works inside the council area."
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(operator).post("/platform/tenants/new/", new_tenant_form(
            la_codes="865", shared_reason=reason))
    assert response.status_code == 302
    tenant = Tenant.objects.get(slug="barnet")
    share = LaCodeShare.objects.get()
    assert (share.la_code, share.tenant, share.shares_with, share.reason, share.decided_by) == (
        "865", tenant, tenant_a, reason, operator)
    with scopes_disabled():
        for party in (tenant, tenant_a):
            event = AuditEvent.objects.get(tenant=party, action="tenant.la_code_shared")
            assert reason in event.summary and event.actor == operator
    shared_mail = [m for m in mailoutbox if "now shared" in m.subject]
    assert len(shared_mail) == 1
    assert set(shared_mail[0].to) == {personas["a"]["admin"].email,
                                      "head.of.se@barnet.example.org"}
    assert reason in client_for(operator).get("/platform/").content.decode()


def test_a_shared_la_code_is_neither_tenants_alone(operator, tenant_a):
    tenant, _ = services.tenant_create(
        actor=operator, name="Barnet Council", slug="barnet", la_codes=["865", "302"],
        admin_email="admin@barnet.example.org", shared_reason="A partnership inside the area.")
    assert tenant.exclusive_la_codes() == {"302"}
    assert "865" not in tenant_a.exclusive_la_codes()


def test_the_tenant_admin_sees_the_decision_in_the_security_log(operator, personas, client_for,
                                                                tenant_a):
    services.tenant_create(
        actor=operator, name="Barnet Council", slug="barnet", la_codes=["865"],
        admin_email="admin@barnet.example.org", shared_reason="A partnership inside the area.")
    page = client_for(personas["a"]["admin"]).get(f"/t/{tenant_a.slug}/security/")
    assert page.status_code == 200
    assert "A partnership inside the area." in page.content.decode()


def test_a_blank_reason_does_not_share(operator, tenant_a):
    with pytest.raises(ValidationError, match="only by the operator's decision"):
        services.tenant_create(actor=operator, name="Barnet Council", slug="barnet",
                               la_codes=["865"], admin_email="admin@barnet.example.org",
                               shared_reason="   ")
