"""RISE case pages: every case (officers, with its download), a school's case opened, one case
with its stage, history and termly reviews (officers; a headteacher their own school's), and
the officers' steps: record DfE's changes, move the stage, review the plan, close the case.
Thin: the rules live in `support.services.rise`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.downloads import ListDownload, page_or_download
from core.exports import MONEY_FORMAT, Column
from core.permissions import VISITS_RECORD, VISITS_VIEW, has
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from support.forms_rise import (
    RiseCaseForm,
    RiseCloseForm,
    RiseOpenForm,
    RiseReviewForm,
    RiseStageForm,
)
from support.models import RiseCase, RiseStage
from support.models.rise import STAGE_ORDER
from support.permissions import rise_case_for, school_for_visits
from support.selectors.rise import history_of, reviews_of, rise_cases
from support.services import rise as services
from support.views._common import NAV, form_page, not_allowed

RISE_CASES = ListDownload("rise-cases", "RISE cases", (
    Column("School", lambda c: c.school.establishment.name),
    Column("URN", lambda c: c.school.urn),
    Column("Governance", lambda c: c.school.establishment.get_governance_display()),
    Column("Tier", lambda c: c.get_tier_display()),
    Column("Stage", lambda c: c.get_stage_display()),
    Column("RISE adviser", lambda c: c.adviser),
    Column("Supporting organisation", lambda c: c.supporting_organisation),
    Column("Funding band", lambda c: c.funding_band),
    Column("DfE grant (external)", lambda c: c.grant, number_format=MONEY_FORMAT),
    Column("Opened", lambda c: c.opened_on),
    Column("Closed", lambda c: c.closed_on),
    Column("Reviews", lambda c: c.review_count),
))


def case_url(request: TenantRequest, case: RiseCase) -> str:
    return reverse("support:rise-detail", args=[request.tenant.slug, case.pk])


@tenant_view(VISITS_VIEW)
@require_GET
def rise_list(request: TenantRequest, export: bool = False) -> HttpResponse:
    rows = list(rise_cases())
    return page_or_download(request, "support/rise_list.html", {
        "cases": rows, "nav_section": NAV}, rows=rows, download=RISE_CASES, export=export)


@tenant_view(VISITS_RECORD)
def rise_open(request: TenantRequest, urn: int) -> HttpResponse:
    school = school_for_visits(membership=request.membership, urn=urn)
    form = RiseOpenForm(request.POST or None, initial={"opened_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            case = services.rise_case_open(tenant=request.tenant, actor=request.user,
                                           school=school, **values)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "RISE case opened at identification.")
            return redirect(case_url(request, case))
    return form_page(request, form, heading="Open a RISE case", button="Open the case",
                     back_url=reverse("support:school-visits",
                                      args=[request.tenant.slug, urn]), school=school,
                     intro="Record what DfE's regional improvement team decided for the "
                           "school. The case starts at identification.")


@tenant_view()
def rise_detail(request: TenantRequest, case_id: int) -> HttpResponse:
    case = rise_case_for(membership=request.membership, case_id=case_id)
    if request.method != "GET":
        return not_allowed("GET")
    records = has(request.membership, VISITS_RECORD) and case.is_open
    return render(request, "support/rise_detail.html", {
        "case": case, "school": case.school, "history": history_of(case),
        "reviews": reviews_of(case), "records": records,
        "stages": [(RiseStage(stage).label, i <= STAGE_ORDER.index(case.stage))
                   for i, stage in enumerate(STAGE_ORDER)],
        "nav_section": NAV if has(request.membership, VISITS_VIEW) else "own-school"})


def _step(request: TenantRequest, case_id: int, *, form_class, service, heading: str,
          button: str, done: str, initial: dict) -> HttpResponse:
    case = rise_case_for(membership=request.membership, case_id=case_id)
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service(tenant=request.tenant, actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, done)
            return redirect(case_url(request, case))
    return form_page(request, form, heading=heading, button=button,
                     back_url=case_url(request, case), school=case.school,
                     intro=f"{case.get_tier_display()} tier, at "
                           f"{case.get_stage_display().lower()}.")


def _case_values(case_id: int) -> dict:
    case = RiseCase.objects.filter(pk=case_id).first()
    if case is None:
        return {}
    return {name: getattr(case, name) for name in services.EDITABLE}


@tenant_view(VISITS_RECORD)
def rise_edit(request: TenantRequest, case_id: int) -> HttpResponse:
    return _step(request, case_id, form_class=RiseCaseForm, service=services.rise_case_update,
                 heading="Record DfE's changes", button="Save the changes",
                 done="Changes saved in the case history.", initial=_case_values(case_id))


@tenant_view(VISITS_RECORD)
def rise_stage(request: TenantRequest, case_id: int) -> HttpResponse:
    return _step(request, case_id, form_class=RiseStageForm, service=services.rise_stage_move,
                 heading="Move the case to another stage", button="Move the case",
                 done="Stage changed.", initial=_case_values(case_id))


@tenant_view(VISITS_RECORD)
def rise_review(request: TenantRequest, case_id: int) -> HttpResponse:
    return _step(request, case_id, form_class=RiseReviewForm, service=services.rise_review,
                 heading="Review the RISE plan", button="Save the review",
                 done="Review saved.", initial={"reviewed_on": timezone.localdate()})


@tenant_view(VISITS_RECORD)
def rise_close(request: TenantRequest, case_id: int) -> HttpResponse:
    return _step(request, case_id, form_class=RiseCloseForm, service=services.rise_case_close,
                 heading="Close the RISE case", button="Close the case",
                 done="The case is closed; its history is kept.",
                 initial={"closed_on": timezone.localdate()})
