"""The commitments and spend API: committing against a line or an allocation, the overspend
refusal and its override, a second person's approval, spend past a commitment, the
reconciliation's totals; another tenant's commitment is 404; officers only read."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope
from rest_framework.test import APIClient

from core.models import Role
from tests.funding.spending_world import commit, make_budgets

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def base(tenant) -> str:
    return f"/api/t/{tenant.slug}/funding/"


def body(**values) -> dict:
    return {"description": "Hub leader release", "supplier": "Oak Academy Trust",
            "amount": "1000.00", "on": "2025-06-02", **values}


def test_the_admin_commits_against_an_allocation_and_past_it_only_with_a_reason(
        budgets, tenant_a, personas):
    client = api(personas["a"][Role.ADMIN])
    path = base(tenant_a) + f"years/{budgets.year.pk}/commitments/"
    made = client.post(path, body(allocation=budgets.south.pk, amount="5000.00", vat=True),
                       format="json")
    assert made.status_code == 201
    assert made.json()["gross"] == "6000.00" and made.json()["budget"] == (
        f"allocation:{budgets.south.pk}")
    refused = client.post(path, body(allocation=budgets.south.pk, amount="1000.01"),
                          format="json")
    assert refused.status_code == 400 and "amount" in refused.json()
    overridden = client.post(path, body(allocation=budgets.south.pk, amount="1000.01",
                                        override_reason="Board minute 12."), format="json")
    assert overridden.status_code == 201


def test_a_budget_must_be_exactly_one_of_the_years(budgets, tenant_a, personas):
    client = api(personas["a"][Role.ADMIN])
    path = base(tenant_a) + f"years/{budgets.year.pk}/commitments/"
    assert "line" in client.post(path, body(), format="json").json()
    neither = client.post(path, body(line=1, allocation=budgets.north.pk), format="json")
    assert neither.status_code == 400
    draft = client.post(path, body(allocation=budgets.draft.pk), format="json")
    assert draft.status_code == 400 and "budget" in draft.json()


def test_a_second_admin_approves_and_spend_past_the_commitment_needs_confirming(
        budgets, in_a, tenant_a, personas, second_admin):
    made = commit(in_a, personas["a"][Role.ADMIN], budgets.north, "12000.00")
    path = base(tenant_a) + f"commitments/{made.pk}/"
    own = api(personas["a"][Role.ADMIN]).post(path + "approve/", {}, format="json")
    assert own.status_code == 400
    approved = api(second_admin).post(path + "approve/", {}, format="json")
    assert approved.json()["status"] == "approved"
    client = api(second_admin)
    warned = client.post(path + "spend/", {"amount": "12000.01", "on": "2025-07-01"},
                         format="json")
    assert warned.status_code == 400 and "past its amount" in warned.json()["amount"][0]
    done = client.post(path + "spend/", {"amount": "12000.01", "on": "2025-07-01",
                                         "confirm_over_commitment": True}, format="json")
    assert done.status_code == 201
    detail = client.get(path).json()
    assert detail["spent"] == "12000.01" and len(detail["spend"]) == 1


def test_the_reconciliation_gives_each_budget_and_the_totals(budgets, in_a, tenant_a,
                                                             personas):
    commit(in_a, personas["a"][Role.ADMIN], budgets.north, "2500.00")
    answer = api(personas["a"][Role.OFFICER]).get(
        base(tenant_a) + f"years/{budgets.year.pk}/reconciliation/").json()
    north = next(b for b in answer["budgets"] if b["budget"] == f"allocation:{budgets.north.pk}")
    assert (north["committed"], north["remaining"]) == ("2500.00", "17500.00")
    assert Decimal(answer["totals"]["amount"]) == Decimal("26000.00")


def test_an_officer_reads_but_cannot_commit(budgets, tenant_a, personas):
    client = api(personas["a"][Role.OFFICER])
    path = base(tenant_a) + f"years/{budgets.year.pk}/commitments/"
    assert client.get(path).status_code == 200
    assert client.post(path, body(allocation=budgets.north.pk), format="json"
                       ).status_code == 403


def test_another_tenants_commitment_is_not_found(tenant_a, tenant_b, personas):
    with scope(tenant=tenant_b):
        theirs = commit(tenant_b, personas["b"][Role.ADMIN], make_budgets(tenant_b).north)
    client = api(personas["a"][Role.ADMIN])
    assert client.get(base(tenant_a) + f"commitments/{theirs.pk}/").status_code == 404
    assert client.post(base(tenant_a) + f"commitments/{theirs.pk}/spend/",
                       {"amount": "1.00", "on": "2025-07-01"}, format="json"
                       ).status_code == 404


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["commitments/", "reconciliation/"])
def test_the_commitments_and_reconciliation_pages_take_the_same_queries_for_2_or_20(
        budgets, in_a, tenant_a, personas, client_for, path, settings):
    from funding.services import spending

    # The figures are kept per version of funding's data (tests/funding/test_kept_money.py):
    # without a cache every request computes them, and that must not grow with the rows.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    admin = personas["a"][Role.ADMIN]
    client = client_for(admin)
    url = f"/t/{tenant_a.slug}/funding/years/{budgets.year.pk}/{path}"

    def add(count: int) -> None:
        for _ in range(count):
            made = commit(in_a, admin, budgets.north, "10.00", vat=True)
            spending.spend_record(tenant=in_a, actor=admin, commitment=made, amount="5.00",
                                  on=made.committed_on)

    add(2)
    client.get(url)
    few = _queries(client, url)
    add(18)
    make_budgets(in_a, year=budgets.year)  # another confirmed run: two more budgets
    assert _queries(client, url) == few
