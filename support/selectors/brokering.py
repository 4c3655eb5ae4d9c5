"""The brokering rules' data, read from the tenant: the school in need, its candidates (the
system leaders partnerships publishes, with the capacity, employer and interests support keeps;
and the schools whose agreed capacity level gives support, read from categorisation's published
categories, with the days a year the tenant's settings give such a school) and the brokering
officer's employer. A fixed number of queries, whatever the directory's size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404

from categorisation.published import categories_version, category_labels_where
from core.kept import kept
from core.models import Membership, Tenant
from core.years import AcademicYear
from partnerships.models import PartnershipType
from partnerships.published import Place, SystemLeader, partnerships_on, system_leaders_on
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


def needy_school(*, tenant: Tenant, school: School, on: date,
                 places: dict[int, list[Place]] | None = None) -> NeedySchool:
    """The school as the rules see it; its places on `on` read unless `places` holds them."""
    if places is None:
        places = partnerships_on(tenant=tenant, on=on, schools=[school])
    hard, soft = split_places(places.get(school.pk, []))
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
    (`categories_version`: which schools give, at what level; a scheme's categories are
    never edited, a new version of the scheme makes new ones) and the register (its
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
    return _schools_from(rows, tenant=tenant, per_year=_school_days_per_year(tenant),
                         places=partnerships_on(tenant=tenant, on=on, schools=ids),
                         used=school_days_used(on=on, schools=ids))


def _schools_from(rows: list[GivingRow], *, tenant: Tenant, per_year: Decimal,
                  places: dict[int, list[Place]], used: dict[int, Decimal]) -> list[Candidate]:
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
    found = everyone(tenant=tenant, on=on)
    return found.leaders + found.schools


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
    inputs = _leader_inputs(tenant=tenant, on=on, with_capacity_only=with_capacity_only)
    places = partnerships_on(tenant=tenant, on=on, schools=inputs.schools)
    return (_leaders_from(inputs, tenant=tenant, places=places,
                          used=days_used(on=on, people=inputs.people)),
            inputs.designations)


@dataclass(frozen=True)
class _LeaderInputs:
    designations: list[SystemLeader]
    held: dict[int, list[SystemLeader]]
    capacities: dict[int, LeaderCapacity]
    people: list[int]
    employments: dict[int, Employment]
    interests: dict[int, set[int]]

    @property
    def schools(self) -> list[int]:
        return [e.school_id for e in self.employments.values() if e.school_id is not None]


def _leader_inputs(*, tenant: Tenant, on: date, with_capacity_only: bool) -> _LeaderInputs:
    designations = system_leaders_on(tenant=tenant, on=on)
    held: dict[int, list] = defaultdict(list)
    for leader in designations:
        held[leader.person_id].append(leader)
    capacities = {c.person_id: c for c in LeaderCapacity.objects.filter(
        person_id__in=list(held))}
    people = [pk for pk in held if pk in capacities or not with_capacity_only]
    employments = {e.person_id: e for e in _employments().filter(person_id__in=people)}
    interests: dict[int, set[int]] = defaultdict(set)
    for person_id, school_id in DeclaredInterest.objects.filter(
            person_id__in=people).values_list("person_id", "school_id"):
        interests[person_id].add(school_id)
    return _LeaderInputs(designations=designations, held=held, capacities=capacities,
                         people=people, employments=employments, interests=interests)


def _leaders_from(inputs: _LeaderInputs, *, tenant: Tenant, places: dict[int, list[Place]],
                  used: dict[int, Decimal]) -> list[Candidate]:
    found = []
    for person_id in inputs.people:
        capacity = inputs.capacities.get(person_id)
        employment = inputs.employments.get(person_id)
        school = employment.school if employment else None
        hard, soft = split_places(places.get(school.pk, []) if school else [])
        held = inputs.held[person_id]
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
            interest_school_ids=frozenset(inputs.interests[person_id]),
            employer_keys=_keys_of(employment)))
    return found


@dataclass(frozen=True)
class Everyone:
    """The leaders with capacity recorded and the schools able to give support on a day,
    with the designations in force, the giving schools' rows and the places read."""

    leaders: list[Candidate]
    designations: list[SystemLeader]
    schools: list[Candidate]
    rows: list[GivingRow]
    places: dict[int, list[Place]]


def everyone(*, tenant: Tenant, on: date, places_of: Iterable[int] = ()) -> Everyone:
    """Every candidate on `on`, leaders and schools, read together: the places of their
    schools (and of `places_of`) in one query and the days they have given in another, the
    giving schools kept (`kept_giving_rows`). A fixed number of queries."""
    inputs = _leader_inputs(tenant=tenant, on=on, with_capacity_only=True)
    rows = kept_giving_rows(tenant=tenant, on=on)
    giving = [row[0] for row in rows]
    places = partnerships_on(tenant=tenant, on=on,
                             schools={*inputs.schools, *giving, *places_of})
    by_person, by_school = _days_given(on=on, people=inputs.people, schools=giving)
    return Everyone(
        leaders=_leaders_from(inputs, tenant=tenant, places=places, used=by_person),
        designations=inputs.designations,
        schools=_schools_from(rows, tenant=tenant, places=places, used=by_school,
                              per_year=_school_days_per_year(tenant) if rows else NO_DAYS),
        rows=rows, places=places)


def _days_given(*, on: date, people: list[int], schools: list[int],
                ) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """`days_used` of the people and `school_days_used` of the schools, in one query."""
    by_person: dict[int, Decimal] = defaultdict(lambda: NO_DAYS)
    by_school: dict[int, Decimal] = defaultdict(lambda: NO_DAYS)
    if not people and not schools:
        return by_person, by_school
    year = AcademicYear.of(on)
    rows = (Deployment.objects.filter(starts_on__gte=year.start, starts_on__lte=year.end)
            .filter(Q(supporter_id__in=people)
                    | Q(supporter__isnull=True, supporter_school_id__in=schools))
            .values_list("supporter_id", "supporter_school_id", "days"))
    for person_id, school_id, days in rows:
        if person_id is not None:
            by_person[person_id] += days
        else:
            by_school[school_id] += days
    return by_person, by_school


def brokering_for(*, tenant: Tenant, school: School, officer: Membership, days: Decimal,
                  on: date, need: str = "") -> Brokering:
    found = everyone(tenant=tenant, on=on, places_of=[school.pk])
    ask = Ask(school=needy_school(tenant=tenant, school=school, on=on, places=found.places),
              days=days, on=on, need=need,
              officer_employer_keys=officer_employer_keys(officer))
    return broker(ask, found.leaders + found.schools)


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
