"""The soft score's weights and the figures a proposal is compared by: preferences honoured,
support spread, distances from each partnership's centre."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from partnerships.formation.constraints import violations
from partnerships.formation.shapes import Candidate, Constraints, ProposedGroup

# Weights of the soft score. Distance is counted in "typical partnership radii" and capped at
# GEOGRAPHY_CAP, so one honoured naming (PREFERENCE_WEIGHT) always outweighs distance: schools'
# own choices come before geography, as hubs need not be geographical (seed 000). A partnership
# with no school able to give support costs more than any ordinary trade, so support is spread
# first wherever there is enough of it.
PREFERENCE_WEIGHT = 4.0
GEOGRAPHY_WEIGHT = 1.0
GEOGRAPHY_CAP = 3.0
SUPPORT_WEIGHT = 20.0


def distance_to(a: Candidate, x: float, y: float) -> float:
    """Metres from a located school to the point (x, y) on the British National Grid."""
    return math.hypot(a.easting - x, a.northing - y)  # type: ignore[operator]


def centre_of(members: Iterable[Candidate]) -> tuple[float, float] | None:
    """The mean grid reference of the located members; None when none has a location."""
    located = [m for m in members if m.has_location]
    if not located:
        return None
    return (sum(m.easting for m in located) / len(located),  # type: ignore[misc]
            sum(m.northing for m in located) / len(located))  # type: ignore[misc]


@dataclass(frozen=True)
class PreferenceCount:
    named: int
    honoured: int


def preference_counts(
    candidates: Sequence[Candidate], groups: Sequence[ProposedGroup]
) -> dict[int, PreferenceCount]:
    """The stated-preferences score, per school: how many of the other candidates it named
    (informal or preferred partners), and how many of those it is placed with. Each naming
    counts once, so a pair that named each other counts twice. `measure` sums these."""
    by_key = {c.key: c for c in candidates}
    where = {k: i for i, g in enumerate(groups) for k in g.members}
    counts = {}
    for c in candidates:
        named = [other for other in c.preferred if other in by_key and other != c.key]
        counts[c.key] = PreferenceCount(
            named=len(named), honoured=sum(where.get(c.key) == where.get(o) for o in named)
        )
    return counts


def measure(
    candidates: Sequence[Candidate], constraints: Constraints, groups: Sequence[ProposedGroup]
) -> dict:
    """The figures an officer (and the benchmark) compares proposals by."""
    by_key = {c.key: c for c in candidates}
    preferences = preference_counts(candidates, groups).values()
    stated = sum(p.named for p in preferences)
    honoured = sum(p.honoured for p in preferences)
    distances = []
    support_counts = []
    for group in groups:
        members = [by_key[k] for k in group.members if k in by_key]
        centre = centre_of(members)
        if centre:
            distances += [distance_to(m, *centre) for m in members if m.has_location]
        support_counts.append(sum(m.can_give_support for m in members))
    givers = sum(c.can_give_support for c in candidates)
    k = len(groups)
    return {
        "schools": len(candidates),
        "partnerships": k,
        "preferences_stated": stated,
        "preferences_honoured": honoured,
        "preference_share": round(honoured / stated, 4) if stated else 1.0,
        "mean_distance_km": round(sum(distances) / len(distances) / 1000, 2) if distances else 0.0,
        "support_givers": givers,
        "support_min": min(support_counts, default=0),
        "support_mean": round(sum(support_counts) / k, 2) if k else 0.0,
        "share_with_support": round(sum(1 for s in support_counts if s) / k, 4) if k else 1.0,
        "best_possible_share_with_support": round(min(1.0, givers / k), 4) if k else 1.0,
        "violations": len(violations(candidates, constraints, groups)),
    }
