"""Levels, nesting, dated memberships and roles: every rule of the structure."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django_scopes import scope

from core.models import AuditEvent, Role
from partnerships import eligibility, services
from partnerships.models import PartnershipMembership, PartnershipRole, RoleKind
from partnerships.selectors import partnership_members, school_partnerships
from schools import questions
from schools.selectors import school_of
from tests.factories import MembershipFactory
from tests.partnerships.conftest import START

pytestmark = pytest.mark.django_db

LATER = date(2025, 1, 6)


def add(tenant, actor, partnership, school, start=START, **kwargs):
    return services.partnership_add_school(tenant=tenant, actor=actor, partnership=partnership,
                                           school=school, start_date=start, **kwargs)


# --- Levels and nesting ---------------------------------------------------------------------


def test_dorset_three_nested_levels_can_be_built(in_a, officer_a):
    board = services.partnership_level_create(tenant=in_a, actor=officer_a,
                                              name="Strategic board", rank=3)
    alliance = services.partnership_level_create(tenant=in_a, actor=officer_a, name="Alliance",
                                                 rank=2, parent_level=board)
    cluster = services.partnership_level_create(tenant=in_a, actor=officer_a,
                                                name="Family cluster", rank=1,
                                                parent_level=alliance)
    top = services.partnership_create(tenant=in_a, actor=officer_a, level=board, name="Dorset")
    west = services.partnership_create(tenant=in_a, actor=officer_a, level=alliance,
                                       name="West", parent=top)
    family = services.partnership_create(tenant=in_a, actor=officer_a, level=cluster,
                                         name="Bridport", parent=west)
    assert family.parent.parent == top


def test_a_level_must_sit_inside_a_broader_level(in_a, officer_a):
    hub = services.partnership_level_create(tenant=in_a, actor=officer_a, name="Hub", rank=1)
    with pytest.raises(ValidationError, match="must be broader"):
        services.partnership_level_create(tenant=in_a, actor=officer_a, name="Region", rank=2,
                                          parent_level=hub)


def test_a_hub_cannot_sit_inside_another_hub(in_a, officer_a, wiltshire):
    with pytest.raises(ValidationError, match="sits inside a Region"):
        services.partnership_create(tenant=in_a, actor=officer_a, level=wiltshire["hub"],
                                    name="Calne hub", parent=wiltshire["hub_a"])


def test_a_nesting_cycle_is_refused(in_a, officer_a, wiltshire):
    with pytest.raises(ValidationError, match="loop"):
        services.partnership_set_parent(tenant=in_a, actor=officer_a,
                                        partnership=wiltshire["north"],
                                        parent=wiltshire["hub_a"])


def test_a_partnership_cannot_sit_inside_itself(in_a, officer_a, wiltshire):
    with pytest.raises(ValidationError, match="loop"):
        services.partnership_set_parent(tenant=in_a, actor=officer_a,
                                        partnership=wiltshire["north"], parent=wiltshire["north"])


def test_creating_a_partnership_writes_an_audit_row(in_a, officer_a, wiltshire):
    event = AuditEvent.objects.filter(action="partnership.create",
                                      object_id=str(wiltshire["hub_a"].pk)).get()
    assert event.actor == officer_a


def test_a_parent_partnership_of_another_tenant_is_refused(tenant_b, in_a, officer_a, wiltshire):
    with scope(tenant=tenant_b):
        region_b = services.partnership_level_create(tenant=tenant_b, actor=None, name="Region",
                                                     rank=2)
        north_b = services.partnership_create(tenant=tenant_b, actor=None, level=region_b,
                                              name="North")
    with pytest.raises(ValidationError, match="not in this tenant"):
        services.partnership_create(tenant=in_a, actor=officer_a, level=wiltshire["hub"],
                                    name="Stray hub", parent=north_b)


# --- Memberships ----------------------------------------------------------------------------


def test_a_school_joins_a_hub_with_dated_membership(in_a, officer_a, wiltshire, make_school):
    school = make_school()
    membership = add(in_a, officer_a, wiltshire["hub_a"], school)
    assert membership.start_date == START and membership.end_date is None
    assert list(partnership_members(partnership=wiltshire["hub_a"], on=LATER)) == [membership]


def test_a_school_cannot_be_in_two_partnerships_of_the_same_level(
    in_a, officer_a, wiltshire, make_school
):
    school = make_school()
    other_hub = services.partnership_create(tenant=in_a, actor=officer_a, level=wiltshire["hub"],
                                            name="Calne hub", parent=wiltshire["north"])
    add(in_a, officer_a, wiltshire["hub_a"], school)
    with pytest.raises(ValidationError, match="only one Hub at a time"):
        add(in_a, officer_a, other_hub, school, start=LATER)


def test_a_school_may_be_in_a_hub_and_its_region_at_once(in_a, officer_a, wiltshire, make_school):
    school = make_school()
    add(in_a, officer_a, wiltshire["hub_a"], school)
    add(in_a, officer_a, wiltshire["north"], school)
    assert school_partnerships(school=school, on=LATER).count() == 2


def test_the_database_refuses_a_second_open_membership_of_a_level(
    in_a, officer_a, wiltshire, make_school
):
    school = make_school()
    add(in_a, officer_a, wiltshire["hub_a"], school)
    with pytest.raises(IntegrityError):
        PartnershipMembership.objects.create(
            tenant=in_a, partnership=wiltshire["hub_a"], school=school,
            level=wiltshire["hub"], start_date=LATER,
        )


def test_leaving_keeps_the_membership_as_history(in_a, officer_a, wiltshire, make_school):
    school = make_school()
    membership = add(in_a, officer_a, wiltshire["hub_a"], school)
    services.partnership_end_membership(tenant=in_a, actor=officer_a, membership=membership,
                                        end_date=LATER, reason="Joined a MAT")
    hub = wiltshire["hub_a"]
    assert list(partnership_members(partnership=hub, on=LATER)) == []
    assert list(partnership_members(partnership=hub, on=date(2024, 12, 1))) == [membership]
    history = list(partnership_members(partnership=hub, include_past=True))
    assert [(m.end_date, m.end_reason) for m in history] == [(LATER, "Joined a MAT")]


def test_after_leaving_a_school_may_join_another_hub_of_the_level(
    in_a, officer_a, wiltshire, make_school
):
    school = make_school()
    other_hub = services.partnership_create(tenant=in_a, actor=officer_a, level=wiltshire["hub"],
                                            name="Calne hub", parent=wiltshire["north"])
    membership = add(in_a, officer_a, wiltshire["hub_a"], school)
    services.partnership_end_membership(tenant=in_a, actor=officer_a, membership=membership,
                                        end_date=LATER)
    add(in_a, officer_a, other_hub, school, start=LATER)
    assert school_partnerships(school=school, on=LATER).get().partnership == other_hub


def test_a_school_of_another_tenant_cannot_join(in_a, officer_a, wiltshire, make_school,
                                                tenant_b):
    stranger = make_school(tenant=tenant_b)
    with pytest.raises(ValidationError, match="not in this tenant"):
        add(in_a, officer_a, wiltshire["hub_a"], stranger)


def test_a_closed_school_cannot_join(in_a, officer_a, wiltshire, make_school):
    closed = make_school(is_open=False)
    with pytest.raises(ValidationError, match="closed"):
        add(in_a, officer_a, wiltshire["hub_a"], closed)


def test_a_standalone_academy_joins_by_buying_days(in_a, officer_a, wiltshire, make_school):
    academy = make_school(governance="academy")
    membership = add(in_a, officer_a, wiltshire["hub_a"], academy, days_purchased=Decimal("4.5"))
    membership.refresh_from_db()
    assert membership.days_purchased == Decimal("4.5")


# --- Roles ----------------------------------------------------------------------------------


def assign(tenant, actor, partnership, kind, person=None, **kwargs):
    return services.partnership_assign_role(tenant=tenant, actor=actor, partnership=partnership,
                                            kind=kind, person=person, start_date=LATER,
                                            **kwargs)


def test_the_head_of_a_member_school_can_chair_the_hub(
    in_a, officer_a, wiltshire, make_school, head_of
):
    school = make_school()
    add(in_a, officer_a, wiltshire["hub_a"], school)
    role = assign(in_a, officer_a, wiltshire["hub_a"], RoleKind.CHAIR, head_of(school))
    assert role.school == school


def test_a_chair_who_heads_no_member_school_is_refused(
    in_a, officer_a, wiltshire, make_school, head_of
):
    outsider = head_of(make_school())
    with pytest.raises(ValidationError, match="not a current member"):
        assign(in_a, officer_a, wiltshire["hub_a"], RoleKind.CHAIR, outsider)


def test_an_officer_cannot_chair_a_hub(in_a, officer_a, wiltshire, tenant_a):
    officer = MembershipFactory(tenant=tenant_a, role=Role.OFFICER)
    with pytest.raises(ValidationError, match="not a headteacher"):
        assign(in_a, officer_a, wiltshire["hub_a"], RoleKind.CHAIR, officer)


def test_the_head_of_a_school_that_has_left_cannot_chair(
    in_a, officer_a, wiltshire, make_school, head_of
):
    school = make_school()
    membership = add(in_a, officer_a, wiltshire["hub_a"], school)
    services.partnership_end_membership(tenant=in_a, actor=officer_a, membership=membership,
                                        end_date=date(2024, 12, 1))
    with pytest.raises(ValidationError, match="not a current member"):
        assign(in_a, officer_a, wiltshire["hub_a"], RoleKind.CHAIR, head_of(school))


def test_a_hub_has_one_chair_at_a_time(in_a, officer_a, wiltshire, make_school, head_of):
    first, second = make_school(), make_school()
    add(in_a, officer_a, wiltshire["hub_a"], first)
    add(in_a, officer_a, wiltshire["hub_a"], second)
    assign(in_a, officer_a, wiltshire["hub_a"], RoleKind.CHAIR, head_of(first))
    with pytest.raises(ValidationError, match="already has a chair"):
        assign(in_a, officer_a, wiltshire["hub_a"], RoleKind.CHAIR, head_of(second))


def test_the_chair_stands_down_when_their_school_leaves(
    in_a, officer_a, wiltshire, make_school, head_of
):
    school = make_school()
    membership = add(in_a, officer_a, wiltshire["hub_a"], school)
    role = assign(in_a, officer_a, wiltshire["hub_a"], RoleKind.CHAIR, head_of(school))
    services.partnership_end_membership(tenant=in_a, actor=officer_a, membership=membership,
                                        end_date=date(2025, 3, 1))
    role.refresh_from_db()
    assert role.end_date == date(2025, 3, 1)


def test_a_head_of_another_tenant_cannot_chair(
    in_a, officer_a, wiltshire, make_school, head_of, tenant_b
):
    foreign_head = head_of(make_school(tenant=tenant_b))
    with pytest.raises(ValidationError, match="not in this tenant"):
        assign(in_a, officer_a, wiltshire["hub_a"], RoleKind.CHAIR, foreign_head)


def test_a_hub_takes_one_or_two_advisers_and_refuses_a_third(in_a, officer_a, wiltshire,
                                                             tenant_a):
    advisers = [MembershipFactory(tenant=tenant_a, role=Role.OFFICER) for _ in range(3)]
    assign(in_a, officer_a, wiltshire["hub_a"], RoleKind.ADVISER, advisers[0])
    assign(in_a, officer_a, wiltshire["hub_a"], RoleKind.ADVISER, advisers[1])
    with pytest.raises(ValidationError, match="already has 2 school improvement advisers"):
        assign(in_a, officer_a, wiltshire["hub_a"], RoleKind.ADVISER, advisers[2])


def test_an_ended_adviser_frees_a_place(in_a, officer_a, wiltshire, tenant_a):
    advisers = [MembershipFactory(tenant=tenant_a, role=Role.OFFICER) for _ in range(3)]
    first = assign(in_a, officer_a, wiltshire["hub_a"], RoleKind.ADVISER, advisers[0])
    assign(in_a, officer_a, wiltshire["hub_a"], RoleKind.ADVISER, advisers[1])
    services.partnership_end_role(tenant=in_a, actor=officer_a, role=first,
                                  end_date=date(2025, 2, 1))
    third = services.partnership_assign_role(
        tenant=in_a, actor=officer_a, partnership=wiltshire["hub_a"], kind=RoleKind.ADVISER,
        person=advisers[2], start_date=date(2025, 2, 1),
    )
    assert PartnershipRole.objects.filter(partnership=wiltshire["hub_a"]).count() == 3
    assert third.end_date is None


def test_a_headteacher_cannot_be_an_adviser(in_a, officer_a, wiltshire, make_school, head_of):
    with pytest.raises(ValidationError, match="not an officer"):
        assign(in_a, officer_a, wiltshire["hub_a"], RoleKind.ADVISER, head_of(make_school()))


def test_a_regional_lead_oversees_a_region(in_a, officer_a, wiltshire, tenant_a):
    lead = MembershipFactory(tenant=tenant_a, role=Role.OFFICER)
    role = assign(in_a, officer_a, wiltshire["north"], RoleKind.REGIONAL_LEAD, lead)
    assert role.partnership == wiltshire["north"]


def test_a_regional_lead_is_refused_for_a_hub(in_a, officer_a, wiltshire, tenant_a):
    lead = MembershipFactory(tenant=tenant_a, role=Role.OFFICER)
    with pytest.raises(ValidationError, match="no level sits inside Hub"):
        assign(in_a, officer_a, wiltshire["hub_a"], RoleKind.REGIONAL_LEAD, lead)


def test_a_school_improvement_partner_may_be_named_in_free_text(in_a, officer_a, wiltshire):
    role = assign(in_a, officer_a, wiltshire["hub_a"], RoleKind.IMPROVEMENT_PARTNER,
                  external_name="A. Partner, Partner Education Ltd")
    assert str(role).startswith("School improvement partner: A. Partner")


# --- The consortium lead's rule (stored as data, evaluated by eligibility) ------------------


@pytest.fixture
def consortium(in_a, officer_a, consortium_level, make_school, head_of):
    partnership = services.partnership_create(tenant=in_a, actor=officer_a,
                                              level=consortium_level, name="Rugby primaries")
    school = make_school()
    add(in_a, officer_a, partnership, school)
    return partnership, head_of(school)


@pytest.fixture
def evidence_source():
    """Install an evidence source for the test and put back what was there afterwards.
    "school_is_outstanding" is asked of schools (categorisation answers it); the system-leader
    question has its source in partnerships."""
    outstanding = questions.answerer_of("is_outstanding")
    installed = []

    def install(question, source):
        if question == "school_is_outstanding":
            questions.answer_with("is_outstanding", source)
        else:
            eligibility.register_source(question, source)
            installed.append(question)

    yield install
    questions.answer_with("is_outstanding", outstanding)
    for question in installed:
        eligibility.register_source(question, None)


def test_a_consortium_lead_needs_evidence_while_ofsted_data_is_missing(in_a, officer_a,
                                                                       consortium):
    partnership, head = consortium
    with pytest.raises(ValidationError, match="cannot check it yet"):
        assign(in_a, officer_a, partnership, RoleKind.LEAD, head)


def test_a_consortium_lead_is_appointed_on_the_officers_stated_evidence(in_a, officer_a,
                                                                        consortium):
    partnership, head = consortium
    role = assign(in_a, officer_a, partnership, RoleKind.LEAD, head,
                  evidence_note="NLE designated March 2023")
    assert role.eligibility_note == "NLE designated March 2023"


def test_a_consortium_lead_who_meets_neither_condition_is_refused(
    in_a, officer_a, consortium, evidence_source
):
    from partnerships.eligibility import Evidence

    evidence_source("school_is_outstanding", lambda school: Evidence(False, "graded good"))
    evidence_source("person_is_system_leader", lambda person: Evidence(False, "not an NLE/LLE"))
    partnership, head = consortium
    with pytest.raises(ValidationError, match="graded good; not an NLE/LLE"):
        assign(in_a, officer_a, partnership, RoleKind.LEAD, head, evidence_note="trust me")


def test_a_consortium_lead_of_an_outstanding_school_needs_no_note(
    in_a, officer_a, consortium, evidence_source
):
    from partnerships.eligibility import Evidence

    evidence_source("school_is_outstanding", lambda school: Evidence(True, "outstanding, 2023"))
    partnership, head = consortium
    role = assign(in_a, officer_a, partnership, RoleKind.LEAD, head)
    assert role.eligibility_note == "outstanding, 2023"


def _inspected(school, words, number="O1"):
    """The school's inspection on record, through categorisation's import (the national
    store, read by the answer categorisation gives schools' "is_outstanding" question)."""
    from categorisation.services import inspections_import
    from tests.categorisation.conftest import TODAY
    from tests.categorisation.workflow_setup import grade_row
    inspections_import(rows=[grade_row(school.urn, number, words)], today=TODAY)


def test_the_head_of_a_school_graded_outstanding_is_a_lead_on_the_inspection_alone(
        in_a, officer_a, consortium):
    """Finding 4: the rule is fed by the inspection in force, with no note asked for."""
    partnership, head = consortium
    _inspected(school_of(head), "Outstanding")
    role = assign(in_a, officer_a, partnership, RoleKind.LEAD, head)
    assert role.eligibility_note == "Graded inspection 14 January 2025: Outstanding (1)"


def test_the_head_of_a_good_school_with_no_designation_is_refused_saying_how_to_fix_it(
        in_a, officer_a, consortium):
    """Both sides are known: Good is not outstanding, and no NLE/LLE designation is recorded,
    so no note can stand in for them."""
    partnership, head = consortium
    _inspected(school_of(head), "Good")
    with pytest.raises(ValidationError, match="not outstanding .*no NLE or LLE designation is "
                                              "recorded.*System leaders"):
        assign(in_a, officer_a, partnership, RoleKind.LEAD, head, evidence_note="trust me")


def test_a_recorded_lle_designation_makes_the_head_of_a_good_school_a_lead(
        in_a, officer_a, consortium):
    partnership, head = consortium
    _inspected(school_of(head), "Good")
    services.system_leader_designate(tenant=in_a, actor=officer_a, person=head,
                                     designation="lle", designated_on=date(2023, 3, 12),
                                     evidence="DfE letter of 12 March 2023")
    role = assign(in_a, officer_a, partnership, RoleKind.LEAD, head)
    assert role.eligibility_note == ("Local leader of education (LLE) since 12 March 2023 "
                                     "(DfE letter of 12 March 2023)")
    assert AuditEvent.objects.filter(action="partnership.system_leader_designated").count() == 1


def test_an_ended_designation_no_longer_counts(in_a, officer_a, consortium):
    partnership, head = consortium
    _inspected(school_of(head), "Good")
    record = services.system_leader_designate(
        tenant=in_a, actor=officer_a, person=head, designation="nle",
        designated_on=date(2020, 1, 6), evidence="DfE list, January 2020")
    services.system_leader_designation_end(tenant=in_a, actor=officer_a, record=record,
                                           ended_on=date(2024, 8, 31),
                                           reason="Designation lapsed with the NLE reforms")
    with pytest.raises(ValidationError, match="no NLE or LLE designation"):
        assign(in_a, officer_a, partnership, RoleKind.LEAD, head)


@pytest.mark.parametrize(("changes", "field"), [
    ({"designated_on": date(2099, 1, 1)}, "designated_on"),
    ({"evidence": "  "}, "evidence"),
])
def test_a_designation_is_refused_naming_the_field(in_a, officer_a, consortium, changes, field):
    _, head = consortium
    data = {"designation": "lle", "designated_on": date(2023, 3, 12), "evidence": "letter",
            **changes}
    with pytest.raises(ValidationError) as refused:
        services.system_leader_designate(tenant=in_a, actor=officer_a, person=head, **data)
    assert field in refused.value.message_dict


def test_the_same_designation_twice_is_refused(in_a, officer_a, consortium):
    _, head = consortium
    data = {"tenant": in_a, "actor": officer_a, "person": head, "designation": "lle",
            "designated_on": date(2023, 3, 12), "evidence": "letter"}
    services.system_leader_designate(**data)
    with pytest.raises(ValidationError, match="already holds this designation"):
        services.system_leader_designate(**data)


def test_an_officer_records_a_designation_on_the_page(in_a, officer_a, consortium, client):
    _, head = consortium
    client.force_login(officer_a)
    url = f"/t/{in_a.slug}/partnerships/system-leaders/"
    response = client.post(url, {"person": head.pk, "designation": "nle",
                                 "designated_on": "2022-05-03", "evidence": "DfE letter"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "National leader of education (NLE)" in page and "DfE letter" in page
    refused = client.post(url, {"person": head.pk, "designation": "nle",
                                "designated_on": "2022-05-03", "evidence": "again"})
    assert refused.status_code == 400
    assert "already holds this designation" in refused.content.decode()


def test_a_level_that_allows_two_leads_takes_two_and_refuses_a_third(
        in_a, officer_a, consortium, make_school, head_of):
    """Warwickshire's consortia take two lead members; a level allowing one takes one."""
    partnership, first_head = consortium
    heads = [first_head]
    for _ in range(2):
        school = make_school()
        add(in_a, officer_a, partnership, school)
        heads.append(head_of(school))
    assign(in_a, officer_a, partnership, RoleKind.LEAD, heads[0], evidence_note="NLE 2023")
    with pytest.raises(ValidationError, match="already has 1 consortium lead, the most"):
        assign(in_a, officer_a, partnership, RoleKind.LEAD, heads[1], evidence_note="LLE")
    level = partnership.level
    services.partnership_level_update(
        tenant=in_a, actor=officer_a, level=level, name=level.name, rank=level.rank,
        parent_level=None, lead_title=level.lead_title, lead_eligibility=level.lead_eligibility,
        max_advisers=level.max_advisers, max_leads=2)
    assign(in_a, officer_a, partnership, RoleKind.LEAD, heads[1], evidence_note="LLE 2024")
    with pytest.raises(ValidationError, match="already has 2 consortium leads"):
        assign(in_a, officer_a, partnership, RoleKind.LEAD, heads[2], evidence_note="NLE")
    with pytest.raises(ValidationError, match="has 2 leads in post"):
        services.partnership_level_update(
            tenant=in_a, actor=officer_a, level=level, name=level.name, rank=level.rank,
            parent_level=None, lead_title=level.lead_title,
            lead_eligibility=level.lead_eligibility, max_advisers=level.max_advisers,
            max_leads=1)
