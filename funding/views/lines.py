"""A de-delegation line: its rates, the forum's votes by phase, each school's charge, academies
buying it back, and its download."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from core.downloads import file_download
from core.pagination import paginate
from core.permissions import FUNDING_MANAGE, FUNDING_VIEW
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from funding.exports import line_table
from funding.forms import BuyBackForm, LineForm, VoteCorrectForm, VoteForm
from funding.models import ForumPhase
from funding.selectors.academies import academy_choices, open_academies
from funding.selectors.totals import cached_schedule
from funding.selectors.year_page import line_rows_html, paged_schedule
from funding.selectors.years import (
    buy_backs_of,
    funding_year,
    line_for,
    vote_for,
    vote_history,
)
from funding.services import dedelegation as services
from funding.views._common import NAV, form_page, line_url


@tenant_view(FUNDING_MANAGE)
def line_create(request: TenantRequest, funding_year_id: int) -> HttpResponse:
    year = funding_year(funding_year_id)
    form = LineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            line = services.dedelegation_line_create(tenant=request.tenant, actor=request.user,
                                                     year=year, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Added {line.name}. Record the forum's votes next.")
            return redirect(line_url(request, line))
    return form_page(request, form, heading="Add a de-delegation line", button="Add line",
                     year=year)


@tenant_view(FUNDING_VIEW)
@require_GET
def line_detail(request: TenantRequest, line_id: int) -> HttpResponse:
    line = line_for(line_id, votes=False)  # the history below has them
    schedule, version = paged_schedule(request.tenant, line.year)
    summary = next(s for s in schedule.lines if s.line.pk == line.pk)
    # Fifty schools' charges a page, each page read back and drawn once per version of the
    # charges; the line's total above and in the foot is the whole year's.
    page, query_string = paginate(request, schedule.schools)
    history = vote_history(line)
    voted = {vote.phase for vote in history if vote.superseded_at is None}
    rows = line_rows_html(request.tenant, version, line, page)
    return render(request, "funding/line_detail.html", {
        "line": line, "year": line.year, "summary": summary, "school_rows": rows,
        "page": page, "query_string": query_string,
        "buy_backs": buy_backs_of(line), "vote_history": history,
        "can_manage": FUNDING_MANAGE in request.tenant_permissions, "missing_phases": [
            phase for phase in ForumPhase if phase not in voted], "nav_section": NAV})


@tenant_view(FUNDING_MANAGE)
def line_edit(request: TenantRequest, line_id: int) -> HttpResponse:
    line = line_for(line_id)
    form = LineForm(request.POST or None, initial={
        "name": line.name, "description": line.description, "primary_rate": line.primary_rate,
        "secondary_rate": line.secondary_rate, "primary_basis": line.primary_basis,
        "secondary_basis": line.secondary_basis, "cost_centre": line.cost_centre,
        "ledger_code": line.ledger_code})
    if request.method == "POST" and form.is_valid():
        try:
            services.dedelegation_line_update(tenant=request.tenant, actor=request.user,
                                              line=line, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Saved {line.name}.")
            return redirect(line_url(request, line))
    return form_page(request, form, heading=f"Change {line.name}", button="Save line",
                     year=line.year, line=line)


@tenant_view(FUNDING_MANAGE)
def vote_record(request: TenantRequest, line_id: int) -> HttpResponse:
    line = line_for(line_id)
    form = VoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vote = services.phase_vote_record(tenant=request.tenant, actor=request.user,
                                              line=line, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Recorded the {vote.get_phase_display().lower()} vote.")
            return redirect(line_url(request, line))
    return form_page(request, form, heading="Record the schools forum's vote",
                     button="Record vote", year=line.year, line=line,
                     intro="The maintained primary and maintained secondary members vote "
                           "separately on each line, every year.")


@tenant_view(FUNDING_MANAGE)
def vote_correct(request: TenantRequest, vote_id: int) -> HttpResponse:
    vote = vote_for(vote_id)
    line = vote.line
    form = VoteCorrectForm(request.POST or None, initial={
        "outcome": vote.outcome, "decided_on": vote.decided_on, "votes_for": vote.votes_for,
        "votes_against": vote.votes_against, "minute_reference": vote.minute_reference})
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_vote_correct(tenant=request.tenant, actor=request.user, vote=vote,
                                        **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Corrected the {vote.get_phase_display().lower()} "
                                      "vote; the old one is kept in the history.")
            return redirect(line_url(request, line))
    return form_page(request, form, heading=f"Correct the {vote.get_phase_display().lower()} "
                                            f"vote on {line.name}",
                     button="Correct vote", year=line.year, line=line,
                     intro="The vote recorded now is kept, marked as corrected with your "
                           "reason, and the corrected vote replaces it.")


@tenant_view(FUNDING_MANAGE)
def buy_back_create(request: TenantRequest, line_id: int) -> HttpResponse:
    line = line_for(line_id, votes=False)
    academies = academy_choices(request.tenant)
    form = BuyBackForm(request.POST or None, academies=academies)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # The one chosen read again: the kept choices may be a version behind a commit.
        school = open_academies(request.tenant).select_related("establishment").filter(
            pk=data.pop("school")).first()
        try:
            if school is None:
                raise ValidationError({"school": "Choose an open academy of the register."})
            services.buy_back_record(tenant=request.tenant, actor=request.user, line=line,
                                     school=school, **data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Recorded {school.establishment.name} buying back "
                                      f"{line.name}.")
            return redirect(line_url(request, line))
    return form_page(request, form, heading="Record an academy buying back the service",
                     button="Record buy-back", year=line.year, line=line)


@tenant_view(FUNDING_VIEW)
@require_GET
def line_export(request: TenantRequest, line_id: int) -> HttpResponse:
    line = line_for(line_id)
    rows, columns = line_table(cached_schedule(request.tenant, line.year), line)
    return file_download(request, rows=rows, columns=columns, name="de-delegation-line",
                         filename=f"de-delegation-{line.year.label}-line-{line.pk}",
                         title=f"{line.name} {line.year.label}")
