"""The budget history (seed 001, appendix A): years across, lines, funds and allocations down,
with totals; and its download. Aggregates only, so everyone who sees funding totals reads it."""

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.downloads import file_download
from core.exports import MONEY_FORMAT, Column
from core.tenancy import TenantRequest, tenant_view
from funding.models import FundingYear
from funding.permissions import funding_access
from funding.selectors.history import BudgetHistory, HistoryRow
from funding.selectors.kept import kept_history
from funding.views._common import NAV


def _check(request: TenantRequest) -> None:
    if not funding_access(request.membership).can_see_totals:
        raise PermissionDenied("Your role does not show funding totals.")


@tenant_view()
@require_GET
def budget_history_view(request: TenantRequest) -> HttpResponse:
    _check(request)
    history = kept_history(request.tenant)
    years = history.years
    return render(request, "funding/budget_history.html", {
        "history": history, "table": [(row, row.cells(years)) for row in history.rows],
        "total_cells": history.totals.cells(years), "nav_section": NAV})


def _amount(year: FundingYear) -> Callable[[Any], object]:
    def read(row: HistoryRow) -> object:
        return row.amount_in(year)
    return read


def history_table(history: BudgetHistory) -> tuple[list[HistoryRow], list[Column]]:
    """One row per line, fund and the allocations, then the totals; a column per year."""
    columns = [Column("Budget", attrgetter("name")), Column("Stream", attrgetter("kind"))]
    columns += [Column(f"{year.label} (£)", _amount(year), number_format=MONEY_FORMAT)
                for year in history.years]
    return [*history.rows, history.totals], columns


@tenant_view()
@require_GET
def budget_history_export(request: TenantRequest) -> HttpResponse:
    _check(request)
    rows, columns = history_table(kept_history(request.tenant))
    return file_download(request, rows=rows, columns=columns, name="budget-history",
                         filename="budget-history", title="Budget history")
