"""Support plans (issue 13 item 8): a school in support has actions on the core action model
(owner, due date, progress, RAG, every update kept); overdue ones wait for their owner and the
link adviser hears in the digest of those that fell overdue; pages, download and API."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from core.models import Membership, Role
from core.notifications import digest_for, waiting_for
from schools.models import School
from support.models import Deployment, DeploymentStatus, SupportPlanAction
from support.services import plans as services
from support.services import rise
from tests.factories import MembershipFactory, SchoolFactory, UserFactory, api_token_client
from tests.support.conftest import TODAY

pytestmark = pytest.mark.django_db


def membership(tenant, user) -> Membership:
    with scopes_disabled():
        return Membership.objects.get(tenant=tenant, user=user)


def in_support(tenant, officer, school):
    """The school's RISE case puts it in support."""
    with scope(tenant=tenant):
        rise.rise_case_open(tenant=tenant, actor=officer, school=school, tier="targeted",
                            opened_on=TODAY)


def add(tenant, officer, school, *, due=None, owner=None, description="Reading audit",
        owner_name="Trust English lead"):
    with scope(tenant=tenant):
        return services.plan_action_add(tenant=tenant, actor=officer, school=school,
                                        description=description, due_date=due, owner=owner,
                                        owner_name="" if owner else owner_name)


def other_head(tenant):
    school = SchoolFactory(tenant=tenant, establishment__la_code=tenant.la_codes[0])
    return MembershipFactory(tenant=tenant, role=Role.HEADTEACHER, school=school,
                             user=UserFactory())


def test_only_a_school_in_support_gets_a_plan_and_the_refusal_says_why(
        tenant_a, officer, school, personas):
    with pytest.raises(ValidationError, match="is not in support"):
        add(tenant_a, officer, school)
    # Support brokered and not ended puts a school in support; an ended deployment does not.
    supporter = membership(tenant_a, personas["a"][Role.ADMIN])
    with scope(tenant=tenant_a):
        deployment = Deployment.objects.create(
            tenant=tenant_a, school=school, supporter=supporter, objectives="Maths.",
            days=Decimal("3"), cost=Decimal("900"), starts_on=TODAY, ends_on=TODAY,
            status=DeploymentStatus.ENDED)
    with pytest.raises(ValidationError, match="is not in support"):
        add(tenant_a, officer, school)
    with scope(tenant=tenant_a):
        Deployment.objects.filter(pk=deployment.pk).update(status=DeploymentStatus.AGREED)
    assert add(tenant_a, officer, school).school == school


def test_officers_add_and_the_owner_or_an_officer_moves_it_on(tenant_a, officer, head,
                                                              school):
    in_support(tenant_a, officer, school)
    leader = other_head(tenant_a)
    with pytest.raises(PermissionDenied):
        add(tenant_a, head, school)
    action = add(tenant_a, officer, school, owner=leader, due=TODAY + timedelta(days=30))
    with scope(tenant=tenant_a):
        # The school's own head does not own it: refused; its owner (a system leader from
        # another school) moves it on; every update is kept.
        with pytest.raises(PermissionDenied):
            services.plan_action_progress(tenant=tenant_a, actor=head, action=action,
                                          status="in_progress")
        services.plan_action_progress(tenant=tenant_a, actor=leader.user, action=action,
                                      status="in_progress", rag="amber", note="Started.")
        services.plan_action_progress(tenant=tenant_a, actor=officer, action=action,
                                      status="done", rag="green")
        action.refresh_from_db()
        updates = [(u.status, u.rag, u.author) for u in action.updates.all()]
    assert updates == [("in_progress", "amber", leader.user), ("done", "green", officer)]
    assert action.completed_at is not None


def test_an_overdue_or_soon_due_action_waits_for_its_owner_only(tenant_a, officer, school):
    in_support(tenant_a, officer, school)
    leader = other_head(tenant_a)
    late = add(tenant_a, officer, school, owner=leader, due=TODAY - timedelta(days=2),
               description="Share the reading plan")
    soon = add(tenant_a, officer, school, owner=leader, due=TODAY + timedelta(days=7),
               description="Book the phonics training")
    add(tenant_a, officer, school, owner=leader, due=TODAY + timedelta(days=8),
        description="Later")
    done = add(tenant_a, officer, school, owner=leader, due=TODAY - timedelta(days=2),
               description="Done already")
    with scope(tenant=tenant_a):
        SupportPlanAction.objects.filter(pk=done.pk).update(status="done")
        items = [item for item in waiting_for(leader) if "support plan" in item.text]
        officers = [item for item in waiting_for(membership(tenant_a, officer))
                    if "support plan" in item.text]
    assert [item.url for item in items] == [
        reverse("support:plan-action-detail", args=[tenant_a.slug, late.pk]),
        reverse("support:plan-action-detail", args=[tenant_a.slug, soon.pk])]
    assert items[0].text.startswith(f"Overdue since {late.due_date:%-d %B %Y}: Share the")
    assert officers == []


def test_the_link_adviser_hears_of_exactly_the_actions_that_fell_overdue_since_the_digest(
        tenant_a, officer, school):
    me = membership(tenant_a, officer)
    with scope(tenant=tenant_a):
        School.objects.filter(pk=school.pk).update(link_adviser=me)
    other = SchoolFactory(tenant=tenant_a, establishment__la_code="865")
    in_support(tenant_a, officer, school)
    in_support(tenant_a, officer, other)
    since = TODAY - timedelta(days=7)
    fell = add(tenant_a, officer, school, due=TODAY - timedelta(days=3), description="Fell")
    add(tenant_a, officer, school, due=since - timedelta(days=1), description="Long overdue")
    add(tenant_a, officer, school, due=TODAY, description="Due today")
    add(tenant_a, officer, other, due=TODAY - timedelta(days=3), description="Not mine")
    with scope(tenant=tenant_a):
        lines = [line for line in digest_for(me, timezone.now() - timedelta(days=7))
                 if "Support plan" in line.text]
    assert [line.url for line in lines] == [
        reverse("support:plan-action-detail", args=[tenant_a.slug, fell.pk])]
    assert "(Trust English lead) was due" in lines[0].text


def test_the_plan_page_its_download_and_who_sees_it(tenant_a, client_for, officer, head,
                                                    school):
    in_support(tenant_a, officer, school)
    add(tenant_a, officer, school, due=TODAY - timedelta(days=1), description="Late one")
    url = reverse("support:support-plan", args=[tenant_a.slug, school.urn])
    for user in (officer, head):
        page = client_for(user).get(url).content.decode()
        assert "Late one" in page and "Overdue" in page and "a RISE case" in page
    assert client_for(other_head(tenant_a).user).get(url).status_code == 403
    csv_text = client_for(officer).get(url + "export/?format=csv").content.decode()
    assert "Late one,Trust English lead" in csv_text and ",Yes," in csv_text


def test_the_pages_add_and_move_an_action_on_naming_the_field(tenant_a, client_for, officer,
                                                              school):
    client = client_for(officer)
    create = reverse("support:plan-action-create", args=[tenant_a.slug, school.urn])
    response = client.post(create, {"description": "Audit", "owner_name": "Ms Lee"})
    assert response.status_code == 400 and "is not in support" in response.content.decode()
    in_support(tenant_a, officer, school)
    response = client.post(create, {"description": "Audit"})
    assert response.status_code == 400
    assert "Choose the owner or type their name." in response.content.decode()
    response = client.post(create, {"description": "Audit", "owner_name": "Ms Lee",
                                    "due_date": "2027-01-15", "rag": "amber"})
    assert response.status_code == 302
    with scope(tenant=tenant_a):
        action = SupportPlanAction.objects.get(school=school)
    assert (action.owner_name, action.due_date, action.rag) == ("Ms Lee", date(2027, 1, 15),
                                                                "amber")
    progress = reverse("support:plan-action-progress", args=[tenant_a.slug, action.pk])
    response = client.post(progress, {"status": "cancelled", "note": ""})
    assert response.status_code == 400 and "Say why the action is cancelled." in \
        response.content.decode()
    assert client.post(progress, {"status": "in_progress", "note": "Begun"}).status_code == 302


def test_the_api_adds_and_moves_an_action_on(tenant_a, officer, head, school):
    in_support(tenant_a, officer, school)
    api = api_token_client(officer, tenant_a)
    base = f"/api/t/{tenant_a.slug}/support/"
    me = membership(tenant_a, head)
    response = api.post(f"{base}schools/{school.urn}/support-plan/",
                        {"description": "Governors' visit", "owner": me.pk,
                         "due_date": "2027-02-01"}, format="json")
    assert response.status_code == 201, response.content
    action_id = response.json()["id"]
    head_api = api_token_client(head, tenant_a)
    response = head_api.post(f"{base}support-plan/actions/{action_id}/progress/",
                             {"status": "done", "rag": "green"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "done"
    assert [a["id"] for a in head_api.get(
        f"{base}schools/{school.urn}/support-plan/").json()] == [action_id]
    response = api.post(f"{base}schools/{school.urn}/support-plan/",
                        {"description": "X", "owner": 999999}, format="json")
    assert response.status_code == 400 and "owner" in response.json()


def test_the_plan_page_issues_the_same_queries_for_1_action_as_for_12(
        tenant_a, client_for, officer, school):
    in_support(tenant_a, officer, school)
    client = client_for(officer)
    url = reverse("support:support-plan", args=[tenant_a.slug, school.urn])
    leader = other_head(tenant_a)
    add(tenant_a, officer, school, owner=leader)
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    with_1 = count()
    for n in range(11):
        add(tenant_a, officer, school, owner=leader if n % 2 else None,
            due=TODAY + timedelta(days=n))
    assert count() == with_1


def test_no_member_of_another_tenant_owns_an_action(tenant_a, officer, school, personas):
    in_support(tenant_a, officer, school)
    with scopes_disabled():
        stranger = Membership.objects.get(user=personas["b"][Role.OFFICER])
    with pytest.raises(ValidationError, match="not in this tenant"):
        add(tenant_a, officer, school, owner=stranger)
