"""Schools able to give support with no leader named (issue 13 item 3): read from the agreed
capacity level (categorisation's published categories), suggested by brokering under the same
conflict rules, deployed within the tenant's days a year, and listed in the directory that
officers see and headteachers do not."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from categorisation.services import scheme_preset_load
from core.models import Role
from support.brokering import Rule
from support.models import Deployment
from support.selectors.brokering import brokering_for
from support.services import brokering as services
from support.services.settings import support_settings_update
from tests.factories import SchoolFactory
from tests.support.conftest import TODAY, confirm, membership

pytestmark = pytest.mark.django_db
# Categories are confirmed today: brokering reads the level in force on the start date.
START = TODAY
END = TODAY + timedelta(days=120)


@pytest.fixture
def levels(tenant_a):
    with scope(tenant=tenant_a):
        scheme = scheme_preset_load(tenant=tenant_a, actor=None, preset="wiltshire")
        return {c.code: c for c in scheme.categories.all()}


@pytest.fixture
def giver(tenant_a, officer, levels):
    """A school of tenant A agreed at level 1 (gives capacity)."""
    school = SchoolFactory(tenant=tenant_a, establishment__name="Giving Primary")
    confirm(tenant_a, school, levels["1"], officer)
    return school


def _brokering(tenant, school, officer, days="3"):
    with scope(tenant=tenant):
        return brokering_for(tenant=tenant, school=school, officer=membership(tenant, officer),
                             days=Decimal(days), on=START)


def _schools(result):
    return {s.candidate.school_id: s for s in result.suggestions
            if s.candidate.person_id is None}


def test_a_school_whose_agreed_level_gives_capacity_is_suggested_with_its_reason(
        tenant_a, officer, school, giver, levels):
    found = _schools(_brokering(tenant_a, school, officer))
    assert list(found) == [giver.pk]
    assert found[giver.pk].reasons[0] == ("A school able to give support (Level 1 - gives "
                                          "capacity).")
    assert found[giver.pk].candidate.days_left == Decimal("10")


def test_a_school_that_only_receives_capacity_is_not_suggested(tenant_a, officer, school,
                                                               levels):
    receiver = SchoolFactory(tenant=tenant_a)
    confirm(tenant_a, receiver, levels["3"], officer)
    assert _schools(_brokering(tenant_a, school, officer)) == {}


def test_a_giving_school_in_the_same_trust_is_excluded_by_the_trust_rule(
        tenant_a, officer, school, levels):
    with scopes_disabled():
        school.establishment.trust_name = "Oak Trust"
        school.establishment.save()
    same_trust = SchoolFactory(tenant=tenant_a, establishment__trust_name="Oak Trust")
    confirm(tenant_a, same_trust, levels["2"], officer)
    result = _brokering(tenant_a, school, officer)
    assert _schools(result) == {}
    assert [(e.candidate.school_id, e.rule) for e in result.exclusions] == [
        (same_trust.pk, Rule.SAME_TRUST)]


def test_a_giving_school_that_employs_the_brokering_officer_is_excluded(
        tenant_a, officer, school, giver):
    with scope(tenant=tenant_a):
        services.employment_set(tenant=tenant_a, actor=officer,
                                person=membership(tenant_a, officer), school=giver)
    result = _brokering(tenant_a, school, officer)
    assert [e.rule for e in result.exclusions] == [Rule.OFFICER_EMPLOYER]


def test_the_school_itself_is_never_suggested_to_support_itself(tenant_a, officer, giver):
    result = _brokering(tenant_a, giver, officer)
    assert _schools(result) == {}
    assert [e.rule for e in result.exclusions] == [Rule.THE_SCHOOL_ITSELF]


def deploy_school(tenant, officer, school, giver, days="4"):
    with scope(tenant=tenant):
        return services.deployment_create(
            tenant=tenant, actor=officer, school=school, supporter_school=giver,
            objectives="Peer support for reading.", days=days, cost="0",
            starts_on=START, ends_on=END)


def test_an_officer_deploys_a_giving_school_with_no_leader_named(tenant_a, officer, school,
                                                                 giver):
    deployment = deploy_school(tenant_a, officer, school, giver)
    assert deployment.supporter is None and deployment.supporter_school == giver
    assert deployment.supporter_name == "Giving Primary"


def test_a_giving_school_is_never_deployed_beyond_the_tenants_days_a_year(
        tenant_a, personas, officer, school, giver):
    with scope(tenant=tenant_a):
        support_settings_update(tenant=tenant_a, actor=personas["a"][Role.ADMIN],
                                school_days_per_year=Decimal("6"))
    deploy_school(tenant_a, officer, school, giver, days="4")
    with pytest.raises(ValidationError, match="2.0 days left this year; 3.0 asked"):
        deploy_school(tenant_a, officer, school, giver, days="3")
    with scopes_disabled():
        assert Deployment.objects.count() == 1


def test_a_school_whose_level_does_not_give_is_refused_as_a_supporter(tenant_a, officer,
                                                                      school, levels):
    receiver = SchoolFactory(tenant=tenant_a)
    confirm(tenant_a, receiver, levels["4"], officer)
    with pytest.raises(ValidationError, match="not a school whose agreed capacity level"):
        deploy_school(tenant_a, officer, school, receiver)


def test_an_officer_brokers_a_giving_school_from_the_page(client_for, tenant_a, officer,
                                                          school, giver):
    url = f"/t/{tenant_a.slug}/support/schools/{school.urn}/"
    page = client_for(officer).get(url + f"brokering/?days=3&starts_on={START}")
    assert f'value="school:{giver.pk}"' in page.content.decode()
    response = client_for(officer).post(url + "deployments/new/", {
        "supporter": f"school:{giver.pk}", "objectives": "Reading.", "days": "3",
        "cost": "0", "starts_on": str(START), "ends_on": str(END)})
    assert response.status_code == 302
    with scopes_disabled():
        assert Deployment.objects.get().supporter_school == giver


def test_the_directory_lists_giving_schools_for_officers_and_refuses_headteachers(
        client_for, tenant_a, officer, head, giver):
    url = f"/t/{tenant_a.slug}/support/directory/"
    page = client_for(officer).get(url)
    assert page.status_code == 200
    assert "Giving Primary" in page.content.decode()
    assert "Level 1 - gives capacity" in page.content.decode()
    assert client_for(head).get(url).status_code == 403


def test_a_leader_sees_their_own_entry_and_not_the_directory(client_for, tenant_a, officer,
                                                              giver):
    from partnerships.models import SystemLeaderDesignation
    from tests.factories import MembershipFactory

    leader = MembershipFactory(tenant=tenant_a, role=Role.HEADTEACHER,
                               user__full_name="Lena Leader")
    with scope(tenant=tenant_a):
        SystemLeaderDesignation.objects.create(tenant=tenant_a, person=leader,
                                               designation="nle", designated_on=START,
                                               evidence="DfE letter")
        services.leader_capacity_set(tenant=tenant_a, actor=officer, person=leader,
                                     days_per_year="12", specialisms=["maths"])
    client = client_for(leader.user)
    page = client.get(f"/t/{tenant_a.slug}/support/directory/mine/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lena Leader" in html and "12.0 (12.0 left this year)" in html
    assert "Giving Primary" not in html
    assert client.get(f"/t/{tenant_a.slug}/support/directory/").status_code == 403


def test_the_directory_downloads_both_tables_as_the_page_shows_them(
        client_for, tenant_a, officer, head, giver):
    from tests.downloads import downloaded, page_rows

    client = client_for(officer)
    url = f"/t/{tenant_a.slug}/support/directory/"
    html = client.get(url).content.decode()
    rows = downloaded(client, url, html)
    schools = [cells for cells in page_rows(html, "giving-schools") if len(cells) == 4]
    assert schools, "the page lists the giving school"
    giving = [r for r in rows if r["Kind"] == "School able to give support"]
    assert [(f"{r['Name']} ({r['URN']})", r["Designation or capacity level"])
            for r in giving] == [(cells[0], cells[1]) for cells in schools]
    leaders = [cells for cells in page_rows(html, "leaders") if len(cells) > 1]
    assert len([r for r in rows if r["Kind"] == "System leader"]) == len(leaders)
    assert client_for(head).get(url + "export/").status_code == 403
