"""Formula allocation pages: the formulas and their versions, making a draft run, a run with
its snapshot (per partnership, per school, with reasons), confirming it, its download, and the
what-if beside a draft.

Who sees what of a run (DESIGN §5): the admin makes and confirms runs; officers read every
school's line and the download; a headteacher sees their own school's line only; board members
and viewers see partnership totals with no school named."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.approvals import approvals_of
from core.downloads import file_download, page_or_download
from core.pagination import paginate
from core.permissions import FUNDING_MANAGE, FUNDING_VIEW
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from funding.exports import run_table
from funding.forms import ConfirmForm, FormulaForm, RunForm, WhatIfForm
from funding.models import AllocationRun
from funding.permissions import funding_access
from funding.selectors.allocations import (
    changed_since,
    formula_for,
    formula_list,
    latest_formulas,
    run_for,
    run_partnerships,
    run_school_rows,
    run_schools,
)
from funding.selectors.profiled import part_in, profile_summary, run_start_years
from funding.selectors.spending import funding_settings
from funding.selectors.years import funding_year
from funding.services import allocations as services
from funding.views._common import NAV, form_page
from funding.views.downloads import FORMULAS
from funding.whatif import cached_what_if, what_if_key
from partnerships.selectors.structure import partnership_level_list


def run_url(request: TenantRequest, run: AllocationRun) -> str:
    return reverse("funding:run-detail", args=[request.tenant.slug, run.pk])


def _levels() -> list[str]:
    return [level.name for level in partnership_level_list()]


@tenant_view(FUNDING_VIEW)
@require_GET
def formula_list_view(request: TenantRequest, export: bool = False) -> HttpResponse:
    formulas = list(formula_list())
    return page_or_download(request, "funding/formula_list.html", {
        "formulas": formulas, "can_manage": FUNDING_MANAGE in request.tenant_permissions,
        "nav_section": NAV}, rows=formulas, download=FORMULAS, export=export)


@tenant_view(FUNDING_MANAGE)
def formula_create(request: TenantRequest) -> HttpResponse:
    form = FormulaForm(request.POST or None, levels=_levels())
    if request.method == "POST" and form.is_valid():
        try:
            formula = services.allocation_formula_create(
                tenant=request.tenant, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Added {formula}.")
            return redirect("funding:formula-list", request.tenant.slug)
    return form_page(request, form, heading="Add an allocation formula", button="Add formula",
                     intro="For each partnership, the schools whose confirmed category "
                           "triggers funding: pupils times a rate, a share of a pot, days "
                           "times a day rate, a flat amount or a band per school.")


@tenant_view(FUNDING_MANAGE)
def formula_revise(request: TenantRequest, formula_id: int) -> HttpResponse:
    formula = formula_for(formula_id)
    form = FormulaForm(request.POST or None, levels=_levels(), revising=True, initial={
        "level_name": formula.level_name, "minimum_pupils": formula.minimum_pupils,
        "mode": formula.mode, "amount": formula.amount if formula.amount is not None else "",
        "rates": "\n".join(f"{code} = {rate}" for code, rate in formula.rates.items()),
        "triggering_codes": " ".join(formula.triggering_codes),
        "cost_centre": formula.cost_centre, "ledger_code": formula.ledger_code})
    if request.method == "POST" and form.is_valid():
        try:
            revised = services.allocation_formula_revise(
                tenant=request.tenant, actor=request.user, formula=formula, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Made {revised}. Runs already made keep the version "
                                      "they used.")
            return redirect("funding:formula-list", request.tenant.slug)
    return form_page(request, form, heading=f"Change {formula.name}", button="Save new version",
                     intro="Saving makes a new version; earlier versions stay as they were.")


@tenant_view(FUNDING_MANAGE)
def run_create(request: TenantRequest, funding_year_id: int) -> HttpResponse:
    year = funding_year(funding_year_id)
    formulas = latest_formulas()
    form = RunForm(request.POST or None, formulas=formulas,
                   initial={"first_year_months": funding_settings().first_year_months})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("formula")
        formula = next((f for f in formulas if f.pk == chosen), None)
        try:
            if formula is None:
                raise ValidationError({"formula": "Choose the newest version of a formula."})
            run = services.allocation_run_create(tenant=request.tenant, actor=request.user,
                                                 year=year, formula=formula, **data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Made a draft run: £{run.total:,}. Check it, try a "
                                      "what-if, then confirm it.")
            return redirect(run_url(request, run))
    return form_page(request, form, heading="Make an allocation run", button="Make draft run",
                     year=year)


@tenant_view()
@require_GET
def run_detail(request: TenantRequest, run_id: int) -> HttpResponse:
    """The run as its snapshot holds it. What a person sees of it follows their role; nothing
    on the snapshot's part of the page reads the live register (the "changed since" notice
    above it does, on purpose)."""
    access = funding_access(request.membership)
    if not access.can_see_anything:
        raise PermissionDenied("Your role does not show funding.")
    run = run_for(run_id)
    schools = run_school_rows(run)
    if not access.can_see_schools:
        own = access.own_school.pk if access.own_school else None
        schools = schools.filter(school_id=own) if own else schools.none()
    partnerships = run_partnerships(run) if access.can_see_totals else []
    starts = run_start_years(run)
    for partnership in partnerships:  # an academic-year run's part in each financial year
        parts = [part_in(run, partnership.amount, start) for start in starts]
        partnership.parts = parts  # type: ignore[attr-defined]
    # A council's thousand schools fill twenty pages; the download holds them all.
    page, query_string = paginate(request, schools)
    return render(request, "funding/run_detail.html", {
        "run": run, "year": run.year, "access": access, "partnerships": partnerships,
        "profile": profile_summary(run) if run.is_academic else [],
        "schools": page.object_list, "page": page, "query_string": query_string,
        "nav_section": NAV,
        # The board decision that approved the run, if a board did (boards answers: it may
        # reference funding, never the other way).
        "approval": approvals_of("funding.run", tenant=request.tenant, ids=[run.pk]).get(
            run.pk),
        "changes": changed_since(tenant=request.tenant, run=run)
        if access.can_see_schools else []})


@tenant_view(FUNDING_MANAGE)
def run_confirm(request: TenantRequest, run_id: int) -> HttpResponse:
    run = run_for(run_id)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_run_confirm(tenant=request.tenant, actor=request.user, run=run)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Confirmed the run. It will not change from now on.")
            return redirect(run_url(request, run))
    return form_page(request, form, heading=f"Confirm allocation run {run.pk}",
                     button="Confirm run", year=run.year,
                     intro=f"Total £{run.total:,}, from inputs as on "
                           f"{run.inputs_on:%-d %B %Y}.")


@tenant_view(FUNDING_VIEW)
@require_GET
def run_export(request: TenantRequest, run_id: int) -> HttpResponse:
    run = run_for(run_id)
    rows, columns = run_table(run_partnerships(run), run_schools(run), run)
    # A confirmed run's file is stamped with its confirmation, so it is the same every time.
    return file_download(request, rows=rows, columns=columns, name="allocation-run",
                         filename=f"allocation-{run.year.label}-run-{run.pk}",
                         title=f"Allocation {run.year.label} run {run.pk}",
                         stamp=run.confirmed_at if run.is_confirmed else None)


@tenant_view(FUNDING_VIEW)
@require_GET
def run_what_if(request: TenantRequest, run_id: int) -> HttpResponse:
    """A GET form beside a draft: the draft's snapshot recomputed with the changes asked for,
    differences per school and per partnership. Nothing is saved, so officers may try it too."""
    run = run_for(run_id)
    form = WhatIfForm(request.GET or None)
    result = None
    page = query_string = result_key = None
    if not run.is_confirmed and form.is_bound and form.is_valid():
        try:
            result = cached_what_if(request.tenant, run, **form.cleaned_data)
            # The tables drawn from it are kept too: the same answer, the same HTML.
            result_key = what_if_key(request.tenant, run, form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            # Fifty schools' differences a page; the totals and partnerships are the whole run's.
            page, query_string = paginate(request, result.schools)
    return render(request, "funding/what_if.html", {
        "run": run, "year": run.year, "form": form, "result": result, "page": page,
        "query_string": query_string, "result_key": result_key, "nav_section": NAV},
        status=400 if form.errors else 200)
