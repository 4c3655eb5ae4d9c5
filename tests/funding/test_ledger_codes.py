"""Every line and commitment carries the council's cost-centre and ledger codes (issue 11 item
2): a fund's fixed costs and contributions (the fund's codes unless given their own), an
allocation formula and each run made of it (a pot run sharing a fund takes the fund's when the
formula has none), de-delegation lines and commitments. The codes are the council's own free
text, refused only when the ledger could not take them back (a line break, over 40 characters),
naming the field; they reach the pages, the API and the downloads."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from funding.services import allocations, dedelegation, spending
from funding.services import funds as services
from tests.funding.allocation_world import RUN_ON, World
from tests.funding.test_funds import PAID

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(in_a, admin):
    year = dedelegation.funding_year_create(tenant=in_a, actor=admin, start_year=2025)
    return services.strategic_fund_create(tenant=in_a, actor=admin, year=year,
                                          name="Strategic fund", base_amount="100000.00",
                                          cost_centre="SE4200", ledger_code="SSIF01")


def test_a_funds_costs_and_contributions_take_its_codes_unless_given_their_own(in_a, admin,
                                                                              fund):
    chair = services.fund_cost_add(tenant=in_a, actor=admin, fund=fund,
                                   name="Independent chair", amount="4500.00")
    venue = services.fund_cost_add(tenant=in_a, actor=admin, fund=fund, name="Venue",
                                   amount="300.00", cost_centre=" SE4210 ",
                                   ledger_code="VEN/7")
    contribution = services.fund_contribution_record(
        tenant=in_a, actor=admin, fund=fund, contributor_kind="council",
        contributor_name="Eastmoor Council", basis="fixed", amount="5000.00",
        received_on=PAID, reference="EM-1", ledger_code="INC-22")
    assert (chair.cost_centre, chair.ledger_code) == ("SE4200", "SSIF01")
    assert (venue.cost_centre, venue.ledger_code) == ("SE4210", "VEN/7")
    assert (contribution.cost_centre, contribution.ledger_code) == ("SE4200", "INC-22")


@pytest.mark.parametrize(("field", "value"), [("cost_centre", "SE\n4200"),
                                              ("ledger_code", "L" * 41),
                                              ("cost_centre", "SE\t42")])
def test_codes_the_ledger_cannot_take_are_refused_naming_the_field_everywhere(
        in_a, admin, fund, field, value):
    writes = [
        lambda: services.fund_cost_add(tenant=in_a, actor=admin, fund=fund, name="Venue",
                                       amount="1.00", **{field: value}),
        lambda: services.fund_contribution_record(
            tenant=in_a, actor=admin, fund=fund, contributor_kind="council",
            contributor_name="Eastmoor Council", basis="fixed", amount="1.00",
            received_on=PAID, reference="EM-2", **{field: value}),
        lambda: services.strategic_fund_create(tenant=in_a, actor=admin, year=fund.year,
                                               name="Another", base_amount="1.00",
                                               **{field: value}),
        lambda: dedelegation.dedelegation_line_create(
            tenant=in_a, actor=admin, year=fund.year, name="Licences", primary_rate="1.00",
            secondary_rate="1.00", **{field: value}),
        lambda: allocations.allocation_formula_create(
            tenant=in_a, actor=admin, name="Hubs", level_name="Consortium",
            rates={"3A": "25.00"}, triggering_codes=["3A"], **{field: value}),
        lambda: spending.commitment_create(
            tenant=in_a, actor=admin, budget=fund, amount="10.00", description="Venue",
            supplier="Town Hall", on=PAID, **{field: value}),
    ]
    for write in writes:
        with pytest.raises(ValidationError) as refused:
            write()
        assert field in refused.value.message_dict


def test_a_run_carries_its_formulas_codes_to_the_reconciliation(in_a, admin, fund, tenant_a,
                                                               client_for, personas):
    world = World(in_a)
    world.school("Hill Top Primary", "3A", "North Consortium", 187)
    formula = allocations.allocation_formula_create(
        tenant=in_a, actor=admin, name="Consortium funding", level_name="Consortium",
        rates={"3A": "25.00"}, triggering_codes=["3A"], cost_centre="SE4400",
        ledger_code="ALLOC1")
    # A new version keeps the codes when none are given.
    revised = allocations.allocation_formula_revise(
        tenant=in_a, actor=admin, formula=formula, level_name="Consortium",
        rates={"3A": "30.00"}, triggering_codes=["3A"])
    assert (revised.cost_centre, revised.ledger_code) == ("SE4400", "ALLOC1")
    run = allocations.allocation_run_create(tenant=in_a, actor=admin, year=fund.year,
                                            formula=revised, inputs_on=RUN_ON)
    allocations.allocation_run_confirm(tenant=in_a, actor=admin, run=run)
    assert (run.cost_centre, run.ledger_code) == ("SE4400", "ALLOC1")
    client = client_for(admin)
    rows = list(csv.DictReader(io.StringIO(client.get(
        f"/t/{tenant_a.slug}/funding/years/{fund.year.pk}/reconciliation/export/?format=csv"
    ).content.decode("utf-8-sig"))))
    north = next(r for r in rows if r["Budget"].startswith("North Consortium"))
    assert (north["Cost centre"], north["Ledger code"]) == ("SE4400", "ALLOC1")
    api = APIClient()
    api.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    answer = api.get(f"/api/t/{tenant_a.slug}/funding/runs/{run.pk}/").json()
    assert (answer["run"]["cost_centre"], answer["run"]["ledger_code"]) == ("SE4400", "ALLOC1")


def test_a_pot_run_sharing_a_fund_takes_the_funds_codes_when_its_formula_has_none(
        in_a, admin, fund):
    world = World(in_a)
    world.school("Declining", "3A", "North", 300)
    formula = allocations.allocation_formula_create(
        tenant=in_a, actor=admin, name="Fund share", level_name="Consortium", mode="pot",
        rates={"3A": "1.00"}, amount="1.00", triggering_codes=["3A"])
    run = allocations.allocation_run_create(tenant=in_a, actor=admin, year=fund.year,
                                            formula=formula, inputs_on=RUN_ON, fund=fund)
    assert (run.cost_centre, run.ledger_code) == ("SE4200", "SSIF01")


def test_the_fund_download_and_api_show_each_items_codes(in_a, admin, fund, tenant_a,
                                                         client_for):
    services.fund_cost_add(tenant=in_a, actor=admin, fund=fund, name="Independent chair",
                           amount="4500.00", ledger_code="CHAIR")
    client = client_for(admin)
    rows = list(csv.DictReader(io.StringIO(client.get(
        f"/t/{tenant_a.slug}/funding/funds/{fund.pk}/export/?format=csv"
    ).content.decode("utf-8-sig"))))
    assert [(r["Cost or contributor"], r["Cost centre"], r["Ledger code"]) for r in rows] == [
        ("Independent chair", "SE4200", "CHAIR")]
    api = APIClient()
    api.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    made = api.post(f"/api/t/{tenant_a.slug}/funding/funds/{fund.pk}/costs/",
                    {"name": "Venue", "amount": "10.00", "cost_centre": "X" * 41},
                    format="json")
    assert made.status_code == 400 and "cost_centre" in made.json()
