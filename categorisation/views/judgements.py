"""Officer judgements on the school's category page: an officer records one (or proposes a
capacity level to the school), the school's headteacher agrees or disagrees, and a senior
officer or the board settles a disagreement. Thin: the rules live in
`categorisation.judgements`; the forms post to these URLs and work without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from categorisation import judgements, permissions
from categorisation.forms import (
    JudgementAgreeForm,
    JudgementDisagreeForm,
    JudgementForm,
    JudgementModerationForm,
    judgement_auto_id,
)
from categorisation.models import OfficerJudgement
from categorisation.schemes.judgements import KINDS
from categorisation.selectors.judgements import (
    is_open_disagreement,
    judgement_history,
    judgement_kinds_offered,
    judgement_step,
)
from categorisation.views.schools import _method_not_allowed, _render_school
from core.permissions import CATEGORIES_DECIDE
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view

# A refusal of the service names `value`/`reason`; the moderation form's fields match.


def _back(request: TenantRequest, urn: int) -> HttpResponse:
    return redirect("categorisation:school-category", request.tenant.slug, urn)


@tenant_view()
def school_judgement_record(request: TenantRequest, urn: int) -> HttpResponse:
    school = permissions.school_for_category(membership=request.membership, urn=urn)
    if CATEGORIES_DECIDE not in request.tenant_permissions:
        raise PermissionDenied("Only an officer records a judgement.")
    if request.method != "POST":
        return _method_not_allowed("POST")
    kinds = judgement_kinds_offered(tenant=request.tenant)
    kind = next((k for k in kinds if k.key == request.POST.get("key")), None)
    form = JudgementForm(request.POST, kinds=kinds, kind=kind)
    if form.is_valid():
        try:
            step = judgements.judgement_record(
                tenant=request.tenant, actor=request.user, school=school,
                key=form.cleaned_data["key"], value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            words = kind.words(step.value) if kind else step.value
            messages.success(request, (
                f"Proposed {words} to the school: it counts once the school agrees."
                if step.status == OfficerJudgement.Status.PROPOSED
                else f"Recorded {words}. The school's category is being worked out again."))
            return _back(request, urn)
    return _render_school(request, school, status=400,
                          judgement_forms={kind.key if kind else "": {"form": form}})


def _answer(request: TenantRequest, urn: int, form_class, service, done: str) -> HttpResponse:
    school = permissions.school_for_category(membership=request.membership, urn=urn)
    if not permissions.is_own_school(membership=request.membership, school=school):
        raise PermissionDenied("Only the school's headteacher answers for it.")
    if request.method != "POST":
        return _method_not_allowed("POST")
    key = request.POST.get("key", "")
    suffix = "agree" if form_class is JudgementAgreeForm else "disagree"
    form = form_class(request.POST, auto_id=judgement_auto_id(key, suffix))
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            service(tenant=request.tenant, actor=request.user, school=school, **data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, done)
            return _back(request, urn)
    name = "agree_form" if form_class is JudgementAgreeForm else "disagree_form"
    return _render_school(request, school, status=400,
                          judgement_forms={key if key in KINDS else "": {name: form}})


@tenant_view()
def school_judgement_agree(request: TenantRequest, urn: int) -> HttpResponse:
    return _answer(request, urn, JudgementAgreeForm, judgements.judgement_agree,
                   "You agreed with the level proposed. It now counts for your school.")


@tenant_view()
def school_judgement_disagree(request: TenantRequest, urn: int) -> HttpResponse:
    return _answer(request, urn, JudgementDisagreeForm, judgements.judgement_disagree,
                   "You disagreed with the level proposed. A senior officer or the board will "
                   "moderate it.")


@tenant_view()
def judgement_moderation_decide(request: TenantRequest, officer_judgement_id: int) -> HttpResponse:
    permissions.require_moderation(request.membership)
    try:
        # The scope is active: another tenant's step is not found (404).
        disagreement = judgement_step(judgement_id=officer_judgement_id)
    except OfficerJudgement.DoesNotExist as missing:
        raise Http404("No such disagreement.") from missing
    kind = KINDS.get(disagreement.key)
    if disagreement.status != OfficerJudgement.Status.DISAGREED or kind is None:
        raise Http404("No such disagreement.")
    board_only = permissions.records_board_decisions_only(request.tenant_permissions)
    form = JudgementModerationForm(request.POST if request.method == "POST" else None,
                                   kind=kind, board_only=board_only,
                                   initial={"value": disagreement.value})
    if request.method == "POST" and form.is_valid():
        try:
            judgements.judgement_moderate(
                tenant=request.tenant, actor=request.user, disagreement=disagreement,
                value=form.cleaned_data["value"], reason=form.cleaned_data["reason"],
                by_board=form.cleaned_data["by_board"],
                board_name=form.cleaned_data["board_name"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Recorded the moderation of {disagreement.school}.")
            return redirect("categorisation:category-moderation-list", request.tenant.slug)
    history = judgement_history(tenant=request.tenant, school=disagreement.school,
                                key=disagreement.key)
    return render(request, "categorisation/judgements/moderation_decide.html", {
        "disagreement": disagreement, "kind": kind, "school": disagreement.school,
        "form": form, "board_only": board_only, "history": history,
        "is_open": is_open_disagreement(disagreement),
        "decision": next((step for step in reversed(history) if step.pk > disagreement.pk
                          and step.status == OfficerJudgement.Status.MODERATED), None),
        "nav_section": "categories",
    }, status=400 if form.errors else 200)
