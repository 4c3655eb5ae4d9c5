"""The officer's caseload, a school's visits (a headteacher: their own school's), planning
them from the entitlement, and one visit: move, cancel, record. Thin: the rules live in
`support.services.visits` and `support.permissions`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from categorisation.published import entitlements_in_force
from core.downloads import list_download, page_or_download
from core.models import Membership
from core.pagination import paginate
from core.permissions import VISITS_RECORD, VISITS_VIEW
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from support.forms import VisitCancelForm, VisitCreateForm, VisitMoveForm, VisitRecordForm
from support.models import ReplanNotice
from support.permissions import is_head_of, school_for_visits, support_access, visit_for
from support.selectors import caseload as caseloads
from support.selectors import visits as reads
from support.selectors.escalation import open_escalation_of
from support.selectors.rise import open_case_of
from support.services import visits as services
from support.views._common import (
    NAV,
    form_page,
    not_allowed,
    school_url,
    this_year,
    visit_url,
    year_label,
)
from support.views.downloads import CASELOAD, VISITS


def _officer_of_caseload(request: TenantRequest) -> Membership:
    """The officer whose caseload is shown: oneself, or (an admin) the one chosen."""
    chosen = request.GET.get("officer", "")
    if chosen and request.membership.role == "admin":
        found = next((m for m in caseloads.caseload_officers() if str(m.pk) == chosen), None)
        if found is None:
            raise Http404("No such officer.")
        return found
    return request.membership


@tenant_view(VISITS_VIEW)
def caseload(request: TenantRequest, export: bool = False) -> HttpResponse:
    if request.method != "GET":
        return not_allowed("GET")
    officer = _officer_of_caseload(request)
    year, today = this_year(), timezone.localdate()
    if export:
        rows = caseloads.caseload(tenant=request.tenant, officer=officer, academic_year=year,
                                  today=today)
        return list_download(request, rows=rows, download=CASELOAD)
    # A page at a time: each row reads the school's entitlement and visits, so only the
    # page's schools are read (the download has them all).
    page, query_string = paginate(
        request, caseloads.caseload_query(officer=officer, academic_year=year))
    rows = caseloads.caseload(tenant=request.tenant, officer=officer, academic_year=year,
                              today=today, schools=list(page.object_list))
    return page_or_download(request, "support/caseload.html", {
        "rows": rows, "page": page, "query_string": query_string, "officer": officer,
        "year_label": year_label(year),
        "officers": caseloads.caseload_officers() if request.membership.role == "admin"
        else [], "can_record": VISITS_RECORD in request.tenant_permissions, "nav_section": NAV},
        rows=rows, download=CASELOAD, export=export)


@tenant_view(VISITS_RECORD)
def caseload_plan(request: TenantRequest) -> HttpResponse:
    if request.method != "POST":
        return not_allowed("POST")
    schools = [s for s in caseloads.caseload_schools(officer=request.membership,
                                                      academic_year=this_year())
               if s.establishment.is_open]
    try:
        results = services.visits_plan(tenant=request.tenant, actor=request.user,
                                       schools=schools)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        added = sum(len(r.added) for r in results)
        removed = sum(len(r.removed) for r in results)
        messages.success(request, f"Planned the visits of {len(results)} school"
                                  f"{'s' if len(results) != 1 else ''}: {added} added, "
                                  f"{removed} removed.")
    return redirect("support:caseload", request.tenant.slug)


@tenant_view()
def school_visits(request: TenantRequest, urn: int, export: bool = False) -> HttpResponse:
    school = school_for_visits(membership=request.membership, urn=urn)
    if request.method != "GET":
        return not_allowed("GET")
    year = this_year()
    officer = VISITS_VIEW in request.tenant_permissions
    visits = reads.school_visits(school=school, academic_year=year)
    rows = [(visit, reads.note_of(visit) if officer else reads.released_note_of(visit))
            for visit in visits]
    if export:
        return list_download(request, rows=rows, download=VISITS)
    return page_or_download(request, "support/school_visits.html", {
        "school": school, "rows": rows, "year_label": year_label(year), "is_officer": officer,
        "can_record": VISITS_RECORD in request.tenant_permissions,
        "is_head": is_head_of(request.membership, school),
        "entitlement": entitlements_in_force(tenant=request.tenant, academic_year=year,
                                             schools=[school]).get(school.pk),
        "notices": list(reads.open_notices(school=school)) if officer else [],
        "rise_case": open_case_of(school),
        "escalation": open_escalation_of(school) if officer else None,
        "nav_section": NAV if officer else "own-school"}, rows=rows, download=VISITS)


@tenant_view(VISITS_RECORD)
def school_plan(request: TenantRequest, urn: int) -> HttpResponse:
    school = school_for_visits(membership=request.membership, urn=urn)
    if request.method != "POST":
        return not_allowed("POST")
    try:
        [result] = services.visits_plan(tenant=request.tenant, actor=request.user,
                                        schools=[school])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Planned {school}'s visits from category "
                                  f"{result.category_code or 'none'}: {len(result.added)} "
                                  f"added, {len(result.removed)} removed, {result.kept} "
                                  "kept as you had them.")
    return redirect(school_url(request, urn))


@tenant_view(VISITS_RECORD)
def visit_create(request: TenantRequest, urn: int) -> HttpResponse:
    school = school_for_visits(membership=request.membership, urn=urn)
    templates = reads.active_templates()
    form = VisitCreateForm(request.POST or None, templates=templates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        focus = next((t for t in templates if str(t.pk) == data["focus"]), None)
        try:
            visit = services.visit_create(tenant=request.tenant, actor=request.user,
                                          school=school, label=data["label"],
                                          planned_on=data["planned_on"], focus=focus)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Added {visit.label} on {visit.planned_on:%d %B %Y}.")
            return redirect(visit_url(request, visit))
    return form_page(request, form, heading=f"Add a visit to {school}", button="Add visit",
                     back_url=school_url(request, urn), school=school)


@tenant_view()
def visit_detail(request: TenantRequest, visit_id: int) -> HttpResponse:
    visit = visit_for(membership=request.membership, visit_id=visit_id)
    if request.method != "GET":
        return not_allowed("GET")
    access = support_access(request.membership)
    note = reads.note_with_ratings(visit)
    head = is_head_of(request.membership, visit.school)
    # Before release the school sees only its own part of the note, to complete.
    school_part_open = head and note is not None and not note.is_released
    if note is not None and not access.sees_all and not note.is_released:
        note = None
    return render(request, "support/visit_detail.html", {
        "visit": visit, "school": visit.school, "note": note, "access": access,
        "is_head": head, "school_part_open": school_part_open,
        "ratings": {r.field_key: r for r in note.ratings.all()} if note else {},
        "move_form": VisitMoveForm(initial={"planned_on": visit.planned_on}),
        "cancel_form": VisitCancelForm(), "record_form": VisitRecordForm(
            initial={"done_on": min(visit.planned_on, timezone.localdate()),
                     "days_used": "0.5"}),
        "nav_section": NAV if access.sees_all else "own-school"})


def _visit_step(request: TenantRequest, visit_id: int, form_class, heading: str, button: str,
                act) -> HttpResponse:
    visit = visit_for(membership=request.membership, visit_id=visit_id)
    form = form_class(request.POST or None, initial={"planned_on": visit.planned_on})
    if request.method == "POST" and form.is_valid():
        try:
            message = act(visit, form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, message)
            return redirect(visit_url(request, visit))
    return form_page(request, form, heading=heading, button=button, visit=visit,
                     back_url=visit_url(request, visit))


@tenant_view(VISITS_RECORD)
def visit_move(request: TenantRequest, visit_id: int) -> HttpResponse:
    def act(visit, data) -> str:
        moved = services.visit_move(tenant=request.tenant, actor=request.user, visit=visit,
                                    planned_on=data["planned_on"])
        return f"Moved the visit to {moved.planned_on:%d %B %Y}."
    return _visit_step(request, visit_id, VisitMoveForm, "Move the visit", "Move visit", act)


@tenant_view(VISITS_RECORD)
def visit_cancel(request: TenantRequest, visit_id: int) -> HttpResponse:
    def act(visit, data) -> str:
        services.visit_cancel(tenant=request.tenant, actor=request.user, visit=visit,
                              reason=data["reason"])
        return "Cancelled the visit."
    return _visit_step(request, visit_id, VisitCancelForm, "Cancel the visit", "Cancel visit",
                       act)


@tenant_view(VISITS_RECORD)
def visit_record(request: TenantRequest, visit_id: int) -> HttpResponse:
    def act(visit, data) -> str:
        services.visit_record(tenant=request.tenant, actor=request.user, visit=visit,
                              done_on=data["done_on"], days_used=data["days_used"])
        return "Recorded the visit. Write its note next."
    return _visit_step(request, visit_id, VisitRecordForm, "Record the visit",
                       "Record visit", act)


@tenant_view(VISITS_RECORD)
def notice_dismiss(request: TenantRequest, urn: int, notice_id: int) -> HttpResponse:
    school = school_for_visits(membership=request.membership, urn=urn)
    notice = ReplanNotice.objects.filter(pk=notice_id, school=school).first()
    if notice is None:
        raise Http404("No such notice.")
    if request.method != "POST":
        return not_allowed("POST")
    services.replan_notice_dismiss(tenant=request.tenant, actor=request.user, notice=notice)
    messages.success(request, "Marked the notice as read.")
    return redirect(school_url(request, urn))
