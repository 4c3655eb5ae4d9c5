"""The directory's writes (issue 13 item 3), for the API as for any page: an entry is a person's
system-leader designation (partnerships', which the consortium lead's rule reads) with what
support keeps of them (capacity, specialisms, expiry, employer). Creating one records both at
once; editing changes support's part; ending one ends the person's designations in force, with
a date and a reason (kept in the history). Officers and admins only, audited by the services
they call; each refusal names the field."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.models import Membership, Tenant
from core.permissions import VISITS_RECORD
from core.tenancy import ensure_same_tenant
from partnerships.models import SystemLeaderDesignation
from partnerships.services.system_leaders import (
    system_leader_designate,
    system_leader_designation_end,
)
from schools.models import School
from support.models import LeaderCapacity
from support.permissions import require
from support.services.brokering import employment_set, leader_capacity_set

REFUSAL = "Only officers keep the directory of system leaders."


def _require_officer(tenant: Tenant, actor: User | None) -> Membership:
    return require(tenant=tenant, actor=actor, permission=VISITS_RECORD, refusal=REFUSAL)


def _current(person: Membership, on: date) -> list[SystemLeaderDesignation]:
    return list(SystemLeaderDesignation.objects.select_for_update()
                .filter(person=person, designated_on__lte=on, ended_on__isnull=True))


def _employer(*, tenant: Tenant, actor: User | None, person: Membership,
              employer_school: School | None, employer_organisation: str) -> None:
    if employer_school is not None or employer_organisation.strip():
        employment_set(tenant=tenant, actor=actor, person=person, school=employer_school,
                       organisation=employer_organisation)


@transaction.atomic
def directory_entry_create(
    *, tenant: Tenant, actor: User | None, person: Membership, designation: str,
    designated_on: date, evidence: str, days_per_year: object, specialisms: list[str],
    expires_on: date | None = None, employer_school: School | None = None,
    employer_organisation: str = "", today: date | None = None,
) -> LeaderCapacity:
    """Add a person to the directory: their designation (refused when they already hold it)
    and their capacity, specialisms, expiry and employer, all or nothing."""
    _require_officer(tenant, actor)
    ensure_same_tenant(tenant, person=person, employer_school=employer_school)
    system_leader_designate(tenant=tenant, actor=actor, person=person, designation=designation,
                            designated_on=designated_on, evidence=evidence, today=today)
    capacity = leader_capacity_set(tenant=tenant, actor=actor, person=person,
                                   days_per_year=days_per_year, specialisms=specialisms,
                                   expires_on=expires_on)
    _employer(tenant=tenant, actor=actor, person=person, employer_school=employer_school,
              employer_organisation=employer_organisation)
    return capacity


@transaction.atomic
def directory_entry_edit(
    *, tenant: Tenant, actor: User | None, person: Membership, days_per_year: object,
    specialisms: list[str], expires_on: date | None = None,
    employer_school: School | None = None, employer_organisation: str = "",
    today: date | None = None,
) -> LeaderCapacity:
    """Change a leader's capacity, specialisms, expiry and (when given) employer: refused for
    a person holding no designation today (add them to the directory first)."""
    _require_officer(tenant, actor)
    ensure_same_tenant(tenant, person=person, employer_school=employer_school)
    if not _current(person, today or timezone.localdate()):
        raise ValidationError({"person": f"{person.user} holds no system-leader designation "
                                         "now: add them to the directory first."})
    capacity = leader_capacity_set(tenant=tenant, actor=actor, person=person,
                                   days_per_year=days_per_year, specialisms=specialisms,
                                   expires_on=expires_on)
    _employer(tenant=tenant, actor=actor, person=person, employer_school=employer_school,
              employer_organisation=employer_organisation)
    return capacity


@transaction.atomic
def directory_entry_end(
    *, tenant: Tenant, actor: User | None, person: Membership, ended_on: date, reason: str,
    designation: str = "", today: date | None = None,
) -> list[SystemLeaderDesignation]:
    """End the person's designations in force (or only `designation`) on `ended_on`, with the
    reason: from then they leave the directory and brokering. What support keeps of them stays,
    for their deployments' history."""
    _require_officer(tenant, actor)
    ensure_same_tenant(tenant, person=person)
    held = [record for record in _current(person, today or timezone.localdate())
            if not designation or record.designation == designation]
    if not held:
        raise ValidationError({"designation" if designation else "person":
                               f"{person.user} holds no such designation now."})
    return [system_leader_designation_end(tenant=tenant, actor=actor, record=record,
                                          ended_on=ended_on, reason=reason)
            for record in held]
