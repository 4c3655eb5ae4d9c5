"""Coverage: which open schools are in no partnership of a level (the seeds' goal is every
school in one), by phase and by maintained/academy, with the offline map beside the numbers."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from core.downloads import ListDownload, list_download, page_or_download
from core.exports import Column
from core.permissions import PARTNERSHIPS_VIEW
from core.tenancy import TenantRequest, tenant_view
from partnerships import selectors
from partnerships.models import PartnershipLevel
from partnerships.selectors import CoverageRow
from partnerships.selectors.coverage_kept import kept_page

ANY_LEVEL = "any"
# The coverage tables as the page shows them: overall, by phase, by maintained or academy.
COVERAGE = ListDownload("coverage", "Partnership coverage", (
    Column("Grouped by", lambda row: row[0]),
    Column("Group", lambda row: row[1].label if row[0] != "All open schools" else "All"),
    Column("Open schools", lambda row: row[1].total),
    Column("In a partnership", lambda row: row[1].covered),
    Column("In none", lambda row: row[1].uncovered),
    Column("Covered (%)", lambda row: round(100 * row[1].share)),
))


def _bars(rows: list[CoverageRow]) -> list[dict]:
    """Covered and not covered as shares of the largest group, for stacked bars."""
    largest = max((row.total for row in rows), default=0) or 1
    return [{
        "label": row.label, "total": row.total, "covered": row.covered,
        "uncovered": row.uncovered, "percent": round(100 * row.share),
        "covered_width": round(100 * row.covered / largest, 1),
        "uncovered_width": round(100 * row.uncovered / largest, 1),
    } for row in rows]


def chosen_level(levels: list[PartnershipLevel], value: str | None) -> PartnershipLevel | None:
    """The level asked for; by default the narrowest (a school's hub or family cluster);
    None means a partnership of any level."""
    if value == ANY_LEVEL:
        return None
    by_id = {str(level.pk): level for level in levels}
    if value in by_id:
        return by_id[value]
    return levels[0] if levels else None


@tenant_view(PARTNERSHIPS_VIEW)
@require_GET
def coverage(request: TenantRequest, export: bool = False) -> HttpResponse:
    levels = list(selectors.partnership_level_list())
    level = chosen_level(levels, request.GET.get("level"))
    kept = kept_page(tenant=request.tenant, level=level)
    result = kept.coverage
    rows = [("All open schools", result.overall)]
    rows += [("Phase", row) for row in result.by_phase]
    rows += [("Maintained or academy", row) for row in result.by_governance]
    if export:
        return list_download(request, rows=rows, download=COVERAGE)
    return page_or_download(request, "partnerships/coverage.html", {
        "nav_section": "partnerships",
        "levels": levels,
        "level": level,
        "level_value": str(level.pk) if level else ANY_LEVEL,
        "any_level": ANY_LEVEL,
        "coverage": result,
        "percent_covered": round(100 * result.overall.share),
        "phase_bars": _bars(result.by_phase),
        "governance_bars": _bars(result.by_governance),
        "map": kept.map,
        "uncovered_count": kept.uncovered_count,
        "uncovered_rows": kept.uncovered_rows,
    }, rows=rows, download=COVERAGE)
