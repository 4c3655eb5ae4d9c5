"""The directory of system leaders and schools able to give support: officers and admins only
(DESIGN §5: capacity judgements are never shown to other schools; a headteacher is refused).
A system leader sees their own entry, and no one else's."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.downloads import page_or_download
from core.permissions import VISITS_RECORD
from core.tenancy import TenantRequest, tenant_view
from support.selectors.directory import directory, own_entry
from support.services.settings import support_settings
from support.views._common import NAV
from support.views.downloads import DIRECTORY


@tenant_view(VISITS_RECORD)
@require_GET
def directory_page(request: TenantRequest, export: bool = False) -> HttpResponse:
    """The page, or (its `-export` address) both tables in one file, a column saying which."""
    today = timezone.localdate()
    leaders, schools = directory(tenant=request.tenant, on=today)
    return page_or_download(request, "support/directory.html", {
        "leaders": leaders, "schools": schools, "today": today, "nav_section": NAV,
        "school_days": support_settings(tenant=request.tenant).school_days_per_year},
        rows=[*leaders, *schools], download=DIRECTORY, export=export)


@tenant_view()
@require_GET
def directory_own(request: TenantRequest) -> HttpResponse:
    today = timezone.localdate()
    entry = own_entry(tenant=request.tenant, on=today, person_id=request.membership.pk)
    if entry is None:
        raise PermissionDenied("You hold no system-leader designation in this partnership.")
    return render(request, "support/directory_own.html", {
        "entry": entry, "today": today, "nav_section": NAV})
