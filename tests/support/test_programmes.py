"""Programmes: schools signed up by URN (refused whole, naming the URNs, when one is not the
council's), people trained, totals by phase and by partnership, the download and the API."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from rest_framework.test import APIClient

from core.models import Role
from partnerships.models import Partnership, PartnershipLevel, PartnershipMembership
from schools.models import Phase
from support.models.programmes import ProgrammeSchool
from support.selectors.programmes import programme_totals
from support.services import programmes as services
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def world(tenant_a, personas):
    """Three primaries and a secondary; two primaries in the North cluster."""
    la = tenant_a.la_codes[0]
    primaries = [SchoolFactory(tenant=tenant_a, establishment__la_code=la,
                               establishment__phase=Phase.PRIMARY) for _ in range(3)]
    secondary = SchoolFactory(tenant=tenant_a, establishment__la_code=la,
                              establishment__phase=Phase.SECONDARY)
    with scopes_disabled():
        level = PartnershipLevel.objects.create(tenant=tenant_a, name="Cluster")
        north = Partnership.objects.create(tenant=tenant_a, level=level, name="North",
                                           start_date=date(2020, 9, 1))
        for school in primaries[:2]:
            PartnershipMembership.objects.create(tenant=tenant_a, partnership=north,
                                                 school=school, level=level,
                                                 start_date=date(2020, 9, 1))
    officer = personas["a"][Role.OFFICER]
    with scope(tenant=tenant_a):
        programme = services.programme_create(
            tenant=tenant_a, actor=officer, name="Mobilise",
            provider="Education Endowment Foundation", starts_on=TODAY - timedelta(days=90))
    return {"officer": officer, "primaries": primaries, "secondary": secondary,
            "programme": programme}


def _sign_up(tenant, world, schools):
    with scope(tenant=tenant):
        return services.programme_schools_sign_up(
            tenant=tenant, actor=world["officer"], programme=world["programme"],
            urns=[s.urn for s in schools], signed_up_on=TODAY - timedelta(days=30))


def test_schools_sign_up_by_urn_and_totals_count_them_by_phase_and_partnership(
        tenant_a, world):
    p1, p2, _ = world["primaries"]
    _sign_up(tenant_a, world, [p1, p2, world["secondary"]])
    with scope(tenant=tenant_a):
        for name, school in (("Ann", p1), ("Bob", p1), ("Eve", p1), ("Cy", world["secondary"]),
                             ("Di", None)):
            services.programme_training_record(
                tenant=tenant_a, actor=world["officer"], programme=world["programme"],
                name=name, school=school, trained_on=TODAY - timedelta(days=10))
        totals = programme_totals(tenant=tenant_a, programme=world["programme"], on=TODAY)
    phases = {t.label: (t.schools, t.trained, t.of_schools) for t in totals.by_phase}
    # The personas' school is a fourth primary (open): 2 of 4 primaries signed up.
    assert phases == {"Primary": (2, 3, 4), "Secondary": (1, 1, 1)}
    assert [(t.label, t.schools, t.trained) for t in totals.by_partnership] == [
        ("North (Cluster)", 2, 3)]
    assert (totals.schools, totals.trained) == (3, 5)


def test_a_urn_not_in_the_register_refuses_the_whole_sign_up_naming_it(tenant_a, world,
                                                                         personas):
    other = personas["b"]["school"]
    with scope(tenant=tenant_a), pytest.raises(ValidationError) as refused:
        services.programme_schools_sign_up(
            tenant=tenant_a, actor=world["officer"], programme=world["programme"],
            urns=[world["primaries"][0].urn, other.urn], signed_up_on=TODAY)
    assert str(other.urn) in refused.value.message_dict["urns"][0]
    with scope(tenant=tenant_a):
        assert not ProgrammeSchool.objects.exists()


def test_signing_a_school_up_twice_keeps_its_first_date(tenant_a, world):
    first = _sign_up(tenant_a, world, world["primaries"][:1])
    with scope(tenant=tenant_a), pytest.raises(ValidationError):
        services.programme_schools_sign_up(
            tenant=tenant_a, actor=world["officer"], programme=world["programme"],
            urns=[world["primaries"][0].urn], signed_up_on=TODAY)
    with scope(tenant=tenant_a):
        assert ProgrammeSchool.objects.get().signed_up_on == first[0].signed_up_on


def test_pasted_urns_are_read_and_anything_else_is_named():
    assert services.parse_urns("123456, 1234567\n123456;222222") == [123456, 1234567, 222222]
    with pytest.raises(ValidationError) as refused:
        services.parse_urns("123456 abc 12")
    assert "abc, 12" in refused.value.message_dict["urns"][0]


def test_a_headteacher_cannot_record_a_programme(tenant_a, world, personas):
    with scope(tenant=tenant_a), pytest.raises(PermissionDenied):
        services.programme_create(tenant=tenant_a, actor=personas["a"][Role.HEADTEACHER],
                                  name="Other", starts_on=TODAY)


def test_an_officer_signs_schools_up_on_the_page_and_downloads_them(tenant_a, world,
                                                                      client_for):
    client = client_for(world["officer"])
    url = f"/t/{tenant_a.slug}/support/programmes/{world['programme'].pk}/"
    p1, p2, _ = world["primaries"]
    bad = client.post(url + "schools/", {"urns": f"{p1.urn} nonsense",
                                         "signed_up_on": str(TODAY)})
    assert bad.status_code == 400 and "nonsense" in bad.content.decode()
    response = client.post(url + "schools/", {"urns": f"{p1.urn}\n{p2.urn}",
                                              "signed_up_on": str(TODAY)})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert p1.establishment.name in page and "North (Cluster)" in page
    csv = client.get(url + "export/?format=csv").content.decode().strip().splitlines()
    assert len(csv) == 3 and any(str(p2.urn) in line for line in csv)
    assert client.get(f"/t/{tenant_a.slug}/support/programmes/").status_code == 200


def test_the_api_signs_schools_up_and_answers_the_totals(tenant_a, world):
    client = APIClient()
    client.force_login(world["officer"])
    base = f"/api/t/{tenant_a.slug}/support/programmes/{world['programme'].pk}/"
    response = client.post(base + "schools/", {"urns": [s.urn for s in world["primaries"]],
                                               "signed_up_on": str(TODAY)}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert len(body["schools"]) == 3
    assert body["by_phase"] == [{"label": "Primary", "schools": 3, "trained": 0}]
    trained = client.post(base + "trained/", {"name": "Ann", "urn": world["secondary"].urn,
                                              "trained_on": str(TODAY)}, format="json")
    assert trained.status_code == 201 and trained.json()["trained"][0]["name"] == "Ann"
    assert client.get(f"/api/t/{tenant_a.slug}/support/programmes/").json()[0]["name"] == \
        "Mobilise"


def test_a_long_programme_shows_fifty_schools_a_page_and_the_download_and_api_keep_all(
        tenant_a, world, client_for):
    la = tenant_a.la_codes[0]
    schools = [SchoolFactory(tenant=tenant_a, establishment__la_code=la,
                             establishment__phase=Phase.PRIMARY) for _ in range(52)]
    _sign_up(tenant_a, world, schools)
    names = sorted(s.establishment.name for s in schools)
    client = client_for(world["officer"])
    url = f"/t/{tenant_a.slug}/support/programmes/{world['programme'].pk}/"
    first, second = (client.get(url).content.decode(),
                     client.get(url + "?page=2").content.decode())
    table = first.split('data-testid="programme-schools"')[1].split("</table>")[0]
    assert table.count("<tr") == 51 and names[0] in table and names[50] not in table
    rest = second.split('data-testid="programme-schools"')[1].split("</table>")[0]
    assert rest.count("<tr") == 3 and names[50] in rest and names[51] in rest
    assert "Page 1 of 2" in first and "<strong>52</strong> schools" in first
    csv = client.get(url + "export/?format=csv").content.decode().strip().splitlines()
    assert len(csv) == 53
    api = APIClient()
    api.force_login(world["officer"])
    body = api.get(f"/api/t/{tenant_a.slug}/support/programmes/{world['programme'].pk}/").json()
    assert [row["school_name"] for row in body["schools"]] == names
    assert body["schools"][0] == {
        "urn": next(s.urn for s in schools if s.establishment.name == names[0]),
        "school_name": names[0], "phase": "primary",
        "signed_up_on": str(TODAY - timedelta(days=30))}
    assert body["by_phase"] == [{"label": "Primary", "schools": 52, "trained": 0}]
