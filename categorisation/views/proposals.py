"""The proposals queue and one proposal's page: officers review what the engine computed and
confirm it or override it with a reason. Thin: the rules live in `categorisation.workflow`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from categorisation import selectors, workflow
from categorisation.filters import ProposalFilter
from categorisation.forms import ConfirmForm, OverrideForm
from categorisation.models import CategoryProposal, SchemeCategory
from categorisation.schemes.wording import evidence_rows
from core.downloads import ListDownload, page_or_download
from core.exports import Column
from core.pagination import paginate
from core.permissions import CATEGORIES_DECIDE, CATEGORIES_VIEW
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view


@tenant_view(CATEGORIES_VIEW)
def proposal_list(request: TenantRequest, export: bool = False) -> HttpResponse:
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET"})
    filters = ProposalFilter(request.GET or None, tenant=request.tenant)
    # An unknown choice (another tenant's scheme, a stale link) shows the whole queue with
    # the form's error, never someone else's rows.
    proposals = filters.qs if filters.is_valid() else filters.queryset
    page, query_string = paginate(request, proposals)
    form = filters.form
    return page_or_download(request, "categorisation/proposals/list.html", {
        "form": form, "page": page, "proposals": list(page.object_list),
        "query_string": query_string, "nav_section": "categories",
        "filtered": filters.is_narrowed,
    }, rows=proposals, download=PROPOSALS, export=export, status=400 if form.errors else 200)


PROPOSALS = ListDownload("category-proposals", "Proposed categories", (
    Column("URN", lambda p: p.school.establishment_id),
    Column("School", lambda p: p.school.establishment.name),
    Column("Phase", lambda p: p.school.establishment.get_phase_display()),
    Column("Maintained or academy", lambda p: p.school.establishment.get_governance_display()),
    Column("Current category",
           lambda p: p.previous_category.code if p.previous_category else "No category"),
    Column("Proposed category", lambda p: str(p.proposed)),
    Column("Scheme", lambda p: p.scheme.name),
    Column("Why", lambda p: "; ".join(p.reasons)),
    Column("Link adviser", lambda p: str(p.school.link_adviser.user)
           if p.school.link_adviser else ""),
    Column("Proposed on", lambda p: p.created_at.date()),
))


def _proposal(category_proposal_id: int) -> CategoryProposal:
    # The scope is active: another tenant's proposal is not found (404).
    try:
        return selectors.proposal_detail(proposal_id=category_proposal_id)
    except CategoryProposal.DoesNotExist:
        return get_object_or_404(CategoryProposal, pk=0)


def _render_proposal(request: HttpRequest, proposal: CategoryProposal, *,
                     confirm_form: ConfirmForm | None = None,
                     override_form: OverrideForm | None = None,
                     status: int = 200) -> HttpResponse:
    categories = SchemeCategory.objects.filter(scheme=proposal.scheme).order_by("position")
    timing = selectors.inspection_timing(
        tenant=request.tenant, school=proposal.school, today=proposal.created_at.date())
    in_force = workflow.category_in_force(tenant=request.tenant, school=proposal.school)
    return render(request, "categorisation/proposals/detail.html", {
        "proposal": proposal, "school": proposal.school,
        "establishment": proposal.school.establishment, "in_force": in_force,
        "evidence": evidence_rows(proposal.evidence),
        "inspections": timing.history[:5],
        "indicators": timing.indicators[:30],
        "confirm_form": confirm_form or ConfirmForm(),
        "override_form": override_form or OverrideForm(categories=categories),
        "can_decide": CATEGORIES_DECIDE in request.tenant_permissions,
        "is_open": proposal.status == CategoryProposal.Status.OPEN,
        "nav_section": "categories",
    }, status=status)


@tenant_view(CATEGORIES_VIEW)
def proposal_detail(request: HttpRequest, category_proposal_id: int) -> HttpResponse:
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET"})
    return _render_proposal(request, _proposal(category_proposal_id))


@tenant_view(CATEGORIES_DECIDE)
@require_POST
def proposal_confirm(request: HttpRequest, category_proposal_id: int) -> HttpResponse:
    proposal = _proposal(category_proposal_id)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            step = workflow.proposal_confirm(tenant=request.tenant, actor=request.user,
                                             proposal=proposal, note=form.cleaned_data["note"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Confirmed category {step.category.code} "
                                      f"{step.category.label} for {proposal.school}.")
            return redirect("categorisation:category-proposal-list", request.tenant.slug)
    return _render_proposal(request, proposal, confirm_form=form, status=400)


@tenant_view(CATEGORIES_DECIDE)
@require_POST
def proposal_override(request: HttpRequest, category_proposal_id: int) -> HttpResponse:
    proposal = _proposal(category_proposal_id)
    categories = SchemeCategory.objects.filter(scheme=proposal.scheme).order_by("position")
    form = OverrideForm(request.POST, categories=categories)
    if form.is_valid():
        try:
            step = workflow.proposal_override(
                tenant=request.tenant, actor=request.user, proposal=proposal,
                category=form.cleaned_data["category"], reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Set category {step.category.code} "
                                      f"{step.category.label} for {proposal.school}.")
            return redirect("categorisation:category-proposal-list", request.tenant.slug)
    return _render_proposal(request, proposal, override_form=form, status=400)
