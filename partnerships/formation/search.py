"""The search: greedy starts improved by local search (`generate`); the spreadsheet method it
is compared with (`baseline.greedy_baseline`) shares its state and its finish: leads chosen,
each partnership explained, the figures measured."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Sequence

from partnerships.formation.constraints import choose_group_count, choose_lead
from partnerships.formation.explanation import explain
from partnerships.formation.scoring import (
    GEOGRAPHY_CAP,
    GEOGRAPHY_WEIGHT,
    PREFERENCE_WEIGHT,
    SUPPORT_WEIGHT,
    centre_of,
    distance_to,
    measure,
)
from partnerships.formation.shapes import Candidate, Constraints, Proposal, ProposedGroup

# Rounds of the iterated local search (`_perturb`) after the best start: 600 honour 2-3 % more
# preferences at 400 schools for about 1.5 s (bench/README.md).
PERTURB_ROUNDS = 600


def finish(
    candidates: Sequence[Candidate], constraints: Constraints, groups: list[list[int]],
    algorithm: str, seed: int, names: Sequence[str] | None = None,
) -> Proposal:
    by_key = {c.key: c for c in candidates}
    proposed = []
    for members in groups:
        ordered = sorted(members, key=lambda k: (by_key[k].name, k))
        proposed.append(ProposedGroup(ordered, choose_lead([by_key[k] for k in ordered])))
    names = names or [f"Partnership {i}" for i in range(1, len(proposed) + 1)]
    where = {k: i for i, g in enumerate(proposed) for k in g.members}
    support_short = sum(c.can_give_support for c in candidates) < len(proposed)
    for group in proposed:
        group.explanation = explain(group, by_key, where, names, support_short)
    return Proposal(proposed, algorithm, seed, measure(candidates, constraints, proposed))


class SearchState:
    """Assignment of schools (by index) to groups, with running sums for cheap move scores."""

    def __init__(self, candidates: Sequence[Candidate], k: int, constraints: Constraints):
        self.c = candidates
        self.n = len(candidates)
        self.k = k
        self.lo, self.hi = constraints.min_size, constraints.max_size
        index = {c.key: i for i, c in enumerate(candidates)}
        weights: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        for i, c in enumerate(candidates):
            for other in c.preferred:
                j = index.get(other)
                if j is not None and j != i:
                    weights[i][j] += 1
                    weights[j][i] += 1
        self.links = [sorted(weights[i].items()) for i in range(self.n)]
        self.xy = [(c.easting, c.northing) if c.has_location else None for c in candidates]
        self.support = [bool(c.can_give_support) for c in candidates]
        self.support_target = min(k, sum(self.support))
        self.scale = self._scale()
        self.assign = [-1] * self.n
        self.members: list[set[int]] = [set() for _ in range(k)]
        self.sx = [0.0] * k
        self.sy = [0.0] * k
        self.located = [0] * k
        self.givers = [0] * k

    def _scale(self) -> float:
        """A typical partnership radius: distances are scored in these units."""
        points = [p for p in self.xy if p]
        if len(points) < 2 or not self.k:
            return 1.0
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        area = max(1.0, (max(xs) - min(xs)) * (max(ys) - min(ys)))
        return max(1.0, math.sqrt(area / (self.k * math.pi)))

    def add(self, i: int, g: int) -> None:
        self.assign[i] = g
        self.members[g].add(i)
        if self.xy[i]:
            self.sx[g] += self.xy[i][0]
            self.sy[g] += self.xy[i][1]
            self.located[g] += 1
        self.givers[g] += self.support[i]

    def remove(self, i: int) -> None:
        g = self.assign[i]
        self.members[g].discard(i)
        if self.xy[i]:
            self.sx[g] -= self.xy[i][0]
            self.sy[g] -= self.xy[i][1]
            self.located[g] -= 1
        self.givers[g] -= self.support[i]
        self.assign[i] = -1

    def geo(self, i: int, g: int, without: int = -1) -> float:
        """Scaled distance from school i to group g's centre (leaving i and `without` out)."""
        p = self.xy[i]
        if p is None:
            return 0.0
        sx, sy, count = self.sx[g], self.sy[g], self.located[g]
        for leave in (i, without):
            if leave >= 0 and self.assign[leave] == g and self.xy[leave]:
                sx -= self.xy[leave][0]
                sy -= self.xy[leave][1]
                count -= 1
        if count <= 0:
            return 0.0
        return min(GEOGRAPHY_CAP, math.hypot(p[0] - sx / count, p[1] - sy / count) / self.scale)

    def pref_by_group(self, i: int) -> dict[int, float]:
        totals: dict[int, float] = defaultdict(float)
        for j, w in self.links[i]:
            if self.assign[j] >= 0:
                totals[self.assign[j]] += w
        return totals

    def support_delta(self, losing: int, gaining: int) -> float:
        """Change in the support penalty when one giver moves from `losing` to `gaining`."""
        if not self.support_target:
            return 0.0
        return SUPPORT_WEIGHT * ((self.givers[losing] == 1) - (self.givers[gaining] == 0))

    def move_gain(self, i: int, b: int, pref: dict[int, float]) -> float:
        """Improvement of the score when i moves to group b (positive is better)."""
        a = self.assign[i]
        gain = PREFERENCE_WEIGHT * (pref.get(b, 0.0) - pref.get(a, 0.0))
        gain += GEOGRAPHY_WEIGHT * (self.geo(i, a) - self.geo(i, b))
        if self.support[i]:
            gain -= self.support_delta(a, b)
        return gain

    def swap_gain(self, i: int, j: int, pref_i: dict[int, float]) -> float:
        a, b = self.assign[i], self.assign[j]
        pref_j = self.pref_by_group(j)
        w = dict(self.links[i]).get(j, 0.0)
        gain = PREFERENCE_WEIGHT * (
            pref_i.get(b, 0.0) - w - pref_i.get(a, 0.0)
            + pref_j.get(a, 0.0) - w - pref_j.get(b, 0.0)
        )
        gain += GEOGRAPHY_WEIGHT * (
            self.geo(i, a) + self.geo(j, b) - self.geo(i, b, without=j) - self.geo(j, a, without=i)
        )
        if self.support[i] != self.support[j]:
            gain -= self.support_delta(a, b) if self.support[i] else self.support_delta(b, a)
        return gain

    def centre(self, g: int) -> tuple[float, float] | None:
        if not self.located[g]:
            return None
        return self.sx[g] / self.located[g], self.sy[g] / self.located[g]

    def groups(self) -> list[list[int]]:
        return [sorted(self.c[i].key for i in members) for members in self.members]


def seed_groups(state: SearchState, rng: random.Random, support_first: bool = True) -> list[int]:
    """One school per group to start from, spread out by farthest-point sampling: with
    `support_first`, schools able to give support first, so support starts spread too."""
    order = list(range(state.n))
    rng.shuffle(order)
    near = [math.inf] * state.n  # distance to the nearest chosen school with a location
    chosen: list[int] = []
    if support_first:
        givers = [i for i in order if state.support[i]]
        others = [i for i in order if not state.support[i]]
    else:
        givers, others = [], order
    for pool in (givers, others):
        remaining = list(pool)
        while remaining and len(chosen) < state.k:
            located = [i for i in remaining if state.xy[i] and near[i] < math.inf]
            pick = max(located, key=lambda i: near[i]) if located else remaining[0]
            remaining.remove(pick)
            chosen.append(pick)
            p = state.xy[pick]
            if p:
                for i in range(state.n):
                    q = state.xy[i]
                    if q:
                        near[i] = min(near[i], math.hypot(p[0] - q[0], p[1] - q[1]))
    return chosen


def _construct(state: SearchState, rng: random.Random, use_preferences: bool) -> None:
    """Place every school greedily: seeds first, then each school where it scores best among
    groups with room; then top up any group below the minimum from groups above it."""
    seeds = seed_groups(state, rng)
    for g, i in enumerate(seeds):
        state.add(i, g)
    cap = math.ceil(state.n / state.k)
    rest = [i for i in range(state.n) if state.assign[i] < 0]
    if use_preferences:
        # Schools with most named partners first, so clusters of named schools form early.
        rng.shuffle(rest)
        rest.sort(key=lambda i: -len(state.links[i]))
    else:
        rest.sort(key=lambda i: state.c[i].key)
    for i in rest:
        pref = state.pref_by_group(i) if use_preferences else {}
        best, best_score = -1, -math.inf
        for g in range(state.k):
            if len(state.members[g]) >= cap:
                continue
            score = PREFERENCE_WEIGHT * pref.get(g, 0.0) - state.geo(i, g)
            if score > best_score:
                best, best_score = g, score
        state.add(i, best)
    repair_minimum(state)


def repair_minimum(state: SearchState) -> None:
    while True:
        short = [g for g in range(state.k) if len(state.members[g]) < state.lo]
        if not short:
            return
        g = short[0]
        movable = [i for i in range(state.n) if len(state.members[state.assign[i]]) > state.lo]
        best = max(movable, key=lambda i: (state.move_gain(i, g, state.pref_by_group(i)), -i))
        state.remove(best)
        state.add(best, g)


def _improve(state: SearchState, rng: random.Random, max_passes: int,
             schools: Sequence[int] | None = None) -> None:
    """Local search: move a school to another partnership, or swap two, while the score rises
    and the sizes stay within bounds. Stops at a local optimum or after `max_passes`. Only the
    given `schools` are tried (every school by default)."""
    for _ in range(max_passes):
        improved = False
        order = list(range(state.n)) if schools is None else list(schools)
        rng.shuffle(order)
        for i in order:
            a = state.assign[i]
            pref = state.pref_by_group(i)
            if len(state.members[a]) > state.lo:
                best, best_gain = -1, 1e-9
                for b in range(state.k):
                    if b == a or len(state.members[b]) >= state.hi:
                        continue
                    gain = state.move_gain(i, b, pref)
                    if gain > best_gain:
                        best, best_gain = b, gain
                if best >= 0:
                    state.remove(i)
                    state.add(i, best)
                    improved = True
                    continue
            targets = set(pref) | set(_nearest_groups(state, i, 4))
            targets.discard(a)
            best_j, best_gain = -1, 1e-9
            for b in sorted(targets):
                for j in sorted(state.members[b]):
                    gain = state.swap_gain(i, j, pref)
                    if gain > best_gain:
                        best_j, best_gain = j, gain
            if best_j >= 0:
                b = state.assign[best_j]
                state.remove(i)
                state.remove(best_j)
                state.add(i, b)
                state.add(best_j, a)
                improved = True
        if not improved:
            return


def _perturb(state: SearchState, rng: random.Random, max_passes: int, rounds: int) -> None:
    """Iterated local search from a local optimum: a school swaps places with someone in the
    partnership of a school it named, the schools around the two are improved again, and the
    result is kept only when the whole score rose; `rounds` times. Moves and single swaps stop
    where honouring a preference needs several schools to move together; this finds some of
    those (bench/README.md). Only the schools near a swap are improved again, so a round costs
    a small part of a whole pass."""
    named = [i for i in range(state.n) if state.links[i]]
    if not named:
        return
    best_score = _score(state)
    for _ in range(rounds):
        before = list(state.assign)
        i = rng.choice(named)
        other = rng.choice(state.links[i])[0]
        a, b = state.assign[i], state.assign[other]
        if a == b:
            continue
        others = sorted(state.members[b] - {other})
        if not others:
            continue
        j = rng.choice(others)
        state.remove(i)
        state.remove(j)
        state.add(i, b)
        state.add(j, a)
        around = set(state.members[a]) | set(state.members[b])
        for school in (i, j):
            around.update(partner for partner, _weight in state.links[school])
        _improve(state, rng, max_passes, sorted(around))
        score = _score(state)
        if score > best_score + 1e-9:
            best_score = score
            continue
        for school in range(state.n):
            if state.assign[school] != before[school]:
                state.remove(school)
        for school in range(state.n):
            if state.assign[school] < 0:
                state.add(school, before[school])


def _nearest_groups(state: SearchState, i: int, count: int) -> list[int]:
    p = state.xy[i]
    if p is None:
        return []
    scored = []
    for g in range(state.k):
        centre = state.centre(g)
        if centre:
            scored.append((math.hypot(p[0] - centre[0], p[1] - centre[1]), g))
    return [g for _, g in sorted(scored)[:count]]


def _score(state: SearchState) -> float:
    groups = [[state.c[i] for i in sorted(m)] for m in state.members]
    pref = sum(w for i in range(state.n) for j, w in state.links[i]
               if state.assign[i] == state.assign[j]) / 2
    geo = 0.0
    for members in groups:
        centre = centre_of(members)
        if centre:
            geo += sum(min(GEOGRAPHY_CAP, distance_to(m, *centre) / state.scale)
                       for m in members if m.has_location)
    lacking = sum(1 for g in range(state.k) if not state.givers[g])
    missing = max(0, lacking - (state.k - state.support_target))
    return PREFERENCE_WEIGHT * pref - GEOGRAPHY_WEIGHT * geo - SUPPORT_WEIGHT * missing


def validate_input(candidates: Sequence[Candidate]) -> None:
    keys = [c.key for c in candidates]
    if len(set(keys)) != len(keys):
        raise ValueError("Each candidate needs a distinct key.")


def generate(
    candidates: Sequence[Candidate], constraints: Constraints, *, seed: int = 1,
    restarts: int = 3, max_passes: int = 40, rounds: int = PERTURB_ROUNDS,
    names: Sequence[str] | None = None,
) -> Proposal:
    """Propose partnerships for every candidate (see the module docstring for the rules).

    Raises `Infeasible` when no split of the schools fits the sizes. Runs `restarts` greedy
    starts improved by local search, each from a seed derived from `seed`, keeps the best, and
    improves it further with `rounds` of iterated local search (`_perturb`).
    """
    validate_input(candidates)
    n = len(candidates)
    if not n:
        return Proposal([], "local_search", seed, measure(candidates, constraints, []))
    k = choose_group_count(n, constraints)
    best_state, best_score = None, -math.inf
    for attempt in range(max(1, restarts)):
        rng = random.Random(seed * 7919 + attempt)
        state = SearchState(candidates, k, constraints)
        _construct(state, rng, use_preferences=True)
        _improve(state, rng, max_passes)
        score = _score(state)
        if score > best_score:
            best_state, best_score = state, score
    assert best_state is not None
    _perturb(best_state, random.Random(seed * 7919 - 1), max_passes, rounds)
    best_groups = best_state.groups()
    return finish(candidates, constraints, best_groups, "local_search", seed, names)
