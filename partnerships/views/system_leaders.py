"""System leaders: the NLE and LLE designations officers record on people, which the
consortium lead's rule reads (until the support app brings a directory). Officers see and
change them (PARTNERSHIPS_MANAGE): a designation is about a person, not a public fact."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from core.downloads import ListDownload, download_links, list_download
from core.exports import Column
from core.permissions import PARTNERSHIPS_MANAGE
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from partnerships import services
from partnerships.forms.structure import DesignationForm, EndDesignationForm
from partnerships.models import SystemLeaderDesignation

NAV = "partnerships"


@tenant_view(PARTNERSHIPS_MANAGE)
def system_leaders(request: TenantRequest, export: bool = False) -> HttpResponse:
    records = (SystemLeaderDesignation.objects
               .select_related("person__user", "recorded_by")
               .order_by("ended_on", "person__user__full_name", "-designated_on"))
    if export:
        return list_download(request, rows=records, download=DESIGNATIONS)
    form = DesignationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.system_leader_designate(
                tenant=request.tenant, actor=request.user, person=data["person"],
                designation=data["designation"], designated_on=data["designated_on"],
                evidence=data["evidence"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Recorded: {record.person.user}, "
                                      f"{record.get_designation_display()}.")
            return redirect("partnerships:system-leaders", request.tenant.slug)
    return render(request, "partnerships/system_leaders/list.html", {
        "nav_section": NAV, "form": form, "records": records,
        "downloads": download_links(request),
    }, status=400 if form.errors else 200)


DESIGNATIONS = ListDownload("system-leaders", "System leaders", (
    Column("Person", lambda r: str(r.person.user)),
    Column("Designation", lambda r: r.get_designation_display()),
    Column("Since", lambda r: r.designated_on),
    Column("Evidence", lambda r: r.evidence),
    Column("Recorded by", lambda r: str(r.recorded_by) if r.recorded_by else ""),
    Column("Ended", lambda r: r.ended_on),
    Column("Why ended", lambda r: r.ended_reason),
))


@tenant_view(PARTNERSHIPS_MANAGE)
def designation_end(request: TenantRequest, designation_id: int) -> HttpResponse:
    record: SystemLeaderDesignation = get_object_or_404(
        SystemLeaderDesignation.objects.select_related("person__user"), pk=designation_id)
    form = EndDesignationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.system_leader_designation_end(
                tenant=request.tenant, actor=request.user, record=record,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["ended_reason"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Ended: {record.person.user}, "
                                      f"{record.get_designation_display()}.")
            return redirect("partnerships:system-leaders", request.tenant.slug)
    return render(request, "partnerships/system_leaders/end.html", {
        "nav_section": NAV, "form": form, "record": record,
    }, status=400 if form.errors else 200)
