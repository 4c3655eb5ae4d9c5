"""Peer review rules (issue 13 item 6), pure: plain data in, a refusal or a team out, no
database. `support.selectors.peer_review` builds the data; the services ask `refusal_of`
before they put anyone on a team, so a page, the API and the one-step cluster set-up never
disagree.

A reviewer is refused, by the first rule that applies (`RULE_ORDER`):
- another tenant's person is never on a team;
- peer reviewers are headteachers (Lincolnshire trained every head to review their peers);
- nobody untrained reviews: a training record dated on or before the review's start;
- a head never reviews their own school;
- nor a school in their own trust, federation or other hard partnership (a MAT, a chain).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Rule(StrEnum):
    ANOTHER_TENANT = "another_tenant"
    NOT_A_HEAD = "not_a_head"
    UNTRAINED = "untrained"
    OWN_SCHOOL = "own_school"
    SAME_TRUST = "same_trust"


RULE_ORDER = tuple(Rule)


@dataclass(frozen=True)
class ReviewedSchool:
    school_id: int
    tenant_id: int
    name: str
    trust: str = ""  # GIAS's trust name, "" for none
    hard_keys: frozenset[str] = frozenset()  # federations and hard partnerships


@dataclass(frozen=True)
class Reviewer:
    person_id: int
    tenant_id: int
    name: str
    school_id: int | None = None  # the school they lead; None: not a headteacher
    school_name: str = ""
    trust: str = ""
    hard_keys: frozenset[str] = frozenset()
    trained_on: tuple[date, ...] = ()  # every training they had


@dataclass(frozen=True)
class Refusal:
    reviewer: Reviewer
    rule: Rule
    reason: str


def _same(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


def trained_by(reviewer: Reviewer, on: date) -> date | None:
    """The latest training the reviewer had on or before `on`, or None."""
    return max((day for day in reviewer.trained_on if day <= on), default=None)


def refusal_of(reviewer: Reviewer, school: ReviewedSchool, on: date) -> Refusal | None:
    """Why `reviewer` may not review `school` in a review starting `on`, or None: they may.
    The contract the hypothesis tests hold: whoever is not refused is of the school's tenant,
    leads a school, was trained on or before `on`, and leads neither the school nor a school
    of its trust or hard partnership."""
    if reviewer.tenant_id != school.tenant_id:
        return Refusal(reviewer, Rule.ANOTHER_TENANT, "Not a member of this partnership.")
    if reviewer.school_id is None:
        return Refusal(reviewer, Rule.NOT_A_HEAD,
                       f"{reviewer.name} is not a headteacher: peer reviewers are heads.")
    if trained_by(reviewer, on) is None:
        return Refusal(reviewer, Rule.UNTRAINED,
                       f"{reviewer.name} has no peer review training recorded on or before "
                       f"{on:%-d %B %Y}: record their training first.")
    if reviewer.school_id == school.school_id:
        return Refusal(reviewer, Rule.OWN_SCHOOL,
                       f"{reviewer.name} leads {school.name}: a head never reviews their own "
                       "school.")
    if _same(reviewer.trust, school.trust):
        return Refusal(reviewer, Rule.SAME_TRUST,
                       f"{reviewer.name}'s school is in the same trust ({school.trust}): a "
                       "head never reviews a school of their own trust.")
    if reviewer.hard_keys & school.hard_keys:
        return Refusal(reviewer, Rule.SAME_TRUST,
                       f"{reviewer.name}'s school is in the same federation or multi-academy "
                       "partnership: a head never reviews a school of their own trust.")
    return None


def propose_teams(schools: Iterable[ReviewedSchool], reviewers: list[Reviewer], *, on: date,
                  size: int) -> dict[int, list[Reviewer]]:
    """A team of up to `size` for each school (school id -> reviewers, lead first), from the
    reviewers no rule refuses: the least-used first, so the work spreads across the cluster
    (Lincolnshire's schools review each other). A school with too few eligible reviewers gets
    a shorter team (the officer completes it)."""
    load = {reviewer.person_id: 0 for reviewer in reviewers}
    teams: dict[int, list[Reviewer]] = {}
    for school in schools:
        eligible = [r for r in reviewers if refusal_of(r, school, on) is None]
        eligible.sort(key=lambda r: (load[r.person_id], r.name, r.person_id))
        team = eligible[:max(size, 0)]
        for reviewer in team:
            load[reviewer.person_id] += 1
        teams[school.school_id] = team
    return teams
