from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django_scopes import scope, scopes_disabled

from accounts.models import User
from core.management.commands.seed_demo import DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SLUG
from core.models import Membership, Role, Tenant
from schools.models import Establishment, EstablishmentLink, Governance, Phase, School

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    tenant = Tenant.objects.get(slug=DEMO_SLUG)
    return tenant, out.getvalue()


def test_it_loads_a_register_of_about_300_schools_of_mixed_phases(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        schools = list(School.objects.with_establishment())
    phases = Counter(s.establishment.phase for s in schools if s.establishment.is_open)
    open_total = sum(phases.values())
    assert 280 <= len(schools) <= 340
    assert 0.6 < phases[Phase.PRIMARY] / open_total < 0.8
    assert 0.1 < phases[Phase.SECONDARY] / open_total < 0.2
    for phase in (Phase.SPECIAL, Phase.NURSERY, Phase.ALTERNATIVE_PROVISION, Phase.ALL_THROUGH):
        assert phases[phase] >= 1


def test_the_register_mixes_maintained_schools_academies_in_several_trusts_and_free_schools(
    seeded,
):
    tenant, _ = seeded
    with scope(tenant=tenant):
        open_schools = [s.establishment for s in School.objects.with_establishment()
                        if s.establishment.is_open]
    governance = Counter(e.governance for e in open_schools)
    types = {e.type_name for e in open_schools}
    assert governance[Governance.MAINTAINED] > 50
    assert governance[Governance.ACADEMY] > 50
    assert governance[Governance.FREE_SCHOOL] >= 1
    assert {"Community school", "Voluntary aided school", "Voluntary controlled school",
            "Foundation school", "Academy converter", "Academy sponsor led"} <= types
    assert len({e.trust_name for e in open_schools if e.trust_name}) >= 4
    assert all(e.easting and e.northing and e.postcode for e in open_schools)


def test_each_conversion_links_a_closed_predecessor_and_its_open_academy_both_ways(seeded):
    tenant, _ = seeded
    predecessor_links = EstablishmentLink.objects.filter(link_type="Predecessor", urn__gte=900000)
    assert predecessor_links.count() >= 10
    with scope(tenant=tenant):
        in_register = set(School.objects.values_list("establishment_id", flat=True))
    for link in predecessor_links:
        academy = Establishment.objects.get(urn=link.urn)
        predecessor = Establishment.objects.get(urn=link.linked_urn)
        assert academy.is_open and academy.governance == Governance.ACADEMY
        assert not predecessor.is_open and predecessor.governance == Governance.MAINTAINED
        assert academy.open_date == link.established_date
        assert {academy.urn, predecessor.urn} <= in_register
        assert EstablishmentLink.objects.filter(
            urn=predecessor.urn, linked_urn=academy.urn, link_type="Successor"
        ).exists()


def test_there_is_one_user_per_role_and_a_platform_operator(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        roles = Counter(Membership.objects.values_list("role", flat=True))
        officer = Membership.objects.get(role=Role.OFFICER)
        head = Membership.objects.get(role=Role.HEADTEACHER)
    assert roles == Counter(role.value for role in Role)
    assert officer.title == "School improvement adviser"
    assert head.school is not None and head.school.tenant_id == tenant.id
    operator = User.objects.get(email=DEMO_PEOPLE[0][1])
    assert operator.is_platform_operator
    with scopes_disabled():
        assert not Membership.objects.filter(user=operator).exists()


def test_it_prints_the_url_and_every_login(seeded):
    _, output = seeded
    assert "http://127.0.0.1:8000/" in output
    assert DEMO_PASSWORD in output
    for _, email, _, _ in DEMO_PEOPLE:
        assert email in output


def test_the_printed_officer_login_signs_in_and_sees_the_register(seeded):
    client = Client()
    assert client.login(email=DEMO_PEOPLE[2][1], password=DEMO_PASSWORD)
    response = client.get(f"/t/{DEMO_SLUG}/schools/")
    assert response.status_code == 200
    assert "Northshire Council" in response.content.decode()


def test_running_it_again_recreates_the_same_register_without_duplicates(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        first = sorted(School.objects.values_list("establishment__urn", "establishment__name"))
    call_command("seed_demo", stdout=StringIO())

    tenant = Tenant.objects.get(slug=DEMO_SLUG)
    with scope(tenant=tenant):
        again = sorted(School.objects.values_list("establishment__urn", "establishment__name"))
        assert Membership.objects.count() == len(Role)
    assert again == first
    assert Tenant.objects.filter(slug=DEMO_SLUG).count() == 1
    assert User.objects.filter(email__endswith="@northshire.example.org").count() == 6


def test_it_leaves_other_tenants_and_their_schools_alone(personas, tenant_a):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    with scope(tenant=tenant_a):
        assert School.objects.filter(pk=personas["a"]["school"].pk).exists()
        assert Membership.objects.count() == len(Role)
