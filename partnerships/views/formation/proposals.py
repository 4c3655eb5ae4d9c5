"""Proposals: generating one, its page (by partnership, or as one table of schools), the
officer's edits (move a school, change a lead), publishing for consultation, the schools'
answers and the decision that creates the partnerships."""

import time

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.permissions import FORMATION_RESPOND, PARTNERSHIPS_MANAGE
from core.refusals import show_refusal
from core.tenancy import tenant_view
from partnerships import selectors, services
from partnerships.forms.formation import ConfirmForm, GenerateForm, LeadForm, MoveForm, ResponseForm
from partnerships.models import FormationProposal, ProposedMember, ProposedPartnership
from partnerships.permissions import may_manage_formation
from schools.models import School
from schools.selectors import school_of

NAV = "partnerships"


def _messages_of(error: ValidationError) -> list[str]:
    """Every message of a service's refusal, flattened (a field's list keeps its order)."""
    return [message for message in error.messages if message]


def _proposal(proposal_id: int) -> FormationProposal:
    """The tenant's proposal, or 404 (another tenant's is outside the scope)."""
    proposal = FormationProposal.objects.select_related("level", "created_by").filter(
        pk=proposal_id).first()
    if proposal is None:
        raise Http404("No such proposal.")
    return proposal


# --- Generating ---------------------------------------------------------------------------


@tenant_view(PARTNERSHIPS_MANAGE)
def proposal_generate(request: HttpRequest) -> HttpResponse:
    levels = selectors.partnership_level_list()
    form = GenerateForm(request.POST or None, levels=levels)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        started = time.perf_counter()
        try:
            proposal = services.proposal_generate(
                tenant=request.tenant, actor=request.user, name=data["name"],
                level=data["level"], min_size=data["min_size"], max_size=data["max_size"],
                seed=data["seed"], phases=data["phases"] or None,
                partnership_type=data["partnership_type"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            seconds = time.perf_counter() - started
            summary = proposal.summary
            messages.success(
                request,
                f"Proposed {summary.get('partnerships', 0)} partnerships for "
                f"{summary.get('schools', 0)} schools in {seconds:.1f} seconds.",
            )
            return redirect("partnerships:proposal-detail", request.tenant.slug, proposal.pk)
    return render(request, "partnerships/formation/generate.html", {
        "nav_section": NAV, "form": form, "has_levels": levels.exists(),
    }, status=400 if form.errors else 200)


# --- The proposal page and its edits ------------------------------------------------------


def _render_proposal(request: HttpRequest, proposal: FormationProposal, *,
                     errors: list[str] | None = None, move_form: MoveForm | None = None,
                     response_form: ResponseForm | None = None,
                     confirm_form: ConfirmForm | None = None,
                     lead_errors: dict[int, list[str]] | None = None,
                     status: int = 200) -> HttpResponse:
    page = selectors.proposal_page(proposal=proposal)
    schools = page.schools()
    is_draft = proposal.status == FormationProposal.Status.DRAFT
    is_published = proposal.status == FormationProposal.Status.PUBLISHED
    school_ids = [s.pk for s in schools]
    school_query = School.objects.filter(pk__in=school_ids).select_related("establishment")
    partnerships = ProposedPartnership.objects.filter(proposal=proposal).order_by("position")
    if move_form is None and is_draft:
        move_form = MoveForm(schools=school_query, partnerships=partnerships)
    if move_form is not None:
        # The choices come from the page's own prefetched rows, not from two more queries.
        move_form.fields["school"].choices = [("", "Choose a school")] + [
            (s.pk, f"{s.establishment.name} ({s.urn})") for s in schools]
        move_form.fields["to"].choices = [(g.pk, g.name) for g in page.groups]
    if response_form is None and is_published:
        response_form = ResponseForm(schools=school_query)
    if response_form is not None and "school" in response_form.fields:
        response_form.fields["school"].choices = [("", "Choose a school")] + [
            (s.pk, f"{s.establishment.name} ({s.urn})") for s in schools]
    if confirm_form is None and is_published:
        confirm_form = ConfirmForm()
    for group in page.groups:
        group.lead_errors = (lead_errors or {}).get(group.pk, [])
    summary = proposal.summary or {}
    return render(request, "partnerships/formation/proposal_detail.html", {
        "nav_section": NAV,
        "proposal": proposal,
        "page": page,
        "summary": summary,
        "problems": summary.get("problems", []) if is_draft else [],
        "errors": errors or [],
        "move_form": move_form,
        "response_form": response_form,
        "confirm_form": confirm_form,
        "is_draft": is_draft,
        "is_published": is_published,
    }, status=status)


@tenant_view(PARTNERSHIPS_MANAGE)
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    return _render_proposal(request, _proposal(proposal_id))


@tenant_view(PARTNERSHIPS_MANAGE)
def proposal_schools(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """The proposal as one table of schools: the map-free view."""
    proposal = _proposal(proposal_id)
    page = selectors.proposal_page(proposal=proposal)
    preferences = selectors.proposal_preferences(proposal=proposal)
    rows = []
    for group in page.groups:
        for member in group.members.all():
            rows.append({
                "school": member.school, "partnership": group, "is_lead":
                group.lead_school_id == member.school_id,
                "phase": member.school.establishment.get_phase_display(),
                "support": member.can_give_support,
                "named": preferences[member.school_id].named,
                "honoured": preferences[member.school_id].honoured,
                "response": page.responses.get(member.school_id),
            })
    return render(request, "partnerships/formation/proposal_schools.html", {
        "nav_section": NAV, "proposal": proposal, "rows": rows, "page": page,
    })


@tenant_view(PARTNERSHIPS_MANAGE)
def proposal_move(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _proposal(proposal_id)
    if request.method != "POST":
        return redirect("partnerships:proposal-detail", request.tenant.slug, proposal.pk)
    members = ProposedMember.objects.filter(proposal=proposal).values_list("school_id", flat=True)
    form = MoveForm(
        request.POST, schools=School.objects.filter(pk__in=members),
        partnerships=ProposedPartnership.objects.filter(proposal=proposal),
    )
    if form.is_valid():
        school, to = form.cleaned_data["school"], form.cleaned_data["to"]
        try:
            services.proposal_move_school(tenant=request.tenant, actor=request.user,
                                          proposal=proposal, school=school, to=to)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            proposal.refresh_from_db()
            problems = proposal.summary.get("problems", [])
            moved = f"Moved {school.establishment.name} to {to.name}."
            if problems:
                # Made, but not a success to celebrate: the error summary lists what broke.
                messages.warning(request, f"{moved} The proposal now breaks "
                                          f"{len(problems)} rule{'s' if len(problems) != 1 else ''}"
                                          ": fix it before publishing.")
            else:
                messages.success(request, moved)
            return redirect("partnerships:proposal-detail", request.tenant.slug, proposal.pk)
    return _render_proposal(request, proposal, move_form=form, status=400)


@tenant_view(PARTNERSHIPS_MANAGE)
def proposal_set_lead(request: HttpRequest, proposal_id: int,
                      proposed_partnership_id: int) -> HttpResponse:
    proposal = _proposal(proposal_id)
    proposed = ProposedPartnership.objects.filter(pk=proposed_partnership_id,
                                                  proposal=proposal).first()
    if proposed is None:
        raise Http404("No such proposed partnership.")
    if request.method != "POST":
        return redirect("partnerships:proposal-detail", request.tenant.slug, proposal.pk)
    form = LeadForm(request.POST, schools=School.objects.filter(
        pk__in=proposed.members.values_list("school_id", flat=True)))
    error_list: list[str] = []
    if form.is_valid():
        try:
            services.proposal_set_lead(tenant=request.tenant, actor=request.user,
                                       proposed=proposed, school=form.cleaned_data["school"])
        except ValidationError as error:
            error_list = _messages_of(error)
        else:
            messages.success(request, f"{form.cleaned_data['school'].establishment.name} now "
                                      f"leads {proposed.name}.")
            return redirect("partnerships:proposal-detail", request.tenant.slug, proposal.pk)
    else:
        error_list = ["Choose the lead school from the partnership's schools."]
    return _render_proposal(request, proposal, lead_errors={proposed.pk: error_list},
                            errors=[f"{proposed.name}: {e}" for e in error_list], status=400)


@tenant_view(PARTNERSHIPS_MANAGE)
def proposal_publish(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _proposal(proposal_id)
    if request.method != "POST":
        return redirect("partnerships:proposal-detail", request.tenant.slug, proposal.pk)
    try:
        services.proposal_publish(tenant=request.tenant, actor=request.user, proposal=proposal)
    except ValidationError as error:
        proposal.refresh_from_db()
        return _render_proposal(request, proposal, errors=_messages_of(error), status=400)
    messages.success(request, f"Published {proposal.name} for consultation. Headteachers can "
                              "now respond from their home page.")
    return redirect("partnerships:proposal-detail", request.tenant.slug, proposal.pk)


@tenant_view(PARTNERSHIPS_MANAGE)
def proposal_confirm(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _proposal(proposal_id)
    if request.method != "POST":
        return redirect("partnerships:proposal-detail", request.tenant.slug, proposal.pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            created = services.proposal_confirm(
                tenant=request.tenant, actor=request.user, proposal=proposal,
                start_date=form.cleaned_data["start_date"],
            )
        except ValidationError as error:
            return _render_proposal(request, proposal, errors=_messages_of(error),
                                    confirm_form=form, status=400)
        messages.success(request, f"Confirmed {proposal.name}: created {len(created)} "
                                  "partnerships with their member schools.")
        return redirect("partnerships:proposal-detail", request.tenant.slug, proposal.pk)
    return _render_proposal(request, proposal, confirm_form=form, status=400)


@tenant_view()
def proposal_respond(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """A school's answer in the consultation: a headteacher for their own school, an officer
    for any school of the proposal (on the school's behalf)."""
    permissions = request.tenant_permissions
    proposal = _proposal(proposal_id)
    officer = may_manage_formation(permissions)
    if not officer:
        school = school_of(request.membership)
        if FORMATION_RESPOND not in permissions or school is None:
            raise PermissionDenied("Your role does not allow this.")
        member = selectors.proposal_place_of(proposal=proposal, school=school)
        if member is None:
            raise PermissionDenied("This proposal does not place your school.")
    if proposal.status != FormationProposal.Status.PUBLISHED:
        messages.error(request, "The consultation on this proposal is not open.")
        if officer:
            return redirect("partnerships:proposal-detail", request.tenant.slug, proposal.pk)
        return redirect("partnerships:formation-my-school", request.tenant.slug)
    members = ProposedMember.objects.filter(proposal=proposal).values_list("school_id", flat=True)
    form = ResponseForm(request.POST or None,
                        schools=School.objects.filter(pk__in=members).select_related(
                            "establishment") if officer else None)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["school"] if officer else school
        try:
            services.proposal_record_response(
                tenant=request.tenant, actor=request.user, proposal=proposal, school=chosen,
                answer=form.cleaned_data["answer"], comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Recorded the answer of {chosen.establishment.name}.")
            if officer:
                return redirect("partnerships:proposal-detail", request.tenant.slug, proposal.pk)
            return redirect("partnerships:formation-my-school", request.tenant.slug)
    if officer:
        return _render_proposal(request, proposal, response_form=form,
                                status=400 if form.errors else 200)
    page_members = [m.school for m in member.proposed_partnership.members.select_related(
        "school__establishment")]
    return render(request, "partnerships/formation/respond.html", {
        "nav_section": "home", "proposal": proposal, "member": member, "form": form,
        "fellow_schools": page_members, "school": school,
    }, status=400 if form.errors else 200)
