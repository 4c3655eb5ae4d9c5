"""Strategic funds: every fund by year, a fund with its fixed costs, contributions, the runs
sharing it and what remains, and the admin's forms (a fund, a cost, a contribution, a pot-mode
run sharing the fund).

Who sees what: a fund's sums are aggregates (everyone with AGGREGATES_VIEW or FUNDING_VIEW:
board members and viewers too, since the board commissions from it); a school that contributes
is named to officers only. Only the admin writes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from core.downloads import page_or_download
from core.permissions import FUNDING_MANAGE
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from funding.forms import ContributionForm, FundCostForm, FundForm, FundRunForm
from funding.models import FormulaMode
from funding.permissions import FundingAccess, funding_access
from funding.selectors.allocations import latest_formulas
from funding.selectors.funds import fund_for, fund_summaries, fund_summary
from funding.selectors.register import school_named_by_urn
from funding.selectors.years import funding_year
from funding.services import allocations
from funding.services import funds as services
from funding.views._common import NAV, form_page, fund_url
from funding.views.downloads import FUND_ITEMS, FUNDS, fund_items


def _totals_access(request: TenantRequest) -> FundingAccess:
    access = funding_access(request.membership)
    if not access.can_see_totals:
        raise PermissionDenied("Your role does not show funding totals.")
    return access


@tenant_view()
@require_GET
def fund_list(request: TenantRequest, export: bool = False) -> HttpResponse:
    access = _totals_access(request)
    summaries = fund_summaries()
    return page_or_download(request, "funding/fund_list.html", {
        "summaries": summaries, "access": access, "nav_section": NAV},
        rows=summaries, download=FUNDS, export=export)


@tenant_view()
@require_GET
def fund_detail(request: TenantRequest, fund_id: int, export: bool = False) -> HttpResponse:
    access = _totals_access(request)
    summary = fund_summary(fund_id)
    return page_or_download(request, "funding/fund_detail.html", {
        "summary": summary, "fund": summary.fund, "year": summary.fund.year,
        "access": access, "nav_section": NAV},
        rows=fund_items(summary, can_see_schools=access.can_see_schools), download=FUND_ITEMS,
        export=export)


@tenant_view(FUNDING_MANAGE)
def fund_create(request: TenantRequest, funding_year_id: int) -> HttpResponse:
    year = funding_year(funding_year_id)
    form = FundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fund = services.strategic_fund_create(tenant=request.tenant, actor=request.user,
                                                  year=year, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Added {fund.name}. Take its fixed costs next.")
            return redirect(fund_url(request, fund))
    return form_page(request, form, heading="Add a strategic fund", button="Add fund",
                     year=year, intro="A sum for the year: fixed costs are taken first, "
                                      "contributions add to it, and what remains may be "
                                      "shared by a formula.")


@tenant_view(FUNDING_MANAGE)
def fund_cost_create(request: TenantRequest, fund_id: int) -> HttpResponse:
    fund = fund_for(fund_id)
    form = FundCostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cost = services.fund_cost_add(tenant=request.tenant, actor=request.user, fund=fund,
                                          **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Took {cost.name} from the fund.")
            return redirect(fund_url(request, fund))
    return form_page(request, form, heading="Add a fixed cost", button="Add cost",
                     year=fund.year, fund=fund)


@tenant_view(FUNDING_MANAGE)
def fund_contribution_create(request: TenantRequest, fund_id: int) -> HttpResponse:
    fund = fund_for(fund_id)
    form = ContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            school = school_named_by_urn(data, "school_urn")
            contribution = services.fund_contribution_record(
                tenant=request.tenant, actor=request.user, fund=fund, school=school, **data)
        except ValidationError as error:
            show_refusal(form, error, aliases={"school": "school_urn"})
        else:
            messages.success(request, f"Recorded £{contribution.amount:,} from "
                                      f"{contribution.contributor_name}.")
            return redirect(fund_url(request, fund))
    return form_page(request, form, heading="Record a contribution", button="Record",
                     year=fund.year, fund=fund,
                     intro="From a school or a neighbouring council: a fixed amount, or pro "
                           "rata, a rate per pupil of the contributing schools.")


@tenant_view(FUNDING_MANAGE)
def fund_run_create(request: TenantRequest, fund_id: int) -> HttpResponse:
    fund = fund_for(fund_id)
    formulas = [f for f in latest_formulas() if f.mode == FormulaMode.POT]
    form = FundRunForm(request.POST or None, formulas=formulas)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        formula = next((f for f in formulas if f.pk == data.pop("formula")), None)
        try:
            if formula is None:
                raise ValidationError({"formula": "Choose the newest version of a formula "
                                                  "that shares a pot."})
            run = allocations.allocation_run_create(
                tenant=request.tenant, actor=request.user, year=fund.year, formula=formula,
                fund=fund, origin=f"Sharing {fund.name}", **data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Made a draft run sharing £{run.total:,}.")
            return redirect("funding:run-detail", request.tenant.slug, run.pk)
    return form_page(request, form, heading="Share the fund by a formula",
                     button="Make draft run", year=fund.year, fund=fund,
                     intro=f"£{fund_summary(fund.pk).remaining:,} remains to share. A run "
                           "sharing more is refused.")
