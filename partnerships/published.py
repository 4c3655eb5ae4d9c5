"""Partnerships' published reads: what other apps may ask of it (DESIGN §4). Funding and boards
read who was in which partnership through these, never through partnerships' models.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from core.models import Tenant
from partnerships.models import (
    Partnership,
    PartnershipMembership,
    PartnershipRole,
    RoleKind,
    SystemLeaderDesignation,
)


@dataclass(frozen=True)
class Place:
    """A school's place in one partnership on a date."""

    school_id: int
    partnership_id: int
    partnership_name: str
    partnership_type: str
    level_name: str
    level_rank: int
    is_lead: bool


def partnerships_on(
    *, tenant: Tenant, on: date | None = None, schools: Iterable | None = None,
    level_name: str | None = None,
) -> dict[int, list[Place]]:
    """School id -> its places in the tenant's partnerships on `on` (today when None), every
    level (or only `level_name`'s), lowest level first. One query, whatever the number of
    schools; a school in none is absent."""
    memberships = (PartnershipMembership.objects.filter(tenant=tenant)
                   .current(on or timezone.localdate())
                   .order_by("level__rank", "partnership__name"))
    if schools is not None:
        memberships = memberships.filter(school_id__in=[getattr(s, "pk", s) for s in schools])
    if level_name is not None:
        memberships = memberships.filter(level__name=level_name)
    places: dict[int, list[Place]] = defaultdict(list)
    # The seven columns a place shows, not the membership's, partnership's and level's rows.
    for school_id, partnership_id, name, kind, lead_id, level, rank in memberships.values_list(
            "school_id", "partnership_id", "partnership__name", "partnership__partnership_type",
            "partnership__lead_school_id", "level__name", "level__rank"):
        places[school_id].append(Place(
            school_id=school_id, partnership_id=partnership_id, partnership_name=name,
            partnership_type=kind, level_name=level, level_rank=rank,
            is_lead=lead_id == school_id,
        ))
    return dict(places)


def partnerships_with_schools_on(*, tenant: Tenant,
                                 on: date | None = None) -> list[tuple[int, str, str, int]]:
    """(partnership id, name, level name, level rank) of every partnership of the tenant with
    a school in it on `on` (today when None), as `partnerships_on` names their places: one
    query returning a row a partnership, not a row a school."""
    return list(PartnershipMembership.objects.filter(tenant=tenant)
                .current(on or timezone.localdate()).order_by()
                .values_list("partnership_id", "partnership__name", "level__name",
                             "level__rank").distinct())


def schools_by_partnership_on(*, tenant: Tenant, schools: Iterable,
                              on: date | None = None) -> list[tuple[int, str, str, int]]:
    """(level rank, level name, partnership name, places of these schools) of each of the
    tenant's partnerships holding one of `schools` on `on` (today when None): the count of
    `partnerships_on`'s places, summed in the database. One query, a row a partnership."""
    return list(PartnershipMembership.objects.filter(tenant=tenant)
                .current(on or timezone.localdate())
                .filter(school_id__in=[getattr(s, "pk", s) for s in schools])
                .values_list("level__rank", "level__name", "partnership__name")
                .annotate(n=Count("pk")).order_by())


@dataclass(frozen=True)
class SystemLeader:
    """A person of the tenant holding a system-leader designation on a date."""

    person_id: int
    name: str
    designation: str
    designation_label: str
    designated_on: date


def system_leaders_on(*, tenant: Tenant, on: date | None = None) -> list[SystemLeader]:
    """The tenant's designations in force on `on` (today when None), one per person and kind,
    by name. One query. Support's brokering reads its candidates from here."""
    day = on or timezone.localdate()
    records = (SystemLeaderDesignation.objects.filter(tenant=tenant, designated_on__lte=day)
               .exclude(ended_on__lte=day).select_related("person__user"))
    leaders = [SystemLeader(person_id=r.person_id, name=str(r.person.user),
                            designation=r.designation,
                            designation_label=r.get_designation_display(),
                            designated_on=r.designated_on) for r in records]
    return sorted(leaders, key=lambda leader: (leader.name, leader.designation))


def days_purchased_on(*, tenant: Tenant, on: date | None = None,
                      schools: Iterable | None = None) -> dict[int, Decimal]:
    """School id -> the days of support it bought to join a partnership (standalone academies
    and small trusts join that way), summed over its memberships open on `on` (today when
    None). One query; a school that bought none is absent. Funding prices and invoices them."""
    memberships = (PartnershipMembership.objects.filter(tenant=tenant,
                                                        days_purchased__isnull=False)
                   .current(on or timezone.localdate()))
    if schools is not None:
        memberships = memberships.filter(school_id__in=[getattr(s, "pk", s) for s in schools])
    days: dict[int, Decimal] = defaultdict(Decimal)
    for school_id, bought in memberships.values_list("school_id", "days_purchased"):
        days[school_id] += bought
    return {school_id: total for school_id, total in days.items() if total > 0}


@dataclass(frozen=True)
class HubPeople:
    """Who makes up one partnership's hub on a date: its member schools (id and name, by name)
    and the person chairing it (a Membership id), if anyone."""

    partnership_id: int
    name: str
    member_schools: tuple[tuple[int, str], ...]
    chair_id: int | None


def hub_people_on(*, tenant: Tenant, partnership_ids: Iterable[int] | None = None,
                  on: date | None = None) -> dict[int, HubPeople]:
    """Partnership id -> its hub's people on `on` (today when None), for the tenant's
    partnerships (or only `partnership_ids`). Boards derives a hub's seats from it. Three
    queries, whatever the number of partnerships."""
    day = on or timezone.localdate()
    partnerships = Partnership.objects.filter(tenant=tenant)
    if partnership_ids is not None:
        partnerships = partnerships.filter(pk__in=list(partnership_ids))
    names = dict(partnerships.values_list("pk", "name"))
    schools: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for partnership_id, school_id, school_name in (
            PartnershipMembership.objects.filter(tenant=tenant, partnership_id__in=list(names))
            .current(day).order_by("school__establishment__name", "school_id")
            .values_list("partnership_id", "school_id", "school__establishment__name")):
        schools[partnership_id].append((school_id, school_name))
    chairs = dict(PartnershipRole.objects.current(day)
                  .filter(tenant=tenant, partnership_id__in=list(names), kind=RoleKind.CHAIR,
                          person__isnull=False)
                  .values_list("partnership_id", "person_id"))
    return {pk: HubPeople(partnership_id=pk, name=name,
                          member_schools=tuple(schools.get(pk, [])),
                          chair_id=chairs.get(pk))
            for pk, name in names.items()}
