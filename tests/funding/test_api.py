"""The funding API: the same rules as the pages, refusals naming the field, in the schema."""

from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled
from rest_framework.test import APIClient

from core.models import Role
from funding.models import DeDelegationLine
from funding.services import dedelegation

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def base(tenant) -> str:
    return f"/api/t/{tenant.slug}/funding/"


def test_the_admin_adds_a_line_and_records_the_votes(voted, tenant_a, personas):
    client = api(personas["a"][Role.ADMIN])
    response = client.post(base(tenant_a) + f"years/{voted.year.pk}/lines/",
                           {"name": "Trade union facilities time", "primary_rate": "3.20",
                            "secondary_rate": "3.20"}, format="json")
    assert response.status_code == 201, response.json()
    line_id = response.json()["id"]
    assert response.json()["primary_rate"] == "3.20"
    response = client.post(base(tenant_a) + f"lines/{line_id}/votes/",
                           {"phase": "primary", "outcome": "passed",
                            "decided_on": "2025-01-14", "votes_for": 8, "votes_against": 2},
                           format="json")
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(("body", "field"), [
    ({"name": "X", "primary_rate": "-2.00", "secondary_rate": "1.00"}, "primary_rate"),
    ({"name": "X", "primary_rate": "abc", "secondary_rate": "1.00"}, "primary_rate"),
    ({"name": "Licences", "primary_rate": "1.00", "secondary_rate": "1.00"}, "name"),
])
def test_bad_lines_are_refused_naming_the_field(voted, tenant_a, personas, body, field):
    response = api(personas["a"][Role.ADMIN]).post(
        base(tenant_a) + f"years/{voted.year.pk}/lines/", body, format="json")
    assert response.status_code == 400 and field in response.json()


@pytest.mark.parametrize("phase", ["nursery", "secondary"])
def test_a_vote_for_no_such_phase_or_a_second_vote_is_refused(voted, tenant_a, personas, phase):
    response = api(personas["a"][Role.ADMIN]).post(
        base(tenant_a) + f"lines/{voted.behaviour.pk}/votes/",
        {"phase": phase, "outcome": "passed", "decided_on": "2025-01-14"}, format="json")
    assert response.status_code == 400 and "phase" in response.json()


def test_the_schedule_gives_totals_to_a_viewer_and_none_to_a_head(voted, tenant_a, personas):
    path = base(tenant_a) + f"years/{voted.year.pk}/"
    viewer = api(personas["a"][Role.VIEWER]).get(path).json()
    behaviour = next(line for line in viewer["lines"] if line["name"] == "Behaviour support")
    assert behaviour["total"] == "2989.00"
    assert [p["vote"]["outcome"] for p in behaviour["phases"]] == ["passed", "failed"]
    head = api(personas["a"][Role.HEADTEACHER]).get(path).json()
    assert head["total"] is None and head["lines"][0]["phases"][0]["amount"] is None


def test_a_head_reads_their_own_schools_charges_only(voted, tenant_a, personas):
    client = api(personas["a"][Role.HEADTEACHER])
    own = personas["a"]["school"]
    data = client.get(base(tenant_a) + f"years/{voted.year.pk}/schools/{own.urn}/").json()
    assert data["charged"] and data["pupils"] == 210
    assert Decimal(data["total"]) == Decimal("12.37") * 210 + Decimal("6.10") * 210
    other = voted.register.hill.urn
    assert client.get(base(tenant_a) + f"years/{voted.year.pk}/schools/{other}/"
                      ).status_code == 403
    assert client.get(base(tenant_a) + f"lines/{voted.improvement.pk}/charges/"
                      ).status_code == 403


def test_an_officer_reads_every_charge_and_the_line_total_reconciles(voted, tenant_a,
                                                                     personas):
    rows = api(personas["a"][Role.OFFICER]).get(
        base(tenant_a) + f"lines/{voted.improvement.pk}/charges/").json()
    schedule = api(personas["a"][Role.OFFICER]).get(
        base(tenant_a) + f"years/{voted.year.pk}/").json()
    line = next(line for line in schedule["lines"] if line["id"] == voted.improvement.pk)
    assert sum(Decimal(row["charge"]) for row in rows if row["charge"]) == Decimal(line["total"])
    assert [row["note"] for row in rows if row["pupils"] is None] != []


def test_an_academy_buy_back_by_urn_and_a_maintained_school_refused(voted, tenant_a, personas):
    client = api(personas["a"][Role.ADMIN])
    path = base(tenant_a) + f"lines/{voted.improvement.pk}/buy-backs/"
    body = {"urn": voted.register.academy.urn, "amount": "7422.00", "agreed_on": "2025-03-03"}
    assert client.post(path, body, format="json").status_code == 201
    refused = client.post(path, {**body, "urn": voted.register.hill.urn}, format="json")
    assert refused.status_code == 400 and "urn" in refused.json()


def test_another_tenant_gets_404(voted, tenant_a, personas):
    client = api(personas["b"][Role.ADMIN])
    for path in ("years/", f"years/{voted.year.pk}/", f"lines/{voted.improvement.pk}/votes/"):
        assert client.get(base(tenant_a) + path).status_code == 404
    response = client.post(base(tenant_a) + f"years/{voted.year.pk}/lines/",
                           {"name": "Taken", "primary_rate": "1", "secondary_rate": "1"},
                           format="json")
    assert response.status_code == 404
    with scopes_disabled():
        assert not DeDelegationLine.objects.filter(name="Taken").exists()


def test_the_endpoints_are_in_the_openapi_schema(personas, client_for):
    schema = client_for(personas["a"][Role.ADMIN]).get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = [path for path in schema["paths"] if "/funding/" in path]
    # 8 of de-delegation, 5 of allocation, 6 of commitments and spend, 4 of strategic funds,
    # 1 of carrying forward, 4 to read census returns, the history and the settings, 3 of
    # traded days
    assert len(paths) == 31


def test_a_lines_kept_charges_are_served_until_its_rate_changes(voted, tenant_a, personas):
    client = api(personas["a"][Role.OFFICER])
    path = base(tenant_a) + f"lines/{voted.improvement.pk}/charges/"
    first = client.get(path).json()
    assert client.get(path).json() == first
    with scope(tenant=tenant_a):
        line = DeDelegationLine.objects.get(pk=voted.improvement.pk)
        dedelegation.dedelegation_line_update(tenant=tenant_a, actor=personas["a"][Role.ADMIN],
                                              line=line,
                                              primary_rate=Decimal("20.00"))
    rows = client.get(path).json()
    charged = [row for row in rows if row["phase"] == "primary" and row["pupils"]
               and row["charge"] is not None]
    assert charged and all(Decimal(row["rate"]) == Decimal("20.00") for row in charged)
    assert all(Decimal(row["charge"]) == Decimal("20.00") * row["pupils"] for row in charged
               if not row["reason"])
