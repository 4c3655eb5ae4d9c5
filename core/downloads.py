"""Every list page's "Download CSV" and "Download XLSX", one way (the files: core.exports).

A list view declares its download once — a name, a title and its columns — and its URLs with
`list_paths`: the page at `route` and its download at `route + "export/"`, both served by the
same view, so the file holds exactly the rows of the page's query and filters (every page of
them, not only the one shown). The view ends with `page_or_download`:

    ACTIONS = ListDownload("board-actions", "Board actions", (Column("Action", ...), ...))

    @tenant_view(BOARD_VIEW)
    def action_list(request, board_id, export=False):
        actions = selectors.actions(...)            # the page's query, filters applied
        return page_or_download(request, "boards/action_list.html", {...},
                                rows=actions, download=ACTIONS, export=export)

- The download needs what the page needs (the same view, the same decorator); columns a person
  may not see (`Column.permission`) are left out of the file.
- Each download is written to the tenant's security log (`<name>.export`): who took which list
  away, how many rows, with which filters.
- An XLSX longer than a sheet holds is refused on a page that says so and offers the CSV.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import render
from django.urls import URLPattern, path, reverse

from core.audit import audit_record
from core.exports import Column, export_response
from core.tenancy import TenantRequest

EXPORT_SUFFIX = ".export"  # the audit action of every download; the security log shows them


@dataclass(frozen=True)
class ListDownload:
    name: str  # the file's name and the audit action's first part: "board-actions"
    title: str  # the sheet's title and the security log's words: "Board actions"
    columns: tuple[Column, ...]


def list_paths(route: str, view: Callable[..., HttpResponse], *, name: str,
               download: str = "export/") -> list[URLPattern]:
    """The list page and its download (`<name>-export`, at `route + download`), served by one
    view (`export=True`)."""
    return [path(route, view, name=name),
            path(route + download, view, {"export": True}, name=f"{name}-export")]


def _query(request: HttpRequest, file_format: str) -> str:
    query: QueryDict = request.GET.copy()
    for key in ("page", "format"):
        query.pop(key, None)
    query["format"] = file_format
    return query.urlencode()


def _export_url(request: HttpRequest, page: str | None, kwargs: dict | None) -> str:
    match = request.resolver_match
    assert match is not None  # noqa: S101 - a routed request always has one
    name = (page or match.view_name).removesuffix("-export") + "-export"
    if kwargs is None:
        kwargs = {key: value for key, value in match.kwargs.items() if key != "export"}
    return reverse(name, kwargs=kwargs)


def download_links(request: HttpRequest, page: str | None = None,
                   kwargs: dict | None = None) -> dict[str, str]:
    """The two links of `includes/downloads.html`, keeping the page's filters. `page` (and its
    URL's `kwargs`, when they differ) names the list page when another URL renders it (a form's
    POST)."""
    url = _export_url(request, page, kwargs)
    return {"csv": f"{url}?{_query(request, 'csv')}", "xlsx": f"{url}?{_query(request, 'xlsx')}"}


def list_download(request: TenantRequest, *, rows: Iterable, download: ListDownload,
                  ) -> HttpResponse:
    """The file of a list page's `rows` (`?format=csv|xlsx`); only GET."""
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return file_download(request, rows=rows, columns=download.columns, name=download.name,
                         title=download.title)


def file_download(request: TenantRequest, *, rows: Iterable, columns: Iterable[Column],
                  name: str, title: str, filename: str | None = None,
                  stamp: datetime | None = None, summary: str = "") -> HttpResponse:
    """Any download of rows (`?format=csv|xlsx`, CSV by default), written to the security log
    (`<name>.export`); an XLSX too long for a sheet is refused on a page that offers the CSV.
    `summary` words the log line, with `{count}` and `{format}` filled in ("Downloaded 12 rows
    of <title> (csv)" by default). The caller has checked that the person may read the rows."""
    file_format = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    rows = list(rows)
    tenant = request.tenant
    try:
        response = export_response(
            rows=rows, columns=columns, permissions=request.tenant_permissions,
            filename=filename or f"{tenant.slug}-{name}", file_format=file_format,
            title=title, stamp=stamp)
    except ValidationError as error:
        return render(request, "core/download_refused.html", {
            "title": title, "message": " ".join(error.messages), "rows": len(rows),
            "csv_url": f"{request.path}?{_query(request, 'csv')}",
        }, status=400)
    audit_record(tenant=tenant, actor=request.user,
                 action=name + EXPORT_SUFFIX,
                 summary=(summary or "Downloaded {count} rows of "
                          + title[:1].lower() + title[1:] + " ({format})").format(
                              count=len(rows), format=file_format),
                 changes={"path": request.path, "filters": _filters(request)})
    return response


def _filters(request: HttpRequest) -> dict[str, str]:
    return {key: str(value) for key, value in request.GET.items()
            if key not in ("format", "page")}


def page_or_download(request: TenantRequest, template: str, context: dict, *, rows: Iterable,
                     download: ListDownload, export: bool = False,
                     status: int = 200) -> HttpResponse:
    """The list page (with its download links), or — on its `-export` URL — the file."""
    if export:
        return list_download(request, rows=rows, download=download)
    return render(request, template, {**context, "downloads": download_links(request)},
                  status=status)
