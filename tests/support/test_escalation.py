"""Escalation (issue 13 item 9): a school not engaging with agreed support is recorded with
dates and evidence; a maintained school's page shows the council's statutory options (warning
notice, IEB) and DfE's academy order — a duty before 29 June 2026, a power from that day; an
academy's shows liaison with the trust and DfE. Steps follow the date they were taken."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_scopes import scope

from categorisation.published import ACADEMY_ORDER_DUTY_REPEALED
from core.models import Membership, Role
from schools.models import Governance
from support.escalation import StepKind, next_steps, step_refusal
from support.models import Deployment, Escalation
from support.services import escalation as services
from support.services import rise
from tests.factories import SchoolFactory, api_token_client

pytestmark = pytest.mark.django_db
REPEAL = date(2026, 6, 29)
BEFORE, FROM = REPEAL - timedelta(days=1), REPEAL


def test_the_repeal_date_is_the_one_the_flags_read():
    assert ACADEMY_ORDER_DUTY_REPEALED == REPEAL


@pytest.mark.parametrize(("on", "order"), [(BEFORE, StepKind.ACADEMY_ORDER_DUTY),
                                           (FROM, StepKind.ACADEMY_ORDER_POWER),
                                           (date(2027, 3, 1), StepKind.ACADEMY_ORDER_POWER)])
def test_a_maintained_schools_options_follow_the_date(on, order):
    kinds = [s.kind for s in next_steps(is_maintained=True, on=on, repealed_from=REPEAL)]
    assert kinds == [StepKind.EVIDENCE, StepKind.WARNING_NOTICE, StepKind.IEB, order]


@pytest.mark.parametrize("on", [BEFORE, FROM])
def test_an_academys_options_are_liaison_whatever_the_date(on):
    kinds = [s.kind for s in next_steps(is_maintained=False, on=on, repealed_from=REPEAL)]
    assert kinds == [StepKind.EVIDENCE, StepKind.TRUST_LIAISON, StepKind.DFE_LIAISON,
                     StepKind.DFE_ACTION]
    assert "no statutory power" in step_refusal(kind="warning_notice", is_maintained=False,
                                                on=on, repealed_from=REPEAL)


def test_the_duty_and_the_power_are_each_refused_on_the_wrong_side_of_the_repeal():
    assert step_refusal(kind="academy_order_duty", is_maintained=True, on=BEFORE,
                        repealed_from=REPEAL) is None
    assert "repealed from 29 June 2026" in step_refusal(
        kind="academy_order_duty", is_maintained=True, on=FROM, repealed_from=REPEAL)
    assert step_refusal(kind="academy_order_power", is_maintained=True, on=FROM,
                        repealed_from=REPEAL) is None
    assert "had a duty" in step_refusal(kind="academy_order_power", is_maintained=True,
                                        on=BEFORE, repealed_from=REPEAL)


def school_in_support(tenant, officer, governance=Governance.MAINTAINED):
    school = SchoolFactory(tenant=tenant, establishment__la_code=tenant.la_codes[0],
                           establishment__governance=governance)
    with scope(tenant=tenant):
        rise.rise_case_open(tenant=tenant, actor=officer, school=school, tier="targeted",
                            opened_on=date(2026, 1, 5))
    return school


def escalate(tenant, officer, school, opened_on=date(2026, 5, 1)):
    with scope(tenant=tenant):
        return services.escalation_open(
            tenant=tenant, actor=officer, school=school,
            agreed_support="Weekly maths coaching from the NLE, agreed 12 January 2026.",
            evidence="Coaching cancelled 3, 10 and 17 March; no reply to two letters.",
            noticed_on=date(2026, 3, 3), opened_on=opened_on)


def step(tenant, officer, escalation, kind, on):
    with scope(tenant=tenant):
        return services.escalation_step(tenant=tenant, actor=officer, escalation=escalation,
                                        kind=kind, taken_on=on, note="Done, see letter.")


def test_a_maintained_schools_steps_follow_the_date_they_were_taken(tenant_a, officer):
    escalation = escalate(tenant_a, officer, school_in_support(tenant_a, officer))
    step(tenant_a, officer, escalation, "warning_notice", date(2026, 5, 10))
    step(tenant_a, officer, escalation, "academy_order_duty", BEFORE)
    with pytest.raises(ValidationError) as refused:
        step(tenant_a, officer, escalation, "academy_order_duty", FROM)
    assert "repealed" in refused.value.message_dict["kind"][0]
    step(tenant_a, officer, escalation, "academy_order_power", FROM)
    with pytest.raises(ValidationError) as refused:
        step(tenant_a, officer, escalation, "trust_liaison", FROM)
    assert "for an academy" in refused.value.message_dict["kind"][0]
    with scope(tenant=tenant_a):
        assert list(escalation.steps.values_list("kind", "taken_on")) == [
            ("warning_notice", date(2026, 5, 10)), ("academy_order_duty", BEFORE),
            ("academy_order_power", FROM)]


def test_an_escalation_needs_agreed_support_evidence_and_an_officer(tenant_a, officer, head,
                                                                    school):
    with pytest.raises(ValidationError, match="no agreed support to escalate"):
        escalate(tenant_a, officer, school)
    supported = school_in_support(tenant_a, officer)
    with pytest.raises(PermissionDenied):
        escalate(tenant_a, head, supported)
    with scope(tenant=tenant_a):
        with pytest.raises(ValidationError) as refused:
            services.escalation_open(tenant=tenant_a, actor=officer, school=supported,
                                     agreed_support="x", evidence=" ",
                                     noticed_on=date(2026, 3, 1), opened_on=date(2026, 4, 1))
        assert "evidence" in refused.value.message_dict
    escalation = escalate(tenant_a, officer, supported)
    with pytest.raises(ValidationError, match="already has an open escalation"):
        escalate(tenant_a, officer, supported)
    with pytest.raises(ValidationError) as refused:
        step(tenant_a, officer, escalation, "evidence", date(2026, 4, 1))
    assert "taken_on" in refused.value.message_dict
    with scope(tenant=tenant_a):
        services.escalation_close(tenant=tenant_a, actor=officer, escalation=escalation,
                                  closed_on=date(2026, 7, 1), outcome="Engaging again.")
    with pytest.raises(ValidationError, match="closed on 1 July 2026"):
        step(tenant_a, officer, escalation, "evidence", date(2026, 7, 2))


@pytest.mark.parametrize(("governance", "shown", "hidden"), [
    (Governance.MAINTAINED, ["warning_notice", "ieb", "academy_order_power"],
     ["trust_liaison", "academy_order_duty"]),
    (Governance.ACADEMY, ["trust_liaison", "dfe_liaison", "dfe_action"],
     ["warning_notice", "ieb"]),
])
def test_the_page_shows_the_options_of_today_for_the_school(tenant_a, client_for, officer,
                                                            head, governance, shown, hidden):
    # Today (the suite runs after the repeal) a maintained school's academy order is a power.
    escalation = escalate(tenant_a, officer, school_in_support(tenant_a, officer, governance))
    url = reverse("support:escalation-detail", args=[tenant_a.slug, escalation.pk])
    page = client_for(officer).get(url).content.decode()
    for kind in shown:
        assert f'data-testid="next-step-{kind}"' in page
    for kind in hidden:
        assert f'data-testid="next-step-{kind}"' not in page
    assert client_for(head).get(url).status_code == 403


def test_the_step_page_names_the_field_and_the_api_records_steps(tenant_a, client_for,
                                                                 officer):
    school = school_in_support(tenant_a, officer)
    escalation = escalate(tenant_a, officer, school)
    url = reverse("support:escalation-step", args=[tenant_a.slug, escalation.pk])
    response = client_for(officer).post(url, {"kind": "academy_order_duty",
                                              "taken_on": "2026-07-01", "note": "Order."})
    assert response.status_code == 400
    assert "There is no duty to make an academy order on 1 July 2026" in \
        response.content.decode()
    api = api_token_client(officer, tenant_a)
    base = f"/api/t/{tenant_a.slug}/support/escalations/{escalation.pk}/"
    response = api.post(base + "steps/", {"kind": "ieb", "taken_on": "2026-07-01",
                                          "note": "IEB constituted."}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert [s["kind"] for s in body["steps"]] == ["ieb"]
    assert [s["kind"] for s in body["next_steps"]] == [
        "evidence", "warning_notice", "ieb", "academy_order_power"]
    response = api.post(f"/api/t/{tenant_a.slug}/support/schools/{school.urn}/escalations/",
                        {"agreed_support": "x", "evidence": "y", "noticed_on": "2026-03-01",
                         "opened_on": "2026-04-01"}, format="json")
    assert response.status_code == 400 and "already has an open escalation" in \
        str(response.json())


def test_another_tenants_deployment_cannot_be_named(tenant_a, personas, officer):
    from decimal import Decimal

    from django_scopes import scopes_disabled

    from core.models import Membership
    from support.models import Deployment

    school = school_in_support(tenant_a, officer)
    with scopes_disabled():
        other = Deployment.objects.create(
            tenant=personas["b"]["school"].tenant, school=personas["b"]["school"],
            supporter=Membership.objects.get(user=personas["b"][Role.OFFICER]),
            objectives="x", days=Decimal("1"), cost=Decimal("1"), starts_on=BEFORE,
            ends_on=BEFORE)
    with scope(tenant=tenant_a), pytest.raises(ValidationError, match="not in this tenant"):
        services.escalation_open(tenant=tenant_a, actor=officer, school=school,
                                 agreed_support="x", evidence="y", noticed_on=BEFORE,
                                 opened_on=BEFORE, deployment=other)
    with scope(tenant=tenant_a):
        assert not Escalation.objects.exists()


def test_the_page_and_the_api_name_the_deployment_of_the_agreed_support(tenant_a, client_for,
                                                                        officer):
    school = school_in_support(tenant_a, officer)
    with scope(tenant=tenant_a):
        deployment = Deployment.objects.create(
            tenant=tenant_a, school=school, supporter=Membership.objects.get(user=officer),
            objectives="Maths coaching", days=Decimal("4"), cost=Decimal("1600"),
            starts_on=date(2026, 1, 12), ends_on=date(2026, 3, 27))
        escalation = services.escalation_open(
            tenant=tenant_a, actor=officer, school=school, agreed_support="Coaching.",
            evidence="Cancelled twice.", noticed_on=date(2026, 3, 3),
            opened_on=date(2026, 5, 1), deployment=deployment)
    url = reverse("support:escalation-detail", args=[tenant_a.slug, escalation.pk])
    page = client_for(officer).get(url).content.decode()
    assert f"Deployment of {officer}" in page
    data = client_for(officer).get(f"/api/t/{tenant_a.slug}/support/escalations/"
                                   f"{escalation.pk}/").json()
    assert data["deployment"] == deployment.pk and data["school_name"] == school.establishment.name
