"""The register's filters: one FilterSet for the page, its download and the API, so the three
always narrow the list the same way."""

from collections.abc import Mapping
from typing import Any

import django_filters
from django.db.models import QuerySet

from core.sorting import Sorting
from schools.models import Governance, Phase, School

OPEN, CLOSED, ALL = "open", "closed", "all"

# The register's columns, each sortable (`?sort=pupils`, `?sort=-pupils`).
REGISTER_SORTS = Sorting({
    "name": ("School", ["establishment__name", "establishment__urn"]),
    "urn": ("URN", ["establishment__urn"]),
    "phase": ("Phase", ["establishment__phase", "establishment__name"]),
    "type": ("Type", ["establishment__type_name", "establishment__name"]),
    "trust": ("Trust", ["establishment__trust_name", "establishment__name"]),
    "pupils": ("Pupils", ["establishment__number_of_pupils", "establishment__name"]),
}, default="name", numeric=frozenset({"pupils"}))
STATUS_CHOICES = [(OPEN, "Open"), (CLOSED, "Closed"), (ALL, "Open and closed")]


class RegisterFilter(django_filters.FilterSet):
    """Narrows the active tenant's register. With no status asked for, the list is the open
    schools: closed entries stay in the register for history but are not what anyone browses."""

    q = django_filters.CharFilter(
        method="filter_search", label="Name, URN, LAESTAB, postcode or trust",
        help_text="Search name (or former name), URN, LAESTAB, postcode, town or trust.")
    phase = django_filters.ChoiceFilter(field_name="establishment__phase", choices=Phase.choices)
    governance = django_filters.ChoiceFilter(field_name="establishment__governance",
                                             choices=Governance.choices,
                                             label="Maintained or academy")
    type = django_filters.CharFilter(field_name="establishment__type_name",
                                     help_text="GIAS type of establishment, exactly.")
    trust = django_filters.CharFilter(field_name="establishment__trust_name",
                                      help_text="Trust name, exactly.")
    status = django_filters.ChoiceFilter(method="filter_status", choices=STATUS_CHOICES,
                                         empty_label=None, label="Open or closed",
                                         help_text="Open (the default), closed, or all.")

    class Meta:
        model = School
        fields: list[str] = []

    def __init__(self, data: Mapping[str, Any] | None = None,
                 queryset: QuerySet[School] | None = None, **kwargs: Any) -> None:
        # Always bound, so the default status applies to a request without a query string.
        # A QueryDict copy stays a QueryDict (its getlist is what the filters read).
        values: Any = data.copy() if data is not None else {}  # type: ignore[attr-defined]
        if not values.get("status"):
            values["status"] = OPEN
        if queryset is None:
            queryset = School.objects.with_establishment()
        super().__init__(values, queryset=queryset, **kwargs)

    def filter_search(self, queryset: QuerySet[School], name: str, value: str) -> QuerySet[School]:
        return queryset.search(value)  # type: ignore[attr-defined]

    def filter_status(self, queryset: QuerySet[School], name: str, value: str) -> QuerySet[School]:
        if value == OPEN:
            return queryset.filter(establishment__is_open=True)
        if value == CLOSED:
            return queryset.filter(establishment__is_open=False)
        return queryset

    @property
    def qs(self) -> QuerySet[School]:
        """Sorted by the column asked for; else, for a search, closest first (PostgreSQL);
        else by name."""
        queryset = super().qs
        sort = self.data.get("sort")
        query = self.form.cleaned_data.get("q") if hasattr(self.form, "cleaned_data") else ""
        if REGISTER_SORTS.chosen(sort) is None and query:
            return queryset.ranked(query)  # type: ignore[attr-defined]
        return REGISTER_SORTS.apply(queryset, sort)
