"""The spreadsheet method the generator is compared with (`greedy_baseline`)."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from partnerships.formation.constraints import choose_group_count
from partnerships.formation.scoring import measure
from partnerships.formation.search import (
    SearchState,
    finish,
    repair_minimum,
    seed_groups,
    validate_input,
)
from partnerships.formation.shapes import Candidate, Constraints, Proposal


def greedy_baseline(
    candidates: Sequence[Candidate], constraints: Constraints, *, seed: int = 1,
    names: Sequence[str] | None = None,
) -> Proposal:
    """The spreadsheet method, for comparison: spread-out starting schools (chosen without
    regard to support), then each school
    in register order joins the partnership with room holding most of the schools it named,
    else the nearest; sizes topped up to the minimum; leads chosen by the same rule."""
    validate_input(candidates)
    n = len(candidates)
    if not n:
        return Proposal([], "greedy", seed, measure(candidates, constraints, []))
    k = choose_group_count(n, constraints)
    state = SearchState(candidates, k, constraints)
    rng = random.Random(seed)
    seeds = seed_groups(state, rng, support_first=False)
    for g, i in enumerate(seeds):
        state.add(i, g)
    cap = math.ceil(n / k)
    for i in sorted((i for i in range(n) if state.assign[i] < 0), key=lambda i: candidates[i].key):
        pref = state.pref_by_group(i)
        open_groups = [g for g in range(k) if len(state.members[g]) < cap]
        best = max(open_groups, key=lambda g: (pref.get(g, 0.0), -state.geo(i, g), -g))
        state.add(i, best)
    repair_minimum(state)
    return finish(candidates, constraints, state.groups(), "greedy", seed, names)
