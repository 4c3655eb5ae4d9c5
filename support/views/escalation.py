"""Escalation pages (officers and admins: casework before any notice reaches the school):
every escalation (with its download), a school's escalation opened, one escalation with its
evidence, its steps and the next steps open today (the LA's statutory options for a maintained
school; liaison with the trust and DfE for an academy), a step recorded and the escalation
closed. Thin: the rules live in `support.escalation` and `support.services.escalation`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.downloads import ListDownload, page_or_download
from core.exports import Column
from core.permissions import VISITS_RECORD, VISITS_VIEW, has
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from support.forms_escalation import (
    EscalationCloseForm,
    EscalationOpenForm,
    EscalationStepCorrectForm,
    EscalationStepForm,
)
from support.models import Deployment, Escalation
from support.permissions import school_for_visits
from support.selectors import escalation as reads
from support.services import escalation as services
from support.views._common import NAV, form_page, not_allowed

ESCALATIONS = ListDownload("escalations", "Escalations", (
    Column("School", lambda e: e.school.establishment.name),
    Column("URN", lambda e: e.school.urn),
    Column("Governance", lambda e: e.school.establishment.get_governance_display()),
    Column("Not engaging since", lambda e: e.noticed_on),
    Column("Recorded", lambda e: e.opened_on),
    Column("Steps", lambda e: e.step_count),
    Column("Closed", lambda e: e.closed_on),
    Column("Outcome", lambda e: e.outcome),
))


def escalation_url(request: TenantRequest, escalation: Escalation) -> str:
    return reverse("support:escalation-detail", args=[request.tenant.slug, escalation.pk])


@tenant_view(VISITS_VIEW)
@require_GET
def escalation_list(request: TenantRequest, export: bool = False) -> HttpResponse:
    rows = list(reads.escalations())
    return page_or_download(request, "support/escalation_list.html", {
        "escalations": rows, "nav_section": NAV}, rows=rows, download=ESCALATIONS,
        export=export)


@tenant_view(VISITS_RECORD)
def escalation_open(request: TenantRequest, urn: int) -> HttpResponse:
    school = school_for_visits(membership=request.membership, urn=urn)
    deployments = list(Deployment.objects.filter(school=school).select_related(
        "supporter__user", "supporter_school__establishment").order_by("-starts_on", "-pk"))
    today = timezone.localdate()
    form = EscalationOpenForm(request.POST or None, initial={"opened_on": today},
                              deployments=[(d.pk, f"{d.supporter_name}, from "
                                                  f"{d.starts_on:%-d %B %Y}")
                                           for d in deployments])
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        chosen = values.pop("deployment")
        deployment = next((d for d in deployments if d.pk == chosen), None)
        try:
            escalation = services.escalation_open(tenant=request.tenant, actor=request.user,
                                                  school=school, deployment=deployment,
                                                  **values)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Escalation recorded: its next steps are below.")
            return redirect(escalation_url(request, escalation))
    return form_page(request, form, heading="Record that the school is not engaging",
                     button="Record the escalation", school=school,
                     back_url=reverse("support:school-visits", args=[request.tenant.slug, urn]))


@tenant_view(VISITS_VIEW)
def escalation_detail(request: TenantRequest, escalation_id: int) -> HttpResponse:
    escalation = reads.escalation_for(escalation_id)
    if request.method != "GET":
        return not_allowed("GET")
    today = timezone.localdate()
    return render(request, "support/escalation_detail.html", {
        "escalation": escalation, "school": escalation.school,
        "steps": reads.steps_of(escalation), "today": today,
        "next_steps": reads.next_steps_for(escalation.school, today) if escalation.is_open
        else (),
        "records": has(request.membership, VISITS_RECORD) and escalation.is_open,
        "nav_section": NAV})


@tenant_view(VISITS_RECORD)
def escalation_step(request: TenantRequest, escalation_id: int) -> HttpResponse:
    escalation = reads.escalation_for(escalation_id)
    form = EscalationStepForm(request.POST or None, initial={
        "taken_on": timezone.localdate(), "kind": request.GET.get("kind", "")},
        is_maintained=escalation.school.establishment.is_maintained)
    if request.method == "POST" and form.is_valid():
        try:
            services.escalation_step(tenant=request.tenant, actor=request.user,
                                     escalation=escalation, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Step recorded.")
            return redirect(escalation_url(request, escalation))
    return form_page(request, form, heading="Record a next step", button="Record the step",
                     back_url=escalation_url(request, escalation), school=escalation.school,
                     intro="The steps open to the council depend on the school and the date "
                           "the step was taken.")


@tenant_view(VISITS_RECORD)
def escalation_step_correct(request: TenantRequest, escalation_step_id: int) -> HttpResponse:
    step = reads.step_for(escalation_step_id)
    escalation = step.escalation
    form = EscalationStepCorrectForm(request.POST or None, initial={
        "kind": step.kind, "taken_on": step.taken_on, "note": step.note},
        is_maintained=escalation.school.establishment.is_maintained)
    if request.method == "POST" and form.is_valid():
        try:
            services.escalation_step_correct(tenant=request.tenant, actor=request.user,
                                             step=step, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Step corrected; what it said before is kept.")
            return redirect(escalation_url(request, escalation))
    return form_page(request, form, heading="Correct a step", button="Save the correction",
                     back_url=escalation_url(request, escalation), school=escalation.school,
                     intro="The corrected step must still be one open to the council for this "
                           "school on its date. What it said before is kept in its history.")


@tenant_view(VISITS_RECORD)
def escalation_close(request: TenantRequest, escalation_id: int) -> HttpResponse:
    escalation = reads.escalation_for(escalation_id)
    form = EscalationCloseForm(request.POST or None,
                               initial={"closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.escalation_close(tenant=request.tenant, actor=request.user,
                                      escalation=escalation, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Escalation closed.")
            return redirect(escalation_url(request, escalation))
    return form_page(request, form, heading="Close the escalation", button="Close it",
                     back_url=escalation_url(request, escalation), school=escalation.school)
