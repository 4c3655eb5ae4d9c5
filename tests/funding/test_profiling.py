"""Academic-year profiling: an allocation for an academic year (September to August) falls in
its two financial years, 7/12 and 5/12 by default (the tenant may choose otherwise; a run keeps
what it was made with); the first part is rounded half a penny up and the second is the rest,
so they add to the whole; the schools' parts add to their partnership's in each year; the
reconciliation, commitments and budget history of each financial year read the parts."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled
from hypothesis import given, settings
from hypothesis import strategies as st

from core.models import Role
from funding.models import (
    AllocationFormula,
    AllocationRun,
    AllocationRunPartnership,
    AllocationRunSchool,
    FundingYear,
    RunStatus,
    StrategicFund,
)
from funding.profiling import split
from funding.selectors.history import budget_history
from funding.selectors.profiled import school_parts
from funding.selectors.spending import budgets_of
from funding.services import allocations as services
from funding.services import settings as fsettings
from funding.services import spending
from funding.services.spending import OverspendRefused
from tests.factories import SchoolFactory
from tests.funding.allocation_world import RUN_ON, World

pytestmark = pytest.mark.django_db


def expected_first(amount: Decimal, months: int) -> Decimal:
    """Computed apart from the product: exact twelfths as a fraction of pounds, then Decimal's
    own half-up rounding."""
    exact = Fraction(amount) * months / 12
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP)


@pytest.mark.parametrize(("amount", "months", "first", "second"), [
    ("20000.00", 7, "11666.67", "8333.33"),
    ("6000.00", 7, "3500.00", "2500.00"),
    ("0.01", 7, "0.01", "0.00"),      # 0.58p rounds up
    ("0.06", 7, "0.04", "0.02"),      # 3.5p: half a penny up
    ("100.00", 8, "66.67", "33.33"),
])
def test_an_academic_year_amount_splits_seven_twelfths_and_five_by_default(
        amount, months, first, second):
    assert split(Decimal(amount), months) == (Decimal(first), Decimal(second))


@settings(max_examples=300, deadline=None)
@given(pence=st.integers(min_value=0, max_value=10**12), months=st.integers(1, 11))
def test_the_two_parts_add_to_the_whole_and_the_first_is_rounded_half_up(pence, months):
    amount = Decimal(pence) / 100
    first, second = split(amount, months)
    assert first + second == amount
    assert first == expected_first(amount, months)
    assert abs(Fraction(first) - Fraction(amount) * months / 12) <= Fraction(1, 200)


@pytest.fixture
def years(in_a):
    with scopes_disabled():
        return (FundingYear.objects.create(tenant=in_a, start_year=2025),
                FundingYear.objects.create(tenant=in_a, start_year=2026))


def academic_run(tenant, year, amounts: dict[str, Decimal], months=7, schools=None):
    """A confirmed academic-year run straight into the tables, one row per partnership."""
    with scopes_disabled():
        formula, _ = AllocationFormula.objects.get_or_create(
            tenant=tenant, name="Consortium funding", version=1,
            defaults={"level_name": "Consortium", "rates": {"3A": "25.00"}})
        run = AllocationRun.objects.create(
            tenant=tenant, year=year, formula=formula, inputs_on=date(2025, 9, 1),
            status=RunStatus.CONFIRMED, total=sum(amounts.values(), Decimal("0.00")),
            period="academic", first_year_months=months, confirmed_at=date(2025, 9, 2))
        rows = {name: AllocationRunPartnership.objects.create(
            tenant=tenant, run=run, name=name, amount=amount)
            for name, amount in amounts.items()}
    return run, rows


def test_each_financial_year_reconciles_its_part_of_an_academic_year_allocation(
        in_a, years, personas):
    first_year, second_year = years
    run, rows = academic_run(in_a, first_year, {"North Consortium": Decimal("20000.00"),
                                                 "South Consortium": Decimal("6000.00")})
    by_year = {year.start_year: {b.target.pk: b for b in budgets_of(year) if b.kind ==
                                 "allocation"} for year in years}
    north = rows["North Consortium"].pk
    assert by_year[2025][north].amount == expected_first(Decimal("20000.00"), 7)
    assert by_year[2026][north].amount == Decimal("20000.00") - expected_first(
        Decimal("20000.00"), 7)
    assert by_year[2026][north].year == second_year
    assert by_year[2026][north].note == ("5/12 of academic year 2025/26 (£20,000.00 in all)")
    history = budget_history()
    allocations = next(row for row in history.rows if row.kind == "Allocation")
    assert allocations.amount_in(first_year) == Decimal("11666.67") + Decimal("3500.00")
    assert allocations.amount_in(second_year) == Decimal("8333.33") + Decimal("2500.00")


def test_a_commitment_in_the_second_year_draws_on_that_years_part_only(in_a, years, personas):
    admin = personas["a"][Role.ADMIN]
    _, rows = academic_run(in_a, years[0], {"North Consortium": Decimal("20000.00")})
    north = rows["North Consortium"]
    values = {"description": "Hub leader time", "supplier": "Hill Top Primary"}
    with pytest.raises(OverspendRefused) as refused:
        spending.commitment_create(tenant=in_a, actor=admin, budget=north, amount="8333.34",
                                   on=date(2026, 5, 1), **values)
    assert "the budget is £8,333.33" in str(refused.value)
    later = spending.commitment_create(tenant=in_a, actor=admin, budget=north,
                                       amount="8333.33", on=date(2026, 5, 1), **values)
    assert later.year == years[1]
    # The first year's part is a budget of its own: the second year's commitment is not in it.
    sooner = spending.commitment_create(tenant=in_a, actor=admin, budget=north,
                                        amount="9000.00", on=date(2025, 10, 1), **values)
    assert sooner.year == years[0]
    first = next(b for b in budgets_of(years[0]) if b.kind == "allocation")
    assert first.amount == Decimal("11666.67")
    with pytest.raises(ValidationError) as outside:
        spending.commitment_create(tenant=in_a, actor=admin, budget=north, amount="1.00",
                                   on=date(2027, 5, 1), **values)
    assert "financial year" in str(outside.value)


def test_the_schools_parts_add_to_their_partnerships_part_in_each_year(in_a, years):
    run, rows = academic_run(in_a, years[0], {"North Consortium": Decimal("0.05")})
    with scopes_disabled():
        schools = [SchoolFactory(tenant=in_a) for _ in range(5)]
        for school in schools:
            AllocationRunSchool.objects.create(
                tenant=in_a, run=run, partnership=rows["North Consortium"], school=school,
                urn=school.urn, school_name="A school", amount=Decimal("0.01"), reason="x")
    first = dict((row.pk, part) for row, part in school_parts([run], 2025)[run.pk])
    second = dict((row.pk, part) for row, part in school_parts([run], 2026)[run.pk])
    # The partnership's 5p: 7/12 is 2.92p, so 3p in the first year and 2p in the second.
    assert sum(first.values()) == Decimal("0.03")
    assert sum(second.values()) == Decimal("0.02")
    assert all(first[pk] + second[pk] == Decimal("0.01") for pk in first)


@pytest.fixture
def world(in_a):
    return World(in_a)


def test_a_run_for_an_academic_year_takes_the_tenants_months_and_keeps_them(
        in_a, years, personas, world):
    admin = personas["a"][Role.ADMIN]
    formula = services.allocation_formula_create(
        tenant=in_a, actor=admin, name="Consortium funding", level_name="Consortium",
        rates={"3A": "25.00"}, triggering_codes=["3A"])
    world.school("Hill Top", "3A", "North Consortium", 100)
    fsettings.funding_settings_update(tenant=in_a, actor=admin, approval_limit="10000.00",
                                     first_year_months=8)
    run = services.allocation_run_create(tenant=in_a, actor=admin, year=years[0],
                                         formula=formula, inputs_on=RUN_ON, period="academic")
    assert (run.period, run.first_year_months, run.total) == ("academic", 8,
                                                              Decimal("2500.00"))
    fsettings.funding_settings_update(tenant=in_a, actor=admin, approval_limit="10000.00",
                                     first_year_months=6)
    run.refresh_from_db()
    assert run.first_year_months == 8
    chosen = services.allocation_run_create(tenant=in_a, actor=admin, year=years[0],
                                            formula=formula, inputs_on=RUN_ON,
                                            period="academic", first_year_months="9")
    assert chosen.first_year_months == 9
    whole = services.allocation_run_create(tenant=in_a, actor=admin, year=years[0],
                                           formula=formula, inputs_on=RUN_ON)
    assert (whole.period, whole.first_year_months) == ("financial", None)
    with pytest.raises(ValidationError) as refused:
        services.allocation_run_create(tenant=in_a, actor=admin, year=years[0],
                                       formula=formula, inputs_on=RUN_ON, period="academic",
                                       first_year_months="12")
    assert "first_year_months" in refused.value.message_dict
    with pytest.raises(ValidationError) as bad_setting:
        fsettings.funding_settings_update(tenant=in_a, actor=admin, approval_limit="1.00",
                                         first_year_months="0")
    assert "first_year_months" in bad_setting.value.message_dict


def test_a_run_sharing_a_strategic_fund_is_not_an_academic_year(in_a, years, personas):
    admin = personas["a"][Role.ADMIN]
    formula = services.allocation_formula_create(
        tenant=in_a, actor=admin, name="Pot", level_name="Consortium", mode="pot",
        rates={"3A": "1"}, triggering_codes=["3A"], amount="1000.00")
    with scopes_disabled():
        fund = StrategicFund.objects.create(tenant=in_a, year=years[0], name="Fund",
                                            base_amount=Decimal("1000.00"))
    with pytest.raises(ValidationError) as refused:
        services.allocation_run_create(tenant=in_a, actor=admin, year=years[0],
                                       formula=formula, inputs_on=RUN_ON, fund=fund,
                                       period="academic")
    assert "period" in refused.value.message_dict


def test_the_run_and_reconciliation_pages_show_the_profile(
        in_a, tenant_a, years, personas, client_for):
    run, _ = academic_run(in_a, years[0], {"North Consortium": Decimal("20000.00")})
    client = client_for(personas["a"][Role.OFFICER])
    page = client.get(f"/t/{tenant_a.slug}/funding/runs/{run.pk}/").content.decode()
    assert ("The academic year 2025/26, profiled: 7/12 (£11,666.67) in 2025-26 and 5/12 "
            "(£8,333.33) in 2026-27") in page
    second = client.get(f"/t/{tenant_a.slug}/funding/years/{years[1].pk}/reconciliation/")
    assert "5/12 of academic year 2025/26 (£20,000.00 in all)" in second.content.decode()
    assert "£8,333.33" in second.content.decode()


def test_the_admin_makes_an_academic_year_run_and_sets_the_months_on_the_pages(
        in_a, tenant_a, years, personas, client_for, world):
    admin = personas["a"][Role.ADMIN]
    formula = services.allocation_formula_create(
        tenant=in_a, actor=admin, name="Consortium funding", level_name="Consortium",
        rates={"3A": "25.00"}, triggering_codes=["3A"])
    client = client_for(admin)
    saved = client.post(f"/t/{tenant_a.slug}/funding/settings/", {
        "approval_limit": "10000.00", "conversion_rule": "days", "first_year_months": "6"})
    assert saved.status_code == 302
    path = f"/t/{tenant_a.slug}/funding/years/{years[0].pk}/runs/new/"
    assert b'value="6"' in client.get(path).content
    made = client.post(path, {"formula": formula.pk, "inputs_on": "2025-04-01",
                              "period": "academic", "first_year_months": ""})
    assert made.status_code == 302
    with scopes_disabled():
        assert AllocationRun.objects.get().first_year_months == 6
    wrong = client.post(path, {"formula": formula.pk, "inputs_on": "2025-04-01",
                               "period": "academic", "first_year_months": "12"})
    assert wrong.status_code == 400


def test_the_api_commits_against_the_second_years_part(in_a, tenant_a, years, personas):
    from rest_framework.test import APIClient
    _, rows = academic_run(in_a, years[0], {"North Consortium": Decimal("20000.00")})
    api = APIClient()
    api.force_login(personas["a"][Role.ADMIN])
    path = f"/api/t/{tenant_a.slug}/funding/years/{years[1].pk}/commitments/"
    body = {"allocation": rows["North Consortium"].pk, "description": "Hub leader time",
            "supplier": "Hill Top Primary", "on": "2026-05-01"}
    refused = api.post(path, {**body, "amount": "8333.34"}, format="json")
    assert refused.status_code == 400 and "£8,333.33" in str(refused.json())
    made = api.post(path, {**body, "amount": "8333.33"}, format="json")
    assert made.status_code == 201 and made.json()["year"] == years[1].pk
    reconciliation = api.get(f"/api/t/{tenant_a.slug}/funding/years/{years[1].pk}/"
                             "reconciliation/").json()
    page = api.get(f"/t/{tenant_a.slug}/funding/commitments/{made.json()['id']}/")
    assert "£8,333.33 budget, £8,333.33 committed, £0.00 remaining" in page.content.decode()
    [north] = [b for b in reconciliation["budgets"] if b["kind"] == "allocation"]
    assert (north["amount"], north["committed"]) == ("8333.33", "8333.33")
    assert north["note"].startswith("5/12 of academic year 2025/26")


def test_the_runs_download_gives_each_rows_part_in_each_year(
        in_a, tenant_a, years, personas, client_for):
    import io

    from openpyxl import load_workbook
    run, rows = academic_run(in_a, years[0], {"North Consortium": Decimal("0.05")})
    with scopes_disabled():
        for _ in range(5):
            school = SchoolFactory(tenant=in_a)
            AllocationRunSchool.objects.create(
                tenant=in_a, run=run, partnership=rows["North Consortium"], school=school,
                urn=school.urn, school_name="A school", amount=Decimal("0.01"), reason="x")
    response = client_for(personas["a"][Role.OFFICER]).get(
        f"/t/{tenant_a.slug}/funding/runs/{run.pk}/export/?format=xlsx")
    header, *lines = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(
        values_only=True))
    assert header[-2:] == ("In 2025-26 (7/12) (£)", "In 2026-27 (5/12) (£)")
    schools, (partnership, total) = lines[:5], lines[5:]
    assert all(Decimal(str(row[-2])) + Decimal(str(row[-1])) == Decimal("0.01")
               for row in schools)
    assert sum(Decimal(str(row[-2])) for row in schools) == Decimal("0.03")
    assert partnership[-2:] == total[-2:] == (pytest.approx(0.03), pytest.approx(0.02))
