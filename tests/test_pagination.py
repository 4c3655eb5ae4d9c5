"""Long lists come a page at a time (core.pagination): the page links keep the filters, a
number past the end shows the last page, and a row's form sends the person back to its page."""

import re

import pytest
from django.test import RequestFactory

from core.pagination import PAGE_SIZE, paginate
from tests.test_query_counts import add_schools

pytestmark = pytest.mark.django_db


def test_paginate_keeps_the_filters_and_forgives_a_page_past_the_end():
    request = RequestFactory().get("/", {"phase": "primary", "page": "99"})
    page, query_string = paginate(request, list(range(120)))
    assert (page.number, list(page.object_list)) == (3, list(range(100, 120)))
    assert query_string == "phase=primary"
    page, _ = paginate(RequestFactory().get("/", {"page": "nonsense"}), list(range(120)))
    assert page.number == 1 and len(page.object_list) == PAGE_SIZE


def test_the_pro_forma_list_shows_a_page_of_schools_and_returns_to_it_after_a_change(
        tenant_a, personas, client_for):
    add_schools(tenant_a, 70, first_urn=600000)  # 63 open, with the personas' school: 64
    client = client_for(personas["a"]["officer"])
    base = f"/t/{tenant_a.slug}/partnerships/formation/pro-formas/"
    first = client.get(base).content.decode()
    rows = re.findall(r'<tr class="govuk-table__row" id="school-(\d+)"', first)
    assert len(rows) == PAGE_SIZE and "Page 1 of 2" in first
    second = client.get(base + "?page=2").content.decode()
    rest = re.findall(r'<tr class="govuk-table__row" id="school-(\d+)"', second)
    assert len(rest) == 64 - PAGE_SIZE and not set(rows) & set(rest)
    urn = rest[0]
    response = client.post(f"{base}{urn}/support/", {"can_give_support": "yes", "page": "2"})
    assert response.status_code == 302
    assert response["Location"] == f"{base}?page=2#school-{urn}"
