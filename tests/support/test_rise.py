"""RISE cases (issue 13 item 5): officers record what DfE decided — tier, adviser, supporting
organisation, funding band and grant (external money), plan, stage with its history, termly
reviews — for maintained schools and academies alike; the case shows beside the category for
officers and the school's own headteacher, never another school's."""

from datetime import date
from decimal import Decimal
from itertools import product

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from core.models import AuditEvent, Role
from funding.models import Commitment
from schools.models import Governance
from support.models import RiseCase, RiseCaseChange, RiseStage
from support.models.rise import STAGE_ORDER
from support.services import rise as services
from tests.factories import MembershipFactory, SchoolFactory, UserFactory, api_token_client

pytestmark = pytest.mark.django_db
OPENED = date(2026, 9, 7)


def open_case(tenant, actor, school, tier="targeted", **values):
    with scope(tenant=tenant):
        return services.rise_case_open(tenant=tenant, actor=actor, school=school, tier=tier,
                                       opened_on=OPENED, **values)


def move(tenant, actor, case, stage, note=""):
    with scope(tenant=tenant):
        return services.rise_stage_move(tenant=tenant, actor=actor, case=case, stage=stage,
                                        note=note)


def to_monitoring(tenant, actor, case):
    with scope(tenant=tenant):
        services.rise_case_update(tenant=tenant, actor=actor, case=case,
                                  supporting_organisation="Northfield Trust",
                                  plan="Reading across KS1; attendance.")
    for stage in STAGE_ORDER[1:]:
        case = move(tenant, actor, case, stage)
    return case


@pytest.mark.parametrize("governance", [Governance.MAINTAINED, Governance.ACADEMY])
def test_a_case_runs_from_identification_to_monitoring_with_its_history_for_any_school(
        tenant_a, officer, governance):
    school = SchoolFactory(tenant=tenant_a, establishment__la_code="865",
                           establishment__governance=governance)
    with scopes_disabled():
        commitments = Commitment.objects.count()
    case = open_case(tenant_a, officer, school, funding_band="Band B", grant="45000",
                     adviser="A. Adviser")
    case = to_monitoring(tenant_a, officer, case)
    with scope(tenant=tenant_a):
        services.rise_review(tenant=tenant_a, actor=officer, case=case,
                             reviewed_on=date(2026, 12, 10), progress="on_track",
                             summary="Phonics screening mock up 20 points.")
        case.refresh_from_db()
        history = list(RiseCaseChange.objects.filter(case=case).order_by("pk"))
    assert case.stage == RiseStage.MONITORING
    assert case.grant == Decimal("45000.00")
    stages = [(c.old_value, c.new_value) for c in history if c.field == "stage"]
    assert stages == [("", "identification"), *zip(STAGE_ORDER, STAGE_ORDER[1:], strict=False)]
    assert {c.changed_by.user for c in history} == {officer}
    assert [(c.field, c.new_value) for c in history if c.field != "stage"] == [
        ("supporting_organisation", "Northfield Trust"),
        ("plan", "Reading across KS1; attendance.")]
    # DfE's grant is external money: nothing is committed from the council's funds.
    with scopes_disabled():
        assert Commitment.objects.count() == commitments


def test_one_open_case_per_school_and_a_closed_one_is_kept(tenant_a, officer, school):
    case = open_case(tenant_a, officer, school)
    with pytest.raises(ValidationError, match="already has an open RISE case"):
        open_case(tenant_a, officer, school)
    with scope(tenant=tenant_a):
        with pytest.raises(ValidationError) as refused:
            services.rise_case_close(tenant=tenant_a, actor=officer, case=case,
                                     closed_on=OPENED, note=" ")
        assert "note" in refused.value.message_dict
        services.rise_case_close(tenant=tenant_a, actor=officer, case=case,
                                 closed_on=date(2027, 7, 1), note="DfE support ended.")
        with pytest.raises(ValidationError, match="closed on 1 July 2027"):
            services.rise_stage_move(tenant=tenant_a, actor=officer, case=case,
                                     stage="diagnosis")
    again = open_case(tenant_a, officer, school, tier="structural")
    with scope(tenant=tenant_a):
        assert RiseCase.objects.filter(school=school).count() == 2
    assert again.is_open


def _case(stage, tier="targeted", organisation="Trust", plan="A plan") -> RiseCase:
    return RiseCase(stage=stage, tier=tier, supporting_organisation=organisation, plan=plan)


@pytest.mark.parametrize(("now", "to"), list(product(STAGE_ORDER, STAGE_ORDER)))
def test_the_stage_moves_one_step_forward_or_back_with_a_note(now, to):
    i, j = STAGE_ORDER.index(now), STAGE_ORDER.index(to)
    refusal = services.stage_refusal(_case(now), to, note="")
    if j == i + 1:
        assert refusal is None
    elif j < i:
        assert refusal == ("note", "Say why the case goes back to an earlier stage.")
        assert services.stage_refusal(_case(now), to, note="DfE re-diagnosed.") is None
    else:
        assert refusal is not None and refusal[0] == "stage"


def test_planning_needs_the_matched_organisation_and_approval_the_plan():
    assert services.stage_refusal(_case("matching", organisation=""), "planning", "") == (
        "stage", "Name the supporting organisation DfE matched before planning.")
    # A structural case (no supporting organisation matched) may plan without one.
    assert services.stage_refusal(_case("matching", tier="structural", organisation=""),
                                  "planning", "") is None
    assert services.stage_refusal(_case("planning", plan=" "), "approval", "") == (
        "stage", "Record the improvement plan before it goes to approval.")


def test_a_review_needs_an_approved_plan_and_a_change_something_changed(tenant_a, officer,
                                                                         school):
    case = open_case(tenant_a, officer, school)
    with scope(tenant=tenant_a):
        with pytest.raises(ValidationError, match="monitoring stage"):
            services.rise_review(tenant=tenant_a, actor=officer, case=case,
                                 reviewed_on=OPENED, progress="on_track", summary="x")
        with pytest.raises(ValidationError, match="Nothing changed"):
            services.rise_case_update(tenant=tenant_a, actor=officer, case=case,
                                      tier="targeted")
        with pytest.raises(ValidationError) as refused:
            services.rise_case_update(tenant=tenant_a, actor=officer, case=case, grant="lots")
        assert refused.value.message_dict == {"grant": ["Give a number."]}
        with pytest.raises(ValidationError) as refused:
            services.rise_case_update(tenant=tenant_a, actor=officer, case=case, tier="x")
        assert "tier" in refused.value.message_dict


def test_only_officers_record_and_never_for_another_tenants_school(tenant_a, personas,
                                                                   officer, head, school):
    with pytest.raises(PermissionDenied):
        open_case(tenant_a, head, school)
    with pytest.raises(ValidationError, match="register"):
        open_case(tenant_a, officer, personas["b"]["school"])
    case = open_case(tenant_a, officer, school)
    with pytest.raises(PermissionDenied):
        move(tenant_a, head, case, "diagnosis")
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="support.rise_case_opened").count() == 1


def test_the_case_shows_beside_the_category_for_officers_and_its_own_head_only(
        tenant_a, client_for, officer, head, school):
    case = open_case(tenant_a, officer, school, adviser="Pat Adviser",
                     supporting_organisation="Northfield Trust", funding_band="Band B",
                     grant="45000")
    category = reverse("categorisation:school-category", args=[tenant_a.slug, school.urn])
    detail = reverse("support:rise-detail", args=[tenant_a.slug, case.pk])
    for user in (officer, head):
        page = client_for(user).get(category).content.decode()
        assert 'data-testid="rise-panel"' in page and "Pat Adviser" in page
        assert "£45,000.00 DfE grant (external money" in page
        assert client_for(user).get(detail).status_code == 200
    other = SchoolFactory(tenant=tenant_a, establishment__la_code="865")
    other_head = MembershipFactory(tenant=tenant_a, role=Role.HEADTEACHER, school=other,
                                   user=UserFactory()).user
    assert client_for(other_head).get(detail).status_code == 403
    # No open case for the other school: its own category page has no panel.
    page = client_for(officer).get(reverse("categorisation:school-category",
                                           args=[tenant_a.slug, other.urn])).content.decode()
    assert 'data-testid="rise-panel"' not in page


def test_pages_open_move_and_show_the_history(tenant_a, client_for, officer, school):
    client = client_for(officer)
    response = client.post(reverse("support:rise-open", args=[tenant_a.slug, school.urn]),
                           {"opened_on": "2026-09-07", "tier": "targeted", "grant": "-5"})
    assert response.status_code == 400
    assert "DfE&#x27;s grant cannot be negative." in response.content.decode()
    response = client.post(reverse("support:rise-open", args=[tenant_a.slug, school.urn]),
                           {"opened_on": "2026-09-07", "tier": "targeted",
                            "adviser": "Pat Adviser"})
    with scope(tenant=tenant_a):
        case = RiseCase.objects.get(school=school)
    assert response.status_code == 302
    stage = reverse("support:rise-stage", args=[tenant_a.slug, case.pk])
    response = client.post(stage, {"stage": "matching"})
    assert response.status_code == 400
    assert "next is diagnosis" in response.content.decode()
    assert client.post(stage, {"stage": "diagnosis", "note": "DfE visit"}).status_code == 302
    page = client.get(reverse("support:rise-detail", args=[tenant_a.slug, case.pk]))
    history = page.content.decode().split('data-testid="rise-history"')[1]
    assert "Identification" in history and "Diagnosis" in history and "DfE visit" in history
    listing = client.get(reverse("support:rise-list", args=[tenant_a.slug])).content.decode()
    assert "Pat" not in listing and school.establishment.name in listing


def test_the_api_opens_moves_and_reads_a_case(tenant_a, officer, head, school):
    api = api_token_client(officer, tenant_a)
    base = f"/api/t/{tenant_a.slug}/support/"
    response = api.post(f"{base}schools/{school.urn}/rise/",
                        {"tier": "structural", "opened_on": "2026-09-07", "grant": "1000"},
                        format="json")
    assert response.status_code == 201, response.content
    case_id = response.json()["id"]
    assert response.json()["grant_is_external"] is True
    response = api.post(f"{base}rise/{case_id}/stage/", {"stage": "monitoring"}, format="json")
    assert response.status_code == 400
    assert "stage" in response.json()
    response = api.post(f"{base}rise/{case_id}/stage/", {"stage": "diagnosis"}, format="json")
    assert response.json()["stage"] == "diagnosis"
    response = api.patch(f"{base}rise/{case_id}/", {"adviser": "Sam"}, format="json")
    assert [(h["field"], h["new_value"]) for h in response.json()["history"]] == [
        ("stage", "identification"), ("stage", "diagnosis"), ("adviser", "Sam")]
    head_api = api_token_client(head, tenant_a)
    assert head_api.get(f"{base}rise/{case_id}/").json()["adviser"] == "Sam"
    assert head_api.patch(f"{base}rise/{case_id}/", {"adviser": "X"},
                          format="json").status_code == 403


def test_the_list_and_its_download_issue_the_same_queries_for_1_case_as_for_12(
        tenant_a, client_for, officer, school):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(officer)
    urls = [reverse("support:rise-list", args=[tenant_a.slug]),
            reverse("support:rise-list-export", args=[tenant_a.slug]) + "?format=csv"]
    open_case(tenant_a, officer, school)

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured))
        return found

    counts()
    with_1 = counts()
    for _ in range(11):
        open_case(tenant_a, officer, SchoolFactory(tenant=tenant_a,
                                                   establishment__la_code="865"))
    assert counts() == with_1
