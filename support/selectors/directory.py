"""The directory of those able to give support (issue 13 item 3): the system leaders
partnerships publishes, with what support keeps of them (capacity, specialisms, expiry,
employer, declared interests), and beside them the schools whose agreed capacity level gives
support, read from categorisation's published categories. Confidential: officers and admins
only (capacity is never shown to other schools); a leader sees their own entry. A fixed number
of queries."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from core.models import Tenant
from partnerships.published import SystemLeader
from support.brokering import Candidate
from support.models import DeclaredInterest, LeaderCapacity, Specialism
from support.selectors.brokering import (
    GivingRow,
    everyone,
    kept_giving_rows,
    leader_candidates,
    leaders_and_designations,
    school_candidates,
)

SPECIALISMS = dict(Specialism.choices)


@dataclass(frozen=True)
class DirectoryEntry:
    name: str
    designation: str
    is_school: bool
    urn: int | None = None  # the school's, for a school able to give
    person_id: int | None = None  # the leader's membership, for a person
    specialisms: tuple[str, ...] = ()
    days_per_year: Decimal | None = None  # None: capacity not recorded
    days_left: Decimal | None = None
    expires_on: date | None = None
    employer: str = ""
    interests: tuple[str, ...] = ()


def _entry(candidate: Candidate, interests: dict[int, list[str]],
           urns: dict[int, int]) -> DirectoryEntry:
    return DirectoryEntry(
        name=candidate.name, designation=candidate.designation,
        is_school=candidate.person_id is None, person_id=candidate.person_id,
        urn=urns.get(candidate.school_id) if candidate.school_id else None,
        specialisms=tuple(SPECIALISMS.get(s, s) for s in sorted(candidate.specialisms)),
        days_per_year=candidate.days_per_year, days_left=candidate.days_left,
        expires_on=candidate.expires_on, employer=candidate.employer_name,
        interests=tuple(interests.get(candidate.person_id or 0, [])))


def directory(*, tenant: Tenant, on: date) -> tuple[list[DirectoryEntry], list[DirectoryEntry]]:
    """(leaders, schools) on the date: every system leader in force (with their capacity, or
    none recorded), then every school able to give support with no leader named; read
    together (`everyone`), so their places and days given are one query each."""
    found = everyone(tenant=tenant, on=on)
    return (_leader_entries(found.leaders, found.designations),
            _school_entries(found.schools, found.rows))


def directory_leaders(*, tenant: Tenant, on: date) -> list[DirectoryEntry]:
    """Every system leader in force on the date, by name, with their capacity (or none
    recorded)."""
    return _leader_entries(*leaders_and_designations(tenant=tenant, on=on))


def directory_schools(*, tenant: Tenant, on: date) -> list[DirectoryEntry]:
    """Every school able to give support on the date (its agreed capacity level gives), by
    name, with the days it has left this year."""
    rows = kept_giving_rows(tenant=tenant, on=on)
    return _school_entries(school_candidates(tenant=tenant, on=on, rows=rows), rows)


def _leader_entries(leaders: list[Candidate],
                    designations: list[SystemLeader]) -> list[DirectoryEntry]:
    recorded = {candidate.person_id for candidate in leaders}
    interests: dict[int, list[str]] = {}
    for person_id, name in (DeclaredInterest.objects.filter(person_id__in=list(recorded))
                            .order_by("school__establishment__name")
                            .values_list("person_id", "school__establishment__name")):
        interests.setdefault(person_id, []).append(name)
    entries = [_entry(candidate, interests, {}) for candidate in leaders]
    unrecorded: dict[int, list[str]] = {}
    names: dict[int, str] = {}
    for leader in designations:
        if leader.person_id not in recorded:
            unrecorded.setdefault(leader.person_id, []).append(leader.designation.upper())
            names[leader.person_id] = leader.name
    entries += [DirectoryEntry(name=names[pk], designation=", ".join(held), is_school=False,
                               person_id=pk) for pk, held in unrecorded.items()]
    return sorted(entries, key=lambda entry: entry.name)


def _school_entries(schools: list[Candidate], rows: list[GivingRow]) -> list[DirectoryEntry]:
    urns = {row[0]: row[5] for row in rows}
    return [_entry(candidate, {}, urns) for candidate in schools]


def own_entry(*, tenant: Tenant, on: date, person_id: int) -> DirectoryEntry | None:
    """A system leader's own entry on the date (capacity, specialisms, expiry, employer,
    declared interests), or None when they hold no designation then. A fixed number of
    queries."""
    mine = next((candidate for candidate in leader_candidates(
        tenant=tenant, on=on, with_capacity_only=False) if candidate.person_id == person_id),
        None)
    if mine is None:
        return None
    interests = {person_id: list(DeclaredInterest.objects.filter(person_id=person_id)
                                 .order_by("school__establishment__name")
                                 .values_list("school__establishment__name", flat=True))}
    entry = _entry(mine, interests, {})
    if not LeaderCapacity.objects.filter(person_id=person_id).exists():
        entry = replace(entry, days_per_year=None, days_left=None)
    return entry
