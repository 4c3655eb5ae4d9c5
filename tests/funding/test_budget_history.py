"""The budget history (seed 001, appendix A): years across; each de-delegation line, strategic
fund and the allocations down; totals; the same as CSV and XLSX; queries flat in the years."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from core.models import Role
from funding.selectors.history import budget_history
from funding.services import dedelegation, funds
from tests.funding.conftest import school
from tests.test_query_counts import NO_CACHE

pytestmark = pytest.mark.django_db


def a_year(tenant, admin, start: int, *, rate: str, fund: str = "100000.00"):
    year = dedelegation.funding_year_create(tenant=tenant, actor=admin, start_year=start)
    line = dedelegation.dedelegation_line_create(
        tenant=tenant, actor=admin, year=year, name="School improvement", primary_rate=rate,
        secondary_rate=rate)
    dedelegation.phase_vote_record(tenant=tenant, actor=admin, line=line, phase="primary",
                                   outcome="passed", decided_on=date(start, 1, 14))
    made = funds.strategic_fund_create(tenant=tenant, actor=admin, year=year,
                                       name="Strategic School Improvement Fund",
                                       base_amount=fund)
    funds.fund_cost_add(tenant=tenant, actor=admin, fund=made, name="Independent chair",
                        amount="4500.00")
    return year


def test_each_year_is_a_column_with_lines_funds_and_totals(in_a, admin, personas):
    school(in_a, "Hill Top Primary", pupils=100)  # beside the persona's school of 210
    older = a_year(in_a, admin, 2024, rate="10.00")
    newer = a_year(in_a, admin, 2025, rate="12.00", fund="90000.00")
    history = budget_history()
    assert [year.pk for year in history.years] == [older.pk, newer.pk]
    rows = {row.name: row.cells(history.years) for row in history.rows}
    assert rows["School improvement"] == [Decimal("3100.00"), Decimal("3720.00")]
    assert rows["Strategic School Improvement Fund"] == [Decimal("95500.00"),
                                                          Decimal("85500.00")]
    assert rows["Formula allocations (confirmed runs)"] == [None, None]
    assert history.totals.cells(history.years) == [Decimal("98600.00"), Decimal("89220.00")]


def test_the_download_holds_the_totals_as_numbers(tenant_a, personas, client_for):
    admin = personas["a"][Role.ADMIN]
    with scope(tenant=tenant_a):
        a_year(tenant_a, admin, 2025, rate="10.00")
    response = client_for(personas["a"][Role.BOARD_MEMBER]).get(
        f"/t/{tenant_a.slug}/funding/history/export/?format=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Budget", "Stream", "2025-26 (£)")
    assert values[-1][0] == "Total"
    assert values[-1][2] == pytest.approx(95500 + 2100)
    assert isinstance(values[-1][2], float | int)
    csv = client_for(admin).get(f"/t/{tenant_a.slug}/funding/history/export/").content
    assert b"School improvement,De-delegation,2100.00" in csv


def test_the_page_issues_the_same_queries_for_one_year_as_for_four(
        tenant_a, personas, client_for):
    admin = personas["a"][Role.ADMIN]
    client = client_for(admin)
    url = f"/t/{tenant_a.slug}/funding/history/"

    def count() -> int:
        # Measured with caches off: the lines' totals are kept per version of their inputs.
        with override_settings(CACHES=NO_CACHE), CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    with scope(tenant=tenant_a):
        a_year(tenant_a, admin, 2022, rate="10.00")
    client.get(url)
    one = count()
    with scope(tenant=tenant_a):
        for start in (2023, 2024, 2025):
            a_year(tenant_a, admin, start, rate="11.00")
    assert count() == one
    assert "£2,310.00" in client.get(url).content.decode()
