"""Lists sorted by their columns: a `sort` query parameter ("name", "-pupils") chosen by links in
the column headers, so sorting works without JavaScript and is kept with the filters, while a
new sort starts again at page 1.

    SORTS = Sorting({"name": ("School", ["establishment__name"]), ...}, default="name")
    queryset = SORTS.apply(queryset, request.GET.get("sort"))
    context["columns"] = SORTS.headers(request.GET)   # includes/sortable_header.html
"""

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import F, QuerySet


@dataclass(frozen=True)
class Header:
    key: str
    label: str
    url: str  # the query string that sorts by this column (the other way when it is current)
    aria_sort: str  # "ascending", "descending" or "none"
    numeric: bool = False


class Sorting:
    def __init__(self, columns: Mapping[str, tuple[str, list[str]]], *, default: str,
                 numeric: frozenset[str] = frozenset()):
        self.columns = dict(columns)
        self.default = default
        self.numeric = numeric

    def chosen(self, value: str | None) -> tuple[str, bool] | None:
        """(column, descending) of a `sort` value, or None when it names no column (an
        unknown value is ignored, never an error)."""
        value = (value or "").strip()
        descending = value.startswith("-")
        key = value.lstrip("-")
        return (key, descending) if key in self.columns else None

    def apply(self, queryset: QuerySet, value: str | None) -> QuerySet:
        chosen = self.chosen(value) or (self.default, False)
        key, descending = chosen
        order = [F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
                 for field in self.columns[key][1]]
        return queryset.order_by(*order, "pk")

    def headers(self, query: Mapping, *, sorted_by_default: bool = True) -> list[Header]:
        """Each column's header: the link sorting by it (ascending, or descending when it is
        the current ascending sort) with the other parameters kept, page left out."""
        chosen = self.chosen(query.get("sort"))
        if chosen is None and sorted_by_default:
            chosen = (self.default, False)
        kept = [(name, value) for name in query if name not in ("sort", "page")
                for value in query.getlist(name)] if hasattr(query, "getlist") else [
            (name, value) for name, value in query.items() if name not in ("sort", "page")]
        headers = []
        for key, (label, _) in self.columns.items():
            current = chosen is not None and chosen[0] == key
            descending = current and chosen is not None and chosen[1]
            next_value = f"-{key}" if current and not descending else key
            headers.append(Header(
                key=key, label=label, url=urlencode([*kept, ("sort", next_value)]),
                aria_sort=("descending" if descending else "ascending") if current else "none",
                numeric=key in self.numeric))
        return headers
