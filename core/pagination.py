"""One way to page a long list: `paginate` gives the page of rows and the query string the
page links keep (filters, sort), and `includes/pagination.html` draws GOV.UK's pagination.

    page, query_string = paginate(request, rows)
    {% include "includes/pagination.html" with label="Pages of schools" %}
"""

from collections.abc import Sequence

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 50


def paginate(request: HttpRequest, rows: QuerySet | Sequence,
             per_page: int = PAGE_SIZE) -> tuple[Page, str]:
    """The page `?page=` asks for (the last for a number past the end, the first for nonsense)
    and the request's query without `page`, for the links to the other pages."""
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
