"""Brokering rules (issue 13 item 4), pure: plain data in, suggestions and exclusions out, no
database. `support.selectors.brokering` builds the data from the tenant's directory; the
deployment service asks `exclusion_of` again before it saves, so a page and a write never
disagree.

A candidate is a system leader (with their employing school, when a school employs them), or
a school able to give support with no leader named (its agreed capacity level gives capacity:
the school is its own employer, so the same conflict rules apply to it). Every candidate is
either *suggested*, with the reasons it ranks where it does, or *excluded* by exactly one named
rule (the first that applies, in `RULE_ORDER`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Rule(StrEnum):
    ANOTHER_TENANT = "another_tenant"
    THE_SCHOOL_ITSELF = "the_school_itself"
    EXPIRED = "expired"
    OVER_CAPACITY = "over_capacity"
    SAME_TRUST = "same_trust"
    SAME_HARD_PARTNERSHIP = "same_hard_partnership"
    DECLARED_INTEREST = "declared_interest"
    OFFICER_EMPLOYER = "officer_employer"


RULE_ORDER = tuple(Rule)

# The conflicts of interest (the rest are eligibility: tenant, capacity, designation).
CONFLICTS = frozenset({Rule.THE_SCHOOL_ITSELF, Rule.SAME_TRUST, Rule.SAME_HARD_PARTNERSHIP,
                       Rule.DECLARED_INTEREST, Rule.OFFICER_EMPLOYER})


@dataclass(frozen=True)
class NeedySchool:
    """The school that needs support, as the rules see it."""

    school_id: int
    tenant_id: int
    name: str
    trust: str = ""  # the school's trust (GIAS), "" for none
    hard_partnership_ids: frozenset[str] = frozenset()  # federations, MATs, chains
    soft_partnership_ids: frozenset[int] = frozenset()  # hubs and alliances


@dataclass(frozen=True)
class Candidate:
    """A system leader able to give support, with what the rules need to know of them; or a
    school able to give support (`person_id` None, `school_id` the school, which is also its
    `employer_school_id`)."""

    person_id: int | None
    tenant_id: int
    name: str
    designation: str
    days_per_year: Decimal
    days_used: Decimal  # in the academic year of the deployment asked for
    expires_on: date | None = None
    specialisms: frozenset[str] = frozenset()
    employer_school_id: int | None = None
    employer_name: str = ""
    employer_trust: str = ""
    hard_partnership_ids: frozenset[str] = frozenset()
    soft_partnership_ids: frozenset[int] = frozenset()
    interest_school_ids: frozenset[int] = frozenset()  # declared interests naming schools
    employer_keys: frozenset[str] = frozenset()  # organisations employing them
    school_id: int | None = None  # a school giving support with no leader named

    @property
    def key(self) -> str:
        """The candidate's id in a form: "school:<id>" for a school, else the person's id."""
        return f"school:{self.school_id}" if self.person_id is None else str(self.person_id)

    @property
    def days_left(self) -> Decimal:
        return self.days_per_year - self.days_used


@dataclass(frozen=True)
class Ask:
    """What the officer asks: support for `school` of `days` from `on`, in `need`'s area, by
    an officer employed by `officer_employer_keys`."""

    school: NeedySchool
    days: Decimal
    on: date
    need: str = ""
    officer_employer_keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Suggestion:
    candidate: Candidate
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Exclusion:
    candidate: Candidate
    rule: Rule
    reason: str


@dataclass(frozen=True)
class Brokering:
    suggestions: list[Suggestion] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)


def hard_keys(*, partnership_ids: frozenset[int] | set[int],
              federation: str = "") -> frozenset[str]:
    """A school's hard partnerships: its hard partnerships in partnerships' structure and the
    federation GIAS names."""
    keys = {f"partnership:{pk}" for pk in partnership_ids}
    if federation.strip():
        keys.add(f"federation:{federation.strip().casefold()}")
    return frozenset(keys)


def employer_keys(*, school_id: int | None, trust: str = "",
                  organisation: str = "") -> frozenset[str]:
    """The organisations that employ someone: their school, the trust that school belongs to
    (an academy's staff are the trust's employees) or a named organisation (an LA, a trust)."""
    keys = set()
    if school_id is not None:
        keys.add(f"school:{school_id}")
    for name in (trust, organisation):
        if name.strip():
            keys.add(f"org:{name.strip().casefold()}")
    return frozenset(keys)


def _same(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


def _exclusions(ask: Ask, candidate: Candidate) -> Iterator[Exclusion]:
    """Every rule that keeps this candidate from supporting the school, in `RULE_ORDER`."""
    school = ask.school
    if candidate.tenant_id != school.tenant_id:
        yield Exclusion(candidate, Rule.ANOTHER_TENANT, "Not in this partnership's directory.")
    if candidate.employer_school_id == school.school_id:
        yield Exclusion(candidate, Rule.THE_SCHOOL_ITSELF,
                        f"Works at {school.name}: a school cannot support itself.")
    if candidate.expires_on is not None and candidate.expires_on < ask.on:
        yield Exclusion(candidate, Rule.EXPIRED,
                        f"Their designation expired on {candidate.expires_on:%-d %B %Y}.")
    if candidate.days_left < ask.days:
        yield Exclusion(candidate, Rule.OVER_CAPACITY,
                        f"{candidate.days_left} days left this year; {ask.days} asked.")
    if _same(candidate.employer_trust, school.trust):
        yield Exclusion(candidate, Rule.SAME_TRUST,
                        f"Their school is in the same trust ({school.trust}).")
    if candidate.hard_partnership_ids & school.hard_partnership_ids:
        yield Exclusion(candidate, Rule.SAME_HARD_PARTNERSHIP,
                        "Their school is in the same federation or multi-academy partnership.")
    if school.school_id in candidate.interest_school_ids:
        yield Exclusion(candidate, Rule.DECLARED_INTEREST,
                        f"They declared an interest in {school.name}.")
    if candidate.employer_keys & ask.officer_employer_keys:
        yield Exclusion(candidate, Rule.OFFICER_EMPLOYER,
                        "Their employer also employs you, the officer brokering.")


def exclusion_of(ask: Ask, candidate: Candidate) -> Exclusion | None:
    """The first rule (in `RULE_ORDER`) that keeps this candidate from supporting the school,
    or None when they may. The contract the hypothesis tests hold: a candidate with no
    exclusion is of the school's tenant, has the days asked left, holds a designation in force
    on the start date and has none of the conflicts in `CONFLICTS`."""
    return next(_exclusions(ask, candidate), None)


def conflict_of(ask: Ask, candidate: Candidate) -> Exclusion | None:
    """The first conflict of interest (a rule of `CONFLICTS`) between the candidate and the
    school, whatever their capacity or designation: what a RISE case's adviser or supporting
    organisation is checked against (DfE, not the council, funds and designates them)."""
    return next((e for e in _exclusions(ask, candidate) if e.rule in CONFLICTS), None)


def _rank(ask: Ask, candidate: Candidate) -> tuple[tuple, tuple[str, ...]]:
    reasons = []
    if candidate.person_id is None:
        reasons.append(f"A school able to give support ({candidate.designation}).")
    matches = bool(ask.need) and ask.need in candidate.specialisms
    if matches:
        reasons.append(f"A specialist in {ask.need.replace('_', ' ')}.")
    near = bool(candidate.soft_partnership_ids & ask.school.soft_partnership_ids)
    if near:
        reasons.append("In the same hub or alliance as the school.")
    reasons.append(f"{candidate.days_left} days left this year.")
    return (not matches, not near, -candidate.days_left, candidate.name), tuple(reasons)


def broker(ask: Ask, candidates: list[Candidate]) -> Brokering:
    """Suggestions, best first (specialism matching the need, then same hub or alliance, then
    most days left), and every other candidate with the rule that excluded them."""
    ranked, exclusions = [], []
    for candidate in candidates:
        excluded = exclusion_of(ask, candidate)
        if excluded is not None:
            exclusions.append(excluded)
            continue
        key, reasons = _rank(ask, candidate)
        ranked.append((key, Suggestion(candidate, reasons)))
    ranked.sort(key=lambda pair: pair[0])
    exclusions.sort(key=lambda e: (RULE_ORDER.index(e.rule), e.candidate.name))
    return Brokering(suggestions=[s for _, s in ranked], exclusions=exclusions)
