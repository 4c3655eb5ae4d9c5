"""Schemes (tenant admins): the active schemes with their versions, loading a preset, and
editing a scheme's rules as data. Saving a version that leaves a school with no category is
refused by `services.scheme_version_create`; the page lists the schools and why."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from categorisation import selectors, services
from categorisation.forms import PresetForm, SchemeVersionForm
from categorisation.models import CategorisationScheme
from categorisation.schemes.wording import describe_definition
from core.downloads import ListDownload, download_links, list_download
from core.exports import Column
from core.permissions import SCHEMES_MANAGE
from core.tenancy import tenant_view


def _versions_by_key(tenant) -> list[dict]:
    schemes = list(CategorisationScheme.objects.filter(tenant=tenant)
                   .select_related("created_by").order_by("key", "-version"))
    groups: dict[str, dict] = {}
    for scheme in schemes:
        group = groups.setdefault(scheme.key, {"key": scheme.key, "active": None,
                                               "versions": []})
        group["versions"].append(scheme)
        if scheme.is_active:
            group["active"] = scheme
    return list(groups.values())


@tenant_view(SCHEMES_MANAGE)
def scheme_list(request: HttpRequest, export: bool = False) -> HttpResponse:
    groups = _versions_by_key(request.tenant)
    if export:
        return list_download(request, download=SCHEME_VERSIONS,
                             rows=[scheme for group in groups for scheme in group["versions"]])
    form = PresetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.scheme_preset_load(tenant=request.tenant, actor=request.user,
                                                 preset=form.cleaned_data["preset"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Loaded {scheme.name} as version {scheme.version}. Every "
                                      "school's category is being worked out again.")
            return redirect("categorisation:scheme-detail", request.tenant.slug, scheme.pk)
    return render(request, "categorisation/schemes/list.html", {
        "groups": groups, "form": form, "nav_section": "categories",
        "downloads": download_links(request),
    }, status=400 if form.errors else 200)


# Every version of every scheme, as the page lists them (by scheme, newest version first).
SCHEME_VERSIONS = ListDownload("category-schemes", "Categorisation schemes", (
    Column("Scheme", lambda s: s.name),
    Column("Key", lambda s: s.key),
    Column("Version", lambda s: s.version),
    Column("Status", lambda s: "Active" if s.is_active else "Retired"),
    Column("Change", lambda s: s.change_note),
    Column("By", lambda s: str(s.created_by) if s.created_by else ""),
    Column("When", lambda s: s.created_at),
))


def _scheme(category_scheme_id: int) -> CategorisationScheme:
    return get_object_or_404(
        CategorisationScheme.objects.select_related("created_by")
        .prefetch_related("categories"), pk=category_scheme_id)


@tenant_view(SCHEMES_MANAGE)
def scheme_detail(request: HttpRequest, category_scheme_id: int) -> HttpResponse:
    scheme = _scheme(category_scheme_id)
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET"})
    categories = list(scheme.categories.all())
    return render(request, "categorisation/schemes/detail.html", {
        "scheme": scheme, "categories": categories,
        "summary": describe_definition(scheme.definition,
                                       {c.code: c.label for c in categories}),
        "versions": selectors.scheme_versions(tenant=request.tenant, key=scheme.key),
        "nav_section": "categories",
    })


@tenant_view(SCHEMES_MANAGE)
def scheme_edit(request: HttpRequest, category_scheme_id: int) -> HttpResponse:
    scheme = _scheme(category_scheme_id)
    form = SchemeVersionForm.for_scheme(scheme, request.POST or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            new = services.scheme_version_create(
                tenant=request.tenant, actor=request.user, scheme=scheme,
                definition=form.cleaned_data["definition"],
                change_note=form.cleaned_data["change_note"])
        except services.SchemeRefused as refused:
            problems = refused.problems
            form.add_error("definition", "This version was not saved: "
                                         f"{len(problems)} problem(s), listed below.")
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Saved version {new.version}. Every school's category is "
                                      "being worked out again.")
            return redirect("categorisation:scheme-detail", request.tenant.slug, new.pk)
    categories = list(scheme.categories.all())
    return render(request, "categorisation/schemes/edit.html", {
        "scheme": scheme, "form": form, "problems": problems, "categories": categories,
        "is_active": scheme.is_active, "nav_section": "categories",
    }, status=400 if form.errors else 200)
