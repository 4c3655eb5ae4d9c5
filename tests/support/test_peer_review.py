"""Peer review through the services and pages: a cycle for a whole cluster in one step with
teams that keep the rules, refusals naming the rule, the reviewer's dated access (the review
and the school's public facts, never its category page; 403 the day after the review ends),
outcomes rolled up for the board, the downloads and the API."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from django_scopes import scope, scopes_disabled

from core.models import Membership, Role
from partnerships.models import Partnership, PartnershipLevel, PartnershipMembership
from support.models.peer_review import PeerReview, PeerReviewer, PeerReviewOutcome
from support.peer_review_access import PEER_REVIEW
from support.services import peer_review as services
from tests.factories import MembershipFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START = TODAY - timedelta(days=10)
END = TODAY + timedelta(days=20)


def _head(tenant, name: str, school=None, trust: str = "") -> Membership:
    school = school or SchoolFactory(tenant=tenant, establishment__la_code=tenant.la_codes[0],
                                     establishment__trust_name=trust)
    return MembershipFactory(tenant=tenant, role=Role.HEADTEACHER, school=school,
                             user=UserFactory(full_name=name,
                                              email=f"{name.split()[0].lower()}@x.org"))


@pytest.fixture
def world(tenant_a, personas):
    """A cluster of four schools (two in Oak Trust), each with a trained head, and one
    untrained head outside it."""
    officer = personas["a"][Role.OFFICER]
    heads = [_head(tenant_a, "Ann Oak", trust="Oak Trust"),
             _head(tenant_a, "Ben Oak", trust="Oak Trust"),
             _head(tenant_a, "Cat Ash"), _head(tenant_a, "Dan Elm")]
    untrained = _head(tenant_a, "Eve New")
    with scopes_disabled():
        level = PartnershipLevel.objects.create(tenant=tenant_a, name="Cluster")
        cluster = Partnership.objects.create(tenant=tenant_a, level=level, name="Wolds",
                                             start_date=date(2020, 9, 1))
        schools = [head.headship.school for head in heads]
        for school in schools:
            PartnershipMembership.objects.create(tenant=tenant_a, partnership=cluster,
                                                 school=school, level=level,
                                                 start_date=date(2020, 9, 1))
    with scope(tenant=tenant_a):
        for head in heads:
            services.training_record(tenant=tenant_a, actor=officer, person=head,
                                     trained_on=date(2024, 9, 20), trained_by="The LA")
    return {"officer": officer, "heads": heads, "schools": schools, "cluster": cluster,
            "untrained": untrained}


def _cycle(tenant, world, team_size=2):
    with scope(tenant=tenant):
        return services.cycle_create(
            tenant=tenant, actor=world["officer"], name="Spring reviews",
            academic_year=START.year if START.month >= 9 else START.year - 1,
            starts_on=START, ends_on=END, partnership_id=world["cluster"].pk,
            team_size=team_size)


def _trust(membership) -> str:
    return membership.headship.school.establishment.trust_name


def test_one_step_sets_up_a_review_of_every_cluster_school_with_teams_that_keep_the_rules(
        tenant_a, world):
    cycle = _cycle(tenant_a, world)
    with scope(tenant=tenant_a):
        reviews = list(PeerReview.objects.filter(cycle=cycle).select_related("school"))
        assert sorted(r.school_id for r in reviews) == sorted(s.pk for s in world["schools"])
        assert cycle.partnership_name == "Wolds"
        for review in reviews:
            team = list(PeerReviewer.objects.filter(review=review)
                        .select_related("person__headship__school__establishment"))
            assert len(team) == 2
            assert sum(place.is_lead for place in team) == 1
            trust = review.school.establishment.trust_name
            for place in team:
                assert place.person.headship.school_id != review.school_id
                assert not trust or _trust(place.person) != trust
                assert place.person_id != world["untrained"].pk


def test_an_oak_trust_school_can_only_get_the_heads_outside_its_trust(tenant_a, world):
    cycle = _cycle(tenant_a, world, team_size=3)
    with scope(tenant=tenant_a):
        oak = PeerReview.objects.get(cycle=cycle, school=world["schools"][0])
        people = set(PeerReviewer.objects.filter(review=oak).values_list("person_id", flat=True))
    assert people == {world["heads"][2].pk, world["heads"][3].pk}


@pytest.mark.parametrize(("who", "words"), [
    ("own", "own school"), ("trust", "same trust (Oak Trust)"),
    ("untrained", "no peer review training"), ("officer", "not a headteacher")])
def test_a_reviewer_breaking_a_rule_is_refused_with_the_rule(tenant_a, world, who, words):
    cycle = _cycle(tenant_a, world, team_size=0)
    person = {"own": world["heads"][0], "trust": world["heads"][1],
              "untrained": world["untrained"]}.get(who)
    with scope(tenant=tenant_a):
        if person is None:
            person = Membership.objects.get(tenant=tenant_a, user=world["officer"])
        review = PeerReview.objects.get(cycle=cycle, school=world["schools"][0])
        with pytest.raises(ValidationError) as refused:
            services.reviewer_assign(tenant=tenant_a, actor=world["officer"], review=review,
                                     person=person)
        assert words in refused.value.message_dict["person"][0]
        assert not PeerReviewer.objects.filter(review=review).exists()


def test_a_head_cannot_put_anyone_on_a_team(tenant_a, world):
    cycle = _cycle(tenant_a, world, team_size=0)
    with scope(tenant=tenant_a):
        review = PeerReview.objects.get(cycle=cycle, school=world["schools"][0])
        with pytest.raises(PermissionDenied):
            services.reviewer_assign(tenant=tenant_a, actor=world["heads"][2].user,
                                     review=review, person=world["heads"][3])


def _review_of(tenant, world, index=0):
    cycle = _cycle(tenant, world)
    with scope(tenant=tenant):
        review = PeerReview.objects.get(cycle=cycle, school=world["schools"][index])
        reviewer = PeerReviewer.objects.filter(review=review).select_related("person__user")[0]
    return review, reviewer.person


def test_a_reviewer_sees_the_review_and_public_facts_but_never_the_category_page(
        tenant_a, world, client_for):
    review, reviewer = _review_of(tenant_a, world)
    client = client_for(reviewer.user)
    page = client.get(f"/t/{tenant_a.slug}/support/peer-review/reviews/{review.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    main = body[body.index("<main"):body.index("</main>")].lower()
    assert str(review.school.urn) in main and "outcomes by theme" in main
    assert not {"category", "intelligence", "capacity"} & set(main.replace("<", " ").split())
    urn = review.school.urn
    assert client.get(f"/t/{tenant_a.slug}/categorisation/schools/{urn}/").status_code == 403
    assert client.get(f"/t/{tenant_a.slug}/support/schools/{urn}/").status_code == 403


def test_a_reviewers_access_ends_when_the_review_ends(tenant_a, world, client_for):
    review, reviewer = _review_of(tenant_a, world)
    url = f"/t/{tenant_a.slug}/support/peer-review/reviews/{review.pk}/"
    client = client_for(reviewer.user)
    with scopes_disabled():
        PeerReview.objects.filter(pk=review.pk).update(ends_on=TODAY)  # its last day
        review.refresh_from_db()
    assert client.get(url).status_code == 200
    with scope(tenant=tenant_a):
        assert reviewer.user.has_perm(PEER_REVIEW, review)
    with scopes_disabled():
        PeerReview.objects.filter(pk=review.pk).update(ends_on=TODAY - timedelta(days=1))
        review.refresh_from_db()
    assert client.get(url).status_code == 403
    assert client.get(url + "outcomes/").status_code == 403
    with scope(tenant=tenant_a):
        assert not reviewer.user.has_perm(PEER_REVIEW, review)
    with scope(tenant=tenant_a), pytest.raises(PermissionDenied):
        services.outcome_record(tenant=tenant_a, actor=reviewer.user, review=review,
                                theme=services.themes_ensure(tenant=tenant_a)[0],
                                judgement="strength", text="Too late.")


def test_a_head_not_on_the_team_gets_403_and_the_schools_own_head_reads_it(
        tenant_a, world, client_for):
    review, reviewer = _review_of(tenant_a, world)
    url = f"/t/{tenant_a.slug}/support/peer-review/reviews/{review.pk}/"
    with scope(tenant=tenant_a):
        team = set(PeerReviewer.objects.filter(review=review).values_list("person_id",
                                                                          flat=True))
    outsider = next(h for h in world["heads"][1:] if h.pk not in team)
    assert client_for(outsider.user).get(url).status_code == 403
    own = client_for(world["heads"][0].user)
    assert own.get(url).status_code == 200
    assert own.get(url + "outcomes/").status_code == 403


def test_the_team_records_outcomes_and_they_roll_up_for_the_board(
        tenant_a, world, client_for, personas):
    review, reviewer = _review_of(tenant_a, world)
    client = client_for(reviewer.user)
    with scope(tenant=tenant_a):
        themes = {t.name: t for t in services.themes_ensure(tenant=tenant_a)}
    url = f"/t/{tenant_a.slug}/support/peer-review/reviews/{review.pk}/"
    response = client.post(url + "outcomes/", {"theme": themes["Leadership"].pk,
                                               "judgement": "strength", "text": "Clear vision."})
    assert response.status_code == 302
    client.post(url + "outcomes/", {"theme": themes["Curriculum"].pk,
                                    "judgement": "area_to_develop", "text": "Sequencing."})
    refused = client.post(url + "outcomes/", {"theme": themes["Curriculum"].pk,
                                              "judgement": "area_to_develop", "text": " "})
    assert refused.status_code == 400
    response = client.post(url + "workshop/", {"summary": "A good review.",
                                               "workshop_on": str(TODAY),
                                               "workshop_notes": "Curriculum first."})
    assert response.status_code == 302
    with scope(tenant=tenant_a):
        assert PeerReviewOutcome.objects.filter(review=review).count() == 2
    board = client_for(personas["a"][Role.BOARD_MEMBER])
    page = board.get(f"/t/{tenant_a.slug}/support/peer-review/trends/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and 'data-testid="trends"' in body
    assert review.school.establishment.name not in body
    csv = board.get(f"/t/{tenant_a.slug}/support/peer-review/trends/export/?format=csv")
    lines = csv.content.decode().splitlines()
    assert "Leadership,Spring reviews" in "\n".join(lines)
    leadership = next(line for line in lines if line.startswith("Leadership,"))
    curriculum = next(line for line in lines if line.startswith("Curriculum,"))
    assert leadership.endswith(",1,0") and curriculum.endswith(",0,1")


def test_the_cycles_download_lists_each_review_with_its_team_and_outcomes(
        tenant_a, world, client_for, personas):
    review, reviewer = _review_of(tenant_a, world)
    with scope(tenant=tenant_a):
        theme = services.themes_ensure(tenant=tenant_a)[0]
        services.outcome_record(tenant=tenant_a, actor=reviewer.user, review=review,
                                theme=theme, judgement="strength", text="Clear vision.")
    officer = client_for(world["officer"])
    response = officer.get(f"/t/{tenant_a.slug}/support/peer-review/cycles/"
                           f"{review.cycle_id}/export/?format=csv")
    assert response.status_code == 200
    text = response.content.decode()
    assert len(text.strip().splitlines()) == 1 + len(world["schools"])
    assert "Strength: Clear vision." in text and str(reviewer.user) in text


def test_an_officer_sets_up_a_cluster_cycle_from_the_page(tenant_a, world, client_for):
    officer = client_for(world["officer"])
    base = f"/t/{tenant_a.slug}/support/peer-review/"
    assert officer.get(base).status_code == 200
    form = officer.get(base + "cycles/new/")
    assert "Wolds (Cluster)" in form.content.decode()
    year = START.year if START.month >= 9 else START.year - 1
    response = officer.post(base + "cycles/new/", {
        "name": "Summer", "academic_year": year, "starts_on": str(START), "ends_on": str(END),
        "partnership": world["cluster"].pk, "team_size": "2"})
    assert response.status_code == 302
    with scope(tenant=tenant_a):
        assert PeerReview.objects.filter(cycle__name="Summer").count() == 4
    bad = officer.post(base + "cycles/new/", {
        "name": "Broken", "academic_year": year, "starts_on": str(END), "ends_on": str(START),
        "partnership": "", "team_size": "0"})
    assert bad.status_code == 400 and "cannot end before it starts" in bad.content.decode()


def test_the_team_page_says_why_each_head_may_not_review(tenant_a, world, client_for):
    cycle = _cycle(tenant_a, world, team_size=0)
    with scope(tenant=tenant_a):
        review = PeerReview.objects.get(cycle=cycle, school=world["schools"][0])
    officer = client_for(world["officer"])
    url = f"/t/{tenant_a.slug}/support/peer-review/reviews/{review.pk}/team/"
    body = officer.get(url).content.decode()
    assert "a head never reviews their own school" in body
    assert "same trust (Oak Trust)" in body
    head = world["heads"][2]
    # The select names each head with their school (read as columns, not models).
    label = escape(f"{head.user.full_name}, {head.headship.school.establishment.name}")
    assert f'<option value="{head.pk}">{label}</option>' in body
    refused = officer.post(url, {"person": world["heads"][1].pk})
    assert refused.status_code == 400 and "same trust" in refused.content.decode()
    assert officer.post(url, {"person": world["heads"][2].pk, "is_lead": "on"}).status_code \
        == 302


def test_a_reviewer_is_told_of_a_review_coming_up(tenant_a, world, client_for):
    review, reviewer = _review_of(tenant_a, world)
    page = client_for(reviewer.user).get(f"/t/{tenant_a.slug}/waiting/")
    assert f"Peer review of {review.school.establishment.name}" in page.content.decode()


def test_the_api_lists_a_cycle_and_assigns_a_reviewer_with_the_rules(
        tenant_a, world):
    from rest_framework.test import APIClient

    cycle = _cycle(tenant_a, world, team_size=0)
    client = APIClient()
    client.force_login(world["officer"])
    base = f"/api/t/{tenant_a.slug}/support/peer-review/"
    listed = client.get(base + "cycles/")
    assert listed.status_code == 200 and listed.json()[0]["name"] == "Spring reviews"
    detail = client.get(base + f"cycles/{cycle.pk}/").json()
    assert len(detail["reviews"]) == 4
    review_id = next(r["id"] for r in detail["reviews"]
                     if r["urn"] == world["schools"][0].urn)
    refused = client.post(base + f"reviews/{review_id}/team/",
                          {"person": world["heads"][1].pk}, format="json")
    assert refused.status_code == 400 and "same trust" in str(refused.json())
    added = client.post(base + f"reviews/{review_id}/team/",
                        {"person": world["heads"][2].pk, "is_lead": True}, format="json")
    assert added.status_code == 201 and added.json()["team"][0]["is_lead"] is True


def test_another_tenants_officer_finds_no_review(tenant_a, world, personas):
    review, _ = _review_of(tenant_a, world)
    client = Client()
    client.force_login(personas["b"][Role.OFFICER])
    response = client.get(f"/t/{tenant_a.slug}/support/peer-review/reviews/{review.pk}/")
    assert response.status_code == 404


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_cycle_and_team_pages_read_the_same_queries_whatever_the_number_of_reviews(
        tenant_a, world, client_for):
    cycle = _cycle(tenant_a, world)
    officer = client_for(world["officer"])
    base = f"/t/{tenant_a.slug}/support/peer-review/"
    with scope(tenant=tenant_a):
        review = PeerReview.objects.filter(cycle=cycle).first()
    pages = [f"{base}cycles/{cycle.pk}/", f"{base}cycles/{cycle.pk}/export/?format=csv",
             f"{base}reviews/{review.pk}/team/", f"{base}trends/", f"{base}training/"]
    before = [_queries(officer, url) for url in pages]
    more = [_head(tenant_a, f"Head{n} Extra") for n in range(4)]
    with scope(tenant=tenant_a):
        themes = services.themes_ensure(tenant=tenant_a)
        for head in more:
            services.training_record(tenant=tenant_a, actor=world["officer"], person=head,
                                     trained_on=date(2024, 9, 20), trained_by="The LA")
            added = services.review_add(tenant=tenant_a, actor=world["officer"], cycle=cycle,
                                        school=head.headship.school, starts_on=START,
                                        ends_on=END)
            services.reviewer_assign(tenant=tenant_a, actor=world["officer"], review=added,
                                     person=world["heads"][2], is_lead=True)
            for theme in themes:
                services.outcome_record(tenant=tenant_a, actor=world["officer"], review=added,
                                        theme=theme, judgement="strength", text="Good.")
    assert [_queries(officer, url) for url in pages] == before


def test_the_cycle_api_and_page_list_what_each_review_holds(tenant_a, world, client_for):
    """The cycle's API rows (plain values) are what the review serializer writes of each
    review, teams and outcomes included; the page lists each team and count of themes."""
    import json

    from rest_framework.test import APIClient

    from support.api.peer_review import SupportPeerReviewSerializer
    from support.selectors.peer_review import reviews_of

    cycle = _cycle(tenant_a, world)
    with scope(tenant=tenant_a):
        themes = services.themes_ensure(tenant=tenant_a)
        review = PeerReview.objects.filter(cycle=cycle).first()
        for theme, judgement in zip(themes[:2], ("strength", "area_to_develop"), strict=True):
            services.outcome_record(tenant=tenant_a, actor=world["officer"], review=review,
                                    theme=theme, judgement=judgement, text=f"On {theme.name}.")
        services.review_workshop(tenant=tenant_a, actor=world["officer"], review=review,
                                 summary="Good.", workshop_on=TODAY, workshop_notes="First.")
        expected = json.loads(json.dumps(SupportPeerReviewSerializer(
            reviews_of(cycle), many=True).data))
        team = [str(place.person.user) for place in review.team.all()]
    assert sum(len(row["team"]) for row in expected) >= 4
    api = APIClient()
    api.force_login(world["officer"])
    body = api.get(f"/api/t/{tenant_a.slug}/support/peer-review/cycles/{cycle.pk}/").json()
    assert body["reviews"] == expected
    page = client_for(world["officer"]).get(
        f"/t/{tenant_a.slug}/support/peer-review/cycles/{cycle.pk}/").content.decode()
    row = page.split(f"reviews/{review.pk}/")[1].split("</tr>")[0]
    assert team and all(escape(name) in row for name in team)
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in row
