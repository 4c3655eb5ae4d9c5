"""The structure pages: levels, the tree, a partnership with its members and roles, and each
refusal of the services shown as a GOV.UK error. One test per council builds its structure
through the pages alone."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django_scopes import scope, scopes_disabled

from core.models import AuditEvent, Role
from partnerships import services
from partnerships.models import (
    Partnership,
    PartnershipLevel,
    PartnershipMembership,
    PartnershipRole,
    RoleKind,
)
from tests.factories import MembershipFactory, SchoolFactory

pytestmark = pytest.mark.django_db

SLUG = "wiltshire"
START = date(2024, 9, 1)


def url(name: str, *args) -> str:
    return reverse(name, args=[SLUG, *args])


@pytest.fixture
def officer(personas, client_for):
    return client_for(personas["a"]["officer"])


@pytest.fixture
def school(tenant_a):
    def make(name: str = "", phase: str = "primary", **fields):
        extra = {"establishment__name": name} if name else {}
        fields = {f"establishment__{key}": value for key, value in fields.items()}
        return SchoolFactory(tenant=tenant_a, establishment__phase=phase, **extra, **fields)

    return make


def head(school_):
    return MembershipFactory(tenant=school_.tenant, role=Role.HEADTEACHER, school=school_)


def add_level(client, name: str, rank: int, parent: PartnershipLevel | None = None, **extra):
    data = {"name": name, "rank": rank, "parent_level": parent.pk if parent else "",
            "lead_title": extra.pop("lead_title", "Lead"),
            "lead_eligibility": extra.pop("lead_eligibility", "head_of_member"),
            "max_advisers": extra.pop("max_advisers", 2), "description": "", **extra}
    response = client.post(url("partnerships:partnership-level-create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        return PartnershipLevel.objects.get(name=name)


def add_partnership(client, level, name: str, parent=None, kind: str = "structured"):
    response = client.post(url("partnerships:partnership-create"), {
        "level": level.pk, "name": name, "partnership_type": kind,
        "parent": parent.pk if parent else "", "is_geographical": "on",
        "start_date": "2024-09-01",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        return Partnership.objects.get(level=level, name=name)


def add_school(client, partnership, school_, **extra):
    return client.post(url("partnerships:partnership-add-school", partnership.pk),
                       {"school": school_.pk, "start_date": "2024-09-01", **extra})


def assign(client, partnership, kind: str, person=None, **extra):
    return client.post(url("partnerships:partnership-role-assign", partnership.pk), {
        "kind": kind, "person": person.pk if person else "", "start_date": "2024-09-02",
        **extra,
    })


@pytest.fixture
def wiltshire(officer):
    region = add_level(officer, "Region", 2, lead_title="Regional lead")
    hub = add_level(officer, "Hub", 1, region, lead_title="Hub chair")
    north = add_partnership(officer, region, "North")
    chippenham = add_partnership(officer, hub, "Chippenham hub", north)
    return {"region": region, "hub": hub, "north": north, "chippenham": chippenham}


def errors(response) -> str:
    body = response.content.decode()
    assert "govuk-error-summary" in body, body[:3000]
    return body


# --- who may see and change --------------------------------------------------------------


def test_a_headteacher_may_not_see_the_structure(personas, client_for):
    headteacher = client_for(personas["a"]["headteacher"])
    response = headteacher.get(url("partnerships:partnership-structure"))
    assert response.status_code == 403


def test_an_officer_of_another_tenant_gets_404_for_a_partnership(wiltshire, personas,
                                                                   client_for):
    client = client_for(personas["b"]["officer"])
    response = client.get(url("partnerships:partnership-detail", wiltshire["north"].pk))
    assert response.status_code == 404
    assert "North" not in response.content.decode()


def test_a_partnership_of_another_tenant_is_not_found_in_the_officers_own_tenant(
    wiltshire, personas, client_for
):
    client = client_for(personas["b"]["officer"])
    response = client.get(reverse("partnerships:partnership-detail", args=["dorset",
                                                                           wiltshire["north"].pk]))
    assert response.status_code == 404


def test_the_navigation_offers_partnerships_to_an_officer(officer):
    body = officer.get(url("partnerships:partnership-structure")).content.decode()
    assert f'href="{url("partnerships:partnership-structure")}"' in body
    assert 'aria-current="true">Partnerships<' in body


# --- levels ------------------------------------------------------------------------------


def test_an_officer_adds_a_level_inside_a_broader_one(officer):
    region = add_level(officer, "Region", 2)
    hub = add_level(officer, "Hub", 1, region, lead_title="Hub chair")
    assert hub.parent_level == region
    body = officer.get(url("partnerships:partnership-level-list")).content.decode()
    assert "Hub chair" in body and "Region" in body


def test_a_level_inside_a_narrower_one_is_refused_with_the_reason(officer):
    hub = add_level(officer, "Hub", 1)
    response = officer.post(url("partnerships:partnership-level-create"), {
        "name": "Region", "rank": 1, "parent_level": hub.pk, "lead_title": "Lead",
        "lead_eligibility": "head_of_member", "max_advisers": 2,
    })
    assert response.status_code == 400
    assert "must be broader than" in errors(response)


def test_a_level_is_changed_through_its_service_with_an_audit_row(officer, wiltshire):
    response = officer.post(url("partnerships:partnership-level-edit", wiltshire["hub"].pk), {
        "name": "Hub", "rank": 1, "parent_level": wiltshire["region"].pk,
        "lead_title": "Hub chair", "lead_eligibility": "head_of_member", "max_advisers": 1,
    })
    assert response.status_code == 302
    with scopes_disabled():
        assert PartnershipLevel.objects.get(pk=wiltshire["hub"].pk).max_advisers == 1
        assert AuditEvent.objects.filter(action="partnership_level.update").exists()


def test_a_level_cannot_rank_at_or_below_a_level_inside_it(officer, wiltshire):
    response = officer.post(url("partnerships:partnership-level-edit", wiltshire["region"].pk), {
        "name": "Region", "rank": 1, "parent_level": "", "lead_title": "Regional lead",
        "lead_eligibility": "head_of_member", "max_advisers": 2,
    })
    assert response.status_code == 400
    assert "Hub (rank 1) sits inside Region" in errors(response)


def test_a_level_keeps_its_parent_while_its_partnerships_sit_inside_others(officer, wiltshire):
    response = officer.post(url("partnerships:partnership-level-edit", wiltshire["hub"].pk), {
        "name": "Hub", "rank": 1, "parent_level": "", "lead_title": "Hub chair",
        "lead_eligibility": "head_of_member", "max_advisers": 2,
    })
    assert response.status_code == 400
    assert "Chippenham hub sits inside North" in errors(response)


def test_fewer_advisers_are_refused_while_a_partnership_has_more_in_post(officer, wiltshire,
                                                                        tenant_a):
    for _ in range(2):
        adviser = MembershipFactory(tenant=tenant_a, role=Role.OFFICER)
        assert assign(officer, wiltshire["chippenham"], RoleKind.ADVISER,
                      adviser).status_code == 302
    response = officer.post(url("partnerships:partnership-level-edit", wiltshire["hub"].pk), {
        "name": "Hub", "rank": 1, "parent_level": wiltshire["region"].pk,
        "lead_title": "Hub chair", "lead_eligibility": "head_of_member", "max_advisers": 1,
    })
    assert response.status_code == 400
    assert "Chippenham hub has 2 advisers in post" in errors(response)


# --- partnerships ------------------------------------------------------------------------


def test_the_create_page_explains_each_type(officer, wiltshire):
    body = officer.get(url("partnerships:partnership-create")).content.decode()
    assert "takes on intervention" in body
    assert "Commissioned by the local authority" in body
    assert "the local authority keeps" in body


def test_a_region_inside_a_region_is_refused_with_the_reason(officer, wiltshire):
    response = officer.post(url("partnerships:partnership-create"), {
        "level": wiltshire["region"].pk, "name": "South", "partnership_type": "structured",
        "parent": wiltshire["north"].pk,
    })
    assert response.status_code == 400
    assert "A Region does not sit inside another partnership" in errors(response)


def test_only_partnerships_of_a_broader_level_are_offered_as_parents(officer, wiltshire):
    body = officer.get(url("partnerships:partnership-create")).content.decode()
    assert "North (Region)" in body
    assert "Chippenham hub (Hub)" not in body


def test_a_nesting_cycle_is_refused_on_the_edit_page(officer):
    alliance = add_level(officer, "Alliance", 2)
    with scopes_disabled():
        # Strictly ranked levels cannot loop; a level nested in itself (data from before the
        # rank rule) is the one way two partnerships could, and the service still refuses.
        PartnershipLevel.objects.filter(pk=alliance.pk).update(parent_level=alliance.pk)
    first = add_partnership(officer, alliance, "East alliance")
    second = add_partnership(officer, alliance, "West alliance", first)
    response = officer.post(url("partnerships:partnership-edit", first.pk), {
        "name": "East alliance", "partnership_type": "structured", "parent": second.pk,
    })
    assert response.status_code == 400
    assert "which would make a loop" in errors(response)


def test_the_tree_nests_hubs_under_regions_with_member_counts(officer, wiltshire, school):
    for name in ("Abbeyfield School", "Bradon Forest School"):
        assert add_school(officer, wiltshire["chippenham"], school(name)).status_code == 302
    body = officer.get(url("partnerships:partnership-structure")).content.decode()
    north = body.index(">North<")
    hub = body.index(">Chippenham hub<")
    assert north < hub
    assert "2 schools in its 1 hub" in body
    assert "· 2 schools" in body


def test_the_linked_teaching_school_hub_is_kept_on_the_partnership(officer, wiltshire):
    response = officer.post(url("partnerships:partnership-edit", wiltshire["chippenham"].pk), {
        "name": "Chippenham hub", "partnership_type": "structured",
        "parent": wiltshire["north"].pk, "is_geographical": "on",
        "teaching_school_hub": "Pickwick Teaching School Hub",
    })
    assert response.status_code == 302
    body = officer.get(url("partnerships:partnership-detail",
                           wiltshire["chippenham"].pk)).content.decode()
    assert "Pickwick Teaching School Hub" in body


# --- members -----------------------------------------------------------------------------


def test_the_add_school_select_lists_schools_not_in_a_hub_first(officer, wiltshire, school,
                                                                 tenant_a, personas):
    in_hub = school("Aardvark Primary School")
    add_school(officer, wiltshire["chippenham"], in_hub)
    free = school("Zebra Primary School")
    body = officer.get(url("partnerships:partnership-add-school",
                           wiltshire["chippenham"].pk)).content.decode()
    body = body[body.index('name="school"'):]
    assert body.index("Zebra Primary School") < body.index("Aardvark Primary School")
    assert "already in a hub" in body
    assert free.establishment.name in body


def test_closed_schools_are_not_offered(officer, wiltshire, school):
    closed = school("Closed Infant School", is_open=False)
    body = officer.get(url("partnerships:partnership-add-school",
                           wiltshire["chippenham"].pk)).content.decode()
    assert closed.establishment.name not in body


def test_the_school_search_narrows_the_select(officer, wiltshire, school):
    school("Kington Langley Primary")
    school("Sutton Benger Primary")
    page = url("partnerships:partnership-add-school", wiltshire["chippenham"].pk)
    body = officer.get(page, {"q": "langley"}).content.decode()
    assert "Kington Langley Primary" in body
    assert "Sutton Benger Primary" not in body


def test_a_school_already_in_another_hub_is_refused_with_the_reason(officer, wiltshire, school):
    calne = add_partnership(officer, wiltshire["hub"], "Calne hub", wiltshire["north"])
    member = school("Calne Priestley Primary")
    assert add_school(officer, calne, member).status_code == 302
    response = add_school(officer, wiltshire["chippenham"], member)
    assert response.status_code == 400
    assert "a school can be in only one Hub at a time" in errors(response)
    # The refused choice stays chosen, marked as already in a hub.
    body = response.content.decode()
    assert (f'<option value="{member.pk}" selected>Calne Priestley Primary '
            f'(URN {member.establishment_id}) – already in a hub</option>') in body
    assert body.count(" selected>") == 1


def test_a_school_name_is_escaped_in_the_add_school_select(officer, wiltshire, school):
    school("St Mary & St John <Primary>")
    body = officer.get(url("partnerships:partnership-add-school",
                           wiltshire["chippenham"].pk)).content.decode()
    assert "St Mary &amp; St John &lt;Primary&gt;" in body
    assert "<Primary>" not in body


def test_ending_a_membership_keeps_it_in_the_history_with_its_reason(officer, wiltshire, school):
    member = school("Hardenhuish School")
    add_school(officer, wiltshire["chippenham"], member)
    with scopes_disabled():
        membership = PartnershipMembership.objects.get(school=member)
    response = officer.post(
        url("partnerships:partnership-membership-end", wiltshire["chippenham"].pk, membership.pk),
        {"end_date": "2025-01-06", "reason": "Joined its trust's own partnership"},
    )
    assert response.status_code == 302
    body = officer.get(url("partnerships:partnership-detail",
                           wiltshire["chippenham"].pk)).content.decode()
    history = body[body.index('data-testid="past-members"'):]
    assert "Hardenhuish School" in history
    assert "Joined its trust&#x27;s own partnership" in history
    assert "6 January 2025" in history


def test_ending_a_membership_needs_a_reason(officer, wiltshire, school):
    member = school()
    add_school(officer, wiltshire["chippenham"], member)
    with scopes_disabled():
        membership = PartnershipMembership.objects.get(school=member)
    response = officer.post(
        url("partnerships:partnership-membership-end", wiltshire["chippenham"].pk, membership.pk),
        {"end_date": "2025-01-06", "reason": ""},
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert PartnershipMembership.objects.get(pk=membership.pk).end_date is None


def test_a_membership_cannot_end_before_it_started(officer, wiltshire, school):
    member = school()
    add_school(officer, wiltshire["chippenham"], member)
    with scopes_disabled():
        membership = PartnershipMembership.objects.get(school=member)
    response = officer.post(
        url("partnerships:partnership-membership-end", wiltshire["chippenham"].pk, membership.pk),
        {"end_date": "2024-08-01", "reason": "A mistake"},
    )
    assert response.status_code == 400
    assert "must end after the day it started" in errors(response)


# --- roles -------------------------------------------------------------------------------


def test_the_head_of_a_member_school_is_named_chair(officer, wiltshire, school):
    member = school("Ivy Lane Primary")
    add_school(officer, wiltshire["chippenham"], member)
    person = head(member)
    response = assign(officer, wiltshire["chippenham"], RoleKind.CHAIR, person)
    assert response.status_code == 302
    body = officer.get(url("partnerships:partnership-detail",
                           wiltshire["chippenham"].pk)).content.decode()
    roles = body[body.index('data-testid="roles"'):]
    assert f"{person.user}, headteacher of Ivy Lane Primary" in roles


def test_a_chair_who_heads_no_member_school_is_refused(officer, wiltshire, school):
    outsider = head(school("Somewhere Else Primary"))
    response = assign(officer, wiltshire["chippenham"], RoleKind.CHAIR, outsider)
    assert response.status_code == 400
    assert "must be the headteacher of a member school" in errors(response)


def test_the_role_page_offers_heads_of_member_schools_first(officer, wiltshire, school):
    member = school("Ivy Lane Primary")
    add_school(officer, wiltshire["chippenham"], member)
    head(member)
    head(school("Not A Member Primary"))
    body = officer.get(url("partnerships:partnership-role-assign",
                           wiltshire["chippenham"].pk)).content.decode()
    assert body.index("Ivy Lane Primary") < body.index("Not A Member Primary")


def test_a_third_adviser_is_refused(officer, wiltshire, tenant_a):
    advisers = [MembershipFactory(tenant=tenant_a, role=Role.OFFICER) for _ in range(3)]
    for adviser in advisers[:2]:
        assert assign(officer, wiltshire["chippenham"], RoleKind.ADVISER,
                      adviser).status_code == 302
    response = assign(officer, wiltshire["chippenham"], RoleKind.ADVISER, advisers[2])
    assert response.status_code == 400
    assert "already has 2 school improvement advisers" in errors(response)


def test_a_lead_needs_evidence_while_ofsted_data_is_missing(officer, school):
    level = add_level(officer, "Primary consortium", 1, lead_title="Consortium lead",
                      lead_eligibility="outstanding_or_system_leader")
    consortium = add_partnership(officer, level, "Rugby primary consortium")
    member = school()
    add_school(officer, consortium, member)
    person = head(member)
    refused = assign(officer, consortium, RoleKind.LEAD, person)
    assert refused.status_code == 400
    assert "cannot check it yet" in errors(refused)
    accepted = assign(officer, consortium, RoleKind.LEAD, person,
                      evidence_note="Outstanding, Ofsted report of 12 March 2019")
    assert accepted.status_code == 302


def test_a_regional_lead_is_an_officer_over_a_region(officer, wiltshire, tenant_a):
    lead = MembershipFactory(tenant=tenant_a, role=Role.OFFICER)
    assert assign(officer, wiltshire["north"], RoleKind.REGIONAL_LEAD, lead).status_code == 302
    refused = assign(officer, wiltshire["chippenham"], RoleKind.REGIONAL_LEAD, lead)
    assert refused.status_code == 400
    assert "no level sits inside Hub" in errors(refused)


def test_a_school_improvement_partner_may_be_named_in_free_text(officer, wiltshire):
    response = assign(officer, wiltshire["chippenham"], RoleKind.IMPROVEMENT_PARTNER,
                      external_name="Dr Pat Quinn")
    assert response.status_code == 302
    body = officer.get(url("partnerships:partnership-detail",
                           wiltshire["chippenham"].pk)).content.decode()
    assert "Dr Pat Quinn" in body


def test_ending_a_role_keeps_it_as_history(officer, wiltshire, tenant_a):
    adviser = MembershipFactory(tenant=tenant_a, role=Role.OFFICER)
    assign(officer, wiltshire["chippenham"], RoleKind.ADVISER, adviser)
    with scopes_disabled():
        role = PartnershipRole.objects.get(person=adviser)
    response = officer.post(url("partnerships:partnership-role-end", wiltshire["chippenham"].pk,
                                role.pk),
                            {"end_date": "2025-01-06"})
    assert response.status_code == 302
    body = officer.get(url("partnerships:partnership-detail",
                           wiltshire["chippenham"].pk)).content.decode()
    # Escaped as the page escapes it: a name such as O'Brien is O&#x27;Brien in the HTML.
    assert escape(str(adviser.user)) in body[body.index('data-testid="past-roles"'):]


# --- the councils' structures, built through the pages -----------------------------------


def test_wiltshire_builds_regions_of_hubs_with_chairs_and_advisers(officer, school, tenant_a):
    region = add_level(officer, "Region", 2, lead_title="Regional lead")
    hub = add_level(officer, "Hub", 1, region, lead_title="Hub chair", max_advisers=2)
    regions = {name: add_partnership(officer, region, name) for name in ("North", "South")}
    hubs = {
        "Chippenham hub": add_partnership(officer, hub, "Chippenham hub", regions["North"]),
        "Salisbury hub": add_partnership(officer, hub, "Salisbury hub", regions["South"]),
    }
    for hub_partnership in hubs.values():
        members = [school() for _ in range(3)]
        for member in members:
            assert add_school(officer, hub_partnership, member).status_code == 302
        assert assign(officer, hub_partnership, RoleKind.CHAIR, head(members[0])).status_code == 302
        adviser = MembershipFactory(tenant=tenant_a, role=Role.OFFICER)
        assert assign(officer, hub_partnership, RoleKind.ADVISER, adviser).status_code == 302
    with scope(tenant=tenant_a):
        assert {p.name: p.parent.name for p in Partnership.objects.filter(level=hub)} == {
            "Chippenham hub": "North", "Salisbury hub": "South"}
        assert PartnershipMembership.objects.filter(level=hub).count() == 6
        assert PartnershipRole.objects.filter(kind=RoleKind.CHAIR).count() == 2


def test_dorset_builds_family_clusters_in_alliances_under_a_strategic_board(officer, school,
                                                                            tenant_a):
    board = add_level(officer, "Strategic board", 3)
    alliance = add_level(officer, "Alliance", 2, board)
    cluster = add_level(officer, "Family cluster", 1, alliance)
    dorset = add_partnership(officer, board, "Dorset strategic board")
    east = add_partnership(officer, alliance, "East Dorset alliance", dorset)
    wimborne = add_partnership(officer, cluster, "Wimborne family cluster", east)
    ferndown = add_partnership(officer, cluster, "Ferndown family cluster", east)
    for cluster_partnership in (wimborne, ferndown):
        for _ in range(2):
            assert add_school(officer, cluster_partnership, school()).status_code == 302
    body = officer.get(url("partnerships:partnership-structure")).content.decode()
    assert body.index("Dorset strategic board") < body.index("East Dorset alliance") < body.index(
        "Ferndown family cluster")
    with scope(tenant=tenant_a):
        assert Partnership.objects.get(pk=wimborne.pk).parent.parent == dorset


def test_barnet_builds_hard_structured_and_loose_partnerships(officer, school, tenant_a):
    level = add_level(officer, "Partnership", 1)
    types = {"Barnet federation": "hard", "West Barnet partnership": "structured",
             "Colindale network": "loose"}
    for name, kind in types.items():
        partnership = add_partnership(officer, level, name, kind=kind)
        assert add_school(officer, partnership, school()).status_code == 302
    academy = school(governance="academy")
    with scopes_disabled():
        loose = Partnership.objects.get(name="Colindale network")
    assert add_school(officer, loose, academy, days_purchased="3.5").status_code == 302
    with scope(tenant=tenant_a):
        assert dict(Partnership.objects.values_list("name", "partnership_type")) == types
        assert PartnershipMembership.objects.get(school=academy).days_purchased == 3.5


# --- query counts ------------------------------------------------------------------------


def _count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def _grow(tenant, officer_user, hub_partnership, region_level, hub_level, schools: int,
          prefix: str):
    """Add schools (half in the hub, with heads) and as many more regions and hubs."""
    with scope(tenant=tenant):
        for i in range(schools):
            member = SchoolFactory(tenant=tenant)
            if i % 2 == 0:
                services.partnership_add_school(tenant=tenant, actor=officer_user,
                                                partnership=hub_partnership, school=member,
                                                start_date=START)
        for i in range(schools // 10):
            region = services.partnership_create(tenant=tenant, actor=officer_user,
                                                 level=region_level, name=f"Region {prefix}{i}")
            services.partnership_create(tenant=tenant, actor=officer_user, level=hub_level,
                                        name=f"Hub {prefix}{i}", parent=region)


@pytest.mark.parametrize("page", ["tree", "partnership"])
def test_the_page_makes_as_many_queries_for_200_schools_as_for_10(page, officer, wiltshire,
                                                                  personas, tenant_a):
    officer_user = personas["a"]["officer"]
    path = (url("partnerships:partnership-structure") if page == "tree"
            else url("partnerships:partnership-detail", wiltshire["chippenham"].pk))
    _grow(tenant_a, officer_user, wiltshire["chippenham"], wiltshire["region"], wiltshire["hub"],
          10, "a")
    small = _count(officer, path)
    _grow(tenant_a, officer_user, wiltshire["chippenham"], wiltshire["region"], wiltshire["hub"],
          190, "b")
    assert _count(officer, path) == small
