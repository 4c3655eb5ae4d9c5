"""The peer review rules as pure functions over plain data: one test per rule, and hypothesis
over random heads and schools (nobody refused is untrained, their own school's head or of its
trust; teams proposed only from those nobody refused, the work spread)."""

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from support.brokering import hard_keys
from support.peer_review import ReviewedSchool, Reviewer, Rule, propose_teams, refusal_of

ON = date(2026, 3, 2)
SCHOOL = ReviewedSchool(school_id=1, tenant_id=10, name="Ashby Primary", trust="Oak Trust",
                        hard_keys=hard_keys(partnership_ids={5}))
HEAD = Reviewer(person_id=100, tenant_id=10, name="Ann Head", school_id=2,
                school_name="Birch School", trust="", trained_on=(date(2025, 9, 10),))


def rule_of(reviewer: Reviewer, school: ReviewedSchool = SCHOOL) -> Rule | None:
    refused = refusal_of(reviewer, school, ON)
    return refused.rule if refused else None


def test_a_trained_head_of_another_school_and_trust_may_review():
    assert rule_of(HEAD) is None


def test_a_head_never_reviews_their_own_school():
    refused = refusal_of(replace(HEAD, school_id=1), SCHOOL, ON)
    assert refused is not None and refused.rule == Rule.OWN_SCHOOL
    assert "own school" in refused.reason


def test_a_head_never_reviews_a_school_of_their_own_trust():
    refused = refusal_of(replace(HEAD, trust=" oak trust "), SCHOOL, ON)
    assert refused is not None and refused.rule == Rule.SAME_TRUST
    assert "Oak Trust" in refused.reason


def test_a_head_of_the_same_hard_partnership_or_federation_counts_as_the_same_trust():
    assert rule_of(replace(HEAD, hard_keys=hard_keys(partnership_ids={5}))) == Rule.SAME_TRUST
    federated = replace(SCHOOL, hard_keys=hard_keys(partnership_ids=set(),
                                                    federation="Wolds Federation"))
    fellow = replace(HEAD, hard_keys=hard_keys(partnership_ids=set(),
                                               federation="wolds federation"))
    assert rule_of(fellow, federated) == Rule.SAME_TRUST


def test_two_schools_without_a_trust_are_not_in_the_same_trust():
    assert rule_of(HEAD, replace(SCHOOL, trust="")) is None


def test_nobody_untrained_reviews_and_training_after_the_review_does_not_count():
    assert rule_of(replace(HEAD, trained_on=())) == Rule.UNTRAINED
    assert rule_of(replace(HEAD, trained_on=(ON + timedelta(days=1),))) == Rule.UNTRAINED
    assert rule_of(replace(HEAD, trained_on=(ON,))) is None


def test_a_person_leading_no_school_is_not_a_peer_reviewer():
    assert rule_of(replace(HEAD, school_id=None)) == Rule.NOT_A_HEAD


def test_another_tenants_head_never_reviews():
    assert rule_of(replace(HEAD, tenant_id=11)) == Rule.ANOTHER_TENANT


TRUSTS = st.sampled_from(["", "Oak Trust", "Ash Trust", "oak trust"])
DAYS = st.lists(st.integers(-400, 60).map(lambda n: ON + timedelta(days=n)), max_size=2)


@st.composite
def heads(draw, person_id: int) -> Reviewer:
    return Reviewer(person_id=person_id, tenant_id=draw(st.sampled_from([10, 10, 10, 11])),
                    name=f"Head {person_id}", school_id=draw(st.one_of(st.none(),
                                                                       st.integers(1, 6))),
                    trust=draw(TRUSTS), hard_keys=hard_keys(
                        partnership_ids=set(draw(st.sets(st.integers(1, 3), max_size=2)))),
                    trained_on=tuple(draw(DAYS)))


@st.composite
def schools(draw, school_id: int) -> ReviewedSchool:
    return ReviewedSchool(school_id=school_id, tenant_id=10, name=f"School {school_id}",
                          trust=draw(TRUSTS), hard_keys=hard_keys(
                              partnership_ids=set(draw(st.sets(st.integers(1, 3), max_size=2)))))


@st.composite
def worlds(draw):
    people = [draw(heads(n)) for n in range(draw(st.integers(0, 10)))]
    places = [draw(schools(n)) for n in range(1, draw(st.integers(1, 6)) + 1)]
    return people, places


def allowed(reviewer: Reviewer, school: ReviewedSchool) -> bool:
    """The rules, said again independently of the module."""
    trust = reviewer.trust.strip().casefold()
    return (reviewer.tenant_id == school.tenant_id and reviewer.school_id is not None
            and any(day <= ON for day in reviewer.trained_on)
            and reviewer.school_id != school.school_id
            and not (trust and trust == school.trust.strip().casefold())
            and not reviewer.hard_keys & school.hard_keys)


@settings(max_examples=300, deadline=None)
@given(worlds())
def test_whoever_is_not_refused_keeps_every_rule_and_whoever_is_refused_breaks_one(world):
    people, places = world
    for school in places:
        for reviewer in people:
            assert (refusal_of(reviewer, school, ON) is None) == allowed(reviewer, school)


@settings(max_examples=300, deadline=None)
@given(worlds(), st.integers(0, 4))
def test_proposed_teams_keep_every_rule_and_spread_the_work(world, size):
    people, places = world
    teams = propose_teams(places, people, on=ON, size=size)
    assert set(teams) == {school.school_id for school in places}
    for school in places:
        team = teams[school.school_id]
        eligible = [r for r in people if allowed(r, school)]
        assert len(team) == min(size, len(eligible))
        assert len({r.person_id for r in team}) == len(team)
        assert all(allowed(reviewer, school) for reviewer in team)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 8), st.integers(1, 8), st.integers(1, 3))
def test_when_every_head_may_review_every_school_the_work_is_spread_evenly(n_heads, n_schools,
                                                                            size):
    people = [replace(HEAD, person_id=n, name=f"Head {n}", school_id=100 + n)
              for n in range(n_heads)]
    places = [replace(SCHOOL, school_id=n, trust="", hard_keys=frozenset())
              for n in range(n_schools)]
    teams = propose_teams(places, people, on=ON, size=size)
    load = [sum(r in team for team in teams.values()) for r in people]
    assert max(load) - min(load) <= 1
    assert sum(load) == n_schools * min(size, n_heads)
