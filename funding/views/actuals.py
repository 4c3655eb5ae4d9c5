"""Importing actuals from the council's finance system: upload a CSV (checked at once into a
preview naming each bad row and column), read the preview, import it whole. The admin only
(FUNDING_MANAGE): the finance officer is an admin by default."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.downloads import page_or_download
from core.permissions import FUNDING_MANAGE
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from funding.forms import ActualsForm
from funding.models import SpendImport
from funding.selectors.spending import spend_import_for, spend_imports
from funding.services import actuals as services
from funding.views._common import NAV
from funding.views.downloads import ACTUALS_ROWS

HISTORY_LENGTH = 20


@tenant_view(FUNDING_MANAGE)
def actuals_upload(request: TenantRequest) -> HttpResponse:
    form = ActualsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            record = services.spend_import_check(
                tenant=request.tenant, actor=request.user, data=upload.read(),
                name=upload.name)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect("funding:actuals-detail", request.tenant.slug, record.pk)
    return render(request, "funding/actuals_upload.html", {
        "form": form, "imports": spend_imports()[:HISTORY_LENGTH], "nav_section": NAV},
        status=400 if form.errors else 200)


@tenant_view(FUNDING_MANAGE)
@require_GET
def actuals_detail(request: TenantRequest, actuals_id: int, export: bool = False
                   ) -> HttpResponse:
    record = spend_import_for(actuals_id)
    return page_or_download(request, "funding/actuals_detail.html", {
        "record": record, "warnings": [row for row in record.rows if row["warning"]],
        "can_apply": record.status == SpendImport.Status.PREVIEWED, "nav_section": NAV},
        rows=record.rows, download=ACTUALS_ROWS, export=export)


@tenant_view(FUNDING_MANAGE)
@require_POST
def actuals_apply(request: TenantRequest, actuals_id: int) -> HttpResponse:
    record = spend_import_for(actuals_id)
    try:
        result = services.spend_import_apply(tenant=request.tenant, actor=request.user,
                                             record=record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if result.status == SpendImport.Status.APPLIED:
            messages.success(request, f"Imported {len(result.rows)} rows of actuals: "
                                      f"£{result.total:,}.")
        else:
            messages.error(request, "Nothing was imported: the file no longer checks out. "
                                    "See the errors below.")
    return redirect("funding:actuals-detail", request.tenant.slug, record.pk)
