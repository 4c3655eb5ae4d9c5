"""A school's chair of governors, for its category page: officers record who holds the role
and for which dates, where the tenant allows it. Thin: the rules live in
`categorisation.governors`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from categorisation import governors, permissions
from categorisation.forms import ChairOfGovernorsEndForm, ChairOfGovernorsForm
from categorisation.models import ChairOfGovernors
from core.models import Membership, Role
from core.permissions import CATEGORIES_DECIDE
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from schools.models import School


def _people(request: TenantRequest):
    return (Membership.objects.filter(tenant=request.tenant, is_active=True,
                                      role__in=[Role.VIEWER, Role.BOARD_MEMBER])
            .select_related("user").order_by("user__email"))


def _render(request: TenantRequest, school: School, form: ChairOfGovernorsForm, *,
            end_form: ChairOfGovernorsEndForm | None = None, status: int = 200) -> HttpResponse:
    terms = (ChairOfGovernors.objects.filter(tenant=request.tenant, school=school)
             .select_related("holder__user", "granted_by"))
    return render(request, "categorisation/school/chair_of_governors.html", {
        "school": school, "establishment": school.establishment, "form": form,
        "terms": list(terms), "end_form": end_form or ChairOfGovernorsEndForm(),
        "allowed": request.tenant.chairs_of_governors_see_category,
        "nav_section": "categories",
    }, status=status)


@tenant_view(CATEGORIES_DECIDE)
def school_chair_of_governors(request: TenantRequest, urn: int) -> HttpResponse:
    school = permissions.school_for_category(membership=request.membership, urn=urn)
    people = list(_people(request))
    form = ChairOfGovernorsForm(request.POST or None, people=people)
    if request.method == "POST":
        if form.is_valid():
            holder = next(m for m in people if m.pk == form.cleaned_data["holder"])
            try:
                governors.chair_of_governors_appoint(
                    tenant=request.tenant, actor=request.user, school=school, holder=holder,
                    start_date=form.cleaned_data["start_date"],
                    end_date=form.cleaned_data["end_date"])
            except ValidationError as error:
                show_refusal(form, error)
            else:
                what = ("its details, inspections and category"
                        if request.tenant.chairs_of_governors_see_category
                        else "its details and inspections")
                messages.success(request, f"{holder.user} may see {what} as the chair of "
                                          f"governors of {school}.")
                return redirect("categorisation:school-chair-of-governors",
                                request.tenant.slug, urn)
        return _render(request, school, form, status=400)
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    return _render(request, school, form)


@tenant_view(CATEGORIES_DECIDE)
@require_POST
def chair_of_governors_end(request: TenantRequest, chair_of_governors_id: int) -> HttpResponse:
    # The scope is active: another tenant's term is not found (404).
    term: ChairOfGovernors = get_object_or_404(
        ChairOfGovernors.objects.select_related("school__establishment"),
        pk=chair_of_governors_id)
    form = ChairOfGovernorsEndForm(request.POST)
    if form.is_valid():
        try:
            governors.chair_of_governors_end(tenant=request.tenant, actor=request.user,
                                             term=term, end_date=form.cleaned_data["end_date"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The end of the term is recorded.")
            return redirect("categorisation:school-chair-of-governors", request.tenant.slug,
                            term.school.establishment_id)
    return _render(request, term.school, ChairOfGovernorsForm(people=list(_people(request))),
                   end_form=form, status=400)
