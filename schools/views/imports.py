"""GIAS imports (tenant admins): the upload form and the kind of import; the pages are the
file-import framework's (core.file_imports), the rules `schools.importing`'s."""

from django import forms
from django.conf import settings

from core.file_imports import ImportKind, ImportViews
from schools import importing
from schools.models import GiasImport


class GiasUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a GIAS establishments CSV file",
        help_text="An extract of your local authority’s schools (“edubasealldata” or a GIAS "
                  "search download), as CSV. Links between schools come from the national "
                  "import, not from here. The largest file accepted is "
                  f"{settings.GIAS_UPLOAD_MAX_BYTES // 1_048_576} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": "Select a GIAS CSV file",
                        "empty": "The selected file is empty"},
    )


GIAS = ImportKind(
    model=GiasImport, upload_form=GiasUploadForm, record_name="gias_import",
    create=lambda tenant, actor, data: importing.gias_import_create(
        tenant=tenant, actor=actor, kind=GiasImport.Kind.ESTABLISHMENTS,
        uploaded_file=data["file"]),
    apply_request=lambda record, actor: importing.gias_import_apply_request(
        gias_import=record, actor=actor),
    url_prefix="imports:gias-import", list_template="schools/gias_import_list.html",
    detail_template="schools/gias_import_detail.html",
)
views = ImportViews(GIAS)
