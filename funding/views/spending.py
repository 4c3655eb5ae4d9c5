"""Commitments and spend pages: a year's budgets with their balances and commitments, making a
commitment (with the overspend warning and an admin's override), a commitment with its spend,
approving and cancelling it, recording spend (with the warning past the commitment), and the
approval limit.

Who (funding.permissions): officers and the admin (FUNDING_VIEW) read; only the admin
(FUNDING_MANAGE) commits, approves, cancels and records spend — the finance officer is an
admin by default. Headteachers, board members and viewers see nothing of commitments (403),
not even those with their own school: what a council pays a school is the council's ledger."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from core.downloads import list_download, page_or_download
from core.kept import kept
from core.models import Tenant
from core.permissions import FUNDING_MANAGE, FUNDING_VIEW
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from funding.forms import (
    ApproveForm,
    CommitmentForm,
    FundingSettingsForm,
    ReasonForm,
    SpendForm,
)
from funding.models import NO_PENCE, Commitment, CommitmentStatus, FundingYear
from funding.selectors.kept import MONEY_TTL, balances_for, kept_balances
from funding.selectors.spending import (
    budget_for,
    commitment_for,
    committed_against,
    funding_settings,
    spend_of,
)
from funding.selectors.versions import funding_version
from funding.selectors.years import funding_year
from funding.services import spending as services
from funding.services.settings import funding_settings_update
from funding.services.spending import OverCommitmentWarning, OverspendRefused
from funding.views._common import NAV, form_page
from funding.views.downloads import COMMITMENTS


def commitment_url(request: TenantRequest, commitment: Commitment) -> str:
    return reverse("funding:commitment-detail", args=[request.tenant.slug, commitment.pk])


def _can_manage(request: TenantRequest) -> bool:
    return FUNDING_MANAGE in request.tenant_permissions


def _tables(tenant: Tenant, year: FundingYear, version: str) -> dict[str, object]:
    """The budgets' and commitments' tables drawn as HTML (and whether there are
    commitments), once per version of funding's data: a hundred budgets' rows took longer to
    draw than to read."""
    budgets, commitments = kept_balances(year, version=version)
    context = {"tenant": tenant, "year": year, "budgets": budgets, "commitments": commitments,
               "awaiting": [c for c in commitments if c.status == CommitmentStatus.REQUESTED]}
    return {"budgets": render_to_string("funding/_commitment_budgets.html", context),
            "rows": render_to_string("funding/_commitment_rows.html", context),
            "commitments": bool(commitments)}


@tenant_view(FUNDING_VIEW)
@require_GET
def commitment_list(request: TenantRequest, funding_year_id: int, export: bool = False
                    ) -> HttpResponse:
    """The year's budgets with budget, committed, spent and remaining, and every commitment.
    A fixed number of queries, whatever the number of budgets and commitments."""
    year = funding_year(funding_year_id)
    tenant = request.tenant
    version = funding_version(tenant)
    if export:
        return list_download(request, rows=kept_balances(year, version=version)[1],
                             download=COMMITMENTS)
    tables = kept(f"funding:commitment-tables:t{tenant.pk}:{version}:{year.pk}:{tenant.slug}",
                  lambda: _tables(tenant, year, version), ttl=MONEY_TTL)
    return page_or_download(request, "funding/commitment_list.html", {
        "year": year, "nav_section": NAV, "limit": funding_settings().approval_limit,
        "can_manage": _can_manage(request),
        "tables": {key: mark_safe(value) if isinstance(value, str) else value  # noqa: S308
                   for key, value in tables.items()}}, rows=[], download=COMMITMENTS)


@tenant_view(FUNDING_MANAGE)
def commitment_create(request: TenantRequest, funding_year_id: int) -> HttpResponse:
    year = funding_year(funding_year_id)
    # Kept to show the form, fresh when it is sent; the service checks the balance afresh.
    budgets, _ = balances_for(request, year)
    data = request.POST or None
    # The reason's box appears with the warning; given, it overrides.
    warned = bool(data and "override_reason" in data)
    form = CommitmentForm(data, budgets=budgets, warned=warned,
                          initial={"budget": request.GET.get("budget", "")})
    warning = ""
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        key = values.pop("budget")
        budget = next((b.target for b in budgets if b.key == key), None)
        try:
            if budget is None:
                raise ValidationError({"budget": "Choose one of the year's budgets."})
            commitment = services.commitment_create(tenant=request.tenant,
                                                    actor=request.user, budget=budget,
                                                    **values)
        except OverspendRefused as refused:
            if warned:
                show_refusal(form, refused, aliases={"amount": "override_reason"})
            else:
                form = CommitmentForm(data, budgets=budgets, warned=True)
                form.is_valid()
            warning = refused.messages[0]
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Committed £{commitment.amount:,} ({commitment.reference})"
                             + (": it waits for a second person's approval."
                                if commitment.status == CommitmentStatus.REQUESTED else "."))
            return redirect(commitment_url(request, commitment))
    return form_page(request, form, heading="Commit money against a budget",
                     button="Confirm and commit" if warning else "Commit", year=year,
                     back_url=reverse("funding:commitment-list",
                                      args=[request.tenant.slug, year.pk]),
                     warning=warning,
                     intro=f"Commitments of more than £{funding_settings().approval_limit:,} "
                           "(net of VAT) need a second person's approval.")


@tenant_view(FUNDING_VIEW)
@require_GET
def commitment_detail(request: TenantRequest, commitment_id: int) -> HttpResponse:
    commitment = commitment_for(commitment_id)
    budget = budget_for(commitment.budget_object, commitment.year)
    budget.committed = committed_against(budget)
    spend = spend_of(commitment)
    spent = sum((row.amount for row in spend), NO_PENCE)
    return render(request, "funding/commitment_detail.html", {
        "commitment": commitment, "year": commitment.year, "budget": budget, "spend": spend,
        "spent": spent, "over": max(spent - commitment.amount, NO_PENCE),
        "can_manage": _can_manage(request),
        "may_approve": _can_manage(request) and commitment.status == CommitmentStatus.REQUESTED
        and commitment.requested_by_id != request.user.pk, "nav_section": NAV})


def _back(request: TenantRequest, commitment: Commitment) -> dict:
    return {"year": commitment.year, "back_url": commitment_url(request, commitment)}


@tenant_view(FUNDING_MANAGE)
def commitment_approve(request: TenantRequest, commitment_id: int) -> HttpResponse:
    commitment = commitment_for(commitment_id)
    form = ApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_approve(
                tenant=request.tenant, actor=request.user, commitment=commitment,
                override_reason=form.cleaned_data["override_reason"])
        except ValidationError as error:
            show_refusal(form, error, aliases={"amount": "override_reason"})
        else:
            messages.success(request, f"Approved {commitment.reference}.")
            return redirect(commitment_url(request, commitment))
    return form_page(request, form, heading=f"Approve commitment {commitment.reference}",
                     button="Approve", **_back(request, commitment),
                     intro=f"£{commitment.amount:,} net of VAT to {commitment.supplier} for "
                           f"{commitment.description}. It needs a second person's approval: "
                           "someone other than who requested it.")


@tenant_view(FUNDING_MANAGE)
def commitment_cancel(request: TenantRequest, commitment_id: int) -> HttpResponse:
    commitment = commitment_for(commitment_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_cancel(tenant=request.tenant, actor=request.user,
                                       commitment=commitment, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Cancelled {commitment.reference}.")
            return redirect(commitment_url(request, commitment))
    return form_page(request, form, heading=f"Cancel commitment {commitment.reference}",
                     button="Cancel commitment", **_back(request, commitment),
                     intro="A cancelled commitment no longer counts against its budget.")


@tenant_view(FUNDING_MANAGE)
def spend_create(request: TenantRequest, commitment_id: int) -> HttpResponse:
    commitment = commitment_for(commitment_id)
    data = request.POST or None
    # The box appears with the warning; ticked, it confirms.
    warned = bool(data and "confirm_over_commitment" in data)
    form = SpendForm(data, warned=warned)
    warning = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.spend_record(tenant=request.tenant, actor=request.user,
                                  commitment=commitment, **form.cleaned_data)
        except OverCommitmentWarning as warned_of:
            form = SpendForm(data, warned=True)
            form.is_valid()
            warning = warned_of.messages[0]
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Recorded spend against {commitment.reference}.")
            return redirect(commitment_url(request, commitment))
    return form_page(request, form, heading=f"Record spend against {commitment.reference}",
                     button="Record spend", warning=warning, **_back(request, commitment),
                     intro=f"{commitment.description}: £{commitment.amount:,} net of VAT.")


@tenant_view(FUNDING_MANAGE)
def settings_edit(request: TenantRequest) -> HttpResponse:
    current = funding_settings()
    form = FundingSettingsForm(request.POST or None,
                               initial={"approval_limit": current.approval_limit,
                                        "conversion_rule": current.conversion_rule,
                                        "first_year_months": current.first_year_months})
    if request.method == "POST" and form.is_valid():
        try:
            saved = funding_settings_update(tenant=request.tenant,
                                            actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Commitments of more than £{saved.approval_limit:,} now "
                                      "need a second person's approval; a school converting "
                                      "mid-year is charged for "
                                      f"{saved.get_conversion_rule_display().lower()}.")
            return redirect("funding:year-list", request.tenant.slug)
    return form_page(request, form, heading="Funding settings",
                     button="Save settings",
                     intro="Commitments already made keep the limit they were made under.")

