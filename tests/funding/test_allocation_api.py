"""The allocation API: the admin adds a formula, makes a draft, tries a what-if and confirms;
each role reads its part of a run; another tenant's run is 404; the schema lists it all."""

import pytest
from django_scopes import scope
from rest_framework.test import APIClient

from core.models import Role
from funding.services import allocations as services
from funding.services import dedelegation
from tests.funding.allocation_world import World, worked_example

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def base(tenant) -> str:
    return f"/api/t/{tenant.slug}/funding/"


@pytest.fixture
def year(tenant_a, personas):
    with scope(tenant=tenant_a):
        worked_example(World(tenant_a))
        return dedelegation.funding_year_create(tenant=tenant_a, actor=personas["a"][Role.ADMIN],
                                                start_year=2025)


def test_the_admin_adds_a_formula_makes_a_run_tries_a_what_if_and_confirms(
        year, tenant_a, personas):
    client = api(personas["a"][Role.ADMIN])
    formula = client.post(base(tenant_a) + "formulas/", {
        "name": "Consortium funding", "level_name": "Consortium",
        "rates": {"3A": "25.00", "3B": "25.00"}, "triggering_codes": ["3A", "3B"]},
        format="json")
    assert formula.status_code == 201, formula.content
    run = client.post(base(tenant_a) + f"years/{year.pk}/runs/", {
        "formula": formula.json()["id"], "inputs_on": "2025-04-01"}, format="json")
    assert run.status_code == 201 and run.json()["total"] == "44825.00"
    run_id = run.json()["id"]
    what_if = client.post(base(tenant_a) + f"runs/{run_id}/what-if/",
                          {"rates": {"3A": "30.00", "3B": "25.00"}}, format="json")
    assert what_if.status_code == 200
    assert what_if.json()["difference"] == "3460.00"  # (187 + 93 + 412) x £5
    confirmed = client.post(base(tenant_a) + f"runs/{run_id}/confirm/", {"confirm": True},
                            format="json")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    again = client.post(base(tenant_a) + f"runs/{run_id}/confirm/", {"confirm": True},
                        format="json")
    assert again.status_code == 400 and "never changed" in again.content.decode()


def test_a_negative_rate_is_refused_naming_rates(year, tenant_a, personas):
    response = api(personas["a"][Role.ADMIN]).post(base(tenant_a) + "formulas/", {
        "name": "Bad", "level_name": "Consortium", "rates": {"3A": "-1"}}, format="json")
    assert response.status_code == 400 and "rates" in response.json()


def test_each_role_reads_its_part_of_a_run(year, tenant_a, personas):
    admin = personas["a"][Role.ADMIN]
    with scope(tenant=tenant_a):
        formula = services.allocation_formula_create(
            tenant=tenant_a, actor=admin, name="F", level_name="Consortium",
            rates={"3A": "25.00", "3B": "25.00"})
        run = services.allocation_run_create(tenant=tenant_a, actor=admin, year=year,
                                             formula=formula, inputs_on=year_start(year))
    officer = api(personas["a"][Role.OFFICER]).get(base(tenant_a) + f"runs/{run.pk}/").json()
    assert len(officer["schools"]) == 20 and officer["partnerships"][0]["amount"] == "44825.00"
    board = api(personas["a"][Role.BOARD_MEMBER]).get(base(tenant_a) + f"runs/{run.pk}/").json()
    assert board["schools"] == [] and board["partnerships"][0]["name"] == "North Consortium"
    head = api(personas["a"][Role.HEADTEACHER]).get(base(tenant_a) + f"runs/{run.pk}/").json()
    assert head["schools"] == [] and head["partnerships"] is None
    other = api(personas["b"][Role.ADMIN]).get(f"/api/t/{personas['b']['school'].tenant.slug}"
                                               f"/funding/runs/{run.pk}/")
    assert other.status_code == 404


def year_start(year):
    from datetime import date
    return date(year.start_year, 4, 1)


def test_the_schema_lists_the_allocation_endpoints(client_for, personas):
    schema = client_for(personas["a"][Role.ADMIN]).get("/api/schema/").content.decode()
    for path in ("/formulas/", "/runs/{run_id}/", "/runs/{run_id}/confirm/",
                 "/runs/{run_id}/what-if/"):
        assert path in schema
