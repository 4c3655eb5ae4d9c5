"""The brokering rules as pure functions over plain data: one test per rule, the ranking, and
hypothesis over random directories (never over capacity, never conflicted, never another
tenant's)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from support.brokering import (
    Ask,
    Candidate,
    NeedySchool,
    Rule,
    broker,
    employer_keys,
    exclusion_of,
    hard_keys,
)

ON = date(2026, 1, 12)
SCHOOL = NeedySchool(school_id=1, tenant_id=10, name="Ashby Primary", trust="Oak Trust",
                     hard_partnership_ids=hard_keys(partnership_ids={5}),
                     soft_partnership_ids=frozenset({7}))
ASK = Ask(school=SCHOOL, days=Decimal("5"), on=ON, need="maths",
          officer_employer_keys=frozenset({"org:northshire council"}))
LEADER = Candidate(person_id=100, tenant_id=10, name="Ann Leader", designation="NLE",
                   days_per_year=Decimal("20"), days_used=Decimal("0"),
                   expires_on=date(2027, 8, 31), specialisms=frozenset({"english"}),
                   employer_school_id=2, employer_name="Birch School", employer_trust="",
                   employer_keys=employer_keys(school_id=2))


def rule_of(candidate: Candidate) -> Rule | None:
    excluded = exclusion_of(ASK, candidate)
    return excluded.rule if excluded else None


def test_a_leader_with_no_conflict_and_days_left_is_suggested():
    assert rule_of(LEADER) is None


def test_a_leader_of_another_tenant_is_excluded():
    assert rule_of(replace(LEADER, tenant_id=11)) == Rule.ANOTHER_TENANT


def test_a_leader_working_at_the_school_itself_is_excluded():
    assert rule_of(replace(LEADER, employer_school_id=1)) == Rule.THE_SCHOOL_ITSELF


def test_a_leader_whose_designation_expired_before_the_start_is_excluded():
    assert rule_of(replace(LEADER, expires_on=date(2026, 1, 11))) == Rule.EXPIRED


def test_a_leader_whose_designation_expires_on_the_start_day_is_not_excluded():
    assert rule_of(replace(LEADER, expires_on=ON)) is None


def test_a_leader_with_fewer_days_left_than_asked_is_excluded_as_over_capacity():
    excluded = exclusion_of(ASK, replace(LEADER, days_used=Decimal("15.5")))
    assert excluded is not None and excluded.rule == Rule.OVER_CAPACITY
    assert "4.5 days left" in excluded.reason


def test_a_leader_with_exactly_the_days_asked_left_is_suggested():
    assert rule_of(replace(LEADER, days_used=Decimal("15"))) is None


def test_a_leader_whose_school_is_in_the_same_trust_is_excluded_whatever_the_case():
    assert rule_of(replace(LEADER, employer_trust="oak trust ")) == Rule.SAME_TRUST


def test_two_schools_in_no_trust_are_not_the_same_trust():
    school = replace(SCHOOL, trust="")
    assert exclusion_of(replace(ASK, school=school), LEADER) is None


def test_a_leader_whose_school_shares_a_hard_partnership_is_excluded():
    leader = replace(LEADER, hard_partnership_ids=hard_keys(partnership_ids={5}))
    assert rule_of(leader) == Rule.SAME_HARD_PARTNERSHIP


def test_a_leader_whose_school_is_in_the_same_gias_federation_is_excluded():
    school = replace(SCHOOL, hard_partnership_ids=hard_keys(partnership_ids=set(),
                                                            federation="Vale Federation"))
    leader = replace(LEADER, hard_partnership_ids=hard_keys(partnership_ids={9},
                                                            federation="vale federation"))
    assert exclusion_of(replace(ASK, school=school), leader).rule == Rule.SAME_HARD_PARTNERSHIP


def test_a_leader_who_declared_an_interest_in_the_school_is_excluded():
    assert rule_of(replace(LEADER, interest_school_ids=frozenset({1}))) == Rule.DECLARED_INTEREST


def test_a_leader_whose_employer_also_employs_the_officer_is_excluded():
    leader = replace(LEADER, employer_keys=employer_keys(school_id=2,
                                                         organisation="Northshire Council"))
    assert rule_of(leader) == Rule.OFFICER_EMPLOYER


def test_an_officer_employed_by_the_trust_of_the_leaders_school_is_a_conflict():
    leader = replace(LEADER, employer_keys=employer_keys(school_id=2, trust="Elm Trust"))
    ask = replace(ASK, officer_employer_keys=employer_keys(school_id=None,
                                                           organisation="Elm trust"))
    assert exclusion_of(ask, leader).rule == Rule.OFFICER_EMPLOYER


def test_a_matching_specialism_ranks_before_the_same_hub_and_more_days():
    specialist = replace(LEADER, person_id=1, name="Specialist",
                         specialisms=frozenset({"maths"}), days_used=Decimal("14"))
    near = replace(LEADER, person_id=2, name="Near", soft_partnership_ids=frozenset({7}))
    free = replace(LEADER, person_id=3, name="Free", days_per_year=Decimal("40"))
    result = broker(ASK, [free, near, specialist])
    assert [s.candidate.name for s in result.suggestions] == ["Specialist", "Near", "Free"]
    assert result.suggestions[0].reasons[0] == "A specialist in maths."
    assert "same hub or alliance" in result.suggestions[1].reasons[0]


def test_every_excluded_candidate_is_listed_with_its_rule():
    result = broker(ASK, [LEADER, replace(LEADER, person_id=2, days_used=Decimal("19"))])
    assert [e.rule for e in result.exclusions] == [Rule.OVER_CAPACITY]
    assert len(result.suggestions) == 1


names = st.sampled_from(["", "Oak Trust", "Elm Trust", "oak trust"])
ids = st.frozensets(st.integers(1, 4), max_size=2)
candidates = st.builds(
    Candidate, person_id=st.integers(1, 1000), tenant_id=st.sampled_from([10, 11]),
    name=st.text(max_size=5), designation=st.just("NLE"),
    days_per_year=st.decimals(0, 30, places=1), days_used=st.decimals(0, 30, places=1),
    expires_on=st.none() | st.dates(date(2025, 1, 1), date(2027, 1, 1)),
    specialisms=st.frozensets(st.sampled_from(["maths", "english", "send"])),
    employer_school_id=st.none() | st.integers(1, 4), employer_trust=names,
    hard_partnership_ids=st.frozensets(st.sampled_from(["partnership:5", "federation:v"])),
    soft_partnership_ids=ids, interest_school_ids=ids,
    employer_keys=st.frozensets(st.sampled_from(["school:2", "org:council", "org:oak trust"])))
# Schools able to give support with no leader named: the school its own employer.
school_candidates = st.integers(1, 4).flatmap(lambda school_id: st.builds(
    Candidate, person_id=st.none(), school_id=st.just(school_id),
    tenant_id=st.sampled_from([10, 11]), name=st.text(max_size=5),
    designation=st.just("Level 1 - gives capacity"),
    days_per_year=st.decimals(0, 30, places=1), days_used=st.decimals(0, 30, places=1),
    employer_school_id=st.just(school_id), employer_trust=names,
    hard_partnership_ids=st.frozensets(st.sampled_from(["partnership:5", "federation:v"])),
    soft_partnership_ids=ids,
    employer_keys=st.sampled_from(["", "Oak Trust"]).map(
        lambda trust: employer_keys(school_id=school_id, trust=trust))))
asks = st.builds(
    Ask, school=st.builds(NeedySchool, school_id=st.integers(1, 4), tenant_id=st.just(10),
                          name=st.just("S"), trust=names,
                          hard_partnership_ids=st.frozensets(st.sampled_from(
                              ["partnership:5", "federation:v"])),
                          soft_partnership_ids=ids),
    days=st.decimals("0.5", 20, places=1), on=st.dates(date(2025, 6, 1), date(2026, 6, 1)),
    need=st.sampled_from(["", "maths", "send"]),
    officer_employer_keys=st.frozensets(st.sampled_from(["org:council", "school:3"])))


@settings(max_examples=300, deadline=None)
@given(ask=asks, directory=st.lists(candidates | school_candidates, max_size=8))
def test_no_suggestion_is_ever_over_capacity_conflicted_or_another_tenants(ask, directory):
    result = broker(ask, directory)
    assert len(result.suggestions) + len(result.exclusions) == len(directory)
    school = ask.school
    for suggestion in result.suggestions:
        leader = suggestion.candidate
        assert leader.tenant_id == school.tenant_id
        assert leader.days_left >= ask.days
        assert leader.expires_on is None or leader.expires_on >= ask.on
        assert leader.employer_school_id != school.school_id
        assert not (school.trust.strip() and leader.employer_trust.strip().casefold()
                    == school.trust.strip().casefold())
        assert not leader.hard_partnership_ids & school.hard_partnership_ids
        assert school.school_id not in leader.interest_school_ids
        assert not leader.employer_keys & ask.officer_employer_keys
        assert leader.school_id != school.school_id
    assert {e.rule for e in result.exclusions} <= set(Rule)


SCHOOL_GIVER = Candidate(person_id=None, school_id=3, tenant_id=10, name="Cedar School",
                         designation="Level 2 - gives and receives",
                         days_per_year=Decimal("10"), days_used=Decimal("0"),
                         employer_school_id=3, employer_name="Cedar School",
                         employer_keys=employer_keys(school_id=3))


def test_a_school_able_to_give_is_suggested_with_its_capacity_level_as_the_reason():
    result = broker(ASK, [SCHOOL_GIVER])
    assert result.suggestions[0].reasons[0] == ("A school able to give support (Level 2 - "
                                                "gives and receives).")
    assert result.suggestions[0].candidate.key == "school:3"


def test_a_school_able_to_give_in_the_schools_trust_is_excluded():
    giver = replace(SCHOOL_GIVER, employer_trust="Oak Trust")
    assert rule_of(giver) == Rule.SAME_TRUST


def test_a_school_able_to_give_in_the_same_hard_partnership_is_excluded():
    giver = replace(SCHOOL_GIVER, hard_partnership_ids=hard_keys(partnership_ids={5}))
    assert rule_of(giver) == Rule.SAME_HARD_PARTNERSHIP


def test_a_school_able_to_give_that_employs_the_officer_is_excluded():
    ask = replace(ASK, officer_employer_keys=employer_keys(school_id=3))
    assert exclusion_of(ask, SCHOOL_GIVER).rule == Rule.OFFICER_EMPLOYER


def test_a_school_able_to_give_with_too_few_days_left_is_over_capacity():
    assert rule_of(replace(SCHOOL_GIVER, days_used=Decimal("6"))) == Rule.OVER_CAPACITY
