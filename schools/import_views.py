"""Pages for GIAS imports (tenant admins): upload, progress, preview, apply. Thin: the rules
live in `schools.importing`."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.permissions import IMPORTS_RUN
from core.refusals import show_refusal
from core.tenancy import tenant_view
from schools import importing
from schools.models import GiasImport


class GiasUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of file is it?", choices=GiasImport.Kind.choices,
        help_text="An establishments file (“edubasealldata” or a GIAS search download) or the "
                  "links file (“links_edubasealldata”).",
    )
    file = forms.FileField(
        label="Upload a GIAS CSV file",
        help_text="Download it from Get Information About Schools as CSV. The largest file "
                  f"accepted is {settings.GIAS_UPLOAD_MAX_BYTES // 1_048_576} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": "Select a GIAS CSV file",
                        "empty": "The selected file is empty"},
    )


def _get_import(import_id: int) -> GiasImport:
    # The tenant scope is active, so another tenant's import is simply not found (404).
    return get_object_or_404(GiasImport.objects.select_related("uploaded_by"), pk=import_id)


@tenant_view(IMPORTS_RUN)
def gias_import_list(request: HttpRequest) -> HttpResponse:
    form = GiasUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            gias_import = importing.gias_import_create(
                tenant=request.tenant, actor=request.user, kind=form.cleaned_data["kind"],
                uploaded_file=form.cleaned_data["file"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect("gias-import-detail", request.tenant.slug, gias_import.pk)
    imports = GiasImport.objects.select_related("uploaded_by")[:50]
    return render(request, "schools/gias_import_list.html",
                  {"imports": imports, "form": form, "nav_section": "imports"})


@tenant_view(IMPORTS_RUN)
def gias_import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    gias_import = _get_import(import_id)
    return render(request, "schools/gias_import_detail.html",
                  {"gias_import": gias_import, "nav_section": "imports"})


@tenant_view(IMPORTS_RUN)
def gias_import_progress(request: HttpRequest, import_id: int) -> HttpResponse:
    """The progress bar alone, polled by htmx; once the work ends the whole page reloads."""
    gias_import = _get_import(import_id)
    response = render(request, "schools/gias_import_progress.html", {"gias_import": gias_import})
    if not gias_import.is_running and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@tenant_view(IMPORTS_RUN)
@require_POST
def gias_import_apply(request: HttpRequest, import_id: int) -> HttpResponse:
    gias_import = _get_import(import_id)
    importing.gias_import_apply_request(gias_import=gias_import, actor=request.user)
    return redirect("gias-import-detail", request.tenant.slug, gias_import.pk)
