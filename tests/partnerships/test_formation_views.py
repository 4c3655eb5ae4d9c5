"""The formation pages: pro-formas, the generator, editing, publishing, responses and the
decision, with the refusals a person sees as GOV.UK errors."""

from datetime import date

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from partnerships import services
from partnerships.models import (
    FormationProposal,
    PartnershipMembership,
    ProForma,
    ProposalResponse,
    ProposedMember,
    ProposedPartnership,
)
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def level(tenant_a, personas):
    with scope(tenant=tenant_a):
        return services.partnership_level_create(
            tenant=tenant_a, actor=personas["a"]["officer"],
            name="School improvement partnership", rank=1)


@pytest.fixture
def schools(tenant_a, personas):
    """The headteacher's school (a primary) and eleven more: nine primaries, two secondaries."""
    made = [personas["a"]["school"]]
    for i in range(11):
        made.append(SchoolFactory(
            tenant=tenant_a, establishment__la_code="865",
            establishment__name=f"Barnet School {i:02d}",
            establishment__phase="secondary" if i < 2 else "primary",
            establishment__easting=520000 + 700 * i, establishment__northing=190000 + 400 * i,
        ))
    return made


def url(name: str, tenant, *args) -> str:
    return reverse(name, args=[tenant.slug, *args])


def generate(tenant, officer, level, **kwargs) -> FormationProposal:
    with scope(tenant=tenant):
        return services.proposal_generate(
            tenant=tenant, actor=officer, name=kwargs.pop("name", "Primary partnerships"),
            level=level, min_size=kwargs.pop("min_size", 3), max_size=kwargs.pop("max_size", 5),
            **kwargs)


# --- Pro-formas -----------------------------------------------------------------------------


def test_a_headteacher_fills_in_their_schools_pro_forma(tenant_a, personas, schools,
                                                       client_for):
    head, own = personas["a"]["headteacher"], personas["a"]["school"]
    response = client_for(head).post(url("partnerships:pro-forma-edit", tenant_a, own.urn), {
        "preferred_partners": [schools[3].pk, schools[4].pk],
        "informal_partners": [schools[5].pk],
        "preferred_type": "structured", "accepts_secondary_lead": "on", "comments": "Near us",
    })
    assert response.status_code == 302
    with scopes_disabled():
        pro_forma = ProForma.objects.get(school=own)
        named = sorted(p.school_id for p in pro_forma.partners.all())
    assert pro_forma.accepts_secondary_lead and pro_forma.submitted_by == head
    assert named == sorted([schools[3].pk, schools[4].pk, schools[5].pk])


def test_a_headteacher_cannot_open_another_schools_pro_forma(tenant_a, personas, schools,
                                                            client_for):
    response = client_for(personas["a"]["headteacher"]).get(
        url("partnerships:pro-forma-edit", tenant_a, schools[3].urn))
    assert response.status_code == 403


def test_a_pro_forma_naming_a_school_of_another_tenant_is_refused(tenant_a, personas, schools,
                                                                 client_for):
    other = personas["b"]["school"]
    response = client_for(personas["a"]["headteacher"]).post(
        url("partnerships:pro-forma-edit", tenant_a, personas["a"]["school"].urn),
        {"preferred_partners": [other.pk]})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    with scopes_disabled():
        assert not ProForma.objects.filter(school=personas["a"]["school"]).exists()


def test_the_pro_forma_closes_once_a_proposal_placing_the_school_is_published(
    tenant_a, personas, schools, level, client_for
):
    proposal = generate(tenant_a, personas["a"]["officer"], level)
    with scope(tenant=tenant_a):
        services.proposal_publish(tenant=tenant_a, actor=personas["a"]["officer"],
                                  proposal=proposal)
    response = client_for(personas["a"]["headteacher"]).post(
        url("partnerships:pro-forma-edit", tenant_a, personas["a"]["school"].urn),
        {"comments": "Changed my mind"})
    assert response.status_code == 400
    assert "is closed" in response.content.decode()


def test_the_chase_list_shows_only_schools_without_a_returned_pro_forma(
    tenant_a, personas, schools, client_for
):
    with scope(tenant=tenant_a):
        services.pro_forma_submit(tenant=tenant_a, actor=personas["a"]["headteacher"],
                                  school=schools[0])
    response = client_for(personas["a"]["officer"]).get(
        url("partnerships:pro-forma-list", tenant_a) + "?show=missing")
    body = response.content.decode()
    assert response.status_code == 200
    assert schools[0].establishment.name not in body
    assert schools[1].establishment.name in body


def test_an_officer_marks_a_school_able_to_give_support(tenant_a, personas, schools,
                                                       client_for):
    response = client_for(personas["a"]["officer"]).post(
        url("partnerships:pro-forma-support", tenant_a,
            schools[2].urn), {"can_give_support": "yes"})
    assert response.status_code == 302
    with scopes_disabled():
        assert ProForma.objects.get(school=schools[2]).can_give_support


def test_the_pro_forma_list_makes_the_same_number_of_queries_for_more_schools(
    tenant_a, personas, schools, client_for, django_assert_max_num_queries
):
    client = client_for(personas["a"]["officer"])
    client.get(url("partnerships:pro-forma-list", tenant_a))
    with scope(tenant=tenant_a):
        services.pro_forma_submit(tenant=tenant_a, actor=None, school=schools[1],
                                  preferred_partners=[schools[2]])
    with django_assert_max_num_queries(12) as few:
        client.get(url("partnerships:pro-forma-list", tenant_a))
    for i in range(20):
        school = SchoolFactory(tenant=tenant_a, establishment__la_code="865")
        with scope(tenant=tenant_a):
            services.pro_forma_submit(tenant=tenant_a, actor=None, school=school,
                                      informal_partners=[schools[i % 10]])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("partnerships:pro-forma-list", tenant_a))


def test_the_pro_forma_list_counts_every_school_and_pages_the_chase_list(
    tenant_a, personas, schools, client_for
):
    """Counts are of every open school, not of the page shown; the chase list pages through
    the schools that have not returned one (read a page at a time)."""
    more = [SchoolFactory(tenant=tenant_a, establishment__la_code="865",
                          establishment__name=f"Zed School {i:02d}") for i in range(50)]
    with scope(tenant=tenant_a):
        for school in [*schools[:3], *more[:5]]:
            services.pro_forma_submit(tenant=tenant_a, actor=personas["a"]["officer"],
                                      school=school)
        services.pro_forma_set_support(tenant=tenant_a, actor=personas["a"]["officer"],
                                       school=more[9], can_give_support=True)
    client = client_for(personas["a"]["officer"])
    list_url = url("partnerships:pro-forma-list", tenant_a)
    total = len(schools) + len(more)  # every school open
    body = client.get(list_url).content.decode()
    assert f"8 returned, {total - 8} not returned." in body
    assert body.count('<tr class="govuk-table__row" id="school-') == 50
    missing = client.get(list_url + "?show=missing&page=2").content.decode()
    assert f"8 returned, {total - 8} not returned." in missing
    # 54 to chase, 50 on the first page: the last four Zed schools (the support mark alone is
    # no return) on the second.
    shown = missing.count('<tr class="govuk-table__row" id="school-')
    assert shown == total - 8 - 50
    assert "Zed School 49" in missing and "Zed School 04" not in missing
    home = client.get(url("partnerships:formation-home", tenant_a)).content.decode()
    assert f'data-testid="returned">8 of {total}</span>' in home
    assert '<span class="app-stat">1</span>schools able to give support' in home


# --- Generating and editing -----------------------------------------------------------------


def test_an_officer_runs_the_generator_and_lands_on_the_result(tenant_a, personas, schools,
                                                              level, client_for):
    response = client_for(personas["a"]["officer"]).post(url("partnerships:proposal-generate",
                                                             tenant_a), {
        "name": "Primary partnerships 2025", "level": level.pk, "min_size": 3, "max_size": 5,
        "partnership_type": "structured", "seed": 1,
    })
    assert response.status_code == 302
    with scopes_disabled():
        proposal = FormationProposal.objects.get(name="Primary partnerships 2025")
        placed = ProposedMember.objects.filter(proposal=proposal).count()
    assert response["Location"] == url("partnerships:proposal-detail", tenant_a, proposal.pk)
    assert placed == len(schools)


def test_sizes_no_split_can_meet_are_refused_with_the_reason(tenant_a, personas, schools,
                                                            level, client_for):
    response = client_for(personas["a"]["officer"]).post(url("partnerships:proposal-generate",
                                                             tenant_a), {
        "name": "Too big", "level": level.pk, "min_size": 7, "max_size": 8,
        "partnership_type": "structured", "seed": 1,
    })
    assert response.status_code == 400
    assert "cannot be split into partnerships of 7 to 8" in response.content.decode()


def test_the_proposal_page_shows_each_partnership_with_why(tenant_a, personas, schools, level,
                                                          client_for):
    proposal = generate(tenant_a, personas["a"]["officer"], level)
    response = client_for(personas["a"]["officer"]).get(
        url("partnerships:proposal-detail", tenant_a, proposal.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="proposed-partnership"') == proposal.summary["partnerships"]
    assert "Why:" in body and "Draft" in body


def test_moving_a_school_that_breaks_a_size_shows_the_breach_as_an_error(
    tenant_a, personas, schools, level, client_for
):
    proposal = generate(tenant_a, personas["a"]["officer"], level, min_size=3, max_size=4)
    with scopes_disabled():
        first, second = ProposedPartnership.objects.filter(proposal=proposal)[:2]
        mover = first.members.first().school
    client = client_for(personas["a"]["officer"])
    moved = client.post(url("partnerships:proposal-move", tenant_a, proposal.pk),
                        {"move-school": mover.pk, "move-to": second.pk})
    page = client.get(url("partnerships:proposal-detail", tenant_a, proposal.pk)).content.decode()
    assert moved.status_code == 302
    assert "govuk-error-summary" in page and "it must have 3 to 4" in page


def test_publishing_a_proposal_that_breaks_a_rule_is_refused(tenant_a, personas, schools,
                                                            level, client_for):
    proposal = generate(tenant_a, personas["a"]["officer"], level, min_size=3, max_size=4)
    with scope(tenant=tenant_a):
        first, second = ProposedPartnership.objects.filter(proposal=proposal)[:2]
        services.proposal_move_school(tenant=tenant_a, actor=None, proposal=proposal,
                                      school=first.members.first().school, to=second)
    response = client_for(personas["a"]["officer"]).post(
        url("partnerships:proposal-publish", tenant_a, proposal.pk))
    proposal.refresh_from_db()
    assert response.status_code == 400
    assert "Fix these before publishing" in response.content.decode()
    assert proposal.status == FormationProposal.Status.DRAFT


def test_a_secondary_lead_over_unwilling_primaries_is_refused_on_the_page(
    tenant_a, personas, schools, level, client_for
):
    proposal = generate(tenant_a, personas["a"]["officer"], level)
    with scopes_disabled():
        member = ProposedMember.objects.filter(
            proposal=proposal, school__establishment__phase="secondary").first()
        group = member.proposed_partnership
    response = client_for(personas["a"]["officer"]).post(
        url("partnerships:proposal-set-lead", tenant_a, proposal.pk,
            group.pk), {"school": member.school_id})
    assert response.status_code == 400
    assert "did not agree to be led by a" in response.content.decode()


def test_an_officer_changes_the_lead_to_another_primary(tenant_a, personas, schools, level,
                                                       client_for):
    proposal = generate(tenant_a, personas["a"]["officer"], level)
    with scopes_disabled():
        group = ProposedPartnership.objects.filter(proposal=proposal).first()
        other = next(m.school for m in group.members.all()
                     if m.school_id != group.lead_school_id
                     and m.school.establishment.phase == "primary")
    response = client_for(personas["a"]["officer"]).post(
        url("partnerships:proposal-set-lead", tenant_a, proposal.pk,
            group.pk), {"school": other.pk})
    group.refresh_from_db()
    assert response.status_code == 302
    assert group.lead_school_id == other.pk


def test_the_proposal_page_makes_the_same_number_of_queries_for_more_schools(
    tenant_a, personas, level, client_for, django_assert_max_num_queries
):
    for _i in range(6):
        SchoolFactory(tenant=tenant_a, establishment__la_code="865")
    small = generate(tenant_a, personas["a"]["officer"], level, name="Small")
    for _i in range(40):
        SchoolFactory(tenant=tenant_a, establishment__la_code="865")
    large = generate(tenant_a, personas["a"]["officer"], level, name="Large")
    client = client_for(personas["a"]["officer"])
    client.get(url("partnerships:proposal-detail", tenant_a, small.pk))
    with django_assert_max_num_queries(15) as few:
        client.get(url("partnerships:proposal-detail", tenant_a, small.pk))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("partnerships:proposal-detail", tenant_a, large.pk))


def test_the_table_view_lists_every_school_of_the_proposal(tenant_a, personas, schools, level,
                                                          client_for):
    proposal = generate(tenant_a, personas["a"]["officer"], level)
    body = client_for(personas["a"]["officer"]).get(
        url("partnerships:proposal-schools", tenant_a, proposal.pk)).content.decode()
    assert all(s.establishment.name in body for s in schools)


# --- Consultation and decision --------------------------------------------------------------


@pytest.fixture
def published(tenant_a, personas, schools, level):
    proposal = generate(tenant_a, personas["a"]["officer"], level)
    with scope(tenant=tenant_a):
        services.proposal_publish(tenant=tenant_a, actor=personas["a"]["officer"],
                                  proposal=proposal)
    return proposal


def test_a_headteacher_responds_for_their_own_school(tenant_a, personas, published,
                                                    client_for):
    head = personas["a"]["headteacher"]
    client = client_for(head)
    home = client.get(url("partnerships:formation-my-school", tenant_a)).content.decode()
    response = client.post(url("partnerships:proposal-respond", tenant_a, published.pk),
                           {"answer": "disagree", "comment": "Too far from us"})
    assert published.name in home
    assert response.status_code == 302
    with scopes_disabled():
        answer = ProposalResponse.objects.get(proposal=published)
    assert answer.school == personas["a"]["school"] and answer.recorded_by == head


def test_the_consultation_page_names_the_lead_but_not_who_can_give_support(
        tenant_a, personas, schools, level, client_for):
    with scope(tenant=tenant_a):
        for school in schools[1:4]:
            services.pro_forma_set_support(tenant=tenant_a, actor=personas["a"]["officer"],
                                           school=school, can_give_support=True)
    proposal = generate(tenant_a, personas["a"]["officer"], level)
    with scope(tenant=tenant_a):
        services.proposal_publish(tenant=tenant_a, actor=personas["a"]["officer"],
                                  proposal=proposal)
        member = ProposedMember.objects.select_related(
            "proposed_partnership__lead_school__establishment").get(
            proposal=proposal, school=personas["a"]["school"])
    explanation = member.proposed_partnership.explanation
    assert "give support" in explanation  # the officers' reason names them
    body = client_for(personas["a"]["headteacher"]).get(
        url("partnerships:proposal-respond", tenant_a, proposal.pk)).content.decode()
    assert "led by " + member.proposed_partnership.lead_school.establishment.name in body
    assert "give support" not in body
    assert explanation not in body


def test_an_officer_records_a_response_on_behalf_of_a_school(tenant_a, personas, schools,
                                                            published, client_for):
    response = client_for(personas["a"]["officer"]).post(
        url("partnerships:proposal-respond", tenant_a, published.pk),
        {"school": schools[4].pk, "answer": "agree"})
    assert response.status_code == 302
    with scopes_disabled():
        assert ProposalResponse.objects.get(proposal=published).school == schools[4]


def test_a_headteacher_cannot_respond_to_a_draft(tenant_a, personas, schools, level,
                                                client_for):
    proposal = generate(tenant_a, personas["a"]["officer"], level)
    response = client_for(personas["a"]["headteacher"]).post(
        url("partnerships:proposal-respond", tenant_a, proposal.pk), {"answer": "agree"})
    assert response.status_code == 403


def test_confirming_creates_the_partnerships_and_memberships(tenant_a, personas, schools,
                                                            published, client_for):
    response = client_for(personas["a"]["officer"]).post(
        url("partnerships:proposal-confirm", tenant_a, published.pk), {"start_date": "2025-04-01"})
    published.refresh_from_db()
    assert response.status_code == 302
    assert published.status == FormationProposal.Status.CONFIRMED
    with scopes_disabled():
        members = PartnershipMembership.objects.filter(school__in=schools)
        assert members.count() == len(schools)
        assert {m.start_date for m in members} == {date(2025, 4, 1)}


def test_confirming_is_refused_with_reasons_when_a_school_is_already_in_a_partnership(
    tenant_a, personas, schools, level, published, client_for
):
    with scope(tenant=tenant_a):
        existing = services.partnership_create(tenant=tenant_a, actor=None, level=level,
                                               name="Old cluster", start_date=date(2024, 9, 1))
        services.partnership_add_school(tenant=tenant_a, actor=None, partnership=existing,
                                        school=schools[3], start_date=date(2024, 9, 1))
    response = client_for(personas["a"]["officer"]).post(
        url("partnerships:proposal-confirm", tenant_a, published.pk), {"start_date": "2025-04-01"})
    published.refresh_from_db()
    assert response.status_code == 400
    assert "is already in Old cluster" in response.content.decode()
    assert published.status == FormationProposal.Status.PUBLISHED


def test_a_headteacher_may_not_run_the_generator(tenant_a, personas, level, client_for):
    response = client_for(personas["a"]["headteacher"]).get(url("partnerships:proposal-generate",
                                                                tenant_a))
    assert response.status_code == 403


def test_an_officer_of_another_tenant_gets_404_for_a_proposal(tenant_a, personas, schools,
                                                             level, client_for):
    proposal = generate(tenant_a, personas["a"]["officer"], level)
    response = client_for(personas["b"]["officer"]).get(
        url("partnerships:proposal-detail", tenant_a, proposal.pk))
    assert response.status_code == 404


# --- API --------------------------------------------------------------------------------------


def api(name: str, tenant, *args) -> str:
    return reverse(name, args=[tenant.slug, *args])


def test_an_officer_generates_edits_publishes_and_confirms_through_the_api(
    tenant_a, personas, schools, level, client_for
):
    client = client_for(personas["a"]["officer"])
    made = client.post(api("partnerships_api:api-formation-proposal-list", tenant_a), {
        "name": "API proposal", "level": level.pk, "min_size": 3, "max_size": 5,
    }, content_type="application/json")
    assert made.status_code == 201
    proposal = made.json()
    first, second = proposal["partnerships"][:2]
    primary = next(urn for urn in first["member_urns"] if urn != first["lead_urn"])
    moved = client.post(api("partnerships_api:api-formation-proposal-move", tenant_a,
                            proposal["id"]),
                        {"school": primary, "to": second["id"]}, content_type="application/json")
    assert moved.status_code == 200
    if moved.json()["problems"]:  # the move broke a size: move it back before publishing
        client.post(api("partnerships_api:api-formation-proposal-move", tenant_a, proposal["id"]),
                    {"school": primary, "to": first["id"]}, content_type="application/json")
    published = client.post(api("partnerships_api:api-formation-proposal-publish", tenant_a,
                                proposal["id"]))
    assert published.json()["status"] == "published"
    confirmed = client.post(api("partnerships_api:api-formation-proposal-confirm", tenant_a,
                                proposal["id"]),
                            {"start_date": "2025-04-01"}, content_type="application/json")
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed"
    assert all(p["created_partnership"] for p in confirmed.json()["partnerships"])


def test_a_headteacher_responds_through_the_api_for_their_own_school(
    tenant_a, personas, published, client_for
):
    response = client_for(personas["a"]["headteacher"]).post(
        api("partnerships_api:api-formation-proposal-responses", tenant_a, published.pk),
        {"answer": "agree", "comment": "Yes"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["school"] == personas["a"]["school"].urn


def test_the_api_refuses_a_headteacher_whose_school_the_proposal_does_not_place(
    tenant_a, personas, published, client_for
):
    from core.models import Role
    from tests.factories import MembershipFactory

    outsider = MembershipFactory(tenant=tenant_a, role=Role.HEADTEACHER).user
    response = client_for(outsider).post(
        api("partnerships_api:api-formation-proposal-responses", tenant_a, published.pk),
        {"answer": "disagree"}, content_type="application/json")
    assert response.status_code == 403
    with scopes_disabled():
        assert not ProposalResponse.objects.filter(proposal=published).exists()


def test_the_api_refuses_a_pro_forma_naming_a_school_of_another_tenant(
    tenant_a, personas, schools, client_for
):
    response = client_for(personas["a"]["headteacher"]).put(
        api("partnerships_api:api-pro-forma-detail", tenant_a, personas["a"]["school"].urn),
        {"preferred_partners": [personas["b"]["school"].urn]}, content_type="application/json")
    assert response.status_code == 400
    assert "not in this tenant's register" in str(response.json())


def test_the_api_refuses_a_secondary_lead_over_unwilling_primaries(
    tenant_a, personas, schools, level, client_for
):
    proposal = generate(tenant_a, personas["a"]["officer"], level)
    with scopes_disabled():
        member = ProposedMember.objects.filter(
            proposal=proposal, school__establishment__phase="secondary").first()
    response = client_for(personas["a"]["officer"]).post(
        api("partnerships_api:api-formation-proposal-lead", tenant_a, proposal.pk),
        {"proposed_partnership": member.proposed_partnership_id, "school": member.school.urn},
        content_type="application/json")
    assert response.status_code == 400
    assert "did not agree to be led by a secondary" in str(response.json())


def test_another_tenants_officer_gets_404_from_the_proposal_api(tenant_a, personas, schools,
                                                               level, client_for):
    proposal = generate(tenant_a, personas["a"]["officer"], level)
    response = client_for(personas["b"]["officer"]).get(
        api("partnerships_api:api-formation-proposal-detail", tenant_a, proposal.pk))
    assert response.status_code == 404
