"""The year's funding report: totals by stream, by partnership and by school that are the
reconciliation's own figures grouped (an academic-year allocation's part in the year, money
carried forward), the history of each stream across the years as a chart and a table, each
table downloadable as CSV and XLSX with numbers, for officers and the admin only."""

import csv
import io
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from core.models import Role
from funding.models import AllocationRunSchool, FundingYear, StrategicFund
from funding.selectors.charges import dedelegation_schedule
from funding.selectors.report import year_report
from funding.selectors.spending import year_balances
from funding.services import spending
from funding.services.carry import carry_forward
from tests.funding.spending_world import commit, make_budgets
from tests.funding.test_profiling import academic_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(in_a, personas, voted):
    """2025-26: the voted de-delegation lines; a financial-year run (North £20,000, South
    £6,000); an academic-year run for 2025/26 giving North £12,000 through two schools (7/12 in
    2025-26: £7,000); a strategic fund of £10,000 less a £1,000 fixed cost; £1,000 committed
    against North's allocation with £400 spent; £500 of South carried into 2026-27."""
    admin = personas["a"][Role.ADMIN]
    year = voted.year
    budgets = make_budgets(in_a, year)
    register = voted.register
    with scopes_disabled():
        next_year = FundingYear.objects.create(tenant=in_a, start_year=2026)
        fund = StrategicFund.objects.create(tenant=in_a, year=year, name="Strategic fund",
                                            base_amount=Decimal("10000.00"))
        fund.costs.create(tenant=in_a, name="Independent chair", amount=Decimal("1000.00"))
    run, rows = academic_run(in_a, year, {"North Consortium": Decimal("12000.00")})
    with scopes_disabled():
        for school, amount in ((register.hill, "7000.01"), (register.vale, "4999.99")):
            AllocationRunSchool.objects.create(
                tenant=in_a, run=run, partnership=rows["North Consortium"], school=school,
                urn=school.urn, school_name=school.establishment.name, amount=Decimal(amount),
                reason="Category 3A")
    made = commit(in_a, admin, budgets.north, "1000.00")
    spending.spend_record(tenant=in_a, actor=admin, commitment=made, amount="400.00",
                          on=date(2025, 7, 1))
    carry_forward(tenant=in_a, actor=admin, year=year, budget_key=f"allocation:"
                  f"{budgets.south.pk}", amount="500.00", reason="Agreed by the forum.",
                  today=date(2026, 4, 2))
    return SimpleNamespace(tenant=in_a, year=year, next_year=next_year, register=register,
                           run=run)


def test_the_streams_partnerships_and_schools_add_up_to_the_reconciliation(in_a, world):
    report = year_report(world.tenant, world.year, with_schools=True)
    streams = {s.name: s for s in report.streams}
    schedule_total = dedelegation_schedule(world.year).total
    assert schedule_total > 0
    assert streams["De-delegation"].amount == schedule_total
    assert streams["Formula allocations"].amount == Decimal("20000.00") + Decimal(
        "6000.00") + Decimal("7000.00")
    assert streams["Formula allocations"].carried == Decimal("500.00")
    assert (streams["Formula allocations"].committed,
            streams["Formula allocations"].spent) == (Decimal("1000.00"), Decimal("400.00"))
    assert streams["Strategic funds"].amount == Decimal("9000.00")
    assert streams["Carried forward"].amount == 0
    budgets, _ = year_balances(world.year)
    assert report.totals.amount == sum((b.amount for b in budgets), Decimal("0.00"))
    partnerships = {p.name: p.amount for p in report.partnerships}
    assert partnerships == {"North Consortium": Decimal("27000.00"),
                            "South Consortium": Decimal("6000.00")}
    schools = {s.urn: s for s in report.schools}
    hill, vale = schools[world.register.hill.urn], schools[world.register.vale.urn]
    # £7,000 shared 7,000.01 : 4,999.99 by the largest remainder: 4,083.339p and 2,916.661p
    # floor to 4,083.33 and 2,916.66; the penny left goes to the larger remainder (Hill Top).
    assert (hill.allocated, vale.allocated) == (Decimal("4083.34"), Decimal("2916.66"))
    assert sum((s.charged for s in report.schools), Decimal("0.00")) == schedule_total
    assert hill.partnership_names == "North Consortium"
    # The next year: the academic year's other five twelfths and the £500 carried in.
    following = {s.name: s.amount for s in year_report(world.tenant, world.next_year,
                                                       with_schools=False).streams}
    assert following["Formula allocations"] == Decimal("5000.00")
    assert following["Carried forward"] == Decimal("500.00")


def test_the_history_sums_each_stream_per_year(in_a, world):
    report = year_report(world.tenant, world.year, with_schools=False)
    rows = {year.start_year: (cells, total) for year, cells, total in report.history_rows}
    cells, total = rows[2025]
    # De-delegation, formula allocations (the latest confirmed run of each formula and year:
    # the financial-year run's £26,000 and the academic year's 7/12), strategic funds, carried.
    assert cells[1:] == [Decimal("26000.00") + Decimal("7000.00"), Decimal("9000.00"),
                         Decimal("0.00")]
    assert total == sum(cells, Decimal("0.00"))
    assert rows[2026][0][1:] == [Decimal("5000.00"), Decimal("0.00"), Decimal("500.00")]


def test_the_page_draws_the_chart_and_the_tables_for_officers_only(
        in_a, tenant_a, world, personas, client_for):
    path = f"/t/{tenant_a.slug}/funding/years/{world.year.pk}/report/"
    page = client_for(personas["a"][Role.OFFICER]).get(path).content.decode()
    for testid in ("by-stream", "by-partnership", "by-school", "history", "history-chart"):
        assert f'data-testid="{testid}"' in page
    assert "£27,000.00" in page and "<svg" in page
    for role in (Role.HEADTEACHER, Role.BOARD_MEMBER, Role.VIEWER):
        assert client_for(personas["a"][role]).get(path).status_code == 403


def test_each_table_downloads_with_numbers(in_a, tenant_a, world, personas, client_for):
    client = client_for(personas["a"][Role.OFFICER])
    base = f"/t/{tenant_a.slug}/funding/years/{world.year.pk}/report/export/"
    sheet = load_workbook(io.BytesIO(client.get(base + "?format=xlsx").content)).active
    header, *streams, total = list(sheet.iter_rows(values_only=True))
    assert header[:3] == ("Stream", "Budget (£)", "Committed (£)")
    formula = next(row for row in streams if row[0] == "Formula allocations")
    assert formula[1:5] == (33000, 1000, 400, 500)
    assert total[0] == "Total" and total[1] == pytest.approx(sum(row[1] for row in streams))
    assert sheet.cell(row=2, column=2).number_format == "#,##0.00;-#,##0.00"
    schools = list(csv.reader(io.StringIO(client.get(
        base + "?table=schools&format=csv").content.decode("utf-8-sig"))))
    hill = next(row for row in schools if row[0] == str(world.register.hill.urn))
    assert hill[3] == "4083.34"
    history = load_workbook(io.BytesIO(client.get(
        base + "?table=history&format=xlsx").content)).active
    assert [row[0] for row in history.iter_rows(values_only=True)] == [
        "Financial year", "2025-26", "2026-27"]
    assert client.get(base + "?table=nonsense").status_code == 200


def test_the_schools_table_is_kept_until_a_run_is_confirmed_or_a_charge_changes(
        in_a, admin, world, monkeypatch):
    from funding.selectors import report as report_module
    from funding.services import dedelegation

    def schools() -> dict:
        return {s.urn: (s.allocated, s.charged)
                for s in year_report(in_a, world.year, with_schools=True).schools}

    first = schools()
    compute = report_module._compute_schools
    monkeypatch.setattr(report_module, "_compute_schools",
                        lambda *args: pytest.fail("recomputed"))
    assert schools() == first  # nothing changed: kept
    monkeypatch.setattr(report_module, "_compute_schools", compute)
    # Another confirmed run gives the Hill Top more: seen at once.
    run, rows = academic_run(in_a, world.year, {"North Consortium": Decimal("1200.00")})
    hill = world.register.hill
    with scopes_disabled():
        AllocationRunSchool.objects.create(
            tenant=in_a, run=run, partnership=rows["North Consortium"], school=hill,
            urn=hill.urn, school_name=hill.establishment.name, amount=Decimal("1200.00"),
            reason="Category 3A")
    with_run = schools()
    assert with_run[hill.urn][0] == first[hill.urn][0] + Decimal("700.00")  # 7/12 this year
    # A rate changed by the forum changes the charges at once.
    line = next(s.line for s in dedelegation_schedule(world.year).lines)
    dedelegation.dedelegation_line_update(tenant=in_a, actor=admin, line=line,
                                          primary_rate=str(line.primary_rate + 1))
    assert schools()[hill.urn][1] != with_run[hill.urn][1]
