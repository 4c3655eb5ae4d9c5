"""A chair of governors given one school's released visit notes (issue 13 item 2): a dated
grant the tenant allows by a setting; refused when the setting is off; read only while it holds
(403 from its end date), only released notes and only that school's; given and ended by
officers, audited."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scope, scopes_disabled

from core import grants
from core.models import AuditEvent, Role
from support.models import NotesGrant
from support.notes_access import SCHOOL_NOTES_READ
from support.services import access as services
from support.services.settings import support_settings_update
from tests.factories import MembershipFactory, SchoolFactory
from tests.support.conftest import TODAY, done_visit, membership, released_note, written_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def allowed(tenant_a, personas):
    with scope(tenant=tenant_a):
        support_settings_update(tenant=tenant_a, actor=personas["a"][Role.ADMIN],
                                chairs_see_notes=True)


@pytest.fixture
def chair(tenant_a):
    return MembershipFactory(tenant=tenant_a, role=Role.VIEWER)


@pytest.fixture
def visit(tenant_a, school, officer):
    with scope(tenant=tenant_a):
        visit = done_visit(tenant_a, school, on=TODAY - timedelta(days=7))
        released_note(tenant_a, visit, officer)
        return visit


def give(tenant, officer, school, chair, *, starts=-1, ends=30):
    with scope(tenant=tenant):
        return services.notes_grant_give(
            tenant=tenant, actor=officer, school=school, holder=chair,
            starts_on=TODAY + timedelta(days=starts), ends_on=TODAY + timedelta(days=ends))


def test_giving_access_is_refused_while_the_tenant_does_not_allow_it(tenant_a, officer,
                                                                     school, chair):
    with pytest.raises(ValidationError, match="does not allow chairs of governors"):
        give(tenant_a, officer, school, chair)
    with scopes_disabled():
        assert not NotesGrant.objects.exists()


def test_a_chair_given_access_reads_the_schools_released_note(client_for, tenant_a, officer,
                                                              school, chair, visit, allowed):
    give(tenant_a, officer, school, chair)
    client = client_for(chair.user)
    listing = client.get(f"/t/{tenant_a.slug}/support/schools/{school.urn}/notes/")
    assert listing.status_code == 200
    assert f"/support/visits/{visit.pk}/note/print/" in listing.content.decode()
    page = client.get(f"/t/{tenant_a.slug}/support/visits/{visit.pk}/note/print/")
    assert page.status_code == 200
    assert "Reading is improving." in page.content.decode()
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="support.notes_grant_given").count() == 1


def test_the_access_ends_on_its_end_date(client_for, tenant_a, officer, school, chair, visit,
                                         allowed, monkeypatch):
    give(tenant_a, officer, school, chair, ends=5)
    url = f"/t/{tenant_a.slug}/support/visits/{visit.pk}/note/print/"
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: TODAY + timedelta(days=4))
    assert client_for(chair.user).get(url).status_code == 200
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: TODAY + timedelta(days=5))
    assert client_for(chair.user).get(url).status_code == 403


def test_turning_the_setting_off_stops_every_grant(client_for, tenant_a, personas, officer,
                                                   school, chair, visit, allowed):
    give(tenant_a, officer, school, chair)
    with scope(tenant=tenant_a):
        support_settings_update(tenant=tenant_a, actor=personas["a"][Role.ADMIN],
                                chairs_see_notes=False)
    url = f"/t/{tenant_a.slug}/support/visits/{visit.pk}/note/print/"
    assert client_for(chair.user).get(url).status_code == 403


def test_an_officer_ends_the_access_early_and_it_is_audited(client_for, tenant_a, officer,
                                                            school, chair, visit, allowed):
    grant = give(tenant_a, officer, school, chair)
    response = client_for(officer).post(
        f"/t/{tenant_a.slug}/support/notes-access/{grant.pk}/end/", {"ends_on": str(TODAY)})
    assert response.status_code == 302
    url = f"/t/{tenant_a.slug}/support/visits/{visit.pk}/note/print/"
    assert client_for(chair.user).get(url).status_code == 403
    with scopes_disabled():
        assert NotesGrant.objects.get().ends_on == TODAY
        assert AuditEvent.objects.filter(action="support.notes_grant_ended").count() == 1


def test_the_grant_covers_only_that_schools_released_notes(client_for, tenant_a, officer,
                                                           school, chair, allowed):
    other = SchoolFactory(tenant=tenant_a)
    give(tenant_a, officer, school, chair)
    with scope(tenant=tenant_a):
        elsewhere = done_visit(tenant_a, other)
        released_note(tenant_a, elsewhere, officer)
        draft = done_visit(tenant_a, school, label="Officer visit")
        written_note(tenant_a, draft, officer)
    client = client_for(chair.user)
    assert client.get(f"/t/{tenant_a.slug}/support/visits/{elsewhere.pk}/note/print/"
                      ).status_code == 403
    assert client.get(f"/t/{tenant_a.slug}/support/visits/{draft.pk}/note/print/"
                      ).status_code == 404
    assert client.get(f"/t/{tenant_a.slug}/support/schools/{other.urn}/notes/"
                      ).status_code == 403
    # Reading is all it gives: the note's answer stays the headteacher's.
    assert client.get(f"/t/{tenant_a.slug}/support/visits/{draft.pk}/note/respond/"
                      ).status_code == 403


def test_core_grants_answers_for_the_holder_only_between_its_dates(tenant_a, officer, school,
                                                                   chair, allowed):
    give(tenant_a, officer, school, chair, starts=2, ends=10)
    with scope(tenant=tenant_a):
        assert not grants.may(chair, SCHOOL_NOTES_READ, school, on=TODAY + timedelta(days=1))
        assert grants.may(chair, SCHOOL_NOTES_READ, school, on=TODAY + timedelta(days=2))
        assert not grants.may(chair, SCHOOL_NOTES_READ, school, on=TODAY + timedelta(days=10))


def test_an_officer_is_not_given_what_they_read_already(tenant_a, officer, school, allowed):
    with scope(tenant=tenant_a):
        colleague = membership(tenant_a, officer)
    with pytest.raises(ValidationError, match="Choose a governor"):
        give(tenant_a, officer, school, colleague)


def test_a_headteacher_cannot_give_access(tenant_a, head, school, chair, allowed):
    with pytest.raises(PermissionDenied):
        give(tenant_a, head, school, chair)


def test_an_officer_gives_access_from_the_page_only_to_dates_in_order(
        client_for, tenant_a, officer, school, chair, allowed):
    url = f"/t/{tenant_a.slug}/support/schools/{school.urn}/notes/access/"
    bad = client_for(officer).post(url, {"holder": chair.pk, "capacity": "Chair of governors",
                                         "starts_on": str(TODAY), "ends_on": str(TODAY)})
    assert bad.status_code == 400
    assert "The end must be after the start" in bad.content.decode()
    good = client_for(officer).post(url, {"holder": chair.pk, "capacity": "Chair of governors",
                                          "starts_on": str(TODAY),
                                          "ends_on": str(TODAY + timedelta(days=90))})
    assert good.status_code == 302
    with scopes_disabled():
        assert NotesGrant.objects.get().holder == chair
