"""Peer review's other pages: who was trained (officers, with its download) and recording a
training, the theme list, the themes' trends for the board (an SVG chart drawn by
`funding.charts`, the numbers in a table and a download; counts only, no school named) and a
person's own reviews (as a reviewer, and of their own school)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.downloads import ListDownload, page_or_download
from core.exports import Column
from core.permissions import AGGREGATES_VIEW, VISITS_RECORD, VISITS_VIEW, has
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from funding.charts import bar_groups
from schools.selectors import school_of
from support.forms_peer_review import ThemeForm, TrainingForm
from support.selectors import peer_review as selectors
from support.services import peer_review as services
from support.views._common import NAV, form_page

TRAINING = ListDownload("peer-review-training", "Peer review training", (
    Column("Name", lambda t: str(t.person.user)),
    Column("School", lambda t: t.person.headship.school.establishment.name
           if hasattr(t.person, "headship") else ""),
    Column("Trained on", lambda t: t.trained_on),
    Column("Trained by", lambda t: t.trained_by),
))
STRENGTH, AREA = "#00703c", "#f47738"


@tenant_view(VISITS_VIEW)
@require_GET
def training_list(request: TenantRequest, export: bool = False) -> HttpResponse:
    rows = list(selectors.trainings(tenant=request.tenant))
    return page_or_download(request, "support/peer_review/training.html", {
        "trainings": rows, "people": len({t.person_id for t in rows}), "nav_section": NAV,
        "records": has(request.membership, VISITS_RECORD)},
        rows=rows, download=TRAINING, export=export)


@tenant_view(VISITS_RECORD)
def training_record(request: TenantRequest) -> HttpResponse:
    form = TrainingForm(request.POST or None, people=selectors.heads(tenant=request.tenant),
                        initial={"trained_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.training_record(tenant=request.tenant, actor=request.user,
                                     **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['person'].user}'s training "
                                      "recorded.")
            return redirect("support:peer-review-training", request.tenant.slug)
    return form_page(request, form, heading="Record peer review training",
                     button="Record the training", template="support/peer_review/form_page.html",
                     back_url=reverse("support:peer-review-training",
                                      args=[request.tenant.slug]),
                     intro="Only a headteacher trained on or before a review's first day is "
                           "put on its team.")


@tenant_view(VISITS_VIEW)
def theme_list(request: TenantRequest) -> HttpResponse:
    form = ThemeForm(request.POST or None)
    if request.method == "POST":
        if not has(request.membership, VISITS_RECORD):
            raise PermissionDenied("Only officers change the theme list.")
        if form.is_valid():
            try:
                theme = services.theme_add(tenant=request.tenant, actor=request.user,
                                           **form.cleaned_data)
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, f"Theme {theme.name} added.")
                return redirect("support:peer-review-themes", request.tenant.slug)
    every = list(selectors.themes(tenant=request.tenant, with_retired=True))
    return render(request, "support/peer_review/themes.html", {
        "themes": [theme for theme in every if not theme.retired],
        "retired": [theme for theme in every if theme.retired],
        "defaults": services.DEFAULT_THEMES,
        "form": form, "records": has(request.membership, VISITS_RECORD), "nav_section": NAV},
        status=400 if form.errors else 200)


def trend_rows(cycles, trends) -> list[dict]:
    return [{"theme": trend.theme.name, "cycle": cycle.name, "year": cycle.year_label,
             "strengths": trend.of(cycle)[0], "areas": trend.of(cycle)[1]}
            for trend in trends for cycle in cycles]


TRENDS = ListDownload("peer-review-trends", "Peer review themes", (
    Column("Theme", lambda row: row["theme"]),
    Column("Cycle", lambda row: row["cycle"]),
    Column("Academic year", lambda row: row["year"]),
    Column("Strengths", lambda row: row["strengths"]),
    Column("Areas to develop", lambda row: row["areas"]),
))


@tenant_view(AGGREGATES_VIEW)
@require_GET
def trends(request: TenantRequest, export: bool = False) -> HttpResponse:
    cycles, found = selectors.theme_trends(tenant=request.tenant)
    rows = trend_rows(cycles, found)
    # One group a theme, a bar for each cycle's strengths and areas to develop (funding.charts).
    groups, height = bar_groups([
        (trend.theme.name, [(f"{cycle.name}: {label}", colour, trend.of(cycle)[index])
                            for cycle in cycles
                            for index, label, colour in ((0, "strengths", STRENGTH),
                                                         (1, "areas to develop", AREA))])
        for trend in found]) if cycles else ([], 0)
    return page_or_download(request, "support/peer_review/trends.html", {
        "cycles": cycles, "trends": found, "rows": rows, "groups": groups, "height": height,
        "series": [("strengths", "Strength", STRENGTH), ("areas", "Area to develop", AREA)],
        "nav_section": NAV if has(request.membership, VISITS_VIEW) else None},
        rows=rows, download=TRENDS, export=export)


@tenant_view()
@require_GET
def my_reviews(request: TenantRequest) -> HttpResponse:
    today = timezone.localdate()
    school = school_of(request.membership)
    return render(request, "support/peer_review/mine.html", {
        "reviewing": selectors.reviews_by(request.membership, today=today),
        "own": selectors.reviews_of_school(school) if school else [], "school": school,
        "today": today, "nav_section": None})
