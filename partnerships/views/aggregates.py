"""Pages for the roles that see aggregates only (board members, viewers; DESIGN §5): the
tenant's partnership coverage and the consultation surveys' tallies, as counts with small
numbers suppressed (partnerships.aggregates). No school is named and no map is drawn: the
officers' pages (partnerships.views.coverage, .surveys) name them."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.permissions import AGGREGATES_VIEW
from core.tenancy import TenantRequest, tenant_view
from partnerships import selectors
from partnerships.aggregates import coverage_tables, tally_lines
from partnerships.models import Rating, Survey
from partnerships.selectors.coverage_kept import kept_page
from partnerships.views.coverage import ANY_LEVEL, chosen_level


@tenant_view(AGGREGATES_VIEW)
@require_GET
def coverage_summary(request: TenantRequest) -> HttpResponse:
    levels = list(selectors.partnership_level_list())
    level = chosen_level(levels, request.GET.get("level"))
    result = kept_page(tenant=request.tenant, level=level).coverage
    overall, by_phase, by_governance = coverage_tables(
        result.overall, [result.by_phase, result.by_governance])
    return render(request, "partnerships/aggregates/coverage.html", {
        "nav_section": "home", "levels": levels, "level": level, "any_level": ANY_LEVEL,
        "level_value": str(level.pk) if level else ANY_LEVEL,
        "overall": overall, "by_phase": by_phase, "by_governance": by_governance,
    })


@tenant_view(AGGREGATES_VIEW)
@require_GET
def survey_results_list(request: TenantRequest) -> HttpResponse:
    return render(request, "partnerships/aggregates/survey_list.html", {
        "nav_section": "home", "surveys": list(Survey.objects.order_by("-created_at"))})


@tenant_view(AGGREGATES_VIEW)
@require_GET
def survey_results(request: TenantRequest, survey_id: int) -> HttpResponse:
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None:
        raise Http404("No such survey.")
    return render(request, "partnerships/aggregates/survey_results.html", {
        "nav_section": "home", "survey": survey, "ratings": Rating.labels,
        "options": tally_lines(selectors.survey_tally(survey=survey)),
    })
