"""Formula allocation, Warwickshire's rates mode: versions, runs and their snapshots, the
seed's worked example, confirming, and the totals to the penny."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scopes_disabled
from hypothesis import given, settings
from hypothesis import strategies as st

from core.models import Role
from funding.formulas import Parameters, SchoolInput, compute
from funding.models import AllocationFormula, AllocationRun, AllocationRunSchool
from funding.selectors.allocations import run_partnerships, run_schools
from funding.services import allocations as services
from funding.services import dedelegation
from tests.funding.allocation_world import RUN_ON, World, worked_example

pytestmark = pytest.mark.django_db

RATE = "25.00"


@pytest.fixture
def world(in_a):
    return World(in_a)


@pytest.fixture
def year(in_a, admin):
    return dedelegation.funding_year_create(tenant=in_a, actor=admin, start_year=2025)


@pytest.fixture
def formula(in_a, admin):
    return services.allocation_formula_create(
        tenant=in_a, actor=admin, name="Consortium funding", level_name="Consortium",
        rates={"3A": RATE, "3B": RATE}, triggering_codes=["3A", "3B"])


def run(in_a, admin, year, formula, on=RUN_ON):
    return services.allocation_run_create(tenant=in_a, actor=admin, year=year,
                                          formula=formula, inputs_on=on)


def test_the_seeds_worked_example_funds_the_five_triggering_schools_pupils_times_the_rate(
        in_a, admin, world, year, formula):
    # Seed 001, appendix D: "Consortium: Number of schools in consortium: 20 ... Total: 5
    # schools multiplied by 'x'" — 3A x3 and 3B x2 trigger; 1, 2A, 2B and 4 do not.
    worked_example(world)
    made = run(in_a, admin, year, formula)
    pupils_of_the_five = 187 + 93 + 412 + 1043 + 58
    assert made.total == Decimal(RATE) * pupils_of_the_five == Decimal("44825.00")
    [consortium] = run_partnerships(made)
    assert (consortium.name, consortium.schools, consortium.funded_schools,
            consortium.funded_pupils, consortium.amount) == (
        "North Consortium", 20, 5, pupils_of_the_five, made.total)
    rows = run_schools(made)
    assert sorted(row.category_code for row in rows if row.amount) == [
        "3A", "3A", "3A", "3B", "3B"]
    funded = next(row for row in rows if row.pupils == 1043)
    assert funded.reason == ("Category 3B (Satisfactory - improving) triggers funding: 1,043 "
                             "pupils x £25.00 = £26,075.00.")
    outstanding = next(row for row in rows if row.category_code == "1")
    assert outstanding.amount == 0
    assert outstanding.reason == "Category 1 (Outstanding) does not trigger funding."


def test_school_amounts_add_to_partnership_totals_and_those_to_the_run_total_to_the_penny(
        in_a, admin, world, year):
    formula = services.allocation_formula_create(
        tenant=in_a, actor=admin, name="Odd rates", level_name="Consortium",
        rates={"3A": "13.37", "3B": "7.01", "4": "0.99"}, triggering_codes=["3A", "3B", "4"])
    for n, code in enumerate(["3A", "3B", "4", "2A", "3A", "3B"] * 3):
        world.school(f"School {n}", code, f"Consortium {n % 4}", 17 + 31 * n)
    made = run(in_a, admin, year, formula)
    partnerships = run_partnerships(made)
    rows = run_schools(made)
    for partnership in partnerships:
        assert partnership.amount == sum(
            (r.amount for r in rows if r.partnership_id == partnership.pk), Decimal("0"))
    assert made.total == sum((p.amount for p in partnerships), Decimal("0"))
    assert made.total == sum((r.amount for r in rows), Decimal("0"))
    assert made.total.as_tuple().exponent == -2


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["1", "3A", "3B", "4"]), st.integers(0, 3),
                          st.one_of(st.none(), st.integers(0, 3000))), max_size=40),
       st.decimals(min_value=0, max_value=500, places=2, allow_nan=False))
def test_the_totals_add_up_to_the_penny_for_any_inputs(schools, rate):
    parameters = Parameters(level_name="Consortium", rates={"3A": rate, "3B": rate},
                            triggering_codes=frozenset({"3A", "3B"}))
    inputs = [SchoolInput(school_id=n, urn=100000 + n, name=f"S{n}", partnership_id=p or None,
                          partnership_name=f"P{p}" if p else "", step_id=n, code=code,
                          label=code, status="confirmed", pupils=pupils)
              for n, (code, p, pupils) in enumerate(schools)]
    result = compute(inputs, parameters)
    assert result.total == sum((row.amount for row in result.schools), Decimal("0"))
    assert result.total == sum((p.amount for p in result.partnerships), Decimal("0"))
    assert result.total == sum((rate * (row.input.pupils or 0) for row in result.schools
                                if row.input.code in ("3A", "3B") and row.input.partnership_id),
                               Decimal("0"))


def test_only_a_confirmed_category_counts_and_reasons_say_why_not(
        in_a, admin, world, year, formula):
    world.school("Proposed Primary", "3A", "North", 100)
    # A proposal replaces nothing in the world helper, so give it only a proposed step.
    proposed = world.school("Only Proposed", None, "North", 100)
    world.categorise(proposed, "3A", status="proposed")
    world.school("No Pupils", "3B", "North", None)
    world.school("Loner", "3A", None, 300)
    world.school("Uncategorised", None, "North", 150)
    made = run(in_a, admin, year, formula)
    reasons = {row.school_name: row.reason for row in run_schools(made)}
    assert made.total == Decimal("2500.00")
    assert "proposed, not confirmed" in reasons["Only Proposed"]
    assert "no pupil number" in reasons["No Pupils"]
    assert "in no Consortium" in reasons["Loner"]
    assert reasons["Uncategorised"] == "No category in force on 1 April 2025."


def test_the_scheme_decides_which_categories_trigger_when_the_formula_does_not_say(
        in_a, admin, world, year):
    formula = services.allocation_formula_create(
        tenant=in_a, actor=admin, name="As the scheme says", level_name="Consortium",
        rates={"3A": "10.00", "3B": "20.00", "2B": "5.00"})
    world.school("Declining", "3A", "North", 10)
    world.school("Improving", "3B", "North", 10)
    world.school("Good", "2B", "North", 10)  # has a rate, but the scheme says it does not trigger
    assert run(in_a, admin, year, formula).total == Decimal("300.00")


def test_a_membership_ended_before_the_date_does_not_count(in_a, admin, world, year, formula):
    left = world.school("Left", "3A", None, 100)
    world.join(left, "North", end=date(2025, 3, 31))
    world.school("Stayed", "3A", "North", 100)
    made = run(in_a, admin, year, formula)
    assert made.total == Decimal("2500.00")
    assert [p.name for p in run_partnerships(made)] == ["North", "Not in a Consortium"]


def test_a_change_to_a_formula_is_a_new_version_and_the_old_one_stays(in_a, admin, formula):
    revised = services.allocation_formula_revise(
        tenant=in_a, actor=admin, formula=formula, level_name="Consortium",
        rates={"3A": "30.00", "3B": "25.00"}, triggering_codes="3A 3B", change_note="2026 rate")
    assert (revised.name, revised.version) == (formula.name, 2)
    formula.refresh_from_db()
    assert (formula.version, formula.rates["3A"]) == (1, "25.00")
    assert AllocationFormula.objects.filter(name=formula.name).count() == 2


@pytest.mark.parametrize("rates, field", [({"3A": "-1.00"}, "rates"), ({"3A": "lots"}, "rates"),
                                          ({"3B": "1.00"}, "rates")])
def test_a_bad_rate_or_a_trigger_without_a_rate_is_refused_with_the_reason(
        in_a, admin, rates, field):
    with pytest.raises(ValidationError) as refused:
        services.allocation_formula_create(tenant=in_a, actor=admin, name="Bad",
                                           level_name="Consortium", rates=rates,
                                           triggering_codes=["3A"])
    assert field in refused.value.message_dict


def test_only_the_admin_makes_formulas_and_runs(in_a, personas, year, formula):
    officer = personas["a"][Role.OFFICER]
    with pytest.raises(PermissionDenied):
        services.allocation_formula_create(tenant=in_a, actor=officer, name="Mine",
                                           level_name="Consortium", rates={"3A": "1.00"})
    with pytest.raises(PermissionDenied):
        run(in_a, officer, year, formula)


def test_confirming_records_who_and_when_and_a_confirmed_run_cannot_be_altered(
        in_a, admin, world, year, formula):
    world.school("Declining", "3A", "North", 10)
    made = run(in_a, admin, year, formula)
    confirmed = services.allocation_run_confirm(tenant=in_a, actor=admin, run=made)
    assert confirmed.is_confirmed and confirmed.confirmed_by == admin
    assert confirmed.confirmed_at is not None
    for attempt in (services.allocation_run_confirm, services.allocation_run_discard):
        with pytest.raises(ValidationError, match="a confirmed run is never changed"):
            attempt(tenant=in_a, actor=admin, run=made)
    assert AllocationRun.objects.filter(pk=made.pk).exists()


def test_a_draft_can_be_discarded_with_its_rows(in_a, admin, world, year, formula):
    world.school("Declining", "3A", "North", 10)
    made = run(in_a, admin, year, formula)
    services.allocation_run_discard(tenant=in_a, actor=admin, run=made)
    with scopes_disabled():
        assert not AllocationRunSchool.objects.filter(run_id=made.pk).exists()


def test_another_tenants_year_or_formula_is_refused(in_a, admin, tenant_b, formula):
    with scopes_disabled():
        from funding.models import FundingYear
        other = FundingYear.objects.create(tenant=tenant_b, start_year=2025)
    with pytest.raises((ValidationError, PermissionDenied)):
        run(in_a, admin, other, formula)
