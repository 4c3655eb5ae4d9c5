import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from core.downloads import file_download
from core.exports import Column
from core.pagination import paginate
from core.permissions import INTELLIGENCE_EDIT, INTELLIGENCE_VIEW, REGISTER_EDIT, REGISTER_VIEW
from core.refusals import show_refusal
from core.tenancy import tenant_view
from schools import intelligence, selectors, services
from schools.filters import REGISTER_SORTS, RegisterFilter
from schools.forms import SchoolEditForm

REGISTER_CACHE_SECONDS = 60 * 60


def _register_cache_key(request: HttpRequest, part: str) -> str:
    """A key that changes whenever the register does (the tenant's register_version), so a
    cached rendering is never stale; the query string picks the filters and page."""
    query = hashlib.md5(request.GET.urlencode().encode(), usedforsecurity=False).hexdigest()
    tenant = request.tenant
    return f"register:{tenant.pk}:{tenant.register_version}:{part}:{query}"


REGISTER_COLUMNS = [
    Column("URN", lambda s: s.urn),
    Column("Name", lambda s: s.establishment.name),
    Column("Phase", lambda s: s.establishment.get_phase_display()),
    Column("Type", lambda s: s.establishment.type_name),
    Column("Maintained or academy", lambda s: s.establishment.get_governance_display()),
    Column("Trust", lambda s: s.establishment.trust_name),
    Column("Status", lambda s: s.establishment.status_name),
    Column("Opened", lambda s: s.establishment.open_date),
    Column("Closed", lambda s: s.establishment.close_date),
    Column("Pupils on roll", lambda s: s.establishment.number_of_pupils),
    Column("Town", lambda s: s.establishment.town),
    Column("Postcode", lambda s: s.establishment.postcode),
    Column("Headteacher", lambda s: s.display_headteacher),
    Column("Locality", lambda s: s.locality),
    Column("Link adviser", lambda s: s.link_adviser.user if s.link_adviser else ""),
    Column("Officer notes", lambda s: s.officer_notes, REGISTER_EDIT),
]


@tenant_view(REGISTER_VIEW)
@require_GET
def school_list_export(request: HttpRequest) -> HttpResponse:
    """The register as filtered on the page (every page of it), as CSV or Excel."""
    return file_download(request, rows=RegisterFilter(request.GET).qs,
                         columns=REGISTER_COLUMNS, name="register", title="Schools",
                         filename=f"{request.tenant.slug}-schools",
                         summary="Downloaded {count} schools of the register ({format})")


@tenant_view(REGISTER_VIEW)
def school_list(request: HttpRequest) -> HttpResponse:
    filters = RegisterFilter(request.GET)

    def render_results() -> str:
        page, query_string = paginate(request, filters.qs)
        return render_to_string("schools/_school_table.html", {
            "page": page,
            "query_string": query_string,
            # A search is ranked by closeness until a column is chosen.
            "columns": REGISTER_SORTS.headers(request.GET,
                                              sorted_by_default=not request.GET.get("q")),
            "school_url_prefix": reverse("schools:school-list", args=[request.tenant.slug]),
        })

    def render_content() -> str:
        return render_to_string("schools/_school_list_content.html", {
            "filters": filters.form,
            "options": selectors.register_filter_options(),
            "list_url": reverse("schools:school-list", args=[request.tenant.slug]),
            "sort": request.GET.get("sort", ""),
            "results": mark_safe(results()),  # noqa: S308 - our own template's output
        })

    def results() -> str:
        return cache.get_or_set(_register_cache_key(request, "results"), render_results,
                                REGISTER_CACHE_SECONDS)

    # The list is read far more often than the register changes: render it once per version
    # and query, and leave only the page frame (header, navigation, messages) to each request.
    if request.htmx:
        return HttpResponse(results())
    content = cache.get_or_set(_register_cache_key(request, "content"), render_content,
                               REGISTER_CACHE_SECONDS)
    return render(request, "schools/school_list.html", {
        "nav_section": "schools",
        "content": mark_safe(content),  # noqa: S308 - our own template's output
    })


@tenant_view()
def school_detail(request: HttpRequest, urn: int) -> HttpResponse:
    school = selectors.school_for_member(membership=request.membership, urn=urn)
    context = {
        "nav_section": ("own-school" if selectors.is_own_school(membership=request.membership,
                                                                 school=school) else "schools"),
        "school": school,
        "establishment": school.establishment,
        "lineage": selectors.school_lineage(school=school),
        "can_edit": bool(
            services.editable_school_fields(membership=request.membership, school=school)
        ),
        "show_officer_notes": REGISTER_VIEW in request.tenant_permissions,
        # Local intelligence is for officers only: never a headteacher, even of this school.
        "intelligence": (intelligence.intelligence_for_school(school=school)
                         if INTELLIGENCE_VIEW in request.tenant_permissions else None),
        "can_add_intelligence": INTELLIGENCE_EDIT in request.tenant_permissions,
    }
    return render(request, "schools/school_detail.html", context)


@tenant_view()
def school_edit(request: HttpRequest, urn: int) -> HttpResponse:
    school = selectors.school_for_member(membership=request.membership, urn=urn)
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
            show_refusal(form, error)
        else:
            messages.success(request, f"Saved the changes to {school.establishment.name}.")
            return redirect("schools:school-detail", request.tenant.slug, urn)
    return render(
        request, "schools/school_edit.html",
        {"school": school, "form": form, "nav_section": "schools"},
        status=400 if form.errors else 200,
    )
