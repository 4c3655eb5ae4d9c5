"""The categorisation dashboard: counts for everyone who may see aggregates; the lists that
name schools only for roles that see individual categories (never a board member or viewer)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from categorisation.aggregates import aggregates_of
from categorisation.dashboard import dashboard
from core.permissions import AGGREGATES_VIEW, CATEGORIES_VIEW
from core.tenancy import tenant_view


@tenant_view(AGGREGATES_VIEW)
def category_dashboard(request: HttpRequest) -> HttpResponse:
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET"})
    names_schools = CATEGORIES_VIEW in request.tenant_permissions
    today = timezone.localdate()
    if not names_schools:
        # Board members and viewers: counts only, each below 5 suppressed (DESIGN §5).
        figures = dashboard(tenant=request.tenant, today=today, with_lists=False)
        return render(request, "categorisation/dashboard_aggregates.html", {
            "aggregates": aggregates_of(figures), "nav_section": "categories"})
    return render(request, "categorisation/dashboard.html", {
        "dashboard": dashboard(tenant=request.tenant, today=today, with_lists=names_schools),
        "names_schools": names_schools, "today": today, "nav_section": "categories",
    })
