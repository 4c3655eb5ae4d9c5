"""Reads of support plans: why a school is in support (what lets an officer give it a plan),
its plan's actions (a fixed number of queries, whatever the rows), one action with its history,
and the actions the digest and "waiting for you" name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from categorisation.published import entitlements_in_force
from core.actions import fell_overdue, owned_due_soon
from core.models import Membership, Tenant
from core.years import AcademicYear
from schools.models import School
from support.models import (
    Deployment,
    DeploymentStatus,
    RiseCase,
    SupportPlanAction,
    SupportPlanActionUpdate,
)


def support_reasons(*, tenant: Tenant, school: School, today: date) -> list[str]:
    """Why the school is in support, in words ([]: it is not): an open RISE case, support
    brokered and not ended, or a category in force that entitles it to support days this
    year. Three or four queries."""
    reasons = []
    case = RiseCase.objects.filter(school=school, closed_on__isnull=True).first()
    if case is not None:
        reasons.append(f"a RISE case ({case.get_tier_display().lower()} tier)")
    if Deployment.objects.filter(school=school).exclude(
            status=DeploymentStatus.ENDED).exists():
        reasons.append("support brokered from a system leader")
    entitlement = entitlements_in_force(
        tenant=tenant, academic_year=AcademicYear.of(today).start_year,
        schools=[school]).get(school.pk)
    if entitlement is not None and entitlement.days > 0:
        reasons.append(f"category {entitlement.category_code}, entitled to "
                       f"{entitlement.days} support days this year")
    return reasons


@dataclass(frozen=True)
class PlanRow:
    action: SupportPlanAction
    is_overdue: bool


def plan_actions(school: School) -> QuerySet[SupportPlanAction]:
    return (SupportPlanAction.objects.filter(school=school)
            .select_related("owner__user", "school__establishment"))


def plan_rows(*, school: School, today: date) -> list[PlanRow]:
    """The plan's actions, open ones soonest due first (undated last), then the closed ones;
    overdue flagged. One query."""
    actions = list(plan_actions(school))
    actions.sort(key=lambda a: (a.status in ("done", "cancelled"), a.due_date is None,
                                a.due_date or today, a.pk))
    return [PlanRow(action, action.is_overdue(today)) for action in actions]


def plan_action_for(action_id: int) -> SupportPlanAction:
    action = (SupportPlanAction.objects.filter(pk=action_id)
              .select_related("owner__user", "school__establishment").first())
    if action is None:
        raise Http404("No such action.")
    return action


def history_of(action: SupportPlanAction) -> list[SupportPlanActionUpdate]:
    return list(action.updates.select_related("author"))


def owned_due(*, membership: Membership, today: date) -> QuerySet[SupportPlanAction]:
    """The open plan actions `membership` owns, overdue or due within the week."""
    return owned_due_soon(SupportPlanAction.objects.select_related("school__establishment"),
                          owner=membership, today=today)


def caseload_fell_overdue(*, membership: Membership, since: date,
                          today: date) -> QuerySet[SupportPlanAction]:
    """The open plan actions of the schools `membership` is link adviser to whose due date
    passed since the last digest, whoever owns them."""
    return (fell_overdue(SupportPlanAction.objects.filter(school__link_adviser=membership),
                         since=since, today=today)
            .select_related("school__establishment", "owner__user")
            .order_by("school__establishment__name", "due_date", "pk"))
