"""Pages changing what peer review and programmes recorded (officers): a review's dates, a
theme retired, a training record corrected, a programme's name, provider and dates. Thin: the
rules live in `support.services.peer_review_edits` and `support.services.programmes`, whose
refusals name the field."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.permissions import VISITS_RECORD
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from support.forms_peer_review import ReviewDatesForm, TrainingEditForm
from support.forms_programmes import ProgrammeForm
from support.models.peer_review import PeerReviewTheme, PeerReviewTraining
from support.peer_review_access import review_for
from support.services import peer_review_edits as services
from support.services import programmes as programme_services
from support.views._common import form_page
from support.views.programmes import FORM as PROGRAMME_FORM
from support.views.programmes import _programme, programme_url

PEER_FORM = "support/peer_review/form_page.html"


@tenant_view(VISITS_RECORD)
def review_dates(request: TenantRequest, review_id: int) -> HttpResponse:
    review, _ = review_for(membership=request.membership, review_id=review_id, write=True)
    back = reverse("support:peer-review-detail", args=[request.tenant.slug, review.pk])
    form = ReviewDatesForm(request.POST or None, initial={
        "starts_on": review.starts_on, "ends_on": review.ends_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.review_dates_change(tenant=request.tenant, actor=request.user,
                                         review=review, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Dates changed: the team's access ends with the new "
                                      "end date.")
            return redirect(back)
    return form_page(request, form, heading=f"Change the dates of the review of "
                                            f"{review.school.establishment.name}",
                     button="Save the dates", back_url=back, template=PEER_FORM,
                     intro=f"Within the cycle, {review.cycle.starts_on:%-d %B %Y} to "
                           f"{review.cycle.ends_on:%-d %B %Y}. Every reviewer must have been "
                           "trained by the first day.")


@tenant_view(VISITS_RECORD)
@require_POST
def theme_retire(request: TenantRequest, theme_id: int) -> HttpResponse:
    theme = PeerReviewTheme.objects.filter(pk=theme_id).first()
    if theme is None:
        raise Http404("No such theme.")
    try:
        services.theme_retire(tenant=request.tenant, actor=request.user, theme=theme)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{theme.name} is retired: kept on the reviews that used it, "
                                  "no longer offered.")
    return redirect("support:peer-review-themes", request.tenant.slug)


@tenant_view(VISITS_RECORD)
def training_edit(request: TenantRequest, training_id: int) -> HttpResponse:
    record = (PeerReviewTraining.objects.filter(pk=training_id).select_related("person__user")
              .first())
    if record is None:
        raise Http404("No such training record.")
    back = reverse("support:peer-review-training", args=[request.tenant.slug])
    form = TrainingEditForm(request.POST or None, initial={
        "trained_on": record.trained_on, "trained_by": record.trained_by})
    if request.method == "POST" and form.is_valid():
        try:
            services.training_edit(tenant=request.tenant, actor=request.user, record=record,
                                   **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{record.person.user}'s training corrected.")
            return redirect(back)
    return form_page(request, form, heading=f"Correct {record.person.user}'s training",
                     button="Save the correction", back_url=back, template=PEER_FORM,
                     intro="A reviewer must have been trained by the first day of each review "
                           "they are on.")


@tenant_view(VISITS_RECORD)
def programme_edit(request: TenantRequest, programme_id: int) -> HttpResponse:
    programme = _programme(programme_id)
    form = ProgrammeForm(request.POST or None, initial={
        "name": programme.name, "provider": programme.provider,
        "description": programme.description, "starts_on": programme.starts_on,
        "ends_on": programme.ends_on})
    if request.method == "POST" and form.is_valid():
        try:
            programme_services.programme_edit(tenant=request.tenant, actor=request.user,
                                              programme=programme, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} saved.")
            return redirect(programme_url(request, programme))
    return form_page(request, form, heading=f"Change {programme.name}", button="Save",
                     back_url=programme_url(request, programme), template=PROGRAMME_FORM)
