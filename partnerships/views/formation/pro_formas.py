"""Pro-formas: the officer's returns and chase list, a school's form (the headteacher's, or an
officer's on its behalf), and whether a school can give support."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from core.downloads import ListDownload, download_links, list_download
from core.exports import Column
from core.pagination import paginate
from core.permissions import PARTNERSHIPS_MANAGE
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from partnerships import selectors, services
from partnerships.forms.formation import ProFormaForm
from partnerships.models import ProFormaPartner
from partnerships.permissions import formation_school_for_member, may_manage_formation
from partnerships.services import pro_forma_closed_by, pro_forma_update

NAV = "partnerships"


@tenant_view(PARTNERSHIPS_MANAGE)
def pro_forma_list(request: TenantRequest, export: bool = False) -> HttpResponse:
    """Every open school's pro-forma; `?show=missing` is the chase list."""
    if export:
        return list_download(request, rows=_shown_rows(request), download=PRO_FORMAS)
    return _render_pro_forma_list(request)


def _shown_rows(request: HttpRequest) -> list:
    rows = selectors.pro_forma_rows()
    if request.GET.get("show") == "missing":
        return [row for row in rows if not row.returned]
    return rows


def _names(schools: list) -> str:
    return ", ".join(school.establishment.name for school in schools)


PRO_FORMAS = ListDownload("pro-formas", "Pro-formas", (
    Column("School", lambda row: row.school.establishment.name),
    Column("URN", lambda row: row.school.urn),
    Column("Phase", lambda row: row.school.establishment.get_phase_display()),
    Column("Returned", lambda row: "Yes" if row.returned else "No"),
    Column("Preferred partners", lambda row: _names(row.preferred)),
    Column("Informal partners", lambda row: _names(row.informal)),
    Column("Preferred type", lambda row: row.pro_forma.get_preferred_type_display()
           if row.pro_forma and row.pro_forma.preferred_type else ""),
    Column("Able to give support", lambda row: "Yes" if row.pro_forma
           and row.pro_forma.can_give_support else "No"),
))


def _render_pro_forma_list(request: HttpRequest, *, error: str = "",
                           status: int = 200) -> HttpResponse:
    missing_only = request.GET.get("show") == "missing"
    counts = selectors.pro_forma_counts()
    page, query_string = paginate(request, selectors.open_schools_to_chase(
        missing_only=missing_only))
    return render(request, "partnerships/formation/pro_forma_list.html", {
        "nav_section": NAV,
        "rows": selectors.pro_forma_rows(list(page.object_list)), "page": page,
        "query_string": query_string,
        "missing_only": missing_only,
        "missing_count": counts.missing,
        "returned_count": counts.returned,
        "error": error,
        "kinds": ProFormaPartner.Kind,
        "downloads": download_links(request, "partnerships:pro-forma-list",
                                    {"tenant_slug": request.tenant.slug}),
    }, status=status)


@tenant_view()
def pro_forma_edit(request: HttpRequest, urn: int) -> HttpResponse:
    school = formation_school_for_member(membership=request.membership, urn=urn)
    closed_by = pro_forma_closed_by(school=school)
    pro_forma = selectors.pro_forma_of(school=school)
    others = selectors.open_schools().exclude(pk=school.pk)
    initial = {}
    if pro_forma is not None:
        initial = {
            "informal_partners": [p.school_id for p in pro_forma.partners.all()
                                  if p.kind == ProFormaPartner.Kind.INFORMAL],
            "preferred_partners": [p.school_id for p in pro_forma.partners.all()
                                   if p.kind == ProFormaPartner.Kind.PREFERRED],
            "preferred_type": pro_forma.preferred_type,
            "accepts_secondary_lead": pro_forma.accepts_secondary_lead,
            "comments": pro_forma.comments,
        }
    form = ProFormaForm(request.POST or None, initial=initial, schools=others)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pro_forma_update(
                tenant=request.tenant, actor=request.user, school=school,
                informal_partners=list(data["informal_partners"]),
                preferred_partners=list(data["preferred_partners"]),
                preferred_type=data["preferred_type"],
                accepts_secondary_lead=data["accepts_secondary_lead"],
                comments=data["comments"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Saved the pro-forma for {school.establishment.name}.")
            if may_manage_formation(request.tenant_permissions):
                return redirect("partnerships:pro-forma-list", request.tenant.slug)
            return redirect("partnerships:formation-my-school", request.tenant.slug)
    return render(request, "partnerships/formation/pro_forma_edit.html", {
        "nav_section": NAV if may_manage_formation(request.tenant_permissions) else "home",
        "school": school,
        "form": form,
        "pro_forma": pro_forma,
        "closed_by": closed_by,
        "selected_informal": {str(v) for v in form["informal_partners"].value() or []},
        "selected_preferred": {str(v) for v in form["preferred_partners"].value() or []},
    }, status=400 if form.errors else 200)


@tenant_view(PARTNERSHIPS_MANAGE)
def pro_forma_support(request: HttpRequest, urn: int) -> HttpResponse:
    """An officer records whether a school can give support (agreed with the school)."""
    school = formation_school_for_member(membership=request.membership, urn=urn)
    if request.method != "POST":
        return redirect("partnerships:pro-forma-list", request.tenant.slug)
    answer = request.POST.get("can_give_support")
    if answer not in ("yes", "no"):
        return _render_pro_forma_list(
            request, error="Choose whether the school can give support.", status=400
        )
    services.pro_forma_set_support(tenant=request.tenant, actor=request.user, school=school,
                                   can_give_support=answer == "yes")
    messages.success(request, f"{school.establishment.name} "
                              f"{'can' if answer == 'yes' else 'cannot'} give support.")
    # Back to the same list and page, at the school's row.
    back = QueryDict(mutable=True)
    for key in ("show", "page"):
        if request.POST.get(key):
            back[key] = request.POST[key]
    url = reverse("partnerships:pro-forma-list", args=[request.tenant.slug])
    return redirect(f"{url}{'?' + back.urlencode() if back else ''}#school-{school.urn}")
