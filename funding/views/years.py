"""The funding years, a year's de-delegation schedule (what the schools forum sees), its
download, and one school's charges."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.downloads import file_download, page_or_download
from core.pagination import paginate
from core.permissions import FUNDING_MANAGE, FUNDING_VIEW
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from funding.exports import schedule_table, year_table
from funding.forms import YearForm
from funding.permissions import funding_access, school_charges_for
from funding.selectors.totals import cached_schedule
from funding.selectors.year_page import (
    kept_school_charges,
    school_rows_html,
    year_page,
)
from funding.selectors.years import funding_year, funding_years
from funding.services import dedelegation as services
from funding.views._common import NAV, form_page
from funding.views.downloads import YEARS


def _access(request: TenantRequest):
    access = funding_access(request.membership)
    if not access.can_see_anything:
        raise PermissionDenied("Your role does not show funding.")
    return access


@tenant_view()
@require_GET
def year_list(request: TenantRequest, export: bool = False) -> HttpResponse:
    access = _access(request)
    years = list(funding_years())
    return page_or_download(request, "funding/year_list.html", {
        "years": years, "access": access, "nav_section": NAV},
        rows=years, download=YEARS, export=export)


@tenant_view(FUNDING_MANAGE)
def year_create(request: TenantRequest) -> HttpResponse:
    form = YearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            year = services.funding_year_create(tenant=request.tenant, actor=request.user,
                                                **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Added the funding year {year.label}. Add its "
                                      "de-delegation lines next.")
            return redirect("funding:year-detail", request.tenant.slug, year.pk)
    return form_page(request, form, heading="Add a funding year", button="Add year")


@tenant_view()
@require_GET
def year_detail(request: TenantRequest, funding_year_id: int) -> HttpResponse:
    """The year's de-delegation: every line's rates and votes for everyone who sees funding;
    totals for those who see aggregates; every school's charge for officers; a headteacher's
    own school's charge for them."""
    access = _access(request)
    year = funding_year(funding_year_id)
    figures = year_page(request.tenant, year)
    schedule = figures.schedule
    own = (kept_school_charges(request.tenant, year, access.own_school, version=figures.version)
           if access.own_school is not None else None)
    # Fifty schools' charges a page, each page kept on its own: the totals above the table are
    # the whole year's.
    page, query_string = paginate(request, schedule.schools)
    rows = school_rows_html(request.tenant, figures, page) if access.can_see_schools else ""
    return render(request, "funding/year_detail.html", {
        "year": year, "schedule": schedule, "access": access, "own": own, "school_rows": rows,
        "page": page, "query_string": query_string, "without_pupils": figures.without_pupils,
        "schedule_downloads": _schedule_downloads(request, year.pk) if schedule.lines else None,
        "runs": figures.runs, "nav_section": NAV,
        "funds": figures.funds if access.can_see_totals else []})


def _schedule_downloads(request: TenantRequest, year_id: int) -> dict[str, str]:
    url = reverse("funding:year-schedule-export", args=[request.tenant.slug, year_id])
    return {"csv": f"{url}?format=csv", "xlsx": f"{url}?format=xlsx"}


@tenant_view(FUNDING_VIEW)
@require_GET
def year_export(request: TenantRequest, funding_year_id: int) -> HttpResponse:
    year = funding_year(funding_year_id)
    rows, columns = year_table(cached_schedule(request.tenant, year))
    return file_download(request, rows=rows, columns=columns, name="de-delegation",
                         filename=f"de-delegation-{year.label}",
                         title=f"De-delegation {year.label}")


@tenant_view()
@require_GET
def year_schedule_export(request: TenantRequest, funding_year_id: int) -> HttpResponse:
    """The year's lines, rates and votes by phase: for everyone who sees the year's page, with
    the totals for those who see them there."""
    access = _access(request)
    year = funding_year(funding_year_id)
    rows, columns = schedule_table(cached_schedule(request.tenant, year),
                                   with_totals=access.can_see_totals)
    return file_download(request, rows=rows, columns=columns, name="de-delegation-lines",
                         filename=f"de-delegation-lines-{year.label}",
                         title=f"De-delegation {year.label} lines")


@tenant_view()
def school_charges_view(request: TenantRequest, funding_year_id: int, urn: int) -> HttpResponse:
    """One school's charges: any school for officers, their own for a headteacher. The school
    is checked before the method, so another school is 403 whatever is asked."""
    school = school_charges_for(membership=request.membership, urn=urn)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    year = funding_year(funding_year_id)
    return render(request, "funding/school_charges.html", {
        "year": year, "own": kept_school_charges(request.tenant, year, school),
        "access": funding_access(request.membership), "nav_section": NAV})
