"""Strategic funds (seed 002, Dorset: £100,000 for the year including £4,500 for the
independent chair; a neighbouring council's pro-rata contribution): fixed costs taken first,
contributions, what remains, and a pot-mode run sharing it, refused when larger than the fund."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled
from rest_framework.test import APIClient

from core.models import AuditEvent, Role
from funding.models import AllocationRun, FundContribution, StrategicFund
from funding.selectors.funds import fund_summary
from funding.services import allocations, dedelegation
from funding.services import funds as services
from tests.factories import SchoolFactory
from tests.funding.allocation_world import RUN_ON, World

pytestmark = pytest.mark.django_db
PAID = date(2025, 6, 2)


@pytest.fixture
def year(in_a, admin):
    return dedelegation.funding_year_create(tenant=in_a, actor=admin, start_year=2025)


@pytest.fixture
def fund(in_a, admin, year):
    made = services.strategic_fund_create(tenant=in_a, actor=admin, year=year,
                                          name="Strategic School Improvement Fund",
                                          base_amount="100000.00")
    services.fund_cost_add(tenant=in_a, actor=admin, fund=made, name="Independent chair",
                           amount="4500.00")
    return made


def council(in_a, admin, fund, **values):
    fields = {"contributor_kind": "council", "contributor_name": "Eastmoor Council",
              "basis": "per_pupil", "rate": "1.20", "pupils": 12500, "received_on": PAID,
              "reference": "EM/2025/01"} | values
    return services.fund_contribution_record(tenant=in_a, actor=admin, fund=fund, **fields)


def test_dorsets_fund_takes_the_chair_first_and_a_councils_pro_rata_contribution_adds(
        in_a, admin, fund):
    assert fund_summary(fund.pk).available == Decimal("95500.00")
    contribution = council(in_a, admin, fund)
    assert contribution.amount == Decimal("15000.00")  # 12,500 pupils x £1.20
    summary = fund_summary(fund.pk)
    assert (summary.base, summary.contributed, summary.fixed_costs, summary.available,
            summary.remaining) == (Decimal("100000.00"), Decimal("15000.00"),
                                   Decimal("4500.00"), Decimal("110500.00"),
                                   Decimal("110500.00"))


def test_a_schools_pro_rata_contribution_uses_its_census_pupils(in_a, admin, fund):
    school = SchoolFactory(tenant=in_a, establishment__number_of_pupils=210,
                           establishment__census_date=date(2025, 1, 16))
    contribution = services.fund_contribution_record(
        tenant=in_a, actor=admin, fund=fund, contributor_kind="school", school=school,
        basis="per_pupil", rate="2.00", pupils=9999, received_on=PAID, reference="INV-7")
    assert (contribution.pupils, contribution.amount, contribution.census_date) == (
        210, Decimal("420.00"), date(2025, 1, 16))
    assert contribution.contributor_name == school.establishment.name


def test_a_fixed_contribution_from_a_named_body_adds_its_amount(in_a, admin, fund):
    council(in_a, admin, fund, contributor_kind="other", contributor_name="Diocese of Salum",
            basis="fixed", amount="2500.00", rate="")
    assert fund_summary(fund.pk).available == Decimal("98000.00")


@pytest.mark.parametrize("values, field, message", [
    ({"basis": "fixed", "amount": ""}, "amount", "pounds and pence"),
    ({"basis": "fixed", "amount": "0"}, "amount", "adds nothing"),
    ({"rate": "-1.00"}, "rate", "cannot be negative"),
    ({"rate": "abc"}, "rate", "pounds and pence"),
    ({"pupils": None}, "pupils", "number of pupils"),
    ({"contributor_name": " "}, "contributor_name", "Name the council"),
    ({"reference": ""}, "reference", "Give the reference"),
    ({"contributor_kind": "school"}, "school", "URN of the contributing school"),
    ({"basis": "sometimes"}, "basis", "fixed amount or pro rata"),
])
def test_a_bad_contribution_is_refused_naming_the_field_and_nothing_is_saved(
        in_a, admin, fund, values, field, message):
    with pytest.raises(ValidationError) as refused:
        council(in_a, admin, fund, **values)
    assert message in " ".join(refused.value.message_dict[field])
    assert not FundContribution.objects.exists()


def test_a_school_without_pupils_cannot_contribute_pro_rata(in_a, admin, fund):
    school = SchoolFactory(tenant=in_a, establishment__number_of_pupils=None)
    with pytest.raises(ValidationError, match="has no pupil number"):
        council(in_a, admin, fund, contributor_kind="school", school=school)


def test_another_tenants_school_cannot_contribute(in_a, admin, fund, tenant_b):
    with scopes_disabled():
        other = SchoolFactory(tenant=tenant_b)
    with pytest.raises((ValidationError, PermissionDenied)):
        council(in_a, admin, fund, contributor_kind="school", school=other)
    assert not FundContribution.objects.exists()


def test_a_fixed_cost_larger_than_what_remains_is_refused(in_a, admin, fund):
    with pytest.raises(ValidationError, match="more than the £95,500.00 that remains"):
        services.fund_cost_add(tenant=in_a, actor=admin, fund=fund, name="Conference",
                               amount="95500.01")
    with pytest.raises(ValidationError, match="already has a cost called"):
        services.fund_cost_add(tenant=in_a, actor=admin, fund=fund, name="independent chair",
                               amount="1.00")


def test_only_the_admin_writes_to_a_fund(in_a, personas, fund):
    with pytest.raises(PermissionDenied):
        services.fund_cost_add(tenant=in_a, actor=personas["a"][Role.OFFICER], fund=fund,
                               name="Clerk", amount="100.00")


def test_every_write_to_a_fund_is_audited(in_a, admin, fund):
    council(in_a, admin, fund)
    with scopes_disabled():
        actions = set(AuditEvent.objects.filter(tenant=in_a).values_list("action", flat=True))
    assert {"funding.fund_create", "funding.fund_cost_add",
            "funding.fund_contribution_record"} <= actions


# --- Sharing the fund by a pot-mode run --------------------------------------------------------

@pytest.fixture
def pot_world(in_a, admin):
    world = World(in_a)
    world.school("Declining", "3A", "North", 300)
    world.school("Improving", "3B", "South", 100)
    formula = allocations.allocation_formula_create(
        tenant=in_a, actor=admin, name="Fund share", level_name="Consortium", mode="pot",
        rates={"3A": "1.00", "3B": "1.00"}, amount="1.00", triggering_codes=["3A", "3B"])
    return world, formula


def share(in_a, admin, fund, formula, pot=None):
    return allocations.allocation_run_create(tenant=in_a, actor=admin, year=fund.year,
                                             formula=formula, inputs_on=RUN_ON, fund=fund,
                                             pot=pot)


def test_a_run_sharing_the_fund_shares_what_remains_to_the_penny(in_a, admin, fund,
                                                                  pot_world):
    run = share(in_a, admin, fund, pot_world[1])
    assert run.total == Decimal("95500.00") and run.fund == fund
    assert run.parameters["amount"] == "95500.00"


def test_an_allocation_larger_than_the_fund_is_refused_with_the_reason(in_a, admin, fund,
                                                                       pot_world):
    with pytest.raises(ValidationError) as refused:
        share(in_a, admin, fund, pot_world[1], pot="95500.01")
    assert refused.value.message_dict["pot"] == [
        "The pot of £95,500.01 is larger than the £95,500.00 that remains in Strategic School "
        "Improvement Fund after its fixed costs and what it has already shared."]
    assert not AllocationRun.objects.exists()


def test_confirming_rechecks_the_fund_and_a_confirmed_share_leaves_the_rest(
        in_a, admin, fund, pot_world):
    run = share(in_a, admin, fund, pot_world[1], pot="50000.00")
    services.fund_cost_add(tenant=in_a, actor=admin, fund=fund, name="Conference",
                           amount="46000.00")  # a draft holds nothing back
    with pytest.raises(ValidationError, match="more than the £49,500.00 that now remains"):
        allocations.allocation_run_confirm(tenant=in_a, actor=admin, run=run)
    smaller = share(in_a, admin, fund, pot_world[1], pot="40000.00")
    allocations.allocation_run_confirm(tenant=in_a, actor=admin, run=smaller)
    assert fund_summary(fund.pk).remaining == Decimal("9500.00")


def test_a_later_confirmed_run_of_the_same_formula_replaces_the_earlier_share(
        in_a, admin, fund, pot_world):
    first = share(in_a, admin, fund, pot_world[1], pot="60000.00")
    allocations.allocation_run_confirm(tenant=in_a, actor=admin, run=first)
    # The same formula may share up to the whole fund again: its new run replaces the first.
    second = share(in_a, admin, fund, pot_world[1], pot="95500.00")
    allocations.allocation_run_confirm(tenant=in_a, actor=admin, run=second)
    assert fund_summary(fund.pk).remaining == Decimal("0.00")


def test_only_a_pot_formula_shares_a_fund_and_only_of_its_own_year(in_a, admin, fund,
                                                                   pot_world):
    rates = allocations.allocation_formula_create(
        tenant=in_a, actor=admin, name="Rates", level_name="Consortium", rates={"3A": "1.00"})
    with pytest.raises(ValidationError, match="Only a formula that shares a pot"):
        share(in_a, admin, fund, rates)
    later = dedelegation.funding_year_create(tenant=in_a, actor=admin, start_year=2026)
    with pytest.raises(ValidationError, match="is a fund of 2025"):
        allocations.allocation_run_create(tenant=in_a, actor=admin, year=later,
                                          formula=pot_world[1], inputs_on=RUN_ON, fund=fund)


# --- Pages and API ---------------------------------------------------------------------------

def test_the_fund_page_shows_the_sums_and_names_a_school_to_officers_only(
        tenant_a, personas, client_for):
    admin = personas["a"][Role.ADMIN]
    with scope(tenant=tenant_a):
        year = dedelegation.funding_year_create(tenant=tenant_a, actor=admin, start_year=2025)
        fund = services.strategic_fund_create(tenant=tenant_a, actor=admin, year=year,
                                              name="SSIF", base_amount="100000.00")
        services.fund_cost_add(tenant=tenant_a, actor=admin, fund=fund,
                               name="Independent chair", amount="4500.00")
        services.fund_contribution_record(
            tenant=tenant_a, actor=admin, fund=fund, contributor_kind="school",
            school=personas["a"]["school"], basis="fixed", amount="750.00", received_on=PAID,
            reference="S-1")
    name = personas["a"]["school"].establishment.name
    page = f"/t/{tenant_a.slug}/funding/funds/{fund.pk}/"
    officer = client_for(personas["a"][Role.OFFICER]).get(page).content.decode()
    assert "£96,250.00" in officer and "Independent chair" in officer and name in officer
    board = client_for(personas["a"][Role.BOARD_MEMBER]).get(page).content.decode()
    assert "£96,250.00" in board and name not in board and "A school" in board


def test_the_fund_list_issues_the_same_queries_for_one_fund_as_for_six(
        tenant_a, personas, client_for):
    admin = personas["a"][Role.ADMIN]
    client = client_for(admin)
    url = f"/t/{tenant_a.slug}/funding/funds/"

    def add_funds(count: int, start: int) -> None:
        with scope(tenant=tenant_a):
            year = dedelegation.funding_year_create(tenant=tenant_a, actor=admin,
                                                    start_year=start)
            for n in range(count):
                fund = services.strategic_fund_create(tenant=tenant_a, actor=admin, year=year,
                                                      name=f"Fund {n}", base_amount="1000.00")
                services.fund_cost_add(tenant=tenant_a, actor=admin, fund=fund, name="Chair",
                                       amount="10.00")
                council(tenant_a, admin, fund, pupils=10 + n)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add_funds(1, 2024)
    client.get(url)
    one = count()
    add_funds(5, 2025)
    assert count() == one


def test_the_api_adds_a_fund_a_cost_and_a_contribution_and_refuses_naming_the_field(
        tenant_a, personas):
    admin = personas["a"][Role.ADMIN]
    with scope(tenant=tenant_a):
        year = dedelegation.funding_year_create(tenant=tenant_a, actor=admin, start_year=2025)
    client = APIClient()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    base = f"/api/t/{tenant_a.slug}/funding/"
    made = client.post(base + f"years/{year.pk}/funds/", {
        "name": "SSIF", "base_amount": "100000.00"}, format="json")
    assert made.status_code == 201, made.content
    fund_id = made.json()["id"]
    cost = client.post(base + f"funds/{fund_id}/costs/", {
        "name": "Independent chair", "amount": "4500.00"}, format="json")
    assert cost.status_code == 201
    bad = client.post(base + f"funds/{fund_id}/contributions/", {
        "contributor_kind": "council", "contributor_name": "Eastmoor Council",
        "basis": "per_pupil", "rate": "1.20", "received_on": "2025-06-02",
        "reference": "EM-1"}, format="json")
    assert bad.status_code == 400 and "pupils" in bad.json()
    good = client.post(base + f"funds/{fund_id}/contributions/", {
        "contributor_kind": "council", "contributor_name": "Eastmoor Council",
        "basis": "per_pupil", "rate": "1.20", "pupils": 12500, "received_on": "2025-06-02",
        "reference": "EM-1"}, format="json")
    assert good.status_code == 201 and good.json()["amount"] == "15000.00"
    detail = client.get(base + f"funds/{fund_id}/").json()
    assert (detail["available"], detail["remaining"]) == ("110500.00", "110500.00")
    with scopes_disabled():
        assert StrategicFund.objects.filter(tenant=tenant_a).count() == 1


# --- Commitments against the fund (funding.services.spending) ---------------------------------


def test_a_commitment_against_the_fund_draws_on_what_it_has_not_shared_out(
        in_a, admin, fund, pot_world):
    """The board commissions support from the fund: a commitment counts against what no pot
    run has shared (the runs' shares are their partnerships' budgets), and past it is refused
    as an overspend."""
    from funding.selectors.spending import budgets_of
    from funding.services import spending

    allocations.allocation_run_confirm(tenant=in_a, actor=admin,
                                       run=share(in_a, admin, fund, pot_world[1],
                                                 pot="80000.00"))
    [budget] = [b for b in budgets_of(fund.year) if b.kind == "fund"]
    assert budget.amount == Decimal("15500.00")  # 95,500 available - 80,000 shared
    commitment = spending.commitment_create(
        tenant=in_a, actor=admin, budget=fund, description="Maths network facilitation",
        supplier="Oak Teaching School Hub", amount="6000.00", on=PAID)
    assert commitment.fund == fund and commitment.budget_key == f"fund:{fund.pk}"
    assert fund_summary(fund.pk).remaining == Decimal("9500.00")
    with pytest.raises(ValidationError, match="would overspend"):
        spending.commitment_create(tenant=in_a, actor=admin, budget=fund,
                                   description="Conference", supplier="County Hall",
                                   amount="9500.01", on=PAID)


def test_a_pot_run_cannot_share_what_is_committed_against_the_fund(in_a, admin, fund,
                                                                   pot_world):
    from funding.services import spending

    spending.commitment_create(tenant=in_a, actor=admin, budget=fund,
                               description="Independent review", supplier="Dr A Reviewer",
                               amount="5500.00", on=PAID)
    with pytest.raises(ValidationError) as refused:
        share(in_a, admin, fund, pot_world[1], pot="90000.01")
    assert "pot" in refused.value.message_dict
    assert share(in_a, admin, fund, pot_world[1]).total == Decimal("90000.00")
