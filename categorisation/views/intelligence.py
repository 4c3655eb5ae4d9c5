"""Pages for local intelligence (officers): the tenant's list with filters, entering an item
about a school, withdrawing one with a reason. The rules live in `schools.intelligence`; these
pages ask for INTELLIGENCE_VIEW / INTELLIGENCE_EDIT, which no headteacher holds."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from core.downloads import ListDownload, page_or_download
from core.exports import Column
from core.forms import DateInput
from core.pagination import paginate
from core.permissions import INTELLIGENCE_EDIT, INTELLIGENCE_VIEW
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from schools import intelligence, selectors
from schools.models import LocalIntelligence


class IntelligenceForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=LocalIntelligence.Kind.choices)
    occurred_on = forms.DateField(
        label="Date", widget=DateInput(),
        help_text="When it happened or came to light, for example 14/03/2026.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"required": "Enter the date", "invalid": "Enter a real date"},
    )
    source = forms.CharField(label="Source", max_length=200,
                             help_text="Where it came from, for example “parent complaint to "
                                       "the LA” or “schools finance team”.",
                             error_messages={"required": "Enter the source"})
    severity = forms.ChoiceField(label="Severity", choices=LocalIntelligence.Severity.choices)
    summary = forms.CharField(label="Summary", widget=forms.Textarea(attrs={"rows": 5}),
                              error_messages={"required": "Enter a summary"})


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Why is it withdrawn?",
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Enter why the item is withdrawn"})


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", required=False,
                             choices=[("", "Any kind"), *LocalIntelligence.Kind.choices])
    severity = forms.ChoiceField(label="Severity", required=False,
                                 choices=[("", "Any severity"),
                                          *LocalIntelligence.Severity.choices])
    date_from = forms.DateField(label="From", required=False, widget=DateInput(),
                                input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    date_to = forms.DateField(label="To", required=False, widget=DateInput(),
                              input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    include_withdrawn = forms.BooleanField(label="Include withdrawn items", required=False)


@tenant_view(INTELLIGENCE_VIEW)
@require_GET
def intelligence_list(request: TenantRequest, export: bool = False) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = intelligence.IntelligenceFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = intelligence.IntelligenceFilters(
            kind=data["kind"], severity=data["severity"], date_from=data["date_from"],
            date_to=data["date_to"], include_withdrawn=data["include_withdrawn"])
    items = intelligence.intelligence_list(filters=filters)
    page, query_string = paginate(request, items)
    return page_or_download(request, "categorisation/intelligence/list.html", {
        "form": form, "page": page, "query_string": query_string,
        "can_edit": INTELLIGENCE_EDIT in request.tenant_permissions,
        "nav_section": "intelligence",
    }, rows=items, download=INTELLIGENCE, export=export)


# Local intelligence as the list shows it (the summary in full, not cut short).
INTELLIGENCE = ListDownload("local-intelligence", "Local intelligence", (
    Column("Date", lambda item: item.occurred_on),
    Column("URN", lambda item: item.school.establishment_id),
    Column("School", lambda item: item.school.establishment.name),
    Column("Kind", lambda item: item.get_kind_display()),
    Column("Severity", lambda item: item.get_severity_display()),
    Column("Summary", lambda item: item.summary),
    Column("Source", lambda item: item.source),
    Column("Entered by", lambda item: item.entered_by.email if item.entered_by else ""),
    Column("Withdrawn", lambda item: item.withdrawn_reason if item.is_withdrawn else ""),
))


@tenant_view(INTELLIGENCE_EDIT)
def intelligence_create(request: HttpRequest, urn: int) -> HttpResponse:
    school = selectors.school_for_member(membership=request.membership, urn=urn)
    form = IntelligenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            intelligence.intelligence_record(
                tenant=request.tenant, actor=request.user, school=school, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Recorded the intelligence about "
                                      f"{school.establishment.name}.")
            return redirect("schools:school-detail", request.tenant.slug, urn)
    return render(request, "categorisation/intelligence/create.html",
                  {"form": form, "school": school, "nav_section": "intelligence"},
                  status=400 if form.errors else 200)


@tenant_view(INTELLIGENCE_EDIT)
def intelligence_withdraw(request: HttpRequest, intelligence_id: int) -> HttpResponse:
    item = get_object_or_404(
        LocalIntelligence.objects.select_related("school__establishment", "entered_by"),
        pk=intelligence_id)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            intelligence.intelligence_withdraw(
                tenant=request.tenant, actor=request.user, item=item,
                reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_refusal(form, error, {"withdrawn_reason": "reason"})
        else:
            messages.success(request, "Withdrawn. The item stays in the history.")
            return redirect("categorisation:intelligence-list", request.tenant.slug)
    return render(request, "categorisation/intelligence/withdraw.html",
                  {"form": form, "item": item, "nav_section": "intelligence"},
                  status=400 if form.errors else 200)
