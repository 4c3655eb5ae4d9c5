"""Formation through the services: pro-formas, a generated proposal, edits, consultation and the
decision that creates the partnerships."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from partnerships import services
from partnerships.models import (
    FormationProposal,
    PartnershipMembership,
    ProFormaPartner,
    ProposalResponse,
    ProposedMember,
)
from partnerships.selectors import proposal_groups, proposal_violations
from tests.partnerships.conftest import START

pytestmark = pytest.mark.django_db

DECIDED = date(2025, 4, 1)


@pytest.fixture
def barnet(in_a, officer_a, make_school):
    """Nine primaries and a secondary in one borough, with pro-formas; a partnership level."""
    level = services.partnership_level_create(tenant=in_a, actor=officer_a,
                                              name="School improvement partnership", rank=1)
    primaries = [make_school("primary", easting=520000 + 900 * i, northing=190000 + 300 * i)
                 for i in range(9)]
    secondary = make_school("secondary", easting=524000, northing=191500, number_of_pupils=1400)
    services.pro_forma_submit(tenant=in_a, actor=officer_a, school=primaries[0],
                              preferred_partners=[primaries[8]],
                              informal_partners=[primaries[1]])
    services.pro_forma_submit(tenant=in_a, actor=officer_a, school=primaries[8],
                              preferred_partners=[primaries[0]])
    for school in (primaries[2], secondary):
        services.pro_forma_set_support(tenant=in_a, actor=officer_a, school=school,
                                       can_give_support=True)
    return {"level": level, "primaries": primaries, "secondary": secondary,
            "schools": [*primaries, secondary]}


def generate(tenant, actor, barnet, **kwargs):
    options = {"name": "Barnet partnerships 2015", "level": barnet["level"], "min_size": 4,
               "max_size": 6, **kwargs}
    return services.proposal_generate(tenant=tenant, actor=actor, **options)


def test_a_pro_forma_records_informal_and_preferred_partners(in_a, barnet):
    pro_forma_partners = ProFormaPartner.objects.filter(
        pro_forma__school=barnet["primaries"][0]
    ).values_list("kind", "school_id")
    assert set(pro_forma_partners) == {("preferred", barnet["primaries"][8].pk),
                                       ("informal", barnet["primaries"][1].pk)}


def test_a_pro_forma_naming_a_school_of_another_tenant_is_refused(
    in_a, officer_a, barnet, make_school, tenant_b
):
    stranger = make_school(tenant=tenant_b)
    with pytest.raises(ValidationError, match="not in this tenant's register"):
        services.pro_forma_submit(tenant=in_a, actor=officer_a, school=barnet["primaries"][3],
                                  preferred_partners=[stranger])


def test_a_pro_forma_cannot_name_its_own_school(in_a, officer_a, barnet):
    school = barnet["primaries"][3]
    with pytest.raises(ValidationError, match="cannot name itself"):
        services.pro_forma_submit(tenant=in_a, actor=officer_a, school=school,
                                  preferred_partners=[school])


def test_a_generated_proposal_places_every_open_school_once(in_a, officer_a, barnet):
    proposal = generate(in_a, officer_a, barnet)
    placed = list(ProposedMember.objects.filter(proposal=proposal).values_list("school_id",
                                                                                flat=True))
    assert sorted(placed) == sorted(school.pk for school in barnet["schools"])
    assert proposal_violations(proposal=proposal) == []


def test_a_generated_proposal_explains_each_partnership(in_a, officer_a, barnet):
    proposal = generate(in_a, officer_a, barnet)
    groups = proposal_groups(proposal=proposal)
    assert all(group.explanation.startswith(f"{group.members.count()} schools") for group in groups)
    assert proposal.summary["violations"] == 0


def test_generation_can_be_limited_to_primary_schools(in_a, officer_a, barnet):
    proposal = generate(in_a, officer_a, barnet, phases=["primary"], min_size=3, max_size=3)
    assert ProposedMember.objects.filter(proposal=proposal).count() == 9


def test_impossible_sizes_are_refused_with_the_reason(in_a, officer_a, barnet):
    with pytest.raises(ValidationError, match="10 schools cannot be split"):
        generate(in_a, officer_a, barnet, min_size=6, max_size=7)


def test_generating_for_a_school_of_another_tenant_is_refused(
    in_a, officer_a, barnet, make_school, tenant_b
):
    with pytest.raises(ValidationError, match="not in this tenant's register"):
        generate(in_a, officer_a, barnet, schools=[*barnet["schools"],
                                                   make_school(tenant=tenant_b)])


def first_two_groups(proposal):
    groups = proposal_groups(proposal=proposal)
    return groups[0], groups[1]


def test_an_officer_moves_a_school_and_the_explanations_follow(in_a, officer_a, barnet):
    proposal = generate(in_a, officer_a, barnet, min_size=3, max_size=7)
    source, target = first_two_groups(proposal)
    school = source.members.first().school
    services.proposal_move_school(tenant=in_a, actor=officer_a, proposal=proposal,
                                  school=school, to=target)
    target.refresh_from_db()
    assert ProposedMember.objects.get(proposal=proposal, school=school).proposed_partnership == \
        target
    assert target.explanation.startswith(f"{target.members.count()} schools")


def test_a_move_that_breaks_the_sizes_blocks_publication(in_a, officer_a, barnet):
    proposal = generate(in_a, officer_a, barnet)  # two partnerships of five
    source, target = first_two_groups(proposal)
    services.proposal_move_school(tenant=in_a, actor=officer_a, proposal=proposal,
                                  school=source.members.first().school, to=target)
    with pytest.raises(ValidationError, match="has 4 schools|has 6 schools|has 3 schools"):
        services.proposal_publish(tenant=in_a, actor=officer_a, proposal=proposal)


def test_a_secondary_cannot_be_made_lead_over_primaries_that_did_not_agree(
    in_a, officer_a, barnet
):
    proposal = generate(in_a, officer_a, barnet)
    group = next(g for g in proposal_groups(proposal=proposal)
                 if any(m.school == barnet["secondary"] for m in g.members.all()))
    with pytest.raises(ValidationError, match="did not agree to be led by a secondary"):
        services.proposal_set_lead(tenant=in_a, actor=officer_a, proposed=group,
                                   school=barnet["secondary"])


def test_a_secondary_may_lead_when_its_primaries_agreed(in_a, officer_a, barnet):
    for school in barnet["primaries"]:
        services.pro_forma_submit(tenant=in_a, actor=officer_a, school=school,
                                  accepts_secondary_lead=True)
    proposal = generate(in_a, officer_a, barnet)
    group = next(g for g in proposal_groups(proposal=proposal)
                 if any(m.school == barnet["secondary"] for m in g.members.all()))
    services.proposal_set_lead(tenant=in_a, actor=officer_a, proposed=group,
                               school=barnet["secondary"])
    group.refresh_from_db()
    assert group.lead_school == barnet["secondary"]


def published(tenant, actor, barnet):
    proposal = generate(tenant, actor, barnet)
    return services.proposal_publish(tenant=tenant, actor=actor, proposal=proposal)


def test_a_published_proposal_cannot_be_edited(in_a, officer_a, barnet):
    proposal = published(in_a, officer_a, barnet)
    source, target = first_two_groups(proposal)
    with pytest.raises(ValidationError, match="Only a draft proposal can be edited"):
        services.proposal_move_school(tenant=in_a, actor=officer_a, proposal=proposal,
                                      school=source.members.first().school, to=target)


def test_schools_respond_to_a_published_proposal(in_a, officer_a, barnet):
    proposal = published(in_a, officer_a, barnet)
    school = barnet["primaries"][4]
    services.proposal_record_response(tenant=in_a, actor=officer_a, proposal=proposal,
                                      school=school, answer="disagree", comment="Too far")
    services.proposal_record_response(tenant=in_a, actor=officer_a, proposal=proposal,
                                      school=school, answer="agree")
    response = ProposalResponse.objects.get(proposal=proposal, school=school)
    assert response.answer == "agree"


def test_a_draft_cannot_be_responded_to(in_a, officer_a, barnet):
    proposal = generate(in_a, officer_a, barnet)
    with pytest.raises(ValidationError, match="Only a published"):
        services.proposal_record_response(tenant=in_a, actor=officer_a, proposal=proposal,
                                          school=barnet["primaries"][0], answer="agree")


def test_confirming_creates_the_partnerships_and_memberships(in_a, officer_a, barnet):
    proposal = published(in_a, officer_a, barnet)
    created = services.proposal_confirm(tenant=in_a, actor=officer_a, proposal=proposal,
                                        start_date=DECIDED)
    members = PartnershipMembership.objects.filter(partnership__in=created)
    assert sorted(members.values_list("school_id", flat=True)) == sorted(
        school.pk for school in barnet["schools"])
    assert all(p.lead_school_id in {m.school_id for m in p.memberships.all()} for p in created)
    proposal.refresh_from_db()
    assert proposal.status == FormationProposal.Status.CONFIRMED


def test_confirming_is_refused_when_a_school_is_already_in_a_partnership_of_the_level(
    in_a, officer_a, barnet
):
    proposal = published(in_a, officer_a, barnet)
    existing = services.partnership_create(tenant=in_a, actor=officer_a, level=barnet["level"],
                                           name="Existing federation", start_date=START)
    services.partnership_add_school(tenant=in_a, actor=officer_a, partnership=existing,
                                    school=barnet["primaries"][5], start_date=START)
    with pytest.raises(ValidationError, match="already in Existing federation"):
        services.proposal_confirm(tenant=in_a, actor=officer_a, proposal=proposal,
                                  start_date=DECIDED)
    assert PartnershipMembership.objects.count() == 1


def test_a_draft_cannot_be_confirmed(in_a, officer_a, barnet):
    proposal = generate(in_a, officer_a, barnet)
    with pytest.raises(ValidationError, match="Only a published"):
        services.proposal_confirm(tenant=in_a, actor=officer_a, proposal=proposal)


def test_another_tenants_proposal_is_refused(in_a, officer_a, barnet, tenant_b):
    proposal = generate(in_a, officer_a, barnet)
    with pytest.raises(ValidationError, match="not in this tenant"):
        services.proposal_publish(tenant=tenant_b, actor=None, proposal=proposal)


def test_a_headteacher_answers_only_for_their_own_school(in_a, officer_a, barnet, head_of):
    """The rule lives in the service, so a page or API that forgot it could not let a head
    answer for another school."""
    from django.core.exceptions import PermissionDenied

    proposal = published(in_a, officer_a, barnet)
    own, other = barnet["primaries"][4], barnet["primaries"][5]
    head = head_of(own).user
    services.proposal_record_response(tenant=in_a, actor=head, proposal=proposal, school=own,
                                      answer="agree")
    with pytest.raises(PermissionDenied, match="only for your own school"):
        services.proposal_record_response(tenant=in_a, actor=head, proposal=proposal,
                                          school=other, answer="disagree")
    assert not ProposalResponse.objects.filter(proposal=proposal, school=other).exists()
