"""Consultation surveys (seed 003): an officer sets the options, headteachers answer from their
account and officers enter paper responses; the results are tallied by role and phase.

A headteacher's answers are keyed to their user, so answering again replaces them; each paper
response gets a fresh key, so two paper forms are two respondents.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.downloads import ListDownload, download_links, list_download
from core.exports import Column
from core.permissions import PARTNERSHIPS_MANAGE
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from partnerships import selectors, services
from partnerships.forms.surveys import SurveyAnswerForm, SurveyCreateForm
from partnerships.models import FormationProposal, Rating, RespondentRole, Survey, SurveyOption
from partnerships.permissions import may_answer_surveys, may_manage_formation
from partnerships.services import respondent_key_for, survey_is_open
from schools.selectors import school_of

NAV = "partnerships"


def open_surveys_for(request: HttpRequest) -> list[dict]:
    """The surveys open today, each with whether this user has answered it."""
    answered = selectors.surveys_answered_by(
        respondent_key=respondent_key_for(request.user))
    return [{"survey": s, "answered": s.pk in answered}
            for s in Survey.objects.order_by("-created_at") if survey_is_open(s)]


def _survey(survey_id: int) -> Survey:
    survey = Survey.objects.select_related("proposal").filter(pk=survey_id).first()
    if survey is None:
        raise Http404("No such survey.")
    return survey


@tenant_view()
def survey_list(request: HttpRequest) -> HttpResponse:
    if not may_answer_surveys(request.tenant_permissions):
        raise PermissionDenied("Your role does not allow this.")
    officer = may_manage_formation(request.tenant_permissions)
    return render(request, "partnerships/surveys/list.html", {
        "nav_section": NAV if officer else "home",
        "officer": officer,
        "surveys": list(selectors.survey_list()) if officer else [],
        "open_surveys": [] if officer else open_surveys_for(request),
    })


@tenant_view(PARTNERSHIPS_MANAGE)
def survey_create(request: HttpRequest) -> HttpResponse:
    proposals = FormationProposal.objects.order_by("-created_at")
    form = SurveyCreateForm(request.POST or None, proposals=proposals)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.survey_create(
                tenant=request.tenant, actor=request.user, title=data["title"],
                options=form.option_labels(), description=data["description"],
                proposal=data["proposal"], opens_on=data["opens_on"],
                closes_on=data["closes_on"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Created the survey {survey.title}.")
            return redirect("partnerships:survey-detail", request.tenant.slug, survey.pk)
    return render(request, "partnerships/surveys/create.html", {
        "nav_section": NAV, "form": form,
    }, status=400 if form.errors else 200)


# The tallies as the results page shows them: per option and group, each rating's count.
TALLIES = ListDownload("survey-tallies", "Survey results", (
    Column("Option", lambda r: r[0].label),
    Column("Respondents", lambda r: r[1].label),
    Column("Number", lambda r: r[1].total),
    *(Column(label, lambda r, value=value: r[1].counts.get(value, 0))
      for value, label in Rating.choices),
    Column("Support (%)", lambda r: r[1].support_percent),
    Column("Against (%)", lambda r: r[1].against_percent),
))


@tenant_view(PARTNERSHIPS_MANAGE)
def survey_detail(request: TenantRequest, survey_id: int, export: bool = False) -> HttpResponse:
    """The results: for each option, the five-point scale by role and phase, as stacked bars
    with the numbers in tables. A fixed number of queries however many responses."""
    survey = _survey(survey_id)
    tallies = selectors.survey_tally(survey=survey)
    if export:
        return list_download(request, download=TALLIES,
                             rows=[(tally.option, row) for tally in tallies for row in tally.rows])
    segments = [(value, label) for value, label in Rating.choices]
    charts = []
    for tally in tallies:
        rows = [{"label": row.label, "counts": row.counts, "support": row.support_percent,
                 "against": row.against_percent, "total": row.total} for row in tally.rows]
        charts.append({"option": tally.option, "rows": rows})
    return render(request, "partnerships/surveys/detail.html", {
        "nav_section": NAV, "survey": survey, "charts": charts, "segments": segments,
        "downloads": download_links(request),
        "counts": selectors.survey_respondent_counts(survey=survey),
        "is_open": survey_is_open(survey),
    })


@tenant_view()
def survey_respond(request: HttpRequest, survey_id: int) -> HttpResponse:
    """A headteacher answers for themselves while the survey is open; an officer enters a paper
    response (a headteacher's or a governor's) at any time."""
    permissions = request.tenant_permissions
    if not may_answer_surveys(permissions):
        raise PermissionDenied("Your role does not allow this.")
    survey = _survey(survey_id)
    on_paper = may_manage_formation(permissions)
    school = None if on_paper else school_of(request.membership)
    if not on_paper and school is None:
        raise PermissionDenied("Your membership names no school.")
    if not on_paper and not survey_is_open(survey):
        messages.error(request, f"{survey.title} is not open for answers.")
        return redirect("partnerships:survey-list", request.tenant.slug)
    options = list(SurveyOption.objects.filter(survey=survey).order_by("position", "label"))
    form = SurveyAnswerForm(request.POST or None, options=options, on_paper=on_paper)
    if request.method == "POST" and form.is_valid():
        if on_paper:
            key = f"paper:{uuid.uuid4().hex}"
            role, phase = form.cleaned_data["respondent_role"], form.cleaned_data["phase"]
        else:
            key, role, phase = respondent_key_for(request.user), RespondentRole.HEADTEACHER, ""
        try:
            services.survey_response_record(
                tenant=request.tenant, actor=request.user, survey=survey, respondent_key=key,
                respondent_role=role, ratings=form.ratings(), school=school, phase=phase,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if on_paper:
                messages.success(request, "Recorded the paper response. Enter the next one "
                                          "below, or see the results.")
                return redirect("partnerships:survey-respond", request.tenant.slug, survey.pk)
            messages.success(request, f"Thank you: your answers to {survey.title} are saved.")
            return redirect("partnerships:formation-my-school", request.tenant.slug)
    return render(request, "partnerships/surveys/respond.html", {
        "nav_section": NAV if on_paper else "home", "survey": survey, "form": form,
        "on_paper": on_paper, "school": school, "ratings": Rating.choices,
    }, status=400 if form.errors else 200)
