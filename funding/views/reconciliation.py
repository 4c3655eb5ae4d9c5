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
from core.permissions import FUNDING_VIEW
from core.tenancy import TenantRequest, tenant_view
from funding.charts import bar_groups
from funding.exports import budget_totals, reconciliation_table
from funding.permissions import funding_access
from funding.selectors.spending import carried_forward, year_balances
from funding.selectors.traded import income_rows
from funding.selectors.years import funding_year
from funding.views._common import NAV

SERIES = (("amount", "Budget", "#1d70b8"), ("committed", "Committed", "#f47738"),
          ("spent", "Spent", "#00703c"))


def chart_bars(budgets: list) -> tuple[list[dict], int]:
    """Groups of three bars (budget, committed, spent) per budget (`funding.charts`)."""
    return bar_groups([(budget.name, [(label, colour, getattr(budget, name))
                                      for name, label, colour in SERIES])
                       for budget in budgets])


@tenant_view(FUNDING_VIEW)
@require_GET
def reconciliation(request: TenantRequest, funding_year_id: int) -> HttpResponse:
    year = funding_year(funding_year_id)
    budgets, _ = year_balances(year)
    groups, height = chart_bars(budgets)
    carried = list(carried_forward(year))
    return render(request, "funding/reconciliation.html", {
        "year": year, "budgets": budgets, "totals": budget_totals(budgets), "groups": groups,
        "height": height, "series": SERIES, "nav_section": NAV,
        "carried_out": [c for c in carried if c.from_year_id == year.pk],
        "carried_in": [c for c in carried if c.to_year_id == year.pk],
        "income": income_rows(year),
        "can_manage": funding_access(request.membership).can_manage})


@tenant_view(FUNDING_VIEW)
@require_GET
def reconciliation_export(request: TenantRequest, funding_year_id: int) -> HttpResponse:
    year = funding_year(funding_year_id)
    budgets, _ = year_balances(year)
    rows, columns = reconciliation_table(budgets)
    return file_download(request, rows=rows, columns=columns, name="reconciliation",
                         filename=f"reconciliation-{year.label}",
                         title=f"Reconciliation {year.label}")
