"""A scheme's versions (tenant admins): every version with who saved it, when and why; any two
compared side by side, their rules and where the register's schools land under each on today's
data; a version downloaded as a JSON file, and such a file uploaded as a new version or a new
scheme (checked by the engine and the editor, refused if it leaves a school uncategorised)."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from categorisation import services
from categorisation.models import CategorisationScheme
from categorisation.schemes.transfer import read_scheme_file, scheme_to_file
from categorisation.selectors.scheme_compare import cached_compare_versions
from core.permissions import SCHEMES_MANAGE
from core.tenancy import TenantRequest, tenant_view

MAX_FILE_BYTES = 1_000_000
NEW = "new"


def _scheme(category_scheme_id: int) -> CategorisationScheme:
    return get_object_or_404(
        CategorisationScheme.objects.select_related("created_by")
        .prefetch_related("categories"), pk=category_scheme_id)


class CompareForm(forms.Form):
    before = forms.TypedChoiceField(label="Compare version", coerce=int)
    after = forms.TypedChoiceField(label="with version", coerce=int)

    def __init__(self, data, *, versions: list[CategorisationScheme]):
        super().__init__(data)
        choices = [(v.version, f"Version {v.version}") for v in versions]
        for name in ("before", "after"):
            typed = self.fields[name]
            assert isinstance(typed, forms.ChoiceField)
            typed.choices = choices


@tenant_view(SCHEMES_MANAGE)
def scheme_versions(request: TenantRequest, category_scheme_id: int) -> HttpResponse:
    """GET: every version of the scheme; `before` and `after` (version numbers, default the
    version before this one and this one) compared."""
    scheme = _scheme(category_scheme_id)
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET"})
    versions = list(CategorisationScheme.objects.filter(tenant=request.tenant, key=scheme.key)
                    .select_related("created_by").prefetch_related("categories")
                    .order_by("-version"))
    earlier = next((v.version for v in versions if v.version < scheme.version), scheme.version)
    data = request.GET if "before" in request.GET or "after" in request.GET else {
        "before": earlier, "after": scheme.version}
    form = CompareForm(data, versions=versions)
    comparison = None
    if form.is_valid():
        by_number = {version.version: version for version in versions}
        comparison = cached_compare_versions(tenant=request.tenant,
                                             before=by_number[form.cleaned_data["before"]],
                                             after=by_number[form.cleaned_data["after"]])
    return render(request, "categorisation/schemes/versions.html", {
        "scheme": scheme, "versions": versions, "form": form, "comparison": comparison,
        "nav_section": "categories",
    }, status=400 if form.errors else 200)


@tenant_view(SCHEMES_MANAGE)
def scheme_export(request: TenantRequest, category_scheme_id: int) -> HttpResponse:
    """The version as a JSON file to take to another council."""
    scheme = _scheme(category_scheme_id)
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET"})
    response = JsonResponse(scheme_to_file(scheme), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = (
        f'attachment; filename="{scheme.key}-version-{scheme.version}.json"')
    return response


class SchemeImportForm(forms.Form):
    file = forms.FileField(
        label="Scheme file (JSON)", help_text="A file downloaded from a scheme's versions page, "
                                              "here or in another council.",
        error_messages={"required": "Choose the scheme file to import"})
    into = forms.ChoiceField(label="Import it as",
                             error_messages={"required": "Choose what the file becomes"})
    name = forms.CharField(label="Name of the new scheme", max_length=200, required=False,
                           help_text="Only for a new scheme; empty to keep the file's name.")
    change_note = forms.CharField(label="Why are you importing it?", max_length=300,
                                  error_messages={"required": "Say why you are importing it"})

    def __init__(self, data=None, files=None, *, schemes: list[CategorisationScheme]):
        super().__init__(data, files)
        self.schemes = {scheme.key: scheme for scheme in schemes}
        into = self.fields["into"]
        assert isinstance(into, forms.ChoiceField)
        into.choices = [
            (scheme.key, f"The next version of {scheme.name}") for scheme in schemes
        ] + [(NEW, "A new scheme, in use at once")]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The file is larger than 1 MB: it is not a scheme file")
        try:
            data = json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise forms.ValidationError("The file is not JSON: download it again from the "
                                        "scheme's versions page") from None
        reading = read_scheme_file(data)
        if not reading.is_valid:
            raise forms.ValidationError(reading.problems)
        return reading


def _latest_by_key(tenant) -> list[CategorisationScheme]:
    latest: dict[str, CategorisationScheme] = {}
    for scheme in (CategorisationScheme.objects.filter(tenant=tenant)
                   .prefetch_related("categories").order_by("key", "-version")):
        latest.setdefault(scheme.key, scheme)
    return list(latest.values())


@tenant_view(SCHEMES_MANAGE)
def scheme_import(request: TenantRequest) -> HttpResponse:
    """GET: the upload form. POST: the file as the next version of a scheme, or a new one."""
    form = SchemeImportForm(request.POST or None, request.FILES or None,
                            schemes=_latest_by_key(request.tenant))
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        reading = form.cleaned_data["file"]
        into = form.schemes.get(form.cleaned_data["into"])
        note = form.cleaned_data["change_note"]
        try:
            if into is not None:
                new = services.scheme_version_create(
                    tenant=request.tenant, actor=request.user, scheme=into,
                    definition=reading.definition, categories=reading.categories,
                    change_note=note)
            else:
                new = services.scheme_import(
                    tenant=request.tenant, actor=request.user,
                    name=form.cleaned_data["name"].strip() or reading.name,
                    description=reading.description, definition=reading.definition,
                    categories=reading.categories, change_note=note)
        except services.SchemeRefused as refused:
            problems = refused.problems
            naming = [p.removeprefix("name: ") for p in problems if p.startswith("name: ")]
            form.add_error("name" if naming else "file", naming or
                           f"This file was not imported: {len(problems)} problem(s), listed "
                           "below.")
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(request, f"Imported as version {new.version} of {new.name}. "
                                      "Every school's category is being worked out again.")
            return redirect("categorisation:scheme-versions", request.tenant.slug, new.pk)
    return render(request, "categorisation/schemes/import.html", {
        "form": form, "problems": [p for p in problems if not p.startswith("name: ")],
        "nav_section": "categories",
    }, status=400 if form.errors else 200)
