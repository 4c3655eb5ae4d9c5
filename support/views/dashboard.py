"""The RAG dashboard (counts only, for everyone who sees aggregates) and the tenant's support
settings (the admin)."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.downloads import page_or_download
from core.permissions import AGGREGATES_VIEW, MEMBERS_MANAGE, VISITS_VIEW
from core.refusals import show_refusal
from core.suppression import suppress, suppress_group
from core.tenancy import TenantRequest, tenant_view
from support.forms import SettingsForm
from support.selectors.dashboard import RagRow, rag_summary
from support.services.settings import SETTINGS, support_settings, support_settings_update
from support.views._common import NAV, form_page, this_year, year_label
from support.views.downloads import RAG_SUMMARY


def _suppressed(row: RagRow) -> SimpleNamespace:
    """The row as board members and viewers see it: each field's ratings a group whose total
    is shown, counts below 5 suppressed (core.suppression), so one school's rating of one
    field cannot be read from a small count."""
    red, amber, green = suppress_group([row.red, row.amber, row.green])
    return SimpleNamespace(field_label=row.field_label, red=red, amber=amber, green=green,
                           total=suppress(row.total))


@tenant_view(AGGREGATES_VIEW)
@require_GET
def dashboard(request: TenantRequest, export: bool = False) -> HttpResponse:
    year = this_year()
    rows: list = rag_summary(academic_year=year)
    suppressed = VISITS_VIEW not in request.tenant_permissions
    if suppressed:
        rows = [_suppressed(row) for row in rows]
    return page_or_download(request, "support/dashboard.html", {
        "rows": rows, "suppressed": suppressed, "year": year, "year_label": year_label(year),
        "nav_section": NAV}, rows=rows, download=RAG_SUMMARY, export=export)


@tenant_view(MEMBERS_MANAGE)
def settings_page(request: TenantRequest) -> HttpResponse:
    current = support_settings(tenant=request.tenant)
    form = SettingsForm(request.POST or None,
                        initial={name: getattr(current, name) for name in SETTINGS})
    if request.method == "POST" and form.is_valid():
        try:
            support_settings_update(tenant=request.tenant, actor=request.user,
                                    **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Saved the support settings.")
            return redirect("support:settings", request.tenant.slug)
    return form_page(request, form, heading="Support settings", button="Save settings",
                     back_url=reverse("support:dashboard", args=[request.tenant.slug]))
