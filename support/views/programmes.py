"""Programme pages (officers): the programmes, a new one, one programme with its totals by
phase and partnership, its schools and people trained (and the schools' download), schools
signed up (many at once, by URN) and a person trained. Thin: the rules live in
`support.services.programmes`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.downloads import ListDownload, list_download, page_or_download
from core.exports import Column
from core.pagination import paginate
from core.permissions import VISITS_RECORD, VISITS_VIEW, has
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from schools.models import School
from support.forms_programmes import ProgrammeForm, ProgrammeTrainingForm, SignUpForm
from support.models.programmes import Programme
from support.selectors import programmes as selectors
from support.services import programmes as services
from support.views._common import NAV, form_page

FORM = "support/programmes/form_page.html"


def _programme(programme_id: int) -> Programme:
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        raise Http404("No such programme.")
    return programme


def programme_url(request: TenantRequest, programme: Programme) -> str:
    return reverse("support:programme-detail", args=[request.tenant.slug, programme.pk])


@tenant_view(VISITS_VIEW)
@require_GET
def programme_list(request: TenantRequest) -> HttpResponse:
    return render(request, "support/programmes/list.html", {
        "programmes": list(selectors.programmes(tenant=request.tenant)), "nav_section": NAV,
        "records": has(request.membership, VISITS_RECORD)})


@tenant_view(VISITS_RECORD)
def programme_create(request: TenantRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(tenant=request.tenant, actor=request.user,
                                                  **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{programme.name} recorded: now sign schools up.")
            return redirect(programme_url(request, programme))
    return form_page(request, form, heading="Record a programme", button="Save",
                     back_url=reverse("support:programme-list", args=[request.tenant.slug]),
                     template=FORM)


@tenant_view(VISITS_VIEW)
@require_GET
def programme_detail(request: TenantRequest, programme_id: int,
                     export: bool = False) -> HttpResponse:
    programme = _programme(programme_id)
    rows = selectors.signed_up(programme)
    # Read only for the file: the page shows no count per school.
    trained_at = selectors.trained_at(programme) if export else {}
    download = ListDownload("programme-schools", f"{programme.name}: schools", (
        Column("School", lambda r: r.school.establishment.name),
        Column("URN", lambda r: r.school.urn),
        Column("Phase", lambda r: r.school.establishment.get_phase_display()),
        Column("Signed up on", lambda r: r.signed_up_on),
        Column("People trained", lambda r: trained_at.get(r.school_id, 0)),
    ))
    if export:
        return list_download(request, rows=rows, download=download)
    page, query_string = paginate(request, rows)
    people = selectors.trained(programme)
    totals = selectors.programme_totals(tenant=request.tenant, programme=programme,
                                        on=timezone.localdate(), people=people)
    return page_or_download(request, "support/programmes/detail.html", {
        "programme": programme, "rows": page.object_list, "page": page,
        "query_string": query_string, "people": people,
        "totals": totals, "nav_section": NAV,
        "records": has(request.membership, VISITS_RECORD)},
        rows=rows, download=download)


@tenant_view(VISITS_RECORD)
def programme_sign_up(request: TenantRequest, programme_id: int) -> HttpResponse:
    programme = _programme(programme_id)
    form = SignUpForm(request.POST or None, initial={"signed_up_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            added = services.programme_schools_sign_up(
                tenant=request.tenant, actor=request.user, programme=programme,
                urns=services.parse_urns(form.cleaned_data["urns"]),
                signed_up_on=form.cleaned_data["signed_up_on"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{len(added)} school{'s' if len(added) != 1 else ''} "
                                      "signed up.")
            return redirect(programme_url(request, programme))
    return form_page(request, form, heading=f"Sign schools up to {programme.name}",
                     button="Sign them up", back_url=programme_url(request, programme),
                     template=FORM)


@tenant_view(VISITS_RECORD)
def programme_trained(request: TenantRequest, programme_id: int) -> HttpResponse:
    programme = _programme(programme_id)
    schools = (School.objects.filter(pk__in=programme.schools.values("school"))
               .select_related("establishment").order_by("establishment__name"))
    form = ProgrammeTrainingForm(request.POST or None, schools=schools,
                                 initial={"trained_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_training_record(tenant=request.tenant, actor=request.user,
                                               programme=programme, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']}'s training recorded.")
            return redirect(programme_url(request, programme))
    return form_page(request, form, heading=f"Record training in {programme.name}",
                     button="Record the training", back_url=programme_url(request, programme),
                     template=FORM)
