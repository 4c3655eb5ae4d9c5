"""The read-only funding API: census returns with each applied school's pupils (the admin),
the budget history (everyone who sees totals) and the funding settings (officers and the
admin), each as the pages say, another tenant's census return 404."""

from datetime import date
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from core.models import Role
from funding.models import CensusPupils, CensusReturn
from funding.services.settings import funding_settings_update
from tests.funding.spending_world import make_budgets

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def base(tenant) -> str:
    return f"/api/t/{tenant.slug}/funding/"


def test_census_returns_and_their_pupils_are_the_admins(in_a, tenant_a, personas, register):
    with scopes_disabled():
        record = CensusReturn.objects.create(
            tenant=in_a, census_date=date(2024, 10, 3), source="October 2024 census",
            original_name="census.csv", content="x", status="applied",
            rows=[{"urn": 1}, {"urn": 2}])
        CensusPupils.objects.create(tenant=in_a, census_return=record, school=register.hill,
                                    pupils=190, eal_pupils=12)
        failed = CensusReturn.objects.create(
            tenant=in_a, census_date=date(2025, 10, 2), source="October 2025 census",
            original_name="bad.csv", content="x", status="failed",
            errors=[{"row": 3, "column": "Pupils", "message": "Give a whole number."}])
    admin = api(personas["a"][Role.ADMIN])
    listed = admin.get(base(tenant_a) + "census/").json()
    assert [(row["id"], row["rows_in_file"]) for row in listed] == [(failed.pk, 0),
                                                                    (record.pk, 2)]
    detail = admin.get(base(tenant_a) + f"census/{record.pk}/").json()
    assert detail["schools"] == [{
        "urn": register.hill.urn, "name": "Hill Top Primary", "pupils": 190,
        "eal_pupils": 12, "primary_pupils": None, "secondary_pupils": None}]
    problems = admin.get(base(tenant_a) + f"census/{failed.pk}/").json()["problems"]
    assert problems == [{"row": 3, "column": "Pupils", "message": "Give a whole number."}]
    assert api(personas["a"][Role.OFFICER]).get(base(tenant_a) + "census/").status_code == 403
    other = api(personas["b"][Role.ADMIN])
    assert other.get(base(tenant_a) + f"census/{record.pk}/").status_code == 404


def test_the_budget_history_is_for_everyone_who_sees_totals(in_a, tenant_a, personas):
    budgets = make_budgets(in_a)
    history = api(personas["a"][Role.BOARD_MEMBER]).get(base(tenant_a) + "history/").json()
    assert [year["year_label"] for year in history["years"]] == ["2025-26"]
    allocations = next(row for row in history["rows"] if row["kind"] == "Allocation")
    assert allocations["amounts"] == [{"year": budgets.year.pk, "amount": "26000.00"}]
    assert history["totals"] == [{"year": budgets.year.pk, "amount": "26000.00"}]
    assert api(personas["a"][Role.HEADTEACHER]).get(
        base(tenant_a) + "history/").status_code == 403


def test_the_settings_read_as_the_admin_set_them(in_a, tenant_a, personas):
    officer = api(personas["a"][Role.OFFICER])
    defaults = officer.get(base(tenant_a) + "settings/").json()
    assert (defaults["approval_limit"], defaults["conversion_rule"],
            defaults["first_year_months"]) == ("10000.00", "days", 7)
    funding_settings_update(tenant=in_a, actor=personas["a"][Role.ADMIN],
                            approval_limit=Decimal("2500.00"), conversion_rule="months",
                            first_year_months=6)
    changed = officer.get(base(tenant_a) + "settings/").json()
    assert (changed["approval_limit"], changed["conversion_rule"],
            changed["first_year_months"]) == ("2500.00", "months", 6)
    assert api(personas["a"][Role.HEADTEACHER]).get(
        base(tenant_a) + "settings/").status_code == 403
    assert officer.post(base(tenant_a) + "settings/", {}).status_code == 405
