"""Sign-up by invitation only: the link sets the password and creates the membership; a link
that is expired, used or withdrawn creates nothing and says why."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from accounts.models import User
from core import services
from core.models import AuditEvent, Invitation, Membership, Role
from schools.selectors import school_of
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-fresh-long-password"


@pytest.fixture
def invite(personas, tenant_a, django_capture_on_commit_callbacks):
    def make(email="new.person@example.org", role=Role.OFFICER, school=None) -> Invitation:
        with django_capture_on_commit_callbacks(execute=True), scope(tenant=tenant_a):
            return services.invitation_create(
                tenant=tenant_a, actor=personas["a"]["admin"], email=email, role=role,
                school=school,
            )

    return make


def link(invitation: Invitation) -> str:
    return f"/invitations/{invitation.token}/"


def accept_form(full_name="Nia Jones", password=NEW_PASSWORD) -> dict:
    return {"full_name": full_name, "password1": password, "password2": password}


def memberships_of(email: str) -> list[Membership]:
    with scopes_disabled():
        return list(Membership.objects.filter(user__email=email))


def test_the_invitation_email_is_sent_on_commit_with_the_link(invite, mailoutbox):
    invitation = invite()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.person@example.org"]
    assert link(invitation) in mailoutbox[0].body
    assert "Wiltshire Council" in mailoutbox[0].subject


def test_no_email_is_sent_before_the_transaction_commits(personas, tenant_a, mailoutbox,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, scope(tenant=tenant_a):
        services.invitation_create(tenant=tenant_a, actor=personas["a"]["admin"],
                                   email="later@example.org", role=Role.VIEWER)
    # The e-mail waits for the commit (with the header's waiting count, bumped by the audit).
    assert callbacks and mailoutbox == []
    for callback in callbacks:
        callback()
    assert [mail.to for mail in mailoutbox] == [["later@example.org"]]


def test_only_a_hash_of_the_token_is_stored(invite):
    invitation = invite()
    with scopes_disabled():
        stored = Invitation.objects.get(pk=invitation.pk)
    assert invitation.token not in stored.token_hash
    assert len(stored.token_hash) == 64


def test_the_link_sets_the_password_and_creates_the_membership(invite, tenant_a):
    invitation = invite()
    client = Client()
    assert client.get(link(invitation)).status_code == 200
    response = client.post(link(invitation), accept_form())
    assert response.status_code == 302
    assert response["Location"] == "/t/wiltshire/"
    user = User.objects.get(email="new.person@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert user.full_name == "Nia Jones"
    [membership] = memberships_of(user.email)
    assert (membership.tenant, membership.role) == (tenant_a, Role.OFFICER)
    assert client.get("/t/wiltshire/schools/").status_code == 200


def test_a_headteachers_invitation_links_them_to_their_school(invite, personas, client_for):
    school = personas["a"]["school"]
    invitation = invite(email="head@school.example.org", role=Role.HEADTEACHER, school=school)
    Client().post(link(invitation), accept_form())
    [membership] = memberships_of("head@school.example.org")
    assert membership.role == Role.HEADTEACHER
    assert school_of(membership) == school


def test_accepting_is_audited_with_the_new_member_as_actor(invite, personas, tenant_a):
    invitation = invite()
    Client().post(link(invitation), accept_form())
    with scopes_disabled():
        created = AuditEvent.objects.get(tenant=tenant_a, action="invitation.create")
        accepted = AuditEvent.objects.get(tenant=tenant_a, action="invitation.accept")
    assert created.actor == personas["a"]["admin"]
    assert created.object_id == str(invitation.pk)
    assert accepted.actor == User.objects.get(email="new.person@example.org")


def test_the_link_works_only_once(invite):
    invitation = invite()
    Client().post(link(invitation), accept_form())
    response = Client().post(link(invitation), accept_form(full_name="Someone Else"))
    assert response.status_code == 410
    assert "already been used" in response.context["problem"]
    assert User.objects.filter(email="new.person@example.org").count() == 1


def test_an_expired_invitation_says_so_and_creates_nothing(invite):
    invitation = invite()
    with scopes_disabled():
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    response = Client().post(link(invitation), accept_form())
    assert response.status_code == 410
    assert "expired" in response.context["problem"]
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_a_withdrawn_invitation_says_so_and_creates_nothing(invite):
    invitation = invite()
    with scopes_disabled():
        Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    response = Client().post(link(invitation), accept_form())
    assert response.status_code == 410
    assert "withdrawn" in response.context["problem"]
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_a_made_up_token_is_404_with_a_message():
    response = Client().get("/invitations/not-a-real-token/")
    assert response.status_code == 404
    assert "not valid" in response.context["problem"]


def test_mismatched_passwords_create_nothing(invite):
    invitation = invite()
    response = Client().post(link(invitation), {**accept_form(), "password2": "something-else1"})
    assert response.status_code == 400
    assert "password2" in response.context["form"].errors
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_a_weak_password_is_refused(invite):
    invitation = invite()
    response = Client().post(link(invitation), accept_form(password="password"))
    assert response.status_code == 400
    assert "password1" in response.context["form"].errors
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_a_signed_in_different_user_is_refused(invite, client_for):
    invitation = invite(email="intended@example.org")
    somebody = UserFactory(email="somebody@example.org")
    response = client_for(somebody).post(link(invitation))
    assert response.status_code == 403
    assert "intended@example.org" in response.context["problem"]
    assert memberships_of("somebody@example.org") == []
    with scopes_disabled():
        assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_an_existing_user_joins_a_second_tenant_by_signing_in(personas, tenant_b, client_for,
                                                               django_capture_on_commit_callbacks):
    officer_of_a = personas["a"]["officer"]
    with django_capture_on_commit_callbacks(execute=True), scope(tenant=tenant_b):
        invitation = services.invitation_create(
            tenant=tenant_b, actor=personas["b"]["admin"], email=officer_of_a.email,
            role=Role.VIEWER,
        )
    assert Client().get(link(invitation))["Location"].startswith("/accounts/login/")
    response = client_for(officer_of_a).post(link(invitation))
    assert response["Location"] == "/t/dorset/"
    assert {m.tenant.slug for m in memberships_of(officer_of_a.email)} == {"wiltshire", "dorset"}


def test_inviting_an_existing_member_is_refused(personas, tenant_a):
    with pytest.raises(ValidationError, match="already a member"), scope(tenant=tenant_a):
        services.invitation_create(tenant=tenant_a, actor=personas["a"]["admin"],
                                   email=personas["a"]["officer"].email, role=Role.VIEWER)


def test_an_invitation_with_another_tenants_school_is_refused(personas, tenant_a):
    with pytest.raises(ValidationError) as error, scopes_disabled():
        services.invitation_create(
            tenant=tenant_a, actor=personas["a"]["admin"], email="head@example.org",
            role=Role.HEADTEACHER, school=personas["b"]["school"],
        )
    assert "school" in error.value.message_dict
    with scopes_disabled():
        assert not Invitation.objects.filter(email="head@example.org").exists()


def test_a_headteacher_invitation_needs_a_school(personas, tenant_a):
    with pytest.raises(ValidationError) as error, scope(tenant=tenant_a):
        services.invitation_create(tenant=tenant_a, actor=personas["a"]["admin"],
                                   email="head@example.org", role=Role.HEADTEACHER)
    assert "school" in error.value.message_dict


def test_an_admin_invites_from_the_people_page_and_the_email_goes(
    personas, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas["a"]["admin"]).post(
            "/t/wiltshire/people/", {"email": "Adviser@Example.org", "role": Role.OFFICER,
                                     "title": "School improvement adviser"},
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["adviser@example.org"]]


def test_the_people_page_refuses_another_tenants_school(personas, client_for):
    response = client_for(personas["a"]["admin"]).post(
        "/t/wiltshire/people/", {"email": "h@example.org", "role": Role.HEADTEACHER,
                                 "school": personas["b"]["school"].pk},
    )
    assert response.status_code == 400
    assert "school" in response.context["form"].errors


def test_the_invited_person_cannot_sign_in_before_accepting(invite):
    invite()
    client = Client()
    client.post("/accounts/login/", {"login": "new.person@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_an_admin_withdraws_a_pending_invitation_and_its_link_stops_working(
        invite, personas, tenant_a, client_for):
    invitation = invite()
    client = client_for(personas["a"]["admin"])
    people = f"/t/{tenant_a.slug}/people/"
    assert invitation.email in client.get(people).content.decode()
    response = client.post(f"/t/{tenant_a.slug}/people/invitations/{invitation.pk}/withdraw/")
    assert response.status_code == 302
    assert "withdrawn" in client.get(response["Location"]).content.decode()  # the message
    assert invitation.email not in client.get(people).content.decode()
    page = Client().get(link(invitation))
    assert page.status_code == 410
    assert "withdrawn" in page.content.decode()
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="invitation.withdraw").count() == 1


def test_another_tenants_admin_cannot_withdraw_an_invitation(invite, personas, tenant_a,
                                                            client_for):
    invitation = invite()
    response = client_for(personas["b"]["admin"]).post(
        f"/t/{tenant_a.slug}/people/invitations/{invitation.pk}/withdraw/")
    assert response.status_code == 404
    response = client_for(personas["b"]["admin"]).post(
        f"/t/dorset/people/invitations/{invitation.pk}/withdraw/")
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_a_school_is_refused_for_a_role_other_than_headteacher(invite, personas):
    with pytest.raises(ValidationError) as refused:
        invite(email="officer2@example.org", role=Role.OFFICER, school=personas["a"]["school"])
    assert "Only a headteacher leads a school" in refused.value.message_dict["school"][0]
