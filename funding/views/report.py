"""A financial year's report: totals by stream, by partnership and by school, and a chart and
table of each stream's history across the years, and the income (traded days sold); each table
downloads as CSV or XLSX (`?table=streams|partnerships|schools|history|income`). For officers
and the admin (FUNDING_VIEW), as the reconciliation whose figures it groups: it names schools
and tells commitments and spend."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.downloads import file_download
from core.exports import MONEY_FORMAT, Column
from core.kept import kept_html
from core.pagination import paginate
from core.permissions import FUNDING_VIEW
from core.tenancy import TenantRequest, tenant_view
from funding.charts import bar_groups
from funding.permissions import funding_access
from funding.selectors.report import COLOURS, STREAMS, YearReport, kept_year_report
from funding.selectors.totals import TOTALS_TTL
from funding.selectors.years import funding_year
from funding.views._common import NAV

TABLES = ("streams", "partnerships", "schools", "history", "income")


def _money(header: str, name: str) -> Column:
    return Column(header, attrgetter(name), number_format=MONEY_FORMAT)


def _sums_columns(first: str) -> list[Column]:
    return [Column(first, attrgetter("name")), _money("Budget (£)", "amount"),
            _money("Committed (£)", "committed"), _money("Spent (£)", "spent"),
            _money("Carried forward (£)", "carried"), _money("Remaining (£)", "remaining"),
            _money("Underspend (£)", "underspend")]


def _cell(index: int) -> Callable[[Any], object]:
    def read(row: tuple) -> object:
        return row[1][index]
    return read


def report_table(report: YearReport, table: str) -> tuple[list, list[Column]]:
    """The rows and columns of one of the report's tables, totals last, amounts as numbers."""
    if table == "partnerships":
        return report.partnerships, _sums_columns("Partnership")
    if table == "schools":
        return report.schools, [
            Column("URN", attrgetter("urn")), Column("School", attrgetter("name")),
            Column("Partnership", attrgetter("partnership_names")),
            _money(f"Allocated in {report.year.label} (£)", "allocated"),
            _money(f"De-delegation charged in {report.year.label} (£)", "charged")]
    if table == "income":
        return report.income, [
            Column("Source", attrgetter("name")), Column("Purchases", attrgetter("purchases")),
            Column("Days", attrgetter("days"), number_format="0.0"),
            _money("Income (£)", "amount"), _money("Invoice requests sent (£)", "sent"),
            _money("Not yet sent (£)", "not_sent")]
    if table == "history":
        columns = [Column("Financial year", lambda row: row[0].label)]
        columns += [Column(f"{stream} (£)", _cell(n), number_format=MONEY_FORMAT)
                    for n, stream in enumerate(STREAMS)]
        columns.append(Column("Total (£)", lambda row: row[2], number_format=MONEY_FORMAT))
        return report.history_rows, columns
    return [*report.streams, report.totals], _sums_columns("Stream")


def _history_chart(report: YearReport) -> tuple[list[dict], int]:
    return bar_groups([(year.label, [(stream, COLOURS[stream], amount)
                                     for stream, amount in zip(STREAMS, cells, strict=True)])
                       for year, cells, _ in report.history_rows])


@tenant_view(FUNDING_VIEW)
@require_GET
def year_report_view(request: TenantRequest, funding_year_id: int) -> HttpResponse:
    access = funding_access(request.membership)
    year = funding_year(funding_year_id)
    report = kept_year_report(request.tenant, year, with_schools=access.can_see_schools)
    groups, height = _history_chart(report)
    # Fifty schools a page: the streams and partnerships above are the whole year's, and the
    # download has every school.
    page, query_string = paginate(request, report.schools)
    # The streams', partnerships' and income's tables, drawn once per version of the report.
    tenant = request.tenant
    sums = kept_html(f"funding:report-sums:t{tenant.pk}:{report.version}:{year.pk}:{tenant.slug}",
                     "funding/_report_sums.html",
                     lambda: {"tenant": tenant, "year": year, "report": report}, ttl=TOTALS_TTL)
    return render(request, "funding/year_report.html", {
        "year": year, "report": report, "access": access, "groups": groups,
        "sums": sums,
        "page": page, "query_string": query_string,
        "height": height, "series": [(stream, stream, COLOURS[stream]) for stream in STREAMS],
        "streams": STREAMS, "nav_section": NAV})


@tenant_view(FUNDING_VIEW)
@require_GET
def year_report_export(request: TenantRequest, funding_year_id: int) -> HttpResponse:
    table = request.GET.get("table", "streams")
    if table not in TABLES:
        table = "streams"
    year = funding_year(funding_year_id)
    report = kept_year_report(request.tenant, year, with_schools=table == "schools")
    rows, columns = report_table(report, table)
    return file_download(request, rows=rows, columns=columns, name="funding-report",
                         filename=f"funding-{year.label}-by-{table}",
                         title=f"Funding {year.label} by {table}")
