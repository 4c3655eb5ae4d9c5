"""The brokering rules' data, read from the tenant: the school in need, its candidates (the
system leaders partnerships publishes, with the capacity, employer and interests support keeps;
and the schools whose agreed capacity level gives support, read from categorisation's published
categories, with the days a year the tenant's settings give such a school) and the brokering
officer's employer. A fixed number of queries, whatever the directory's size.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404

from categorisation.published import categories_version, category_labels_where
from core.kept import kept
from core.models import Membership, Tenant
from core.years import AcademicYear
from partnerships.models import PartnershipType
from partnerships.published import SystemLeader, partnerships_on, system_leaders_on
from schools.models import School
from support.brokering import (
    Ask,
    Brokering,
    Candidate,
    NeedySchool,
    broker,
    employer_keys,
    hard_keys,
)
from support.models import (
    DeclaredInterest,
    Deployment,
    Employment,
    LeaderCapacity,
    SupportSettings,
)

NO_DAYS = Decimal("0")
KEPT_FOR = 60 * 60  # the key changes with the data anyway; this bounds what is kept


def split_places(places) -> tuple[set[int], set[int]]:
    hard = {p.partnership_id for p in places if p.partnership_type == PartnershipType.HARD}
    soft = {p.partnership_id for p in places if p.partnership_type != PartnershipType.HARD}
    return hard, soft


def _keys_of(employment: Employment | None) -> frozenset[str]:
    if employment is None:
        return frozenset()
    school = employment.school
    return employer_keys(school_id=employment.school_id,
                         trust=school.establishment.trust_name if school else "",
                         organisation=employment.organisation)


# What the rules read of an employment: its school's name, trust and federation, not the rows.
EMPLOYMENT_COLUMNS = ("person_id", "school_id", "organisation", "school__establishment__name",
                      "school__establishment__trust_name",
                      "school__establishment__federation_name")


def _employments():
    return (Employment.objects.select_related("school__establishment")
            .only(*EMPLOYMENT_COLUMNS))


def officer_employer_keys(officer: Membership) -> frozenset[str]:
    employment = _employments().filter(person=officer).first()
    return _keys_of(employment)


def needy_school(*, tenant: Tenant, school: School, on: date) -> NeedySchool:
    hard, soft = split_places(partnerships_on(tenant=tenant, on=on, schools=[school])
                              .get(school.pk, []))
    establishment = school.establishment
    return NeedySchool(school_id=school.pk, tenant_id=tenant.pk, name=str(school),
                       trust=establishment.trust_name,
                       hard_partnership_ids=hard_keys(partnership_ids=hard,
                                                      federation=establishment.federation_name),
                       soft_partnership_ids=frozenset(soft))


def days_used(*, on: date, people: list[int]) -> dict[int, Decimal]:
    """Days of deployments each person gives in the academic year containing `on`, summed in
    Python."""
    year = AcademicYear.of(on)
    rows = (Deployment.objects.filter(supporter_id__in=people, starts_on__gte=year.start,
                                      starts_on__lte=year.end)
            .values_list("supporter_id", "days"))
    used: dict[int, Decimal] = defaultdict(lambda: NO_DAYS)
    for person_id, days in rows:
        used[person_id] += days
    return used


def giving_schools(*, tenant: Tenant, on: date) -> dict[int, str]:
    """School id -> the label of its category in force on `on`, for the schools whose
    category (a capacity level agreed with the school, e.g. Wiltshire's levels 1 and 2) says
    the school gives support (`gives` in the category's attributes). One query, reading only
    those schools' rows."""
    return category_labels_where(tenant=tenant, attribute="gives", on=on)


def school_days_used(*, on: date, schools: list[int]) -> dict[int, Decimal]:
    """Days of the deployments each school gives with no leader named, in the academic year
    containing `on`."""
    year = AcademicYear.of(on)
    rows = (Deployment.objects.filter(supporter__isnull=True, supporter_school_id__in=schools,
                                      starts_on__gte=year.start, starts_on__lte=year.end)
            .values_list("supporter_school_id", "days"))
    used: dict[int, Decimal] = defaultdict(lambda: NO_DAYS)
    for school_id, days in rows:
        used[school_id] += days
    return used


# School id, its level's label, name, trust, federation and URN.
GivingRow = tuple[int, str, str, str, str, int]


def giving_rows(*, tenant: Tenant, on: date) -> list[GivingRow]:
    """The open schools whose category in force on `on` gives support, with the label of
    that category and the school's name, trust, federation and URN, by name: two narrow
    queries."""
    giving = giving_schools(tenant=tenant, on=on)
    if not giving:
        return []
    schools = (School.objects.filter(pk__in=list(giving), establishment__is_open=True)
               .order_by("establishment__name", "pk")
               .values_list("pk", "establishment__name", "establishment__trust_name",
                            "establishment__federation_name", "establishment_id"))
    return [(pk, giving[pk], name, trust, federation, urn)
            for pk, name, trust, federation, urn in schools]


def kept_giving_rows(*, tenant: Tenant, on: date) -> list[GivingRow]:
    """`giving_rows`, computed once per version of what it reads: the category steps
    (`categories_version`: which schools give, at what level) and the register (its
    `register_version`: names, trusts, federations, closures), read from committed rows on
    each request, so a step taken or a school renamed is seen by the next request after it
    commits. On a 1,000-school council the categories in force are the slow read."""
    key = (f"support:giving:t{tenant.pk}:{on.isoformat()}:{tenant.register_version}:"
           f"{categories_version(tenant=tenant)}")
    return kept(key, lambda: giving_rows(tenant=tenant, on=on), ttl=KEPT_FOR)


def school_candidates(*, tenant: Tenant, on: date,
                      rows: list[GivingRow] | None = None) -> list[Candidate]:
    """Every open school whose category in force on `on` gives support (`rows`, read afresh
    when None), as a candidate with no leader named: the school its own employer (so the
    conflict rules read its trust, its hard partnerships and the officer's employer as for a
    leader), its days a year from the tenant's settings. A fixed number of queries, each
    reading only the columns used."""
    rows = giving_rows(tenant=tenant, on=on) if rows is None else rows
    if not rows:
        return []
    ids = [row[0] for row in rows]
    per_year = _school_days_per_year(tenant)
    places = partnerships_on(tenant=tenant, on=on, schools=ids)
    used = school_days_used(on=on, schools=ids)
    found = []
    for pk, label, name, trust, federation, _ in rows:
        hard, soft = split_places(places.get(pk, []))
        found.append(Candidate(
            person_id=None, school_id=pk, tenant_id=tenant.pk, name=name,
            designation=label, days_per_year=per_year, days_used=used[pk],
            employer_school_id=pk, employer_name=name, employer_trust=trust,
            hard_partnership_ids=hard_keys(partnership_ids=hard, federation=federation),
            soft_partnership_ids=frozenset(soft),
            employer_keys=employer_keys(school_id=pk, trust=trust)))
    return sorted(found, key=lambda candidate: candidate.name)


def kept_school_candidates(*, tenant: Tenant, on: date) -> list[Candidate]:
    """`school_candidates` from the kept giving schools (`kept_giving_rows`); their places,
    the days they have given and the days a year are read afresh (three narrow queries)."""
    return school_candidates(tenant=tenant, on=on, rows=kept_giving_rows(tenant=tenant, on=on))


def _school_days_per_year(tenant: Tenant) -> Decimal:
    found = (SupportSettings.objects.filter(tenant=tenant)
             .values_list("school_days_per_year", flat=True).first())
    return found if found is not None else SupportSettings(tenant=tenant).school_days_per_year


def candidates(*, tenant: Tenant, on: date) -> list[Candidate]:
    """Every person holding a designation on `on` with capacity recorded, one candidate each
    (their designations joined), then every school able to give support."""
    return (leader_candidates(tenant=tenant, on=on)
            + kept_school_candidates(tenant=tenant, on=on))


def leader_candidates(*, tenant: Tenant, on: date,
                      with_capacity_only: bool = True) -> list[Candidate]:
    """Every person holding a designation on `on` with capacity recorded (or, when
    `with_capacity_only` is False, every one: those without count no days), one candidate each
    (their designations joined)."""
    return leaders_and_designations(tenant=tenant, on=on,
                                    with_capacity_only=with_capacity_only)[0]


def leaders_and_designations(
        *, tenant: Tenant, on: date, with_capacity_only: bool = True,
) -> tuple[list[Candidate], list[SystemLeader]]:
    """`leader_candidates`, and every designation in force on `on` (capacity recorded or
    not) that they were read from."""
    designations = system_leaders_on(tenant=tenant, on=on)
    leaders: dict[int, list] = defaultdict(list)
    for leader in designations:
        leaders[leader.person_id].append(leader)
    capacities = {c.person_id: c for c in LeaderCapacity.objects.filter(
        person_id__in=list(leaders))}
    people = [pk for pk in leaders if pk in capacities or not with_capacity_only]
    employments = {e.person_id: e for e in _employments().filter(person_id__in=people)}
    interests: dict[int, set[int]] = defaultdict(set)
    for person_id, school_id in DeclaredInterest.objects.filter(
            person_id__in=people).values_list("person_id", "school_id"):
        interests[person_id].add(school_id)
    schools = [e.school_id for e in employments.values() if e.school_id is not None]
    places = partnerships_on(tenant=tenant, on=on, schools=schools)
    used = days_used(on=on, people=people)
    found = []
    for person_id in people:
        capacity, employment = capacities.get(person_id), employments.get(person_id)
        school = employment.school if employment else None
        hard, soft = split_places(places.get(school.pk, []) if school else [])
        held = leaders[person_id]
        found.append(Candidate(
            person_id=person_id, tenant_id=tenant.pk, name=held[0].name,
            designation=", ".join(leader.designation.upper() for leader in held),
            days_per_year=capacity.days_per_year if capacity else NO_DAYS,
            days_used=used[person_id], expires_on=capacity.expires_on if capacity else None,
            specialisms=frozenset(capacity.specialisms if capacity else []),
            employer_school_id=school.pk if school else None,
            employer_name=str(school) if school else (employment.organisation
                                                      if employment else ""),
            employer_trust=school.establishment.trust_name if school else "",
            hard_partnership_ids=hard_keys(
                partnership_ids=hard,
                federation=school.establishment.federation_name if school else ""),
            soft_partnership_ids=frozenset(soft),
            interest_school_ids=frozenset(interests[person_id]),
            employer_keys=_keys_of(employment)))
    return found, designations


def brokering_for(*, tenant: Tenant, school: School, officer: Membership, days: Decimal,
                  on: date, need: str = "") -> Brokering:
    ask = Ask(school=needy_school(tenant=tenant, school=school, on=on), days=days, on=on,
              need=need, officer_employer_keys=officer_employer_keys(officer))
    return broker(ask, candidates(tenant=tenant, on=on))


def deployments_of(school: School) -> list[Deployment]:
    return list(Deployment.objects.filter(school=school)
                .select_related("supporter__user", "supporter_school__establishment",
                                "commitment"))


def deployment_for(deployment_id: int) -> Deployment:
    deployment = (Deployment.objects.filter(pk=deployment_id)
                  .select_related("school__establishment", "supporter__user",
                                  "supporter_school__establishment", "officer__user",
                                  "commitment", "quality_assurance__checked_by__user")
                  .first())
    if deployment is None:
        raise Http404("No such deployment.")
    return deployment


def member_of_tenant(person_id: str) -> Membership:
    """A person of the tenant in scope, by id (a form's choice); refused naming the field."""
    person = (Membership.objects.filter(pk=int(person_id)).select_related("user").first()
              if person_id.isdigit() else None)
    if person is None:
        raise ValidationError({"supporter": "Choose a system leader of this partnership."})
    return person


def supporter_of_tenant(key: str) -> tuple[Membership | None, School | None]:
    """The leader ("<person id>") or the school giving support ("school:<id>") a form chose,
    of the tenant in scope; refused naming the field."""
    if key.startswith("school:"):
        number = key.removeprefix("school:")
        school = (School.objects.filter(pk=int(number)).select_related("establishment").first()
                  if number.isdigit() else None)
        if school is None:
            raise ValidationError({"supporter": "Choose a school of this partnership."})
        return None, school
    return member_of_tenant(key), None
