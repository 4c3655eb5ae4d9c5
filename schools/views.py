from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.permissions import OWN_SCHOOL_VIEW, REGISTER_VIEW
from core.tenancy import tenant_view
from schools import selectors, services
from schools.forms import SchoolEditForm
from schools.models import School

PAGE_SIZE = 50


def _get_school_for_member(request: HttpRequest, urn: int) -> School:
    """The register entry this member may see: any for officers, their own for a headteacher.

    Another tenant's school is simply not found (the scope hides it); a school of this tenant
    beyond the member's role is a 403.
    """
    school = selectors.school_for_urn(urn=urn)
    if school is None:
        raise Http404("No school with that URN in this register.")
    granted = request.tenant_permissions
    if REGISTER_VIEW in granted:
        return school
    if OWN_SCHOOL_VIEW in granted and request.membership.school_id == school.pk:
        return school
    raise PermissionDenied("You can only see your own school.")


@tenant_view(REGISTER_VIEW)
def school_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.RegisterFilters(
        q=request.GET.get("q", ""),
        phase=request.GET.get("phase", ""),
        governance=request.GET.get("governance", ""),
        type_name=request.GET.get("type", ""),
        trust=request.GET.get("trust", ""),
        status=request.GET.get("status", "open"),
    )
    page = Paginator(selectors.school_list(filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "nav_section": "schools",
        "page": page,
        "filters": filters,
        "options": selectors.register_filter_options(),
        "query_string": query.urlencode(),
    }
    template = "schools/_school_table.html" if request.htmx else "schools/school_list.html"
    return render(request, template, context)


@tenant_view()
def school_detail(request: HttpRequest, urn: int) -> HttpResponse:
    school = _get_school_for_member(request, urn)
    context = {
        "nav_section": "own-school" if request.membership.school_id == school.pk else "schools",
        "school": school,
        "establishment": school.establishment,
        "lineage": selectors.school_lineage(school=school),
        "can_edit": bool(
            services.editable_school_fields(membership=request.membership, school=school)
        ),
        "show_officer_notes": REGISTER_VIEW in request.tenant_permissions,
    }
    return render(request, "schools/school_detail.html", context)


@tenant_view()
def school_edit(request: HttpRequest, urn: int) -> HttpResponse:
    school = _get_school_for_member(request, urn)
    editable = services.editable_school_fields(membership=request.membership, school=school)
    if not editable:
        raise PermissionDenied("You cannot edit this school.")
    form = SchoolEditForm(request.POST or None, instance=school, editable=editable)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        # The form already wrote the values onto `school`; the service must see the old ones.
        school.refresh_from_db()
        try:
            services.school_update(
                school=school, actor=request.user, membership=request.membership, data=data
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Saved the changes to {school.establishment.name}.")
            return redirect("school-detail", request.tenant.slug, urn)
    return render(
        request, "schools/school_edit.html",
        {"school": school, "form": form, "nav_section": "schools"},
        status=400 if form.errors else 200,
    )
