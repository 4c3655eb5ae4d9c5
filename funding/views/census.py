"""The council's census returns: the list, an upload (checked at once into a preview naming
each bad row and column), the preview, and applying it whole. The admin only (FUNDING_MANAGE)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.downloads import page_or_download
from core.pagination import paginate
from core.permissions import FUNDING_MANAGE
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from funding.forms import CensusForm
from funding.models import CensusReturn
from funding.selectors.pupils import FALLBACK_SOURCE, census_return_for, census_returns
from funding.services import census as services
from funding.views._common import NAV
from funding.views.downloads import CENSUS_RETURNS, CENSUS_ROWS


@tenant_view(FUNDING_MANAGE)
@require_GET
def census_list(request: TenantRequest, export: bool = False) -> HttpResponse:
    returns = list(census_returns())
    return page_or_download(request, "funding/census_list.html", {
        "returns": returns, "fallback": FALLBACK_SOURCE, "nav_section": NAV},
        rows=returns, download=CENSUS_RETURNS, export=export)


@tenant_view(FUNDING_MANAGE)
def census_upload(request: TenantRequest) -> HttpResponse:
    form = CensusForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            record = services.census_return_check(
                tenant=request.tenant, actor=request.user, data=upload.read(),
                name=upload.name, census_date=form.cleaned_data["census_date"],
                source=form.cleaned_data["source"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect("funding:census-detail", request.tenant.slug, record.pk)
    return render(request, "funding/census_upload.html", {"form": form, "nav_section": NAV},
                  status=400 if form.errors else 200)


@tenant_view(FUNDING_MANAGE)
@require_GET
def census_detail(request: TenantRequest, census_id: int, export: bool = False
                  ) -> HttpResponse:
    record = census_return_for(census_id, with_file=False)
    # Fifty rows a page; the download keeps every row.
    page, query_string = paginate(request, record.rows)
    return page_or_download(request, "funding/census_detail.html", {
        "record": record, "can_apply": record.status == CensusReturn.Status.PREVIEWED,
        "page": page, "query_string": query_string, "nav_section": NAV},
        rows=record.rows, download=CENSUS_ROWS, export=export)


@tenant_view(FUNDING_MANAGE)
@require_POST
def census_apply(request: TenantRequest, census_id: int) -> HttpResponse:
    record = census_return_for(census_id)
    try:
        result = services.census_return_apply(tenant=request.tenant, actor=request.user,
                                              record=record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if result.status == CensusReturn.Status.APPLIED:
            messages.success(request, f"Applied {result.source}: pupils for "
                                      f"{len(result.rows)} schools.")
        else:
            messages.error(request, "Nothing was applied: the file no longer checks out. "
                                    "See the errors below.")
    return redirect("funding:census-detail", request.tenant.slug, record.pk)
