"""The year's de-delegation page shows every school's charge fifty schools a page, while its
line totals stay the whole year's (issue 16: lists paginated)."""

import re

import pytest

from core.models import Role
from core.pagination import PAGE_SIZE
from funding.selectors.charges import dedelegation_schedule
from schools.services import register_changed
from tests.funding.conftest import school

pytestmark = pytest.mark.django_db


def rows_in(body: str, testid: str, row_name: str) -> list[str]:
    """The schools named in the rows of the table `testid` (`row_name`: a row header's pattern
    with the name as its group)."""
    table = body[body.index(f'data-testid="{testid}"'):]
    return re.findall(row_name, table[:table.index("</table>")])


def charged_rows(body: str) -> list[str]:
    return rows_in(body, "school-charges", r'<th scope="row"[^>]*><a [^>]*>([^<]+)</a>')


def line_rows(body: str) -> list[str]:
    return rows_in(body, "line-charges",
                   r'<th scope="row" class="govuk-table__header">([^<]+) <span')


def more_than_a_page_of_schools(in_a, voted) -> list[str]:
    """The year's schools by name once a page's worth more are added."""
    for number in range(PAGE_SIZE):
        school(in_a, f"Extra Primary {number:02d}", pupils=100)
    names = [row.school.establishment.name for row in dedelegation_schedule(voted.year).schools]
    assert len(names) > PAGE_SIZE
    return names


def first_two_pages(client, url: str) -> tuple[str, str]:
    return client.get(url).content.decode(), client.get(url + "?page=2").content.decode()


def test_the_schools_charges_are_paged_and_the_totals_are_the_whole_years(
        in_a, voted, personas, client_for):
    names = more_than_a_page_of_schools(in_a, voted)
    client = client_for(personas["a"][Role.OFFICER])
    first, second = first_two_pages(client, f"/t/{in_a.slug}/funding/years/{voted.year.pk}/")
    assert charged_rows(first) == names[:PAGE_SIZE]
    assert charged_rows(second) == names[PAGE_SIZE:]
    total = sum(summary.total for summary in dedelegation_schedule(voted.year).lines)
    assert f"£{total:,.2f}" in first and f"£{total:,.2f}" in second


def test_a_lines_charges_are_paged_kept_and_a_change_is_seen_at_once(
        in_a, voted, personas, client_for):
    names = more_than_a_page_of_schools(in_a, voted)
    line = voted.improvement
    total = next(s.total for s in dedelegation_schedule(voted.year).lines
                 if s.line.pk == line.pk)
    client = client_for(personas["a"][Role.OFFICER])
    url = f"/t/{in_a.slug}/funding/lines/{line.pk}/"
    first, second = first_two_pages(client, url)
    assert line_rows(first) == names[:PAGE_SIZE]
    assert line_rows(second) == names[PAGE_SIZE:]
    assert f"£{total:,.2f}" in first and f"£{total:,.2f}" in second
    assert line_rows(client.get(url).content.decode()) == names[:PAGE_SIZE]  # kept, unchanged
    # A new school is on the kept page at once (the register's version moved).
    school(in_a, "Aardvark Primary", pupils=100)
    register_changed(tenant_ids=[in_a.pk])
    names = [row.school.establishment.name for row in dedelegation_schedule(voted.year).schools]
    assert "Aardvark Primary" in names[:PAGE_SIZE]
    assert line_rows(client.get(url).content.decode()) == names[:PAGE_SIZE]
