"""The platform operator's national GIAS imports (`/platform/imports/gias/`): the upload form
and the kind of import; the pages are `core.national_imports`', the rules
`schools.importing`'s."""

from django import forms
from django.conf import settings

from core.national_imports import NationalImportSpec, NationalImportViews
from schools import importing
from schools.models import NationalGiasImport


class NationalGiasUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of GIAS file is it?", choices=NationalGiasImport.Kind.choices,
        help_text="“Links, the whole national file” is GIAS’s complete links extract: the "
                  "national links it no longer carries are ended (end-dated, not deleted). A "
                  "file marked so that covers only a few local authorities is refused.",
    )
    file = forms.FileField(
        label="Upload a GIAS CSV file",
        help_text="The national “edubasealldata” establishments file or the links file, as "
                  "CSV. The largest file accepted is "
                  f"{settings.GIAS_UPLOAD_MAX_BYTES // 1_048_576} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": "Select a GIAS CSV file",
                        "empty": "The selected file is empty"},
    )


NATIONAL_GIAS = NationalImportSpec(
    model=NationalGiasImport, upload_form=NationalGiasUploadForm,
    create=lambda actor, data: importing.national_gias_import_create(
        actor=actor, kind=data["kind"], uploaded_file=data["file"]),
    apply_request=lambda record, actor: importing.national_gias_import_apply_request(
        record=record, actor=actor),
    url_prefix="platform_gias:gias-import", title="National GIAS imports",
    list_template="platform/gias_import_list.html",
    detail_template="platform/gias_import_detail.html",
)
views = NationalImportViews(NATIONAL_GIAS)
