"""Support plan pages: a school's plan (its actions with owners, due dates and RAG, overdue
flagged; with its download) for officers and the school's headteacher, an officer adding an
action, one action with its history, and moving it on (officers; the action's owner). Thin:
the rules live in `support.services.plans` and `core.actions`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from core.downloads import ListDownload, page_or_download
from core.exports import Column
from core.forms import ActionProgressForm
from core.models import Membership, Role
from core.permissions import VISITS_RECORD, VISITS_VIEW, has
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from support.forms_plans import PlanActionForm
from support.models import SupportPlanAction
from support.permissions import is_head_of, plan_action_for, school_for_visits
from support.selectors import plans as reads
from support.services import plans as services
from support.views._common import NAV, form_page, not_allowed

PLAN = ListDownload("support-plan", "Support plan", (
    Column("Action", lambda row: row.action.description),
    Column("Owner", lambda row: str(row.action.owner.user) if row.action.owner
           else row.action.owner_name),
    Column("Due", lambda row: row.action.due_date),
    Column("Progress", lambda row: row.action.get_status_display()),
    Column("RAG", lambda row: row.action.get_rag_display()),
    Column("Overdue", lambda row: "Yes" if row.is_overdue else "No"),
    Column("Latest update", lambda row: row.action.progress_note),
))


def plan_url(request: TenantRequest, urn: int) -> str:
    return reverse("support:support-plan", args=[request.tenant.slug, urn])


def action_url(request: TenantRequest, action: SupportPlanAction) -> str:
    return reverse("support:plan-action-detail", args=[request.tenant.slug, action.pk])


@tenant_view()
def support_plan(request: TenantRequest, urn: int, export: bool = False) -> HttpResponse:
    school = school_for_visits(membership=request.membership, urn=urn)
    if request.method != "GET":
        return not_allowed("GET")
    today = timezone.localdate()
    rows = reads.plan_rows(school=school, today=today)
    officer = has(request.membership, VISITS_VIEW)
    return page_or_download(request, "support/support_plan.html", {
        "school": school, "rows": rows,
        "reasons": reads.support_reasons(tenant=request.tenant, school=school, today=today),
        "can_add": has(request.membership, VISITS_RECORD),
        "nav_section": NAV if officer else "own-school"}, rows=rows, download=PLAN,
        export=export)


def _owners(request: TenantRequest) -> list[tuple[int, str]]:
    members = (Membership.objects.filter(is_active=True, role__in=[
        Role.ADMIN, Role.OFFICER, Role.HEADTEACHER]).select_related("user")
        .order_by("user__full_name", "user__email"))
    return [(m.pk, f"{m.user} ({m.get_role_display().lower()})") for m in members]


@tenant_view(VISITS_RECORD)
def plan_action_create(request: TenantRequest, urn: int) -> HttpResponse:
    school = school_for_visits(membership=request.membership, urn=urn)
    owners = _owners(request)
    form = PlanActionForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        owner_id = values.pop("owner")
        owner = Membership.objects.filter(pk=owner_id, is_active=True).first() \
            if owner_id else None
        if owner_id and owner is None:
            form.add_error("owner", "Choose a member of this partnership.")
        else:
            try:
                action = services.plan_action_add(tenant=request.tenant, actor=request.user,
                                                  school=school, owner=owner, **values)
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, "Action added to the support plan.")
                return redirect(action_url(request, action))
    return form_page(request, form, heading="Add an action to the support plan",
                     button="Add the action", back_url=plan_url(request, urn), school=school)


@tenant_view()
def plan_action_detail(request: TenantRequest, plan_action_id: int) -> HttpResponse:
    action = plan_action_for(membership=request.membership, action_id=plan_action_id)
    if request.method != "GET":
        return not_allowed("GET")
    today = timezone.localdate()
    officer = has(request.membership, VISITS_VIEW)
    return render(request, "support/plan_action_detail.html", {
        "action": action, "school": action.school, "is_overdue": action.is_overdue(today),
        "history": reads.history_of(action),
        "may_progress": services.may_progress(request.membership, action),
        "sees_plan": officer or is_head_of(request.membership, action.school),
        "nav_section": NAV if officer else "own-school"})


@tenant_view()
def plan_action_progress(request: TenantRequest, plan_action_id: int) -> HttpResponse:
    action = plan_action_for(membership=request.membership, action_id=plan_action_id)
    if not services.may_progress(request.membership, action):
        raise PermissionDenied("Only officers and the action's owner record its progress.")
    form = ActionProgressForm(request.POST or None,
                              initial={"status": action.status, "rag": action.rag})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_action_progress(tenant=request.tenant, actor=request.user,
                                          action=action, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Progress recorded.")
            return redirect(action_url(request, action))
    return form_page(request, form, heading="Record progress", button="Save the update",
                     back_url=action_url(request, action), school=action.school,
                     intro=action.description)
