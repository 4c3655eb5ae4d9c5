"""Deployments after brokering: the list of every deployment (with its download), and the
steps of one — agree, termly review, impact review, quality assurance. Officers and admins
only, as brokering. Thin: the rules live in `support.services.deployments`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from core.downloads import ListDownload, page_or_download
from core.exports import MONEY_FORMAT, Column
from core.permissions import VISIT_NOTES_CHECK, VISITS_RECORD
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from support.forms_brokering import (
    DeploymentImpactForm,
    DeploymentReviewForm,
    QualityAssuranceForm,
)
from support.models import QualityAssurance
from support.selectors import brokering as reads
from support.selectors.deployments import deployment_rows
from support.services import deployments as services
from support.views._common import NAV, form_page
from support.views.brokering import deployment_url


def _assurance(deployment) -> str:
    assurance: QualityAssurance | None = getattr(deployment, "quality_assurance", None)
    return assurance.get_value_for_money_display() if assurance else ""


ALL_DEPLOYMENTS = ListDownload("all-deployments", "Deployments", (
    Column("School", lambda d: d.school.establishment.name),
    Column("URN", lambda d: d.school.urn),
    Column("Supporter", lambda d: d.supporter_name),
    Column("Supporter's school", lambda d: d.supporter_school.establishment.name
           if d.supporter_school else ""),
    Column("Need", lambda d: d.get_need_display()),
    Column("Starts", lambda d: d.starts_on),
    Column("Ends", lambda d: d.ends_on),
    Column("Status", lambda d: d.get_status_display()),
    Column("Days brokered", lambda d: d.days),
    Column("Days used", lambda d: d.days_used),
    Column("Cost", lambda d: d.cost, number_format=MONEY_FORMAT),
    Column("Commitment", lambda d: d.commitment.reference if d.commitment else ""),
    Column("Impact", lambda d: d.impact_label),
    Column("Value for money", _assurance),
))


@tenant_view(VISITS_RECORD)
@require_GET
def deployment_list(request: TenantRequest, export: bool = False) -> HttpResponse:
    rows = deployment_rows()
    return page_or_download(request, "support/deployment_list.html", {
        "deployments": rows, "nav_section": NAV}, rows=rows, download=ALL_DEPLOYMENTS,
        export=export)


@tenant_view(VISITS_RECORD)
@require_POST
def deployment_agree(request: TenantRequest, deployment_id: int) -> HttpResponse:
    deployment = reads.deployment_for(deployment_id)
    try:
        services.deployment_agree(tenant=request.tenant, actor=request.user,
                                  deployment=deployment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The deployment is agreed: it can start.")
    return redirect(deployment_url(request, deployment))


def _step(request: TenantRequest, deployment_id: int, *, form_class, service, heading: str,
          button: str, done: str, dated: str | None = None) -> HttpResponse:
    deployment = reads.deployment_for(deployment_id)
    today = timezone.localdate()
    form = form_class(request.POST or None, initial={dated: today} if dated else None)
    if request.method == "POST" and form.is_valid():
        try:
            service(tenant=request.tenant, actor=request.user, deployment=deployment,
                    **form.cleaned_data, **({} if dated else {"on": today}))
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, done)
            return redirect(deployment_url(request, deployment))
    return form_page(request, form, heading=heading, button=button,
                     back_url=deployment_url(request, deployment), school=deployment.school,
                     intro=f"Support by {deployment.supporter_name}: {deployment.days} days "
                           f"from {deployment.starts_on:%-d %B %Y}.")


@tenant_view(VISITS_RECORD)
def deployment_review(request: TenantRequest, deployment_id: int) -> HttpResponse:
    return _step(request, deployment_id, form_class=DeploymentReviewForm,
                 service=services.deployment_review, heading="Review the deployment",
                 button="Save the review", done="Review saved.", dated="reviewed_on")


@tenant_view(VISITS_RECORD)
def deployment_impact(request: TenantRequest, deployment_id: int) -> HttpResponse:
    return _step(request, deployment_id, form_class=DeploymentImpactForm,
                 service=services.deployment_impact_review,
                 heading="Review the impact and end the deployment",
                 button="Save and end the deployment",
                 done="Impact reviewed: the deployment has ended.", dated="reviewed_on")


@tenant_view(VISIT_NOTES_CHECK)
def deployment_quality(request: TenantRequest, deployment_id: int) -> HttpResponse:
    return _step(request, deployment_id, form_class=QualityAssuranceForm,
                 service=services.deployment_quality_assure,
                 heading="Quality-assure the deployment", button="Save the judgement",
                 done="Quality assurance recorded.")
