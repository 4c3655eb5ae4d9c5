"""Ofsted and performance imports (tenant admins): the upload form and the kind of import; the
pages are the file-import framework's (core.file_imports), the rules
`categorisation.importing`'s."""

from datetime import date

from django import forms
from django.conf import settings

from categorisation import importing
from categorisation.models import DataImport, InspectionEra
from core.file_imports import ImportKind, ImportViews
from core.years import AcademicYear


def year_choices() -> list[tuple[str, str]]:
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
        coerce=int, empty_value=None, choices=year_choices,
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


def _eras(record: DataImport) -> dict:
    return {"eras": [(InspectionEra(code).label, count)
                     for code, count in (record.summary.get("by_era") or {}).items()
                     if code in InspectionEra.values]}


DATA = ImportKind(
    model=DataImport, upload_form=DataUploadForm, record_name="data_import",
    create=lambda tenant, actor, data: importing.data_import_create(
        tenant=tenant, actor=actor, kind=data["kind"], uploaded_file=data["file"],
        academic_year=data["academic_year"]),
    apply_request=lambda record, actor: importing.data_import_apply_request(
        data_import=record, actor=actor),
    url_prefix="categorisation:data-import", list_template="categorisation/imports/list.html",
    detail_template="categorisation/imports/detail.html", detail_context=_eras,
)
views = ImportViews(DATA)
