"""Pages for Ofsted and performance imports (tenant admins): upload, progress, preview, apply.
Thin: the rules live in `categorisation.importing`."""

from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from categorisation import importing
from categorisation.models import DataImport, InspectionEra
from core.permissions import IMPORTS_RUN
from core.refusals import show_refusal
from core.tenancy import tenant_view
from core.years import AcademicYear


def _year_choices() -> list[tuple[str, str]]:
    this_year = date.today().year
    years = [year for year in range(this_year - 1, 2014, -1)
             if AcademicYear(year).has_ended(date.today())]
    return [("", "Read it from the file name")] + [
        (str(year), AcademicYear(year).label) for year in years]


class DataUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of file is it?", choices=DataImport.Kind.choices,
        help_text="Ofsted’s “state-funded schools inspections and outcomes” management "
                  "information, or a DfE performance tables file (key stage 2 or 4, per local "
                  "authority, or an Explore Education Statistics school-level file).",
    )
    academic_year = forms.TypedChoiceField(
        label="Academic year of a performance file (optional)", required=False,
        coerce=int, empty_value=None, choices=_year_choices,
        help_text="The DfE’s per-LA files do not say which year they are: it is read from a "
                  "name such as 2018-2019_936_ks2final.csv unless you choose it here.",
    )
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="The largest file accepted is "
                  f"{settings.GIAS_UPLOAD_MAX_BYTES // 1_048_576} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
    )


def _get_import(data_import_id: int) -> DataImport:
    # The tenant scope is active, so another tenant's import is simply not found (404).
    return get_object_or_404(DataImport.objects.select_related("uploaded_by"),
                             pk=data_import_id)


@tenant_view(IMPORTS_RUN)
def data_import_list(request: HttpRequest) -> HttpResponse:
    form = DataUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            data_import = importing.data_import_create(
                tenant=request.tenant, actor=request.user, kind=form.cleaned_data["kind"],
                uploaded_file=form.cleaned_data["file"],
                academic_year=form.cleaned_data["academic_year"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect("data-import-detail", request.tenant.slug, data_import.pk)
    imports = DataImport.objects.select_related("uploaded_by")[:50]
    return render(request, "categorisation/imports/list.html",
                  {"imports": imports, "form": form, "nav_section": "imports"},
                  status=400 if form.errors else 200)


@tenant_view(IMPORTS_RUN)
def data_import_detail(request: HttpRequest, data_import_id: int) -> HttpResponse:
    data_import = _get_import(data_import_id)
    eras = [(InspectionEra(code).label, count)
            for code, count in (data_import.summary.get("by_era") or {}).items()
            if code in InspectionEra.values]
    return render(request, "categorisation/imports/detail.html",
                  {"data_import": data_import, "eras": eras, "nav_section": "imports"})


@tenant_view(IMPORTS_RUN)
def data_import_progress(request: HttpRequest, data_import_id: int) -> HttpResponse:
    """The progress bar alone, polled by htmx; once the work ends the whole page reloads."""
    data_import = _get_import(data_import_id)
    response = render(request, "categorisation/imports/progress.html",
                      {"data_import": data_import})
    if not data_import.is_running and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@tenant_view(IMPORTS_RUN)
@require_POST
def data_import_apply(request: HttpRequest, data_import_id: int) -> HttpResponse:
    data_import = _get_import(data_import_id)
    importing.data_import_apply_request(data_import=data_import, actor=request.user)
    return redirect("data-import-detail", request.tenant.slug, data_import.pk)
