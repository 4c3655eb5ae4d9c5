"""The formula modes beyond Warwickshire's rates: a fixed pot shared out (largest remainder, to
the penny), entitlement days x a day rate, a flat amount and a band per school; and the form's
refusals, per field."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funding.formulas import Parameters, SchoolInput, compute
from funding.models import AllocationRun, AllocationRunPartnership, AllocationRunSchool
from funding.selectors.allocations import run_partnerships, run_schools
from funding.services import allocations as services
from funding.services import dedelegation
from funding.shares import largest_remainder
from funding.whatif import what_if
from tests.funding.allocation_world import RUN_ON, World

pytestmark = pytest.mark.django_db
ZERO = Decimal("0")


@pytest.fixture
def world(in_a):
    return World(in_a)


@pytest.fixture
def year(in_a, admin):
    return dedelegation.funding_year_create(tenant=in_a, actor=admin, start_year=2025)


def formula(in_a, admin, mode, *, rates=None, amount=None, codes=("3A", "3B"), name="F"):
    return services.allocation_formula_create(
        tenant=in_a, actor=admin, name=name, level_name="Consortium", mode=mode,
        rates=rates, amount=amount, triggering_codes=list(codes))


def make_run(in_a, admin, year, made):
    return services.allocation_run_create(tenant=in_a, actor=admin, year=year, formula=made,
                                          inputs_on=RUN_ON)


def school(n, code, partnership, pupils, *, days=None):
    return SchoolInput(school_id=n, urn=100000 + n, name=f"S{n}",
                       partnership_id=partnership, partnership_name=f"P{partnership}"
                       if partnership else "", step_id=n, code=code, label=code,
                       status="confirmed", pupils=pupils, support_days=days)


# --- The pot, pure ---------------------------------------------------------------------------

def test_largest_remainder_gives_the_spare_penny_to_the_larger_fraction_then_the_lower_urn():
    # £100 in three equal parts: 33.33⅓ each; one penny is left, to the lowest URN.
    shares = largest_remainder(Decimal("100.00"), {(300, 3): Decimal(1), (100, 1): Decimal(1),
                                                   (200, 2): Decimal(1)})
    assert shares == {(100, 1): Decimal("33.34"), (200, 2): Decimal("33.33"),
                      (300, 3): Decimal("33.33")}
    # £1 by weights 1 and 2: 33.3p and 66.6p; the larger fraction (.6) wins the spare penny
    # although its URN is higher.
    shares = largest_remainder(Decimal("1.00"), {(1, 1): Decimal(1), (2, 2): Decimal(2)})
    assert shares == {(1, 1): Decimal("0.33"), (2, 2): Decimal("0.67")}


def test_largest_remainder_gives_nothing_when_every_weight_is_zero():
    assert largest_remainder(Decimal("50.00"), {(1, 1): ZERO}) == {(1, 1): Decimal("0.00")}


SCHOOLS = st.lists(st.tuples(st.sampled_from(["1", "3A", "3B"]), st.integers(0, 4),
                             st.one_of(st.none(), st.integers(0, 2500))), max_size=40)
POTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000000"), places=2,
                   allow_nan=False, allow_infinity=False)
WEIGHTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9.99"), places=2,
                      allow_nan=False, allow_infinity=False)


def pot_parameters(pot, weight_a, weight_b) -> Parameters:
    return Parameters(level_name="Consortium", rates={"3A": weight_a, "3B": weight_b},
                      triggering_codes=frozenset({"3A", "3B"}), mode="pot", amount=pot)


@settings(max_examples=150, deadline=None)
@given(SCHOOLS, POTS, WEIGHTS, WEIGHTS)
def test_a_pots_shares_add_to_the_partnerships_and_those_to_the_pot_for_any_inputs(
        schools, pot, weight_a, weight_b):
    parameters = pot_parameters(pot, weight_a, weight_b)
    result = compute([school(n, code, p or None, pupils)
                      for n, (code, p, pupils) in enumerate(schools)], parameters)
    for partnership in result.partnerships:
        assert partnership.amount == sum((row.amount for row in partnership.schools), ZERO)
    weights = [row.weight for row in result.schools if row.weight]
    if weights:
        assert result.total == sum((p.amount for p in result.partnerships), ZERO) == pot
        total_weight = sum(weights, ZERO)
        for row in result.schools:  # no share is a penny or more from its exact value
            exact = pot * (row.weight or ZERO) / total_weight
            assert abs(row.amount - exact) < Decimal("0.01")
    else:
        assert result.total == 0 and result.unshared == pot
    assert all(row.amount.as_tuple().exponent == -2 for row in result.schools)


# --- The pot, saved: the same sums re-read from the database (PostgreSQL in the suite) -------

@pytest.fixture
def pot_schools(in_a, world):
    return [world.school(f"Pot School {n:02d}", None, None, 100 + n) for n in range(12)]


@pytest.fixture
def pot_formula(in_a, admin):
    return formula(in_a, admin, "pot", rates={"3A": "1.50", "3B": "1.00"}, amount="1.00")


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["3A", "3B", "1"]), st.integers(1, 3),
                          st.integers(1, 3000)), min_size=1, max_size=12), POTS)
def test_saved_pot_rows_re_summed_from_the_database_add_to_the_penny(
        in_a, year, pot_schools, pot_formula, schools, pot):
    parameters = pot_parameters(pot, Decimal("1.50"), Decimal("1.00"))
    inputs = [SchoolInput(school_id=pot_schools[n].pk, urn=pot_schools[n].urn, name=f"S{n}",
                          partnership_id=p, partnership_name=f"P{p}", code=code,
                          status="confirmed", pupils=pupils)
              for n, (code, p, pupils) in enumerate(schools)]
    result = compute(inputs, parameters, RUN_ON)
    run = AllocationRun.objects.create(tenant=in_a, year=year, formula=pot_formula,
                                       inputs_on=RUN_ON,
                                       parameters=parameters.as_json(), total=result.total)
    services._write_snapshot(tenant=in_a, run=run, result=result)
    saved_schools = list(AllocationRunSchool.objects.filter(run=run))
    saved = list(AllocationRunPartnership.objects.filter(run=run))
    for partnership in saved:
        assert partnership.amount == sum((row.amount for row in saved_schools
                                          if row.partnership_id == partnership.pk), ZERO)
    if any(code in ("3A", "3B") for code, _, _ in schools):
        assert sum((p.amount for p in saved), ZERO) == pot
        assert sum((row.amount for row in saved_schools), ZERO) == pot
    run.delete()


def test_a_pot_run_shares_the_pot_to_the_penny_across_partnerships_and_keeps_the_weights(
        in_a, admin, world, year):
    for n, (code, consortium, pupils) in enumerate([
            ("3A", "North", 187), ("3B", "North", 93), ("3A", "South", 412),
            ("3B", "South", 1043), ("1", "South", 300), ("3A", "East", 58)]):
        world.school(f"School {n}", code, consortium, pupils)
    pot = formula(in_a, admin, "pot", rates={"3A": "1.50", "3B": "1.00"}, amount="10000.00")
    run = make_run(in_a, admin, year, pot)
    rows = run_schools(run)
    partnerships = run_partnerships(run)
    assert run.total == Decimal("10000.00")
    assert sum((p.amount for p in partnerships), ZERO) == Decimal("10000.00")
    for partnership in partnerships:
        assert partnership.amount == sum(
            (row.amount for row in rows if row.partnership_id == partnership.pk), ZERO)
    weights = {row.school_name: row.weight for row in rows}
    assert weights["School 0"] == Decimal("280.50") and weights["School 4"] is None
    assert "of the £10,000.00 pot" in next(r.reason for r in rows if r.school_name == "School 3")


def test_a_pot_nobody_qualifies_for_is_refused_with_the_reason(in_a, admin, world, year):
    world.school("Outstanding", "1", "North", 200)
    pot = formula(in_a, admin, "pot", rates={"3A": "1.00"}, amount="5000.00", codes=["3A"])
    with pytest.raises(ValidationError, match="No school qualifies for a share"):
        make_run(in_a, admin, year, pot)


def test_a_what_if_on_a_pot_draft_shares_another_pot(in_a, admin, world, year):
    world.school("Declining", "3A", "North", 100)
    world.school("Improving", "3B", "South", 300)
    run = make_run(in_a, admin, year, formula(in_a, admin, "pot",
                                              rates={"3A": "1.00", "3B": "1.00"},
                                              amount="1000.00"))
    result = what_if(run, run_schools(run), amount="2000.00")
    assert (result.before_total, result.after_total) == (Decimal("1000.00"),
                                                         Decimal("2000.00"))
    assert {row.name: row.after for row in result.partnerships} == {
        "North": Decimal("500.00"), "South": Decimal("1500.00")}


# --- Days, flat, band ------------------------------------------------------------------------

def test_days_come_from_the_formula_or_else_the_schemes_support_days():
    parameters = Parameters(level_name="C", rates={"3A": Decimal("5")}, mode="days",
                            amount=Decimal("450.00"), triggering_codes=frozenset({"3A", "3B",
                                                                                  "4"}))
    result = compute([school(1, "3A", 1, None, days=25), school(2, "3B", 1, None, days=10),
                      school(3, "4", 1, 200)], parameters)
    rows = {row.input.code: row for row in result.schools}
    assert (rows["3A"].days, rows["3A"].amount) == (5, Decimal("2250.00"))
    assert (rows["3B"].days, rows["3B"].amount) == (10, Decimal("4500.00"))
    assert "the scheme's support days" in rows["3B"].reason
    assert rows["4"].amount == 0 and "neither the formula nor the scheme" in rows["4"].reason


def test_a_days_run_reads_support_days_from_the_schemes_categories(in_a, admin, world, year):
    with scopes_disabled():
        category = world.categories["3A"]
        category.attributes = {**category.attributes, "support_days": 15}
        category.save()
    world.school("Declining", "3A", "North", None)
    run = make_run(in_a, admin, year, formula(in_a, admin, "days", amount="400.00",
                                              codes=["3A"]))
    [row] = run_schools(run)
    assert (row.days, row.rate, row.amount) == (15, Decimal("400.00"), Decimal("6000.00"))
    assert run.parameters["scheme_days"] == {"3A": 15}


def test_a_flat_amount_goes_to_every_funded_school_pupils_or_not(in_a, admin, world, year):
    world.school("Declining", "3A", "North", None)
    world.school("Improving", "3B", "North", 40)
    world.school("Good", "2A", "North", 300)
    run = make_run(in_a, admin, year, formula(in_a, admin, "flat", amount="2500.00"))
    assert run.total == Decimal("5000.00")


def test_a_band_per_school_pays_its_categorys_band(in_a, admin, world, year):
    world.school("Declining", "3A", "North", 100)
    world.school("Inadequate", "4", "South", 100)
    run = make_run(in_a, admin, year, formula(
        in_a, admin, "band", rates={"3A": "40000.00", "3B": "80000.00", "4": "120000.00"},
        codes=["3A", "3B", "4"]))
    assert {row.school_name: row.amount for row in run_schools(run)} == {
        "Declining": Decimal("40000.00"), "Inadequate": Decimal("120000.00")}


@pytest.mark.parametrize("mode, rates, amount, field, message", [
    ("pot", {"3A": "1"}, "-5", "amount", "cannot be negative"),
    ("pot", {"3A": "1"}, "lots", "amount", "pounds and pence"),
    ("pot", {"3A": "1"}, "0", "amount", "A pot of £0"),
    ("pot", {"3A": "1"}, "", "amount", "Give the pot"),
    ("pot", {"3A": "0"}, "100", "rates", "weight above 0"),
    ("flat", None, "-1.00", "amount", "cannot be negative"),
    ("days", {"3A": "2.5"}, "450", "rates", "whole days"),
    ("days", None, "x", "amount", "pounds and pence"),
    ("band", {"3A": "40000", "9Z": "80000"}, None, "rates", "9Z is not a category"),
    ("band", {"3A": "-1"}, None, "rates", "cannot be negative"),
    ("wrong", {"3A": "1"}, None, "mode", "Choose how"),
])
def test_a_formula_refuses_bad_values_naming_the_field(in_a, admin, world, mode, rates,
                                                       amount, field, message):
    with pytest.raises(ValidationError) as refused:
        formula(in_a, admin, mode, rates=rates, amount=amount, codes=["3A"])
    assert message in " ".join(refused.value.message_dict[field])


def test_the_formula_page_shows_a_pot_of_zero_on_its_field(tenant_a, personas, client_for,
                                                            world):
    response = client_for(personas["a"]["admin"]).post(
        f"/t/{tenant_a.slug}/funding/formulas/new/", {
            "name": "Pot", "mode": "pot", "level_name": "Consortium", "rates": "3A = 1",
            "amount": "0", "minimum_pupils": "0"})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_amount-error"' in body and "A pot of £0 gives no school anything" in body
