"""Conflict checks on a RISE case's adviser and supporting organisation (issue 13 item 5): where
the free text names a system leader of the directory, or a school or trust of the register,
brokering's conflict rules apply; a conflict is refused with the rule's reason unless the
officer records why DfE's choice stands, which the case history and the audit log keep."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from core.models import AuditEvent, Role
from partnerships.models import SystemLeaderDesignation
from support.models import RiseCase, RiseCaseChange
from support.services import brokering
from support.services import rise as services
from tests.factories import MembershipFactory, SchoolFactory
from tests.support.conftest import membership

pytestmark = pytest.mark.django_db
OPENED = date(2026, 9, 7)


@pytest.fixture
def adviser(tenant_a, officer):
    """An NLE (no capacity recorded: DfE, not the council, deploys them) heading a school of
    tenant A, named "Rita Adviser"."""
    person = MembershipFactory(tenant=tenant_a, role=Role.HEADTEACHER,
                               user__full_name="Rita Adviser")
    with scope(tenant=tenant_a):
        SystemLeaderDesignation.objects.create(tenant=tenant_a, person=person,
                                               designation="nle", designated_on=date(2023, 1, 1),
                                               evidence="DfE letter")
        brokering.employment_set(tenant=tenant_a, actor=officer, person=person,
                                 school=person.headship.school)
    return person


def open_case(tenant, actor, school, **values):
    with scope(tenant=tenant):
        return services.rise_case_open(tenant=tenant, actor=actor, school=school,
                                       tier="targeted", opened_on=OPENED, **values)


def test_an_adviser_from_outside_the_directory_is_not_checked(tenant_a, officer, school):
    case = open_case(tenant_a, officer, school, adviser="DfE RISE adviser (North West)")
    assert case.adviser == "DfE RISE adviser (North West)"


def test_an_adviser_with_a_declared_interest_in_the_school_is_refused_with_the_reason(
        tenant_a, officer, school, adviser):
    with scope(tenant=tenant_a):
        brokering.interest_declare(tenant=tenant_a, actor=officer, person=adviser,
                                   school=school, description="Governor there.")
    with pytest.raises(ValidationError, match="They declared an interest in") as refused:
        open_case(tenant_a, officer, school, adviser="rita  adviser")
    assert "adviser" in refused.value.message_dict
    with scopes_disabled():
        assert not RiseCase.objects.exists()


def test_an_adviser_heading_the_school_itself_is_refused(tenant_a, officer, adviser):
    with pytest.raises(ValidationError, match="a school cannot support itself"):
        open_case(tenant_a, officer, adviser.headship.school, adviser="Rita Adviser")


def test_a_supporting_school_in_the_same_trust_is_refused(tenant_a, officer, school):
    with scopes_disabled():
        school.establishment.trust_name = "Oak Trust"
        school.establishment.save()
    SchoolFactory(tenant=tenant_a, establishment__name="Elm Academy",
                  establishment__trust_name="Oak Trust")
    with pytest.raises(ValidationError, match="same trust") as refused:
        open_case(tenant_a, officer, school, supporting_organisation="Elm Academy")
    assert "supporting_organisation" in refused.value.message_dict


def test_the_schools_own_trust_as_supporting_organisation_is_refused(tenant_a, officer,
                                                                     school):
    with scopes_disabled():
        school.establishment.trust_name = "Oak Trust"
        school.establishment.save()
    with pytest.raises(ValidationError, match="same trust"):
        open_case(tenant_a, officer, school, supporting_organisation="OAK TRUST")


def test_a_supporting_organisation_employing_the_officer_is_refused(tenant_a, officer, school):
    other = SchoolFactory(tenant=tenant_a, establishment__name="Birch Primary")
    with scope(tenant=tenant_a):
        brokering.employment_set(tenant=tenant_a, actor=officer,
                                 person=membership(tenant_a, officer), school=other)
    with pytest.raises(ValidationError, match="also employs you"):
        open_case(tenant_a, officer, school, supporting_organisation="Birch Primary")


def test_a_school_without_a_conflict_is_accepted(tenant_a, officer, school):
    SchoolFactory(tenant=tenant_a, establishment__name="Birch Primary")
    case = open_case(tenant_a, officer, school, supporting_organisation="Birch Primary")
    assert case.supporting_organisation == "Birch Primary"


def test_an_officers_override_reason_lets_the_change_stand_and_is_kept(tenant_a, officer,
                                                                        school, adviser):
    with scope(tenant=tenant_a):
        brokering.interest_declare(tenant=tenant_a, actor=officer, person=adviser,
                                   school=school, description="Governor there.")
    case = open_case(tenant_a, officer, school)
    with scope(tenant=tenant_a):
        services.rise_case_update(tenant=tenant_a, actor=officer, case=case,
                                  adviser="Rita Adviser",
                                  conflict_override="DfE confirmed she stepped down in July.")
    with scopes_disabled():
        change = RiseCaseChange.objects.get(field="adviser")
        assert "They declared an interest in" in change.note
        assert "DfE confirmed she stepped down in July." in change.note
        event = AuditEvent.objects.get(action="support.rise_case_changed")
        assert event.changes["conflicts_overridden"][0].startswith("adviser Rita Adviser:")


def test_the_edit_page_names_the_conflict_on_the_field(client_for, tenant_a, officer, school,
                                                       adviser):
    with scope(tenant=tenant_a):
        brokering.interest_declare(tenant=tenant_a, actor=officer, person=adviser,
                                   school=school, description="Governor there.")
    case = open_case(tenant_a, officer, school)
    response = client_for(officer).post(
        f"/t/{tenant_a.slug}/support/rise/{case.pk}/edit/",
        {"tier": "targeted", "adviser": "Rita Adviser"})
    assert response.status_code == 400
    assert "has a conflict of interest as the adviser" in response.content.decode()
