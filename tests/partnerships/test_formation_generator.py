"""The proposal generator and the greedy baseline, as pure functions over plain data.

The property tests draw random registers (phases, locations, support, consent, named
partners) and sizes, and check that no hard constraint is ever broken.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerships.formation import (
    Candidate,
    Constraints,
    Infeasible,
    ProposedGroup,
    choose_lead,
    generate,
    greedy_baseline,
    group_count_range,
    measure,
    preference_counts,
    violations,
)

PHASES = ["primary", "secondary", "special", "nursery", "all_through", "middle"]
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, database=None,
                             suppress_health_check=[HealthCheck.too_slow])


@st.composite
def registers(draw, max_schools: int = 60):
    n = draw(st.integers(min_value=1, max_value=max_schools))
    located = draw(st.booleans())
    candidates = []
    for key in range(n):
        candidates.append(dict(
            key=1000 + key, name=f"School {key}", phase=draw(st.sampled_from(PHASES)),
            easting=draw(st.integers(300000, 360000)) if located else None,
            northing=draw(st.integers(100000, 160000)) if located else None,
            can_give_support=draw(st.booleans()),
            accepts_secondary_lead=draw(st.booleans()),
            pupils=draw(st.integers(0, 2000)),
        ))
    for c in candidates:
        named = draw(st.lists(st.integers(0, n - 1), max_size=3))
        c["preferred"] = frozenset(1000 + i for i in named)
    min_size = draw(st.integers(1, 6))
    max_size = draw(st.integers(min_size, min_size + 6))
    return [Candidate(**c) for c in candidates], Constraints(min_size, max_size)


def is_feasible(n: int, constraints: Constraints) -> bool:
    try:
        group_count_range(n, constraints)
    except Infeasible:
        return False
    return True


@PROPERTY_SETTINGS
@given(registers(), st.integers(0, 1000))
def test_the_generator_never_breaks_a_hard_constraint(register, seed):
    candidates, constraints = register
    if not is_feasible(len(candidates), constraints):
        with pytest.raises(Infeasible):
            generate(candidates, constraints, seed=seed, restarts=1)
        return
    proposal = generate(candidates, constraints, seed=seed, restarts=1)
    assert violations(candidates, constraints, proposal.groups) == []
    placed = sorted(k for g in proposal.groups for k in g.members)
    assert placed == sorted(c.key for c in candidates)
    assert all(constraints.min_size <= len(g.members) <= constraints.max_size
               for g in proposal.groups)


@PROPERTY_SETTINGS
@given(registers())
def test_the_greedy_baseline_never_breaks_a_hard_constraint(register):
    candidates, constraints = register
    if not is_feasible(len(candidates), constraints):
        return
    proposal = greedy_baseline(candidates, constraints)
    assert violations(candidates, constraints, proposal.groups) == []


@PROPERTY_SETTINGS
@given(registers(max_schools=40))
def test_no_primary_is_led_by_a_secondary_without_agreeing(register):
    candidates, constraints = register
    if not is_feasible(len(candidates), constraints):
        return
    by_key = {c.key: c for c in candidates}
    for group in generate(candidates, constraints, restarts=1).groups:
        lead = by_key[group.lead]
        if lead.is_secondary:
            assert all(by_key[k].accepts_secondary_lead for k in group.members
                       if by_key[k].is_primary)


@PROPERTY_SETTINGS
@given(registers(max_schools=40))
def test_support_is_spread_to_every_partnership_when_there_is_enough(register):
    candidates, constraints = register
    if not is_feasible(len(candidates), constraints):
        return
    proposal = generate(candidates, constraints, restarts=1)
    givers = sum(c.can_give_support for c in candidates)
    if givers >= len(proposal.groups):
        by_key = {c.key: c for c in candidates}
        assert all(any(by_key[k].can_give_support for k in g.members) for g in proposal.groups)


def small_register():
    """Two secondaries and six primaries in two towns; Ash and Birch named each other."""
    west, east = (400000, 150000), (430000, 150000)

    def school(key, name, phase, town, **kwargs):
        return Candidate(key=key, name=name, phase=phase, easting=town[0] + key * 100,
                         northing=town[1], **kwargs)

    return [
        school(1, "Ash Primary", "primary", west, preferred=frozenset({2})),
        school(2, "Birch Primary", "primary", east, preferred=frozenset({1})),
        school(3, "Cedar Primary", "primary", west, can_give_support=True),
        school(4, "Downs Primary", "primary", east),
        school(5, "Elm Primary", "primary", west),
        school(6, "Fir Primary", "primary", east, can_give_support=True),
        school(7, "West Academy", "secondary", west, can_give_support=True, pupils=1200),
        school(8, "East Academy", "secondary", east, pupils=1100),
    ]


def test_the_generator_is_deterministic_for_a_seed():
    candidates = small_register()
    first = generate(candidates, Constraints(3, 5), seed=7)
    again = generate(candidates, Constraints(3, 5), seed=7)
    assert [g.members for g in first.groups] == [g.members for g in again.groups]


def test_the_generator_keeps_schools_that_named_each_other_together():
    proposal = generate(small_register(), Constraints(4, 4))
    together = [g for g in proposal.groups if {1, 2} <= set(g.members)]
    assert len(together) == 1


def test_each_partnership_gets_a_school_able_to_give_support():
    candidates = small_register()
    by_key = {c.key: c for c in candidates}
    proposal = generate(candidates, Constraints(4, 4))
    assert all(any(by_key[k].can_give_support for k in g.members) for g in proposal.groups)


def test_the_explanation_says_why_in_plain_english():
    proposal = generate(small_register(), Constraints(4, 4))
    text = next(g.explanation for g in proposal.groups if 1 in g.members)
    assert "Ash Primary named Birch Primary" in text
    assert "km from the partnership's centre" in text
    assert "Led by" in text


def test_a_secondary_does_not_lead_primaries_that_did_not_agree():
    members = [Candidate(key=1, name="Big Secondary", phase="secondary", can_give_support=True),
               Candidate(key=2, name="Small Primary", phase="primary")]
    assert choose_lead(members) == 2


def test_a_secondary_leads_primaries_that_agreed():
    members = [Candidate(key=1, name="Big Secondary", phase="secondary", can_give_support=True),
               Candidate(key=2, name="Small Primary", phase="primary",
                         accepts_secondary_lead=True)]
    assert choose_lead(members) == 1


def test_violations_name_a_secondary_lead_over_a_primary_that_did_not_agree():
    candidates = [Candidate(key=1, name="Big Secondary", phase="secondary"),
                  Candidate(key=2, name="Small Primary", phase="primary")]
    problems = violations(candidates, Constraints(2, 2), [ProposedGroup([1, 2], lead=1)])
    assert problems == ["Partnership 1 is led by a secondary school, Big Secondary, but Small "
                        "Primary did not agree to be led by a secondary."]


def test_violations_name_a_school_left_out_and_a_size_out_of_bounds():
    candidates = small_register()[:3]
    problems = violations(candidates, Constraints(2, 3), [ProposedGroup([1], lead=1)])
    assert "Partnership 1 has 1 schools; it must have 2 to 3." in problems
    assert "Birch Primary has not been offered a place." in problems


def test_the_preference_score_counts_each_naming_and_whether_it_is_honoured():
    candidates = [
        Candidate(key=1, name="Ash Primary", phase="primary", preferred=frozenset({2, 3, 9})),
        Candidate(key=2, name="Birch Primary", phase="primary", preferred=frozenset({1})),
        Candidate(key=3, name="Cedar Primary", phase="primary", preferred=frozenset({3})),
    ]
    groups = [ProposedGroup([1, 2]), ProposedGroup([3])]
    counts = preference_counts(candidates, groups)
    # 9 is not a candidate and Cedar named itself: neither counts.
    assert [(counts[k].named, counts[k].honoured) for k in (1, 2, 3)] == [(2, 1), (1, 1), (0, 0)]
    figures = measure(candidates, Constraints(1, 2), groups)
    assert (figures["preferences_stated"], figures["preferences_honoured"]) == (3, 2)


def test_sizes_that_cannot_fit_are_refused_with_the_reason():
    with pytest.raises(Infeasible, match="7 schools cannot be split into partnerships of 4 to 5"):
        generate(small_register()[:7], Constraints(4, 5))


def test_the_generator_honours_more_preferences_than_the_baseline():
    import random

    rng = random.Random(3)
    candidates = []
    for key in range(120):
        candidates.append(Candidate(
            key=key, name=f"S{key}", phase="primary", easting=rng.uniform(0, 40000),
            northing=rng.uniform(0, 40000), can_give_support=key % 5 == 0,
            preferred=frozenset(rng.sample(range(120), 2)) - {key},
        ))
    constraints = Constraints(5, 8)
    ours = generate(candidates, constraints, seed=1).metrics
    baseline = greedy_baseline(candidates, constraints, seed=1).metrics
    assert ours["preferences_honoured"] > baseline["preferences_honoured"]
    assert ours["violations"] == baseline["violations"] == 0


def test_the_iterated_local_search_honours_preferences_the_local_optimum_left():
    """Swapping a school into the partnership of a school it named, then improving around it,
    honours preferences that single moves and swaps cannot reach, and keeps every hard rule."""
    import random

    rng = random.Random(5)
    candidates = [
        Candidate(key=key, name=f"S{key}", phase="primary", easting=rng.uniform(0, 40000),
                  northing=rng.uniform(0, 40000), can_give_support=key % 5 == 0,
                  preferred=frozenset(rng.sample(range(200), 3)) - {key})
        for key in range(200)]
    constraints = Constraints(5, 8)
    local_optimum = generate(candidates, constraints, seed=2, rounds=0).metrics
    searched = generate(candidates, constraints, seed=2).metrics
    assert searched["preferences_honoured"] > local_optimum["preferences_honoured"]
    assert searched["share_with_support"] >= local_optimum["share_with_support"]
    assert searched["violations"] == 0
