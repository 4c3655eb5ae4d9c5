"""The hard constraints: the sizes a register can be split into, who may lead a partnership,
and the check of a proposal against every rule (`violations`)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from partnerships.formation.shapes import Candidate, Constraints, Infeasible, ProposedGroup

# --- Sizes ------------------------------------------------------------------------------------


def group_count_range(n: int, constraints: Constraints) -> tuple[int, int]:
    """The numbers of partnerships k for which n schools fit k * min <= n <= k * max."""
    if constraints.min_size < 1 or constraints.max_size < constraints.min_size:
        raise Infeasible("The smallest size must be at least 1 and no more than the largest.")
    lo = math.ceil(n / constraints.max_size)
    hi = n // constraints.min_size
    if n and lo > hi:
        raise Infeasible(
            f"{n} schools cannot be split into partnerships of {constraints.min_size} to "
            f"{constraints.max_size} schools each; widen the sizes."
        )
    return lo, hi


def choose_group_count(n: int, constraints: Constraints) -> int:
    lo, hi = group_count_range(n, constraints)
    target = (constraints.min_size + constraints.max_size) / 2
    return min(hi, max(lo, round(n / target))) if n else 0


# --- Leads and checks ------------------------------------------------------------------------


def may_lead(candidate: Candidate, members: Sequence[Candidate]) -> bool:
    """A secondary may lead only if every primary member accepts a secondary lead."""
    if not candidate.is_secondary:
        return True
    return all(m.accepts_secondary_lead for m in members if m.is_primary)


def choose_lead(members: Sequence[Candidate]) -> int | None:
    """The lead: a school allowed to lead (see `may_lead`), preferring one able to give
    support, then the one most named by the others, then the largest roll, then the lowest key.
    Never None for a non-empty group: a primary (or any non-secondary) may always lead."""
    keys = {m.key for m in members}
    eligible = [m for m in members if may_lead(m, members)]
    if not eligible:
        return None

    def rank(m: Candidate) -> tuple:
        named_by = sum(1 for other in members if m.key in other.preferred and other.key in keys)
        return (m.can_give_support, named_by, m.pupils, -m.key)

    return max(eligible, key=rank).key


def violations(
    candidates: Sequence[Candidate], constraints: Constraints, groups: Sequence[ProposedGroup]
) -> list[str]:
    """Every broken hard constraint, in plain English; empty when the proposal is sound."""
    by_key = {c.key: c for c in candidates}
    problems: list[str] = []
    seen: dict[int, int] = defaultdict(int)
    for number, group in enumerate(groups, start=1):
        size = len(group.members)
        if not constraints.min_size <= size <= constraints.max_size:
            problems.append(
                f"Partnership {number} has {size} schools; it must have "
                f"{constraints.min_size} to {constraints.max_size}."
            )
        for key in group.members:
            seen[key] += 1
            if key not in by_key:
                problems.append(f"Partnership {number} names a school that is not a candidate.")
        members = [by_key[k] for k in group.members if k in by_key]
        if group.lead is not None:
            if group.lead not in group.members:
                problems.append(f"The lead of partnership {number} is not one of its schools.")
            elif not may_lead(by_key[group.lead], members):
                refusing = ", ".join(
                    m.name for m in members if m.is_primary and not m.accepts_secondary_lead
                )
                problems.append(
                    f"Partnership {number} is led by a secondary school, {by_key[group.lead].name}"
                    f", but {refusing} did not agree to be led by a secondary."
                )
    for candidate in candidates:
        if seen[candidate.key] == 0:
            problems.append(f"{candidate.name} has not been offered a place.")
        elif seen[candidate.key] > 1:
            problems.append(f"{candidate.name} is placed in {seen[candidate.key]} partnerships.")
    return problems
