"""Peer review pages: the cycles (officers), a new cycle (school by school, or every school of a
cluster in one step), a cycle's reviews with their teams (and its download), a review added,
one review (officers; its team while the review lasts; the school's headteacher), its team,
outcomes by theme and improvement workshop. Thin: the rules live in
`support.services.peer_review` and `support.peer_review`."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from core.downloads import ListDownload, download_links, list_download
from core.exports import Column
from core.pagination import paginate
from core.permissions import VISITS_RECORD, VISITS_VIEW, has
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from core.years import AcademicYear
from schools.models import School
from support.forms_peer_review import (
    CycleForm,
    OutcomeForm,
    ReviewerForm,
    ReviewForm,
    WorkshopForm,
)
from support.models.peer_review import PeerReview, PeerReviewCycle, PeerReviewer
from support.peer_review import refusal_of
from support.peer_review_access import review_for
from support.selectors import peer_review as selectors
from support.services import peer_review as services
from support.views._common import NAV, form_page

FORM = "support/peer_review/form_page.html"


def _team(review: PeerReview) -> str:
    return "; ".join(f"{place.person.user}{' (lead)' if place.is_lead else ''}"
                     for place in review.team.all())


def _outcome(theme_name: str):
    def read(review: PeerReview) -> str:
        found = next((o for o in review.outcomes.all() if o.theme.name == theme_name), None)
        return f"{found.get_judgement_display()}: {found.text}" if found else ""
    return read


REVIEW_COLUMNS = (
    Column("School", lambda r: r.school.establishment.name),
    Column("URN", lambda r: r.school.urn),
    Column("Phase", lambda r: r.school.establishment.get_phase_display()),
    Column("Starts", lambda r: r.starts_on),
    Column("Ends", lambda r: r.ends_on),
    Column("Team", _team),
    Column("Summary", lambda r: r.summary),
    Column("Workshop", lambda r: r.workshop_on),
    Column("Workshop notes", lambda r: r.workshop_notes),
)


def cycle_url(request: TenantRequest, cycle: PeerReviewCycle) -> str:
    return reverse("support:peer-review-cycle", args=[request.tenant.slug, cycle.pk])


def review_url(request: TenantRequest, review: PeerReview) -> str:
    return reverse("support:peer-review-detail", args=[request.tenant.slug, review.pk])


def _cycle(cycle_id: int) -> PeerReviewCycle:
    cycle = PeerReviewCycle.objects.filter(pk=cycle_id).first()
    if cycle is None:
        raise Http404("No such peer review cycle.")
    return cycle


@tenant_view(VISITS_VIEW)
@require_GET
def peer_review_home(request: TenantRequest) -> HttpResponse:
    return render(request, "support/peer_review/home.html", {
        "cycles": list(selectors.cycles(tenant=request.tenant)), "nav_section": NAV,
        "records": has(request.membership, VISITS_RECORD)})


@tenant_view(VISITS_RECORD)
def cycle_create(request: TenantRequest) -> HttpResponse:
    today = timezone.localdate()
    year = AcademicYear.of(today)
    years = [(y.start_year, y.label) for y in (year.shifted(-1), year, year.shifted(1))]
    form = CycleForm(request.POST or None, years=years,
                     partnerships=selectors.partnership_choices(tenant=request.tenant, on=today),
                     initial={"academic_year": year.start_year, "starts_on": today,
                              "ends_on": today + timedelta(weeks=12), "team_size": 2})
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values["partnership_id"] = values.pop("partnership")
        values["team_size"] = values["team_size"] or 0
        try:
            cycle = services.cycle_create(tenant=request.tenant, actor=request.user, **values)
        except ValidationError as error:
            show_refusal(form, error, aliases={"partnership_id": "partnership"})
        else:
            messages.success(request, f"Cycle {cycle.name} set up.")
            return redirect(cycle_url(request, cycle))
    return form_page(request, form, heading="Set up a peer review cycle",
                     button="Set up the cycle", template=FORM,
                     back_url=reverse("support:peer-review", args=[request.tenant.slug]),
                     intro="Lincolnshire's peer review runs for a whole cluster: choose a "
                           "partnership to set up a review of each of its schools at once.")


@tenant_view(VISITS_VIEW)
@require_GET
def cycle_detail(request: TenantRequest, cycle_id: int, export: bool = False) -> HttpResponse:
    cycle = _cycle(cycle_id)
    if export:
        themes = list(selectors.themes(tenant=request.tenant))
        download = ListDownload("peer-reviews", f"Peer reviews, {cycle.name}", (
            *REVIEW_COLUMNS, *(Column(theme.name, _outcome(theme.name)) for theme in themes)))
        return list_download(request, rows=selectors.reviews_of(cycle), download=download)
    # The page lists plain values; only the file reads each review's outcomes and themes.
    return render(request, "support/peer_review/cycle.html", {
        "cycle": cycle, "reviews": selectors.cycle_rows(cycle), "nav_section": NAV,
        "records": has(request.membership, VISITS_RECORD),
        "downloads": download_links(request)})


@tenant_view(VISITS_RECORD)
def review_add(request: TenantRequest, cycle_id: int) -> HttpResponse:
    cycle = _cycle(cycle_id)
    schools = (School.objects.filter(establishment__is_open=True)
               .exclude(pk__in=cycle.reviews.values("school"))
               .select_related("establishment").order_by("establishment__name"))
    form = ReviewForm(request.POST or None, schools=schools,
                      initial={"starts_on": cycle.starts_on, "ends_on": cycle.ends_on})
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_add(tenant=request.tenant, actor=request.user,
                                         cycle=cycle, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Review added: now put its team together.")
            return redirect(review_url(request, review))
    return form_page(request, form, heading=f"Add a school to {cycle.name}",
                     button="Add the review", back_url=cycle_url(request, cycle),
                     template=FORM)


@tenant_view()
@require_GET
def review_detail(request: TenantRequest, review_id: int) -> HttpResponse:
    review, access = review_for(membership=request.membership, review_id=review_id)
    themes = list(selectors.themes(tenant=request.tenant))
    found = {outcome.theme_id: outcome for outcome in review.outcomes.all()}
    return render(request, "support/peer_review/review.html", {
        "review": review, "access": access, "school": review.school,
        "establishment": review.school.establishment,
        "outcomes": [(theme, found.get(theme.pk)) for theme in themes],
        "other_outcomes": [o for o in review.outcomes.all() if o.theme.retired],
        "today": timezone.localdate(),
        "nav_section": NAV if has(request.membership, VISITS_VIEW) else "own-school"})


@tenant_view(VISITS_RECORD)
def team_add(request: TenantRequest, review_id: int) -> HttpResponse:
    review, _ = review_for(membership=request.membership, review_id=review_id)
    people = selectors.heads(tenant=request.tenant).exclude(
        pk__in=[place.person_id for place in review.team.all()])
    form = ReviewerForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.reviewer_assign(tenant=request.tenant, actor=request.user, review=review,
                                     **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['person'].user} is on the team.")
            return redirect(review_url(request, review))
    school = selectors.reviewed_schools(tenant=request.tenant, schools=[review.school],
                                        on=review.starts_on)[review.school_id]
    # Fifty heads a page: each is read with their school, trust, partnerships and training.
    page, query_string = paginate(request, people.only(*selectors.REVIEWER_COLUMNS))
    candidates = [(reviewer, refusal_of(reviewer, school, review.starts_on))
                  for reviewer in selectors.reviewers(tenant=request.tenant,
                                                      people=page.object_list,
                                                      on=review.starts_on)]
    return render(request, "support/peer_review/team_form.html", {
        "form": form, "review": review, "school": review.school, "candidates": candidates,
        "page": page, "query_string": query_string,
        "back_url": review_url(request, review), "nav_section": NAV},
        status=400 if form.errors else 200)


@tenant_view(VISITS_RECORD)
@require_POST
def team_remove(request: TenantRequest, review_id: int, reviewer_id: int) -> HttpResponse:
    review, _ = review_for(membership=request.membership, review_id=review_id)
    place = PeerReviewer.objects.filter(pk=reviewer_id, review=review).first()
    if place is None:
        raise Http404("No such reviewer on this review.")
    services.reviewer_remove(tenant=request.tenant, actor=request.user, place=place)
    messages.success(request, "Taken off the team.")
    return redirect(review_url(request, review))


@tenant_view()
def outcome_record(request: TenantRequest, review_id: int) -> HttpResponse:
    review, _ = review_for(membership=request.membership, review_id=review_id, write=True)
    themes = selectors.themes(tenant=request.tenant)
    chosen = request.GET.get("theme")
    initial = {"theme": chosen} if chosen and chosen.isdigit() else {}
    form = OutcomeForm(request.POST or None, themes=themes, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_record(tenant=request.tenant, actor=request.user, review=review,
                                    **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['theme'].name} recorded.")
            return redirect(review_url(request, review))
    return form_page(request, form, heading="Record an outcome by theme", button="Save",
                     back_url=review_url(request, review), school=review.school,
                     template=FORM, intro="A strength or an area to develop, in the review "
                                          "team's words. Recorded again, it replaces the "
                                          "earlier words.")


@tenant_view()
def workshop_record(request: TenantRequest, review_id: int) -> HttpResponse:
    review, _ = review_for(membership=request.membership, review_id=review_id, write=True)
    form = WorkshopForm(request.POST or None, initial={
        "summary": review.summary, "workshop_on": review.workshop_on,
        "workshop_notes": review.workshop_notes})
    if request.method == "POST" and form.is_valid():
        try:
            services.review_workshop(tenant=request.tenant, actor=request.user, review=review,
                                     **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Summary and workshop saved.")
            return redirect(review_url(request, review))
    return form_page(request, form, heading="Summary and improvement workshop", button="Save",
                     back_url=review_url(request, review), school=review.school,
                     template=FORM)
