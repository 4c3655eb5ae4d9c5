"""The pages and API of issue 11's basis, all-through split, conversion rule and vote
corrections: what the school business manager, the finance officer and the forum see."""

from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from core.models import Role
from funding.models import DeDelegationLine, FundingSettings, PhaseVote
from schools.models import Phase
from tests.funding.conftest import school
from tests.funding.test_api import api, base

pytestmark = pytest.mark.django_db


def url(tenant, path: str = "") -> str:
    return f"/t/{tenant.slug}/funding/{path}"


def secondary_vote(line) -> PhaseVote:
    with scopes_disabled():
        return PhaseVote.objects.get(line=line, phase="secondary", superseded_at__isnull=True)


def test_the_admin_sets_a_basis_through_the_form_and_the_schedule_shows_it(
        voted, tenant_a, personas, client_for):
    client = client_for(personas["a"][Role.ADMIN])
    response = client.post(url(tenant_a, f"years/{voted.year.pk}/lines/new/"), {
        "name": "Insurance", "primary_rate": "100.00", "primary_basis": "per_school",
        "secondary_rate": "2.00", "secondary_basis": "per_eal_pupil"})
    assert response.status_code == 302
    with scopes_disabled():
        line = DeDelegationLine.objects.get(tenant=tenant_a, name="Insurance")
    assert (line.primary_basis, line.secondary_basis) == ("per_school", "per_eal_pupil")
    body = client.get(url(tenant_a, f"years/{voted.year.pk}/")).content.decode()
    assert "per school" in body and "per EAL pupil" in body


def test_the_headteacher_sees_the_basis_and_why_on_their_own_charge(voted, tenant_a, personas,
                                                                    client_for):
    head = personas["a"]["school"]
    body = client_for(personas["a"][Role.HEADTEACHER]).get(
        url(tenant_a, f"years/{voted.year.pk}/schools/{head.urn}/")).content.decode()
    assert "per pupil" in body and "Basis" in body


def test_the_all_through_split_is_stated_on_the_year_page(voted, tenant_a, personas,
                                                          client_for):
    with scopes_disabled():
        school(tenant_a, "Valley All-through", phase=Phase.ALL_THROUGH, pupils=1200,
               statutory_low_age=4, statutory_high_age=16)
    body = client_for(personas["a"][Role.OFFICER]).get(
        url(tenant_a, f"years/{voted.year.pk}/")).content.decode()
    assert "split by phase by its statutory age range 4-16: 7 of 12 year groups primary" in body
    assert "<strong>days maintained</strong>" in body


def test_the_admin_chooses_the_conversion_rule_on_the_settings_page(voted, tenant_a, personas,
                                                                    client_for):
    client = client_for(personas["a"][Role.ADMIN])
    response = client.post(url(tenant_a, "settings/"), {"approval_limit": "10000.00",
                                                        "conversion_rule": "months"})
    assert response.status_code == 302
    with scopes_disabled():
        assert FundingSettings.objects.get(tenant=tenant_a).conversion_rule == "months"
    response = client.post(url(tenant_a, "settings/"), {"approval_limit": "10000.00",
                                                        "conversion_rule": "weeks"})
    assert response.status_code == 400 and 'id="id_conversion_rule-error"' in (
        response.content.decode())


def test_the_admin_corrects_a_vote_and_the_history_shows_both(voted, tenant_a, personas,
                                                             client_for):
    client = client_for(personas["a"][Role.ADMIN])
    old = secondary_vote(voted.behaviour)
    page = url(tenant_a, f"votes/{old.pk}/correct/")
    response = client.post(page, {"outcome": "passed", "decided_on": "2025-01-14",
                                  "reason": ""})
    assert response.status_code == 400 and 'id="id_reason-error"' in response.content.decode()
    response = client.post(page, {"outcome": "passed", "decided_on": "2025-01-14",
                                  "votes_for": "6", "votes_against": "1",
                                  "reason": "Minute 7 records it agreed."})
    assert response.status_code == 302
    body = client.get(url(tenant_a, f"lines/{voted.behaviour.pk}/")).content.decode()
    assert "Minute 7 records it agreed." in body and "Corrected" in body
    assert secondary_vote(voted.behaviour).outcome == "passed"


def test_an_officer_cannot_correct_a_vote(voted, tenant_a, personas, client_for):
    old = secondary_vote(voted.behaviour)
    response = client_for(personas["a"][Role.OFFICER]).post(
        url(tenant_a, f"votes/{old.pk}/correct/"),
        {"outcome": "passed", "decided_on": "2025-01-14", "reason": "x"})
    assert response.status_code == 403
    assert secondary_vote(voted.behaviour).pk == old.pk


def test_the_api_corrects_a_vote_and_lists_the_history(voted, tenant_a, personas):
    client = api(personas["a"][Role.ADMIN])
    old = secondary_vote(voted.behaviour)
    response = client.post(base(tenant_a) + f"votes/{old.pk}/correct/",
                           {"outcome": "passed", "decided_on": "2025-01-14", "reason": ""},
                           format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = client.post(base(tenant_a) + f"votes/{old.pk}/correct/",
                           {"outcome": "passed", "decided_on": "2025-01-14",
                            "reason": "Minutes."}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["corrects"] == old.pk and response.json()["is_current"]
    votes = client.get(base(tenant_a) + f"lines/{voted.behaviour.pk}/votes/").json()
    secondary = [v for v in votes if v["phase"] == "secondary"]
    assert [(v["outcome"], v["is_current"]) for v in secondary] == [
        ("failed", False), ("passed", True)]


def test_the_api_takes_and_shows_the_basis_and_the_reason(voted, tenant_a, personas):
    client = api(personas["a"][Role.ADMIN])
    response = client.post(base(tenant_a) + f"years/{voted.year.pk}/lines/", {
        "name": "Insurance", "primary_rate": "100.00", "secondary_rate": "1.00",
        "primary_basis": "per_school"}, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["primary_basis"], response.json()["secondary_basis"]) == (
        "per_school", "per_pupil")
    response = client.post(base(tenant_a) + f"years/{voted.year.pk}/lines/", {
        "name": "Odd", "primary_rate": "1.00", "secondary_rate": "1.00",
        "secondary_basis": "per_head"}, format="json")
    assert response.status_code == 400 and "secondary_basis" in response.json()
    schedule = client.get(base(tenant_a) + f"years/{voted.year.pk}/").json()
    assert schedule["conversion_rule"] == "days"
    improvement = next(line for line in schedule["lines"] if line["name"] == "School improvement")
    assert improvement["phases"][0]["basis"] == "per_pupil"
    assert Decimal(improvement["phases"][0]["amount"]) == Decimal("12.37") * 490
    charges = client.get(base(tenant_a) + f"lines/{voted.improvement.pk}/charges/").json()
    assert {"basis", "reason", "eal_pupils"} <= set(charges[0])


def test_the_xlsx_shows_the_basis_and_the_conversion_share(voted, tenant_a, personas,
                                                           client_for):
    import io
    from datetime import date

    from openpyxl import load_workbook

    from tests.funding.test_dedelegation_bases import converting

    with scopes_disabled():
        converting(tenant_a, "Brook Primary", date(2025, 9, 1))
    response = client_for(personas["a"][Role.OFFICER]).get(
        url(tenant_a, f"lines/{voted.improvement.pk}/export/?format=xlsx"))
    header, *rows = load_workbook(io.BytesIO(response.content)).active.iter_rows(
        values_only=True)
    brook = dict(zip(header, next(row for row in rows if row[1] == "Brook Primary"),
                     strict=True))
    assert brook["Basis"] == "per pupil"
    assert "153 of 365 days" in brook["Note (why this charge)"]
    assert brook["Charge (£)"] == pytest.approx(1555.57)
