"""The funding pages per role: the admin sets rates and records votes; officers read every
school's charge; a headteacher sees their own school's charge only; board members and viewers
see totals with no school named; another tenant gets 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from core.models import Role
from funding.models import DeDelegationLine, PhaseVote
from schools.models import Establishment, Governance, Phase, School
from schools.services import register_changed
from tests.funding.conftest import school

pytestmark = pytest.mark.django_db


def url(tenant, path: str = "") -> str:
    return f"/t/{tenant.slug}/funding/{path}"


def test_the_admin_sees_every_schools_charge_and_the_buttons_to_set_rates(
        voted, tenant_a, personas, client_for):
    body = client_for(personas["a"][Role.ADMIN]).get(
        url(tenant_a, f"years/{voted.year.pk}/")).content.decode()
    assert "Castle High School" in body and "£10,273.55" in body
    assert "Add a line" in body
    assert "New Primary (" in body and "no pupil number" in body.lower()


def test_an_officer_reads_every_charge_but_cannot_set_rates(voted, tenant_a, personas,
                                                            client_for):
    client = client_for(personas["a"][Role.OFFICER])
    body = client.get(url(tenant_a, f"years/{voted.year.pk}/")).content.decode()
    assert "Castle High School" in body and "Add a line" not in body
    line = client.get(url(tenant_a, f"lines/{voted.behaviour.pk}/")).content.decode()
    assert "Change rates" not in line and "Not agreed" in line
    assert client.get(url(tenant_a, f"lines/{voted.behaviour.pk}/edit/")).status_code == 403


def test_a_headteacher_sees_their_own_schools_charge_and_no_other_school(
        voted, tenant_a, personas, client_for):
    client = client_for(personas["a"][Role.HEADTEACHER])
    body = client.get(url(tenant_a, f"years/{voted.year.pk}/")).content.decode()
    own = personas["a"]["school"]
    assert "Your school" in body and own.establishment.name in body
    assert "£2,597.70" in body  # 12.37 x 210
    for other in ("Castle High School", "Hill Top Primary", "Vale Primary"):
        assert other not in body
    assert "Line total" not in body  # totals are aggregates, which heads do not have
    other = voted.register.hill.urn
    assert client.get(url(tenant_a, f"years/{voted.year.pk}/schools/{other}/")).status_code \
        == 403
    assert client.get(url(tenant_a, f"years/{voted.year.pk}/schools/{own.urn}/")).status_code \
        == 200


def test_a_viewer_sees_totals_by_phase_and_no_school(voted, tenant_a, personas, client_for):
    body = client_for(personas["a"][Role.VIEWER]).get(
        url(tenant_a, f"years/{voted.year.pk}/")).content.decode()
    assert "Line total" in body and "£2,989.00" in body  # behaviour support: 6.10 x 490
    for name in ("Castle High School", "Hill Top Primary", personas["a"]["school"]
                 .establishment.name):
        assert name not in body


def test_another_tenant_gets_404(voted, tenant_a, personas, client_for):
    client = client_for(personas["b"][Role.ADMIN])
    for path in ("", f"years/{voted.year.pk}/", f"lines/{voted.improvement.pk}/",
                 f"lines/{voted.improvement.pk}/export/?format=xlsx"):
        assert client.get(url(tenant_a, path)).status_code == 404


def test_the_admin_adds_a_line_through_the_form(voted, tenant_a, personas, client_for):
    response = client_for(personas["a"][Role.ADMIN]).post(
        url(tenant_a, f"years/{voted.year.pk}/lines/new/"),
        {"name": "Trade union facilities time", "primary_rate": "3.20",
         "secondary_rate": "3.20"})
    assert response.status_code == 302
    with scopes_disabled():
        assert DeDelegationLine.objects.filter(tenant=tenant_a,
                                               name="Trade union facilities time").exists()


def test_a_negative_rate_is_shown_on_its_field(voted, tenant_a, personas, client_for):
    response = client_for(personas["a"][Role.ADMIN]).post(
        url(tenant_a, f"years/{voted.year.pk}/lines/new/"),
        {"name": "Free school meals checks", "primary_rate": "-1", "secondary_rate": "1.00"})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_primary_rate-error"' in body and "cannot be negative" in body
    assert "<title>Error: " in body


def test_the_admin_records_a_vote_through_the_form(voted, tenant_a, personas, client_for):
    response = client_for(personas["a"][Role.ADMIN]).post(
        url(tenant_a, f"lines/{voted.licences.pk}/votes/new/"),
        {"phase": "secondary", "outcome": "failed", "decided_on": "2025-01-14",
         "votes_for": "1", "votes_against": "4", "minute_reference": "SF/25/07"})
    assert response.status_code == 302
    with scopes_disabled():
        vote = PhaseVote.objects.get(line=voted.licences, phase="secondary")
    assert (vote.outcome, vote.minute_reference) == ("failed", "SF/25/07")


def test_the_pages_have_unique_titles(voted, tenant_a, personas, client_for):
    client = client_for(personas["a"][Role.ADMIN])
    titles = set()
    paths = ["", f"years/{voted.year.pk}/", f"lines/{voted.improvement.pk}/",
             f"lines/{voted.behaviour.pk}/", f"lines/{voted.improvement.pk}/edit/",
             f"lines/{voted.improvement.pk}/votes/new/", "years/new/",
             f"years/{voted.year.pk}/schools/{voted.register.hill.urn}/"]
    for path in paths:
        body = client.get(url(tenant_a, path)).content.decode()
        titles.add(body.split("<title>")[1].split("</title>")[0])
    assert len(titles) == len(paths)


def _more_schools(tenant, count: int, first_urn: int) -> None:
    establishments = Establishment.objects.bulk_create(
        Establishment(urn=first_urn + n, la_code=tenant.la_codes[0], name=f"Extra {n}",
                      phase=(Phase.PRIMARY, Phase.SECONDARY, Phase.SPECIAL)[n % 3],
                      governance=Governance.ACADEMY if n % 4 == 0 else Governance.MAINTAINED,
                      number_of_pupils=None if n % 7 == 0 else 100 + n)
        for n in range(count))
    with scopes_disabled():
        School.objects.bulk_create(School(tenant=tenant, establishment=e)
                                   for e in establishments)
    # As every writer of the register does: the pages' kept figures are read afresh.
    register_changed(tenant_ids=[tenant.pk])


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["", "years/{year}/", "lines/{line}/",
                                  "lines/{line}/export/?format=xlsx",
                                  "years/{year}/export/?format=csv"])
def test_list_pages_issue_the_same_queries_for_5_schools_as_for_60(voted, tenant_a, personas,
                                                                   client_for, path):
    client = client_for(personas["a"][Role.ADMIN])
    address = url(tenant_a, path.format(year=voted.year.pk, line=voted.improvement.pk))
    _more_schools(tenant_a, 5, 880000)
    few = _queries(client, address)
    _more_schools(tenant_a, 55, 881000)
    assert _queries(client, address) == few


def test_the_home_page_has_a_funding_tile_for_those_who_see_funding(voted, tenant_a, personas,
                                                                    client_for):
    for role in (Role.ADMIN, Role.HEADTEACHER, Role.VIEWER):
        body = client_for(personas["a"][role]).get(f"/t/{tenant_a.slug}/").content.decode()
        assert f"De-delegation {voted.year.label}" in body, role


def test_the_admin_records_an_academy_buying_back_through_the_page(voted, tenant_a, personas,
                                                                   client_for):
    client = client_for(personas["a"][Role.ADMIN])
    path = url(tenant_a, f"lines/{voted.improvement.pk}/buy-backs/new/")
    academy, maintained = voted.register.academy, voted.register.hill
    form = client.get(path).content.decode()
    assert f'<option value="{academy.pk}">Oak Academy ({academy.urn})</option>' in form
    assert f'value="{maintained.pk}"' not in form
    body = {"amount": "7422.00", "agreed_on": "2025-03-03", "notes": ""}
    refused = client.post(path, {**body, "school": maintained.pk})
    assert refused.status_code == 400
    assert client.post(path, {**body, "school": academy.pk}).status_code == 302
    page = client.get(url(tenant_a, f"lines/{voted.improvement.pk}/")).content.decode()
    assert "Oak Academy</td>" in page and "£7,422.00" in page
    # The kept choices follow the register: a new academy is offered at once.
    with scope(tenant=tenant_a):
        elm = school(tenant_a, "Elm Academy", governance=Governance.ACADEMY)
    register_changed(tenant_ids=[tenant_a.pk])
    assert f'value="{elm.pk}">Elm Academy' in client.get(path).content.decode()
