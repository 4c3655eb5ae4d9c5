"""A school's visit notes for a named person (a chair of governors): officers give and end the
grant where the tenant allows it; the holder reads the school's released notes while it
holds. Thin: the rules live in `support.services.access` and `support.notes_access`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.models import Membership
from core.permissions import VISITS_RECORD
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from schools.models import School
from support.forms_access import NotesGrantEndForm, NotesGrantForm
from support.models import NotesGrant, NoteStatus, Visit
from support.notes_access import school_for_notes
from support.permissions import school_for_visits
from support.services import access as services
from support.services.settings import support_settings
from support.views._common import NAV, not_allowed


def _people(request: TenantRequest) -> list[Membership]:
    return services.possible_holders(request.tenant)


def _render(request: TenantRequest, school: School, form: NotesGrantForm, *,
            end_form: NotesGrantEndForm | None = None, status: int = 200) -> HttpResponse:
    held = (NotesGrant.objects.filter(school=school)
            .select_related("holder__user", "granted_by", "ended_by"))
    return render(request, "support/notes_grants.html", {
        "school": school, "form": form, "grants": list(held), "today": timezone.localdate(),
        "end_form": end_form or NotesGrantEndForm(initial={"ends_on": timezone.localdate()}),
        "allowed": support_settings(tenant=request.tenant).chairs_see_notes,
        "nav_section": NAV}, status=status)


@tenant_view(VISITS_RECORD)
def notes_grants(request: TenantRequest, urn: int) -> HttpResponse:
    school = school_for_visits(membership=request.membership, urn=urn)
    people = _people(request)
    form = NotesGrantForm(request.POST or None, people=people)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            holder = next(m for m in people if m.pk == data["holder"])
            try:
                services.notes_grant_give(
                    tenant=request.tenant, actor=request.user, school=school, holder=holder,
                    capacity=data["capacity"], starts_on=data["starts_on"],
                    ends_on=data["ends_on"])
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, f"{holder.user} may read {school}'s visit notes "
                                          f"until {data['ends_on']:%-d %B %Y}.")
                return redirect("support:notes-grants", request.tenant.slug, urn)
        return _render(request, school, form, status=400)
    if request.method != "GET":
        return not_allowed("GET, POST")
    return _render(request, school, form)


@tenant_view(VISITS_RECORD)
@require_POST
def notes_grant_end(request: TenantRequest, notes_grant_id: int) -> HttpResponse:
    # The scope is active: another tenant's grant is not found (404).
    grant = get_object_or_404(NotesGrant.objects.select_related("school__establishment"),
                              pk=notes_grant_id)
    form = NotesGrantEndForm(request.POST)
    if form.is_valid():
        try:
            services.notes_grant_end(tenant=request.tenant, actor=request.user, grant=grant,
                                     ends_on=form.cleaned_data["ends_on"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The end of the access is recorded.")
            return redirect("support:notes-grants", request.tenant.slug,
                            grant.school.establishment_id)
    return _render(request, grant.school, NotesGrantForm(people=_people(request)),
                   end_form=form, status=400)


@tenant_view()
def school_notes(request: TenantRequest, urn: int) -> HttpResponse:
    """The school's released visit notes: for officers, its headteacher, and a person given
    them (a chair of governors) while the grant holds."""
    # The school first: another school is refused (403) whatever the method.
    school = school_for_notes(membership=request.membership, urn=urn)
    if request.method != "GET":
        return not_allowed("GET")
    visits = (Visit.objects.filter(school=school, note__status=NoteStatus.RELEASED)
              .select_related("note").order_by("-done_on", "-planned_on", "-pk"))
    return render(request, "support/school_notes.html", {
        "school": school, "visits": list(visits), "nav_section": NAV})
