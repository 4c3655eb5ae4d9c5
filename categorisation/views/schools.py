"""A school's category page (officers: any school; a headteacher: their own), the school's
agreement or disagreement, and the moderation of disagreements. Thin: the rules live in
`categorisation.workflow` and `categorisation.permissions`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from categorisation import permissions, selectors, workflow
from categorisation.forms import AgreeForm, DisagreeForm, ModerationForm
from categorisation.models import ModerationCase, SchemeCategory
from categorisation.schemes.wording import evidence_rows
from categorisation.selectors.judgements import judgement_disagreements
from categorisation.views.judgement_panels import judgement_panels, refused_forms
from core.approvals import approvals_of
from core.downloads import ListDownload, download_links, list_download
from core.exports import Column
from core.permissions import CATEGORIES_VIEW
from core.refusals import show_refusal
from core.school_panels import panels_for
from core.tenancy import TenantRequest, tenant_view
from schools.models import School


def _method_not_allowed(allowed: str) -> HttpResponse:
    return HttpResponse(status=405, headers={"Allow": allowed})


def _render_school(request: HttpRequest, school: School, *, agree_form=None,
                   disagree_form=None, judgement_forms: dict | None = None,
                   status: int = 200) -> HttpResponse:
    overview = selectors.school_category_overview(
        tenant=request.tenant, school=school, today=timezone.localdate())
    own = permissions.is_own_school(membership=request.membership, school=school)
    return render(request, "categorisation/school/detail.html", {
        "overview": overview, "school": school, "establishment": school.establishment,
        "step": overview.in_force,
        "evidence": evidence_rows(overview.in_force.evidence) if overview.in_force else [],
        "is_own_school": own,
        "is_officer": CATEGORIES_VIEW in request.tenant_permissions,
        "can_respond": own and overview.can_respond,
        "agree_form": agree_form or AgreeForm(),
        "disagree_form": disagree_form or DisagreeForm(),
        "can_moderate": permissions.may_moderate(request.membership),
        "judgements": judgement_panels(request, school, is_own_school=own,
                                       bound=judgement_forms),
        "judgement_refusals": refused_forms(judgement_forms),
        # What apps above categorisation show beside the category (a RISE case).
        "panels": panels_for(request, school),
        "nav_section": "own-category" if own else "categories",
    }, status=status)


@tenant_view()
def school_category(request: HttpRequest, urn: int) -> HttpResponse:
    school = permissions.school_for_category(membership=request.membership, urn=urn)
    if request.method != "GET":
        return _method_not_allowed("GET")
    return _render_school(request, school)


@tenant_view()
def school_category_agree(request: HttpRequest, urn: int) -> HttpResponse:
    school = permissions.school_for_category(membership=request.membership, urn=urn)
    if not permissions.is_own_school(membership=request.membership, school=school):
        raise PermissionDenied("Only the school's headteacher responds to its category.")
    if request.method != "POST":
        return _method_not_allowed("POST")
    form = AgreeForm(request.POST)
    if form.is_valid():
        try:
            workflow.category_agree(tenant=request.tenant, actor=request.user, school=school,
                                    note=form.cleaned_data["note"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "You agreed with your school's category.")
            return redirect("categorisation:school-category", request.tenant.slug, urn)
    return _render_school(request, school, agree_form=form, status=400)


@tenant_view()
def school_category_disagree(request: HttpRequest, urn: int) -> HttpResponse:
    school = permissions.school_for_category(membership=request.membership, urn=urn)
    if not permissions.is_own_school(membership=request.membership, school=school):
        raise PermissionDenied("Only the school's headteacher responds to its category.")
    if request.method != "POST":
        return _method_not_allowed("POST")
    form = DisagreeForm(request.POST)
    if form.is_valid():
        try:
            workflow.category_disagree(tenant=request.tenant, actor=request.user,
                                       school=school, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "You disagreed with your school's category. A senior "
                                      "officer or the board will moderate it.")
            return redirect("categorisation:school-category", request.tenant.slug, urn)
    return _render_school(request, school, disagree_form=form, status=400)


# --- Moderation -------------------------------------------------------------------------------


@tenant_view()
def moderation_list(request: TenantRequest, export: bool = False) -> HttpResponse:
    permissions.require_moderation(request.membership)
    if request.method != "GET":
        return _method_not_allowed("GET")
    cases = list(selectors.moderation_cases(tenant=request.tenant))
    judgement_cases = list(judgement_disagreements(tenant=request.tenant))
    if export:
        return list_download(request, rows=[*cases, *judgement_cases], download=DISAGREEMENTS)
    decided = list(selectors.moderation_cases(tenant=request.tenant,
                                              status=ModerationCase.Status.DECIDED)[:20])
    # The board decision behind a case the board decided (boards answers, one query).
    found = approvals_of("categorisation.moderation", tenant=request.tenant,
                         ids=[case.pk for case in decided])
    for case in decided:
        case.approval = found.get(case.pk)  # type: ignore[attr-defined]
    return render(request, "categorisation/school/moderation_list.html", {
        "cases": cases,
        "decided": decided,
        "judgement_cases": judgement_cases,
        "nav_section": "categories", "downloads": download_links(request),
    })


def _is_category(row: Any) -> bool:
    return isinstance(row, ModerationCase)


# The disagreements waiting, categories then capacity levels, as the two tables list them.
DISAGREEMENTS = ListDownload("disagreements", "Disagreements to moderate", (
    Column("School", lambda row: row.school.establishment.name),
    Column("Disagreement with", lambda row: "Category" if _is_category(row) else
           "Capacity level"),
    Column("Category or level", lambda row: f"{row.disagreement.category.code} "
           f"{row.disagreement.category.label}" if _is_category(row) else row.value),
    Column("The school's reason", lambda row: row.disagreement.reason if _is_category(row)
           else row.note),
    Column("Since", lambda row: row.opened_at if _is_category(row) else row.entered_at),
))


@tenant_view()
def moderation_decide(request: HttpRequest, moderation_case_id: int) -> HttpResponse:
    permissions.require_moderation(request.membership)
    try:
        case = selectors.moderation_case(case_id=moderation_case_id)
    except ModerationCase.DoesNotExist:
        case = get_object_or_404(ModerationCase, pk=0)
    categories = SchemeCategory.objects.filter(
        scheme_id=case.disagreement.scheme_id).order_by("position")
    board_only = permissions.records_board_decisions_only(request.tenant_permissions)
    form = ModerationForm(request.POST or None, categories=categories, board_only=board_only,
                          initial={"category": case.disagreement.category_id})
    if request.method == "POST" and form.is_valid():
        try:
            workflow.moderation_decide(
                tenant=request.tenant, actor=request.user, case=case,
                category=form.cleaned_data["category"], reason=form.cleaned_data["reason"],
                by_board=form.cleaned_data["by_board"],
                board_name=form.cleaned_data["board_name"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Recorded the moderation of {case.school}.")
            return redirect("categorisation:category-moderation-list", request.tenant.slug)
    return render(request, "categorisation/school/moderation_decide.html", {
        "case": case, "school": case.school, "form": form, "board_only": board_only,
        "disagreement": case.disagreement,
        "is_open": case.status == ModerationCase.Status.OPEN,
        "evidence": evidence_rows(case.disagreement.evidence),
        "nav_section": "categories",
    }, status=400 if form.errors else 200)
