"""System leaders: the NLE and LLE designations officers record on people, which the
consortium lead's rule reads (until the support app brings a directory). Officers see and
change them (PARTNERSHIPS_MANAGE): a designation is about a person, not a public fact."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from core.permissions import PARTNERSHIPS_MANAGE
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from partnerships import services
from partnerships.forms.structure import DesignationForm, EndDesignationForm
from partnerships.models import SystemLeaderDesignation

NAV = "partnerships"


@tenant_view(PARTNERSHIPS_MANAGE)
def system_leaders(request: TenantRequest) -> HttpResponse:
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
    records = (SystemLeaderDesignation.objects
               .select_related("person__user", "recorded_by")
               .order_by("ended_on", "person__user__full_name", "-designated_on"))
    return render(request, "partnerships/system_leaders/list.html", {
        "nav_section": NAV, "form": form, "records": records,
    }, status=400 if form.errors else 200)


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
