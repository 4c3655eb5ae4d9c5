"""The categorisation dashboard: counts for everyone who may see aggregates; the lists that
name schools only for roles that see individual categories (never a board member or viewer)."""

from __future__ import annotations

import hashlib

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from categorisation.aggregates import aggregates_of, count_rows, shown
from categorisation.dashboard import DASHBOARD_TTL, cached_dashboard, data_version
from core.downloads import ListDownload, download_links, list_download
from core.exports import Column
from core.kept import kept_html
from core.permissions import AGGREGATES_VIEW, CATEGORIES_VIEW
from core.tenancy import TenantRequest, tenant_view


@tenant_view(AGGREGATES_VIEW)
def category_dashboard(request: TenantRequest, export: bool = False) -> HttpResponse:
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET"})
    names_schools = CATEGORIES_VIEW in request.tenant_permissions
    today = timezone.localdate()
    if not names_schools:
        # Board members and viewers: counts only, each below 5 suppressed (DESIGN §5); their
        # download is those counts as shown, never the officers' list naming schools.
        aggregates = aggregates_of(
            cached_dashboard(tenant=request.tenant, today=today, with_lists=False))
        if export:
            return list_download(request, rows=count_rows(aggregates), download=COUNTS)
        return render(request, "categorisation/dashboard_aggregates.html", {
            "aggregates": aggregates, "nav_section": "categories",
            "downloads": download_links(request)})
    version = data_version(tenant=request.tenant, today=today)
    if export:
        summary = cached_dashboard(tenant=request.tenant, today=today, with_lists=True,
                                   version=version)
        return list_download(request, rows=summary.at_risk_schools, download=AT_RISK)
    # The lists name hundreds of schools on a large council: the rendered content is kept per
    # version of the data, per set of rights (the links shown) and per address.
    rights = hashlib.sha256(repr(sorted(request.tenant_permissions)).encode()).hexdigest()[:12]
    key = (f"categorisation:dashboard:page:t{request.tenant.pk}:{version}:{rights}:"
           f"{hashlib.sha256(request.get_full_path().encode()).hexdigest()[:12]}")
    body = kept_html(key, "categorisation/_dashboard_body.html", lambda: {
        "dashboard": cached_dashboard(tenant=request.tenant, today=today, with_lists=True,
                                      version=version),
        "names_schools": names_schools, "today": today,
        "downloads": download_links(request) if names_schools else None,
    }, ttl=DASHBOARD_TTL, request=request)
    return render(request, "categorisation/dashboard.html", {
        "body": body, "nav_section": "categories"})


# The dashboard's schools at risk, with why.
AT_RISK = ListDownload("schools-at-risk", "Schools at risk", (
    Column("URN", lambda row: row.school.establishment.urn),
    Column("School", lambda row: row.school.establishment.name),
    Column("Why", lambda row: "; ".join(row.reasons)),
))

# The counts a board member or viewer sees, suppressed as on the page.
COUNTS = ListDownload("category-counts", "Categories: counts across the council", (
    Column("Table", lambda row: row.table),
    Column("Line", lambda row: row.line),
    Column("Schools", lambda row: shown(row.schools)),
    Column("Good or better", lambda row: shown(row.good_or_better)),
    Column("Pupils in good or better schools", lambda row: row.pupils_share),
))
