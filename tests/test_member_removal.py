"""Admin safety on the People page: the invitation names no role until the admin chooses one,
each role is explained beside it, and removing a person is confirmed first and can be undone
for 14 days (the membership ends, dated, instead of going)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from core.models import AuditEvent, Invitation, Membership, Role
from core.services import MEMBERSHIP_RESTORE_WINDOW

pytestmark = pytest.mark.django_db


def membership(tenant, role) -> Membership:
    with scopes_disabled():
        return Membership.objects.select_related("user").get(tenant=tenant, role=role)


def fresh(member: Membership) -> Membership:
    with scopes_disabled():
        return Membership.objects.get(pk=member.pk)


def people_url(tenant) -> str:
    return f"/t/{tenant.slug}/people/"


# --- The invitation form -------------------------------------------------------------------


def test_the_invitation_form_has_no_role_chosen(client_for, personas, tenant_a):
    html = client_for(personas["a"]["admin"]).get(people_url(tenant_a)).content.decode()
    assert 'name="role"' in html
    assert " checked" not in html.split('data-testid="role-choices"')[1].split("</fieldset>")[0]


def test_an_invitation_without_a_role_is_refused_naming_the_field(client_for, personas,
                                                                   tenant_a):
    response = client_for(personas["a"]["admin"]).post(
        people_url(tenant_a), {"email": "someone@example.org"})
    assert response.status_code == 400
    assert "Choose the role of the person you are inviting." in response.content.decode()
    with scopes_disabled():
        assert not Invitation.objects.filter(email="someone@example.org").exists()


def test_each_role_is_explained_beside_its_choice(client_for, personas, tenant_a):
    html = client_for(personas["a"]["admin"]).get(people_url(tenant_a)).content.decode()
    choices = html.split('data-testid="role-choices"')[1].split("</fieldset>")[0]
    assert choices.count("govuk-radios__hint") == len(Role.choices)
    assert "Give it to few people." in choices  # the admin's
    assert "Changes nothing." in choices  # the viewer's


def test_a_chosen_role_is_invited(client_for, personas, tenant_a):
    response = client_for(personas["a"]["admin"]).post(
        people_url(tenant_a), {"email": "viewer2@example.org", "role": Role.VIEWER})
    assert response.status_code == 302
    with scopes_disabled():
        assert Invitation.objects.get(email="viewer2@example.org").role == Role.VIEWER


# --- Removing and restoring ----------------------------------------------------------------


def test_removing_asks_to_confirm_first_and_changes_nothing(client_for, personas, tenant_a):
    viewer = membership(tenant_a, Role.VIEWER)
    response = client_for(personas["a"]["admin"]).get(
        f"{people_url(tenant_a)}{viewer.pk}/remove/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Remove {viewer.user.email}" in html
    assert "14 days" in html
    assert fresh(viewer).is_active


def test_confirming_ends_the_membership_and_lists_it_as_recently_removed(
        client_for, personas, tenant_a):
    viewer = membership(tenant_a, Role.VIEWER)
    client = client_for(personas["a"]["admin"])
    response = client.post(f"{people_url(tenant_a)}{viewer.pk}/remove/")
    assert response.status_code == 302
    ended = fresh(viewer)
    assert not ended.is_active
    assert ended.ended_at is not None and ended.ended_by == personas["a"]["admin"]
    html = client.get(people_url(tenant_a)).content.decode()
    removed = html.split('data-testid="recently-removed"')[1].split("</table>")[0]
    assert viewer.user.email in removed
    # The removed person is no longer let in.
    assert client_for(viewer.user).get(f"/t/{tenant_a.slug}/").status_code == 404


def test_restore_gives_back_access_with_the_same_role(client_for, personas, tenant_a):
    viewer = membership(tenant_a, Role.VIEWER)
    client = client_for(personas["a"]["admin"])
    client.post(f"{people_url(tenant_a)}{viewer.pk}/remove/")
    response = client.post(f"{people_url(tenant_a)}{viewer.pk}/restore/")
    assert response.status_code == 302
    restored = fresh(viewer)
    assert restored.is_active and restored.role == Role.VIEWER and restored.ended_at is None
    assert client_for(viewer.user).get(f"/t/{tenant_a.slug}/").status_code == 200
    with scopes_disabled():
        assert AuditEvent.objects.filter(tenant=tenant_a, action="membership.restore").exists()


def test_after_14_days_a_removal_cannot_be_restored(client_for, personas, tenant_a):
    viewer = membership(tenant_a, Role.VIEWER)
    client = client_for(personas["a"]["admin"])
    client.post(f"{people_url(tenant_a)}{viewer.pk}/remove/")
    with scopes_disabled():
        Membership.objects.filter(pk=viewer.pk).update(
            ended_at=timezone.now() - MEMBERSHIP_RESTORE_WINDOW - timedelta(minutes=1))
    html = client.get(people_url(tenant_a)).content.decode()
    assert 'data-testid="recently-removed"' not in html
    response = client.post(f"{people_url(tenant_a)}{viewer.pk}/restore/", follow=True)
    assert "more than 14 days ago" in response.content.decode()
    assert not fresh(viewer).is_active


def test_a_removal_13_days_ago_can_still_be_restored(client_for, personas, tenant_a):
    viewer = membership(tenant_a, Role.VIEWER)
    client = client_for(personas["a"]["admin"])
    client.post(f"{people_url(tenant_a)}{viewer.pk}/remove/")
    with scopes_disabled():
        Membership.objects.filter(pk=viewer.pk).update(
            ended_at=timezone.now() - timedelta(days=13))
    client.post(f"{people_url(tenant_a)}{viewer.pk}/restore/")
    assert fresh(viewer).is_active


def test_an_admin_cannot_be_asked_to_remove_themselves(client_for, personas, tenant_a):
    admin = membership(tenant_a, Role.ADMIN)
    client = client_for(admin.user)
    assert client.get(f"{people_url(tenant_a)}{admin.pk}/remove/").status_code == 302
    client.post(f"{people_url(tenant_a)}{admin.pk}/remove/")
    assert fresh(admin).is_active


def test_another_tenants_removed_person_cannot_be_restored(client_for, personas, tenant_a,
                                                           tenant_b):
    b_viewer = membership(tenant_b, Role.VIEWER)
    client_for(personas["b"]["admin"]).post(f"{people_url(tenant_b)}{b_viewer.pk}/remove/")
    a_admin = client_for(personas["a"]["admin"])
    response = a_admin.post(f"{people_url(tenant_a)}{b_viewer.pk}/restore/")
    assert response.status_code == 404
    assert not fresh(b_viewer).is_active
    # Nor from B's address: A's admin is no member there.
    assert a_admin.post(f"{people_url(tenant_b)}{b_viewer.pk}/restore/").status_code == 404
    assert not fresh(b_viewer).is_active


def test_another_tenants_person_cannot_be_removed(client_for, personas, tenant_a, tenant_b):
    b_viewer = membership(tenant_b, Role.VIEWER)
    a_admin = client_for(personas["a"]["admin"])
    assert a_admin.get(f"{people_url(tenant_a)}{b_viewer.pk}/remove/").status_code == 404
    assert a_admin.post(f"{people_url(tenant_a)}{b_viewer.pk}/remove/").status_code == 404
    assert fresh(b_viewer).is_active


def test_an_officer_cannot_restore(client_for, personas, tenant_a):
    viewer = membership(tenant_a, Role.VIEWER)
    client_for(personas["a"]["admin"]).post(f"{people_url(tenant_a)}{viewer.pk}/remove/")
    response = client_for(personas["a"]["officer"]).post(
        f"{people_url(tenant_a)}{viewer.pk}/restore/")
    assert response.status_code == 403
    assert not fresh(viewer).is_active


# --- A long list of people ----------------------------------------------------------------


def test_the_people_and_access_pages_list_fifty_a_page_and_the_download_every_one(
        client_for, personas, tenant_a):
    from accounts.models import User
    with scopes_disabled():
        for n in range(60):
            user = User.objects.create_user(email=f"viewer{n:02}@many.example.org",
                                            password="x-long-enough-1")
            Membership.objects.create(tenant=tenant_a, user=user, role=Role.VIEWER)
        everyone = Membership.objects.filter(tenant=tenant_a, is_active=True).count()
    client = client_for(personas["a"]["admin"])
    for path, marker in ((people_url(tenant_a), 'data-testid="members"'),
                         (f"/t/{tenant_a.slug}/settings/access/", 'data-testid="who-can"')):
        first = client.get(path).content.decode()
        second = client.get(path + "?page=2").content.decode()
        rows = [set(re.findall(r"viewer\d\d@many\.example\.org",
                               page.split(marker)[1].split("</table>")[0]))
                for page in (first, second)]
        assert len(rows[0]) <= 50 and len(rows[0] | rows[1]) == 60, (path, rows)
        assert len(rows[0]) + len(rows[1]) == 60  # no one on both pages
        assert "Page 1 of 2" in first and "Page 2 of 2" in second
    download = client.get(f"/t/{tenant_a.slug}/people/export/?format=csv").content.decode()
    assert len(download.strip().splitlines()) == everyone + 1
