"""The brokering rules' data, read from the tenant: the school in need, its candidates (the
system leaders partnerships publishes, with the capacity, employer and interests support keeps)
and the brokering officer's employer. A fixed number of queries, whatever the directory's size.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404

from core.models import Membership, Tenant
from core.years import AcademicYear
from partnerships.models import PartnershipType
from partnerships.published import partnerships_on, system_leaders_on
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
from support.models import DeclaredInterest, Deployment, Employment, LeaderCapacity

NO_DAYS = Decimal("0")


def _split(places) -> tuple[set[int], set[int]]:
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


def officer_employer_keys(officer: Membership) -> frozenset[str]:
    employment = (Employment.objects.filter(person=officer)
                  .select_related("school__establishment").first())
    return _keys_of(employment)


def needy_school(*, tenant: Tenant, school: School, on: date) -> NeedySchool:
    hard, soft = _split(partnerships_on(tenant=tenant, on=on, schools=[school]).get(school.pk, []))
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


def candidates(*, tenant: Tenant, on: date) -> list[Candidate]:
    """Every person holding a designation on `on` with capacity recorded, one candidate each
    (their designations joined)."""
    leaders: dict[int, list] = defaultdict(list)
    for leader in system_leaders_on(tenant=tenant, on=on):
        leaders[leader.person_id].append(leader)
    capacities = {c.person_id: c for c in LeaderCapacity.objects.filter(
        person_id__in=list(leaders))}
    people = [pk for pk in leaders if pk in capacities]
    employments = {e.person_id: e for e in Employment.objects.filter(person_id__in=people)
                   .select_related("school__establishment")}
    interests: dict[int, set[int]] = defaultdict(set)
    for person_id, school_id in DeclaredInterest.objects.filter(
            person_id__in=people).values_list("person_id", "school_id"):
        interests[person_id].add(school_id)
    schools = [e.school_id for e in employments.values() if e.school_id is not None]
    places = partnerships_on(tenant=tenant, on=on, schools=schools)
    used = days_used(on=on, people=people)
    found = []
    for person_id in people:
        capacity, employment = capacities[person_id], employments.get(person_id)
        school = employment.school if employment else None
        hard, soft = _split(places.get(school.pk, []) if school else [])
        held = leaders[person_id]
        found.append(Candidate(
            person_id=person_id, tenant_id=tenant.pk, name=held[0].name,
            designation=", ".join(leader.designation.upper() for leader in held),
            days_per_year=capacity.days_per_year, days_used=used[person_id],
            expires_on=capacity.expires_on, specialisms=frozenset(capacity.specialisms),
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
    return found


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
