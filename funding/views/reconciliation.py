"""The reconciliation of a year for the finance officer and the schools forum: per budget
(each de-delegation line's total charge, each confirmed run's partnership allocations) the
budget, what is committed, what is spent, what remains and the underspend; the totals; a bar
chart of budget, committed and spent (drawn as SVG, the same numbers in the table); and the
download as CSV or XLSX. Officers and the admin (FUNDING_VIEW)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.downloads import file_download
from core.kept import kept_html
from core.models import Tenant
from core.permissions import FUNDING_VIEW
from core.tenancy import TenantRequest, tenant_view
from funding.charts import bar_groups
from funding.exports import budget_totals, reconciliation_table
from funding.models import FundingYear
from funding.permissions import funding_access
from funding.selectors.kept import MONEY_TTL, kept_balances, kept_reconciliation
from funding.selectors.versions import funding_version
from funding.selectors.years import funding_year
from funding.views._common import NAV

SERIES = (("amount", "Budget", "#1d70b8"), ("committed", "Committed", "#f47738"),
          ("spent", "Spent", "#00703c"))


def chart_bars(budgets: list) -> tuple[list[dict], int]:
    """Groups of three bars (budget, committed, spent) per budget (`funding.charts`)."""
    return bar_groups([(budget.name, [(label, colour, getattr(budget, name))
                                      for name, label, colour in SERIES])
                       for budget in budgets])


def _figures(tenant: Tenant, year: FundingYear, version: str) -> dict:
    """What the chart, the table, what was carried and the income are drawn from."""
    kept_figures = kept_reconciliation(year, version=version)
    budgets = kept_figures.budgets
    groups, height = chart_bars(budgets)
    return {"tenant": tenant, "year": year, "budgets": budgets, "totals": budget_totals(budgets),
            "groups": groups, "height": height, "series": SERIES,
            "carried_out": kept_figures.carried_out(year),
            "carried_in": kept_figures.carried_in(year), "income": kept_figures.income}


@tenant_view(FUNDING_VIEW)
@require_GET
def reconciliation(request: TenantRequest, funding_year_id: int) -> HttpResponse:
    year = funding_year(funding_year_id)
    tenant = request.tenant
    # A hundred budgets' chart and table take longer to draw than to compute: drawn once per
    # version of funding's data (the same key as the figures; the address names the tenant's
    # slug).
    version = funding_version(tenant)
    figures = kept_html(
        f"funding:reconciliation-html:t{tenant.pk}:{version}:{year.pk}:{tenant.slug}",
        "funding/_reconciliation_figures.html", lambda: _figures(tenant, year, version),
        ttl=MONEY_TTL)
    return render(request, "funding/reconciliation.html", {
        "year": year, "figures": figures,
        "nav_section": NAV, "can_manage": funding_access(request.membership).can_manage})


@tenant_view(FUNDING_VIEW)
@require_GET
def reconciliation_export(request: TenantRequest, funding_year_id: int) -> HttpResponse:
    year = funding_year(funding_year_id)
    budgets, _ = kept_balances(year)
    rows, columns = reconciliation_table(budgets)
    return file_download(request, rows=rows, columns=columns, name="reconciliation",
                         filename=f"reconciliation-{year.label}",
                         title=f"Reconciliation {year.label}")
