"""Brokering pages: a school's suggestions and exclusions with a deployment form, and one
deployment with its cost committed against a budget of the current funding year. Officers and
admins only (a leader's capacity is confidential). Thin: the rules live in
`support.brokering` and `support.services.brokering`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from core.downloads import list_download, page_or_download
from core.permissions import FUNDING_MANAGE, FUNDING_VIEW, VISIT_NOTES_CHECK, VISITS_RECORD
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from core.years import FinancialYear
from funding.models import FundingYear
from funding.selectors.spending import budgets_of
from support.forms_brokering import BrokerForm, DeploymentCommitForm, DeploymentCreateForm
from support.models import Deployment, DeploymentStatus
from support.permissions import school_for_visits
from support.selectors import brokering as reads
from support.selectors.deployments import categories_before_and_now, reviews_of
from support.services import brokering as services
from support.views._common import NAV, form_page, not_allowed
from support.views.downloads import DEPLOYMENTS


def deployment_url(request: TenantRequest, deployment: Deployment) -> str:
    return reverse("support:deployment-detail", args=[request.tenant.slug, deployment.pk])


def _broker_url(request: TenantRequest, urn: int) -> str:
    return reverse("support:broker", args=[request.tenant.slug, urn])


def _supporters(request: TenantRequest, school, on: date) -> list[tuple[str, str]]:
    found = reads.brokering_for(tenant=request.tenant, school=school,
                                officer=request.membership, days=Decimal("0.5"), on=on)
    return [(s.candidate.key, f"{s.candidate.name} ({s.candidate.designation})")
            for s in found.suggestions]


@tenant_view(VISITS_RECORD)
def broker(request: TenantRequest, urn: int, export: bool = False) -> HttpResponse:
    school = school_for_visits(membership=request.membership, urn=urn)
    if request.method != "GET":
        return not_allowed("GET")
    deployments = reads.deployments_of(school)
    if export:
        return list_download(request, rows=deployments, download=DEPLOYMENTS)
    today = timezone.localdate()
    form = BrokerForm(request.GET if "days" in request.GET else
                      {"days": "5", "starts_on": today.isoformat(), "need": ""})
    result = None
    create_form = None
    if form.is_valid():
        data = form.cleaned_data
        result = reads.brokering_for(tenant=request.tenant, school=school,
                                     officer=request.membership, days=data["days"],
                                     on=data["starts_on"], need=data["need"])
        create_form = DeploymentCreateForm(
            supporters=[(s.candidate.key, f"{s.candidate.name} ({s.candidate.designation})")
                        for s in result.suggestions],
            initial={"need": data["need"], "days": data["days"],
                     "starts_on": data["starts_on"]},
            # Its own ids: the search form above has fields of the same names, and a shared
            # id would tie this form's labels to the search form's inputs.
            auto_id="deploy_%s")
    return page_or_download(request, "support/broker.html", {
        "school": school, "form": form, "result": result, "create_form": create_form,
        "deployments": deployments, "nav_section": NAV},
        rows=deployments, download=DEPLOYMENTS, status=400 if form.errors else 200)


@tenant_view(VISITS_RECORD)
def deployment_create(request: TenantRequest, urn: int) -> HttpResponse:
    school = school_for_visits(membership=request.membership, urn=urn)
    today = timezone.localdate()
    form = DeploymentCreateForm(request.POST or None, supporters=_supporters(request, school,
                                                                             today))
    if request.method == "POST":
        # The rules, not the choice list, decide: any leader of the tenant may be asked for.
        form.fields["supporter"].choices = [(request.POST.get("supporter", ""), "")]
        if form.is_valid():
            data = form.cleaned_data
            try:
                supporter, giving_school = reads.supporter_of_tenant(data["supporter"])
                deployment = services.deployment_create(
                    tenant=request.tenant, actor=request.user, school=school,
                    supporter=supporter, supporter_school=giving_school, need=data["need"],
                    objectives=data["objectives"],
                    days=data["days"], cost=data["cost"], starts_on=data["starts_on"],
                    ends_on=data["ends_on"])
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, f"Brokered {deployment.supporter_name} to support "
                                          f"{school}.")
                return redirect(deployment_url(request, deployment))
    return form_page(request, form, heading="Broker a deployment", button="Create deployment",
                     back_url=_broker_url(request, urn), school=school)


def _budget_choices(on: date) -> tuple[FundingYear | None, list]:
    year = FundingYear.objects.filter(start_year=FinancialYear.of(on).start_year).first()
    return year, (budgets_of(year) if year else [])


@tenant_view(VISITS_RECORD)
def deployment_detail(request: TenantRequest, deployment_id: int) -> HttpResponse:
    deployment = reads.deployment_for(deployment_id)
    if request.method != "GET":
        return not_allowed("GET")
    can_commit = (FUNDING_MANAGE in request.tenant_permissions
                  and deployment.commitment_id is None)
    year, budgets = _budget_choices(timezone.localdate()) if can_commit else (None, [])
    form = DeploymentCommitForm(budgets=[(b.key, b.name) for b in budgets],
                                initial={"on": timezone.localdate()})
    assurance = getattr(deployment, "quality_assurance", None)
    agreed, ended = DeploymentStatus.AGREED, DeploymentStatus.ENDED
    return render(request, "support/deployment_detail.html", {
        "deployment": deployment, "school": deployment.school, "can_commit": can_commit,
        # The commitment links to its page on the funding side for whoever may see funding.
        "sees_funding": FUNDING_VIEW in request.tenant_permissions,
        "funding_year": year, "commit_form": form if budgets else None, "nav_section": NAV,
        "reviews": reviews_of(deployment), "assurance": assurance,
        "categories": categories_before_and_now(tenant=request.tenant, deployment=deployment,
                                                today=timezone.localdate()),
        "can_agree": deployment.status == DeploymentStatus.PROPOSED,
        "can_review": deployment.status == agreed,
        # The broker never checks their own deployment: the link is not offered to them.
        "can_assure": (deployment.status == ended and assurance is None
                       and VISIT_NOTES_CHECK in request.tenant_permissions
                       and deployment.officer_id != request.membership.pk)})


@tenant_view(FUNDING_MANAGE)
def deployment_commit(request: TenantRequest, deployment_id: int) -> HttpResponse:
    deployment = reads.deployment_for(deployment_id)
    if VISITS_RECORD not in request.tenant_permissions:
        raise PermissionDenied("Only officers broker support.")
    year, budgets = _budget_choices(timezone.localdate())
    form = DeploymentCommitForm(request.POST or None, budgets=[(b.key, b.name)
                                                               for b in budgets],
                                initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        budget = next(b.target for b in budgets if b.key == form.cleaned_data["budget"])
        try:
            services.deployment_cost_commit(tenant=request.tenant, actor=request.user,
                                            deployment=deployment, budget=budget,
                                            on=form.cleaned_data["on"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Committed £{deployment.cost} against the budget.")
            return redirect(deployment_url(request, deployment))
    return form_page(request, form, heading="Commit the cost", button="Commit the cost",
                     back_url=deployment_url(request, deployment), school=deployment.school,
                     intro=f"Funding year {year.financial_year.label if year else 'none'}: "
                           "the deployment's cost becomes a commitment against the budget "
                           "you choose.")
