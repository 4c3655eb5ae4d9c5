"""The register's rules: who may edit which fields, lineage through conversions, and the
filters and search behind both the register page and the API."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scope, scopes_disabled

from core.models import AuditEvent, Membership, Role
from schools import selectors, services
from schools.filters import RegisterFilter
from schools.models import EstablishmentLink, Governance, Phase, School
from tests.factories import EstablishmentFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def membership(tenant, role) -> Membership:
    with scopes_disabled():
        return Membership.objects.select_related("user").get(tenant=tenant, role=role)


# --- editing --------------------------------------------------------------------------------


def test_an_officer_may_edit_the_officer_fields(personas, tenant_a):
    school = personas["a"]["school"]
    fields = services.editable_school_fields(membership=membership(tenant_a, Role.OFFICER),
                                             school=school)
    assert fields == School.OFFICER_FIELDS
    assert {"locality", "link_adviser", "officer_notes"} <= set(fields)


def test_a_headteacher_may_edit_only_the_contact_fields_of_their_own_school(personas, tenant_a):
    head = membership(tenant_a, Role.HEADTEACHER)
    assert services.editable_school_fields(membership=head, school=personas["a"]["school"]) == \
        School.HEADTEACHER_FIELDS
    assert "officer_notes" not in School.HEADTEACHER_FIELDS


def test_a_headteacher_may_edit_nothing_of_another_school(personas, tenant_a):
    other = SchoolFactory(tenant=tenant_a)
    head = membership(tenant_a, Role.HEADTEACHER)
    assert services.editable_school_fields(membership=head, school=other) == ()


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.VIEWER])
def test_board_members_and_viewers_may_edit_nothing(personas, tenant_a, role):
    assert services.editable_school_fields(membership=membership(tenant_a, role),
                                           school=personas["a"]["school"]) == ()


def test_an_officer_update_is_saved_and_audited_with_the_changes(personas, tenant_a):
    officer = membership(tenant_a, Role.OFFICER)
    school = personas["a"]["school"]
    with scope(tenant=tenant_a):
        services.school_update(school=school, actor=officer.user, membership=officer,
                               data={"locality": "Chippenham", "link_adviser": officer})
        school.refresh_from_db()
        event = AuditEvent.objects.get(action="school.update")
    assert (school.locality, school.link_adviser) == ("Chippenham", officer)
    assert event.actor == officer.user
    assert event.object_id == str(school.pk)
    assert event.changes == {"locality": ["", "Chippenham"],
                             "link_adviser": ["None", str(officer)]}


def test_an_update_that_changes_nothing_writes_no_audit_row(personas, tenant_a):
    officer = membership(tenant_a, Role.OFFICER)
    with scope(tenant=tenant_a):
        services.school_update(school=personas["a"]["school"], actor=officer.user,
                               membership=officer, data={"locality": ""})
        assert not AuditEvent.objects.filter(action="school.update").exists()


def test_a_headteacher_is_refused_an_officer_field_and_nothing_is_saved(personas, tenant_a):
    head = membership(tenant_a, Role.HEADTEACHER)
    school = personas["a"]["school"]
    with scope(tenant=tenant_a), pytest.raises(PermissionDenied, match="officer_notes"):
        services.school_update(school=school, actor=head.user, membership=head,
                               data={"contact_phone": "01225 000000", "officer_notes": "x"})
    with scopes_disabled():
        school.refresh_from_db()
    assert school.contact_phone == ""


def test_a_headteacher_updates_their_own_contact_fields(personas, tenant_a):
    head = membership(tenant_a, Role.HEADTEACHER)
    school = personas["a"]["school"]
    with scope(tenant=tenant_a):
        services.school_update(school=school, actor=head.user, membership=head,
                               data={"headteacher_name": "Ms A Example"})
    with scopes_disabled():
        school.refresh_from_db()
    assert school.headteacher_name == "Ms A Example"


def test_an_adviser_from_another_tenant_is_refused(personas, tenant_a, tenant_b):
    officer = membership(tenant_a, Role.OFFICER)
    outsider = membership(tenant_b, Role.OFFICER)
    with scope(tenant=tenant_a), pytest.raises(ValidationError) as error:
        services.school_update(school=personas["a"]["school"], actor=officer.user,
                               membership=officer, data={"link_adviser": outsider})
    assert "link_adviser" in error.value.message_dict


def test_a_headteacher_cannot_be_a_link_adviser(personas, tenant_a):
    officer = membership(tenant_a, Role.OFFICER)
    with scope(tenant=tenant_a), pytest.raises(ValidationError) as error:
        services.school_update(school=personas["a"]["school"], actor=officer.user,
                               membership=officer,
                               data={"link_adviser": membership(tenant_a, Role.HEADTEACHER)})
    assert "link_adviser" in error.value.message_dict


def test_an_invalid_email_is_refused_by_full_clean(personas, tenant_a):
    officer = membership(tenant_a, Role.OFFICER)
    with scope(tenant=tenant_a), pytest.raises(ValidationError) as error:
        services.school_update(school=personas["a"]["school"], actor=officer.user,
                               membership=officer, data={"contact_email": "nope"})
    assert "contact_email" in error.value.message_dict


# --- lineage --------------------------------------------------------------------------------


def link(urn, linked, link_type, when=None) -> None:
    EstablishmentLink.objects.create(urn=urn, linked_urn=linked, link_type=link_type,
                                     established_date=when)


def test_lineage_follows_predecessors_through_two_conversions(tenant_a):
    first = EstablishmentFactory(la_code="865", name="Hill Infant School", is_open=False)
    second = SchoolFactory(tenant=tenant_a, establishment__name="Hill Primary School",
                           establishment__is_open=False)
    third = SchoolFactory(tenant=tenant_a, establishment__name="Hill Primary Academy")
    link(third.urn, second.urn, "Predecessor", date(2019, 9, 1))
    link(second.urn, first.urn, "Predecessor - amalgamated", date(2012, 9, 1))
    link(second.urn, third.urn, "Successor", date(2019, 9, 1))
    with scope(tenant=tenant_a):
        lineage = selectors.school_lineage(school=third)
    assert [e.link.linked_urn for e in lineage["predecessors"]] == [second.urn, first.urn]
    assert lineage["predecessors"][0].in_register == second
    assert lineage["predecessors"][1].in_register is None
    assert lineage["predecessors"][1].establishment.name == "Hill Infant School"
    assert lineage["successors"] == []


def test_lineage_follows_successors_forward(tenant_a):
    old = SchoolFactory(tenant=tenant_a, establishment__is_open=False)
    middle = EstablishmentFactory(la_code="865")
    new = EstablishmentFactory(la_code="865")
    link(old.urn, middle.urn, "Successor")
    link(middle.urn, new.urn, "Successor - merged")
    with scope(tenant=tenant_a):
        lineage = selectors.school_lineage(school=old)
    assert [e.link.linked_urn for e in lineage["successors"]] == [middle.urn, new.urn]


def test_a_merger_partner_is_named_as_such_never_as_a_predecessor(tenant_a):
    infant = SchoolFactory(tenant=tenant_a, establishment__name="Barnsbury Infant School",
                           establishment__is_open=False)
    junior = EstablishmentFactory(la_code="865", name="Barnsbury Junior School", is_open=False)
    primary = SchoolFactory(tenant=tenant_a, establishment__name="Barnsbury Primary School")
    for old in (infant.urn, junior.urn):
        link(old, primary.urn, "Successor - merged", date(2015, 9, 1))
        link(primary.urn, old, "Predecessor - merged", date(2015, 9, 1))
    with scope(tenant=tenant_a):
        lineage = selectors.school_lineage(school=infant)
        of_primary = selectors.school_lineage(school=primary)
    assert lineage["predecessors"] == []
    assert [e.link.linked_urn for e in lineage["successors"]] == [primary.urn]
    assert [e.establishment.name for e in lineage["merged_with"]] == ["Barnsbury Junior School"]
    assert sorted(e.link.linked_urn for e in of_primary["predecessors"]) == sorted(
        [infant.urn, junior.urn])
    assert of_primary["merged_with"] == []


def test_lineage_survives_a_cycle_in_the_links(tenant_a):
    school = SchoolFactory(tenant=tenant_a)
    other = EstablishmentFactory(la_code="865")
    link(school.urn, other.urn, "Predecessor")
    link(other.urn, school.urn, "Predecessor")
    with scope(tenant=tenant_a):
        lineage = selectors.school_lineage(school=school)
    assert [e.link.linked_urn for e in lineage["predecessors"]] == [other.urn]


def test_lineage_does_not_reveal_another_tenants_register_entry(tenant_a, tenant_b):
    school = SchoolFactory(tenant=tenant_a)
    theirs = SchoolFactory(tenant=tenant_b)
    link(school.urn, theirs.urn, "Predecessor")
    with scope(tenant=tenant_a):
        [entry] = selectors.school_lineage(school=school)["predecessors"]
    assert entry.in_register is None
    assert entry.establishment == theirs.establishment  # the public GIAS record only


# --- filters and search ---------------------------------------------------------------------


@pytest.fixture
def register(tenant_a, tenant_b):
    """A small register in tenant A, and a look-alike in tenant B that must never appear."""
    schools = {
        "primary": SchoolFactory(tenant=tenant_a, establishment__name="Avon Primary School",
                                 establishment__postcode="SN15 1AA",
                                 establishment__town="Chippenham"),
        "academy": SchoolFactory(
            tenant=tenant_a, establishment__name="Kennet Academy",
            establishment__phase=Phase.SECONDARY, establishment__governance=Governance.ACADEMY,
            establishment__type_name="Academy converter", establishment__trust_name="Kennet Trust",
            establishment__town="Devizes", establishment__postcode="SN10 2BB",
        ),
        "special": SchoolFactory(tenant=tenant_a, establishment__name="Downland School",
                                 establishment__phase=Phase.SPECIAL,
                                 establishment__type_name="Community special school",
                                 establishment__town="Devizes"),
        "closed": SchoolFactory(tenant=tenant_a, establishment__name="Old Avon Infants",
                                establishment__is_open=False),
    }
    SchoolFactory(tenant=tenant_b, establishment__name="Avon Primary School (Dorset)",
                  establishment__phase=Phase.SECONDARY,
                  establishment__governance=Governance.ACADEMY,
                  establishment__trust_name="Kennet Trust")
    return schools


def listed(tenant, **filters) -> set[str]:
    with scope(tenant=tenant):
        return {
            s.establishment.name
            for s in RegisterFilter(filters).qs
        }


def test_the_default_list_is_the_tenants_open_schools(register, tenant_a):
    assert listed(tenant_a) == {"Avon Primary School", "Kennet Academy", "Downland School"}


@pytest.mark.parametrize(("filters", "expected"), [
    ({"phase": Phase.SECONDARY}, {"Kennet Academy"}),
    ({"phase": Phase.SPECIAL}, {"Downland School"}),
    ({"governance": Governance.ACADEMY}, {"Kennet Academy"}),
    ({"governance": Governance.MAINTAINED}, {"Avon Primary School", "Downland School"}),
    ({"type": "Community special school"}, {"Downland School"}),
    ({"trust": "Kennet Trust"}, {"Kennet Academy"}),
    ({"status": "closed"}, {"Old Avon Infants"}),
    ({"status": "all"}, {"Avon Primary School", "Kennet Academy", "Downland School",
                         "Old Avon Infants"}),
    ({"q": "avon"}, {"Avon Primary School"}),
    ({"q": "avon", "status": "all"}, {"Avon Primary School", "Old Avon Infants"}),
    ({"q": "SN10"}, {"Kennet Academy"}),
    ({"q": "devizes"}, {"Kennet Academy", "Downland School"}),
    ({"q": "devizes", "phase": Phase.SPECIAL}, {"Downland School"}),
    ({"q": "no such school"}, set()),
])
def test_each_filter_narrows_the_list(register, tenant_a, filters, expected):
    assert listed(tenant_a, **filters) == expected


def test_search_by_urn_finds_the_school(register, tenant_a):
    urn = register["special"].urn
    assert listed(tenant_a, q=str(urn)) == {"Downland School"}


def test_the_list_is_ordered_by_name(register, tenant_a):
    with scope(tenant=tenant_a):
        names = [s.establishment.name for s in RegisterFilter({"status": "all"}).qs]
    assert names == sorted(names)


def test_the_list_query_count_does_not_grow_with_rows(register, tenant_a,
                                                      django_assert_num_queries):
    with scope(tenant=tenant_a):
        with django_assert_num_queries(1):
            rows = list(RegisterFilter({"status": "all"}).qs)
            for school in rows:
                _ = school.establishment.name, school.link_adviser
        assert len(rows) == 4


def test_the_register_page_keeps_the_filters_it_was_given_and_no_more(personas, client_for):
    client = client_for(personas["a"]["officer"])
    page = client.get("/t/wiltshire/schools/").content.decode()
    assert 'name="q" type="search" value=""' in page  # never the word "None" as a search
    assert '<option value="open" selected>' in page
    page = client.get("/t/wiltshire/schools/?q=avon&status=closed").content.decode()
    assert 'name="q" type="search" value="avon"' in page
    assert '<option value="closed" selected>' in page
