"""The platform operator's national Ofsted and performance imports (`/platform/imports/data/`):
the upload form and the kind of import; the pages are `core.national_imports`', the rules
`categorisation.importing`'s."""

from django import forms
from django.conf import settings

from categorisation import importing
from categorisation.models import InspectionEra, NationalDataImport
from categorisation.views.imports import year_choices
from core.national_imports import NationalImportSpec, NationalImportViews


class NationalDataUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of file is it?", choices=NationalDataImport.Kind.choices,
        help_text="Ofsted’s national “state-funded schools inspections and outcomes” "
                  "management information, or a national performance tables file (key stage 2 "
                  "or 4, or an Explore Education Statistics school-level file).",
    )
    academic_year = forms.TypedChoiceField(
        label="Academic year of a performance file (optional)", required=False,
        coerce=int, empty_value=None, choices=year_choices,
        help_text="Read from the file’s name or content unless you choose it here.",
    )
    release = forms.ChoiceField(
        label="Release of a performance file (optional)", required=False,
        choices=[("", "Read it from the file")] + NationalDataImport.Release.choices,
    )
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="The whole national file. The largest file accepted is "
                  f"{settings.GIAS_UPLOAD_MAX_BYTES // 1_048_576} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
    )


def _eras(record) -> dict:
    return {"eras": [(InspectionEra(code).label, count)
                     for code, count in (record.summary.get("by_era") or {}).items()
                     if code in InspectionEra.values]}


NATIONAL_DATA = NationalImportSpec(
    model=NationalDataImport, upload_form=NationalDataUploadForm,
    create=lambda actor, data: importing.national_data_import_create(
        actor=actor, kind=data["kind"], uploaded_file=data["file"],
        academic_year=data["academic_year"], release=data["release"]),
    apply_request=lambda record, actor: importing.national_data_import_apply_request(
        record=record, actor=actor),
    url_prefix="platform_data:data-import", title="National Ofsted and performance imports",
    list_template="platform/data_import_list.html",
    detail_template="platform/data_import_detail.html", detail_context=_eras,
)
views = NationalImportViews(NATIONAL_DATA)
