"""Brokered support's writes: what support keeps of a system leader (capacity, employer,
declared interests), an officer's employer, a deployment (refused when the brokering rules
exclude the supporter, with the rule's reason) and its cost committed through funding's
service (support reads funding; funding never imports support)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import Membership, Tenant
from core.permissions import VISITS_RECORD
from core.tenancy import ensure_same_tenant
from funding.services.spending import commitment_create
from schools.models import School
from support.brokering import Ask, Candidate, exclusion_of
from support.models import (
    DeclaredInterest,
    Deployment,
    Employment,
    LeaderCapacity,
    Specialism,
)
from support.permissions import require
from support.selectors import brokering as reads

REFUSAL = "Only officers broker support."


def _require_officer(tenant: Tenant, actor: User | None) -> Membership:
    return require(tenant=tenant, actor=actor, permission=VISITS_RECORD, refusal=REFUSAL)


def decimal_in(value: object, field: str, places: str) -> Decimal:
    """A number typed in a form or sent to the API, to `places` (e.g. "0.1"); refused naming
    `field` when it is not one or has more decimal places."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: "Give a number."}) from None
    if not number.is_finite() or number != number.quantize(Decimal(places)):
        raise ValidationError({field: f"Give a number with at most {len(places) - 2} "
                                      "decimal places."})
    return number.quantize(Decimal(places))


@transaction.atomic
def employment_set(*, tenant: Tenant, actor: User | None, person: Membership,
                   school: School | None = None, organisation: str = "") -> Employment:
    """Record who employs a person (a school of the register or a named organisation)."""
    _require_officer(tenant, actor)
    ensure_same_tenant(tenant, person=person, school=school)
    employment = Employment.objects.filter(person=person).first() or Employment(
        tenant=tenant, person=person)
    employment.school, employment.organisation = school, organisation.strip()
    employment.full_clean()
    employment.save()
    audit_record(tenant=tenant, actor=actor, action="support.employment_set", obj=employment,
                 summary=f"{person.user}: employed by {school or organisation}"[:300])
    return employment


@transaction.atomic
def leader_capacity_set(*, tenant: Tenant, actor: User | None, person: Membership,
                        days_per_year: object, specialisms: list[str],
                        expires_on: date | None = None) -> LeaderCapacity:
    """Record a system leader's days a year, specialisms and designation expiry."""
    _require_officer(tenant, actor)
    ensure_same_tenant(tenant, person=person)
    capacity = LeaderCapacity.objects.filter(person=person).first() or LeaderCapacity(
        tenant=tenant, person=person)
    capacity.days_per_year = decimal_in(days_per_year, "days_per_year", "0.1")
    capacity.specialisms, capacity.expires_on = sorted(set(specialisms)), expires_on
    capacity.full_clean()
    capacity.save()
    audit_record(tenant=tenant, actor=actor, action="support.leader_capacity_set",
                 obj=capacity, summary=f"{person.user}: {capacity.days_per_year} days a year",
                 changes={"specialisms": capacity.specialisms,
                          "expires_on": str(expires_on) if expires_on else None})
    return capacity


@transaction.atomic
def interest_declare(*, tenant: Tenant, actor: User | None, person: Membership,
                     school: School, description: str) -> DeclaredInterest:
    """Record a leader's declared interest in a school: never brokered to it."""
    _require_officer(tenant, actor)
    ensure_same_tenant(tenant, person=person, school=school)
    if not description.strip():
        raise ValidationError({"description": "Say what the interest is."})
    interest, _ = DeclaredInterest.objects.update_or_create(
        tenant=tenant, person=person, school=school,
        defaults={"description": description.strip()[:300]})
    audit_record(tenant=tenant, actor=actor, action="support.interest_declared", obj=interest,
                 summary=f"{person.user}: interest in {school}"[:300])
    return interest


def _candidate(*, tenant: Tenant, on: date, supporter: Membership | None,
               supporter_school: School | None) -> Candidate:
    """The brokering rules' candidate for the leader, or for the school giving support with
    no leader named; refused naming the field when there is none on the date. The leader's
    capacity row (or the school's row) is locked first, so two deployments at once cannot
    together go over its capacity."""
    if supporter is not None:
        list(LeaderCapacity.objects.select_for_update().filter(person=supporter))
        found = next((c for c in reads.leader_candidates(tenant=tenant, on=on)
                      if c.person_id == supporter.pk), None)
        if found is None:
            raise ValidationError({"supporter": f"{supporter.user} is not a system leader with "
                                                "capacity recorded on the start date."})
        return found
    assert supporter_school is not None
    list(School.objects.select_for_update().filter(pk=supporter_school.pk))
    found = next((c for c in reads.school_candidates(tenant=tenant, on=on)
                  if c.school_id == supporter_school.pk), None)
    if found is None:
        raise ValidationError({"supporter": f"{supporter_school} is not a school whose agreed "
                                            "capacity level gives support on the start date."})
    return found


@transaction.atomic
def deployment_create(*, tenant: Tenant, actor: User | None, school: School,
                      supporter: Membership | None = None,
                      supporter_school: School | None = None, objectives: str, days: object,
                      cost: object, starts_on: date, ends_on: date,
                      need: str = "") -> Deployment:
    """Broker `supporter` (a system leader), or `supporter_school` (a school whose agreed
    capacity level gives support, with no leader named), to support `school`. Refused, with
    the rule's reason, when the brokering rules exclude the candidate (another tenant, the
    school itself, designation expired, over capacity, same trust, same hard partnership, a
    declared interest, their employer also employing the officer), or when they are not a
    system leader with capacity recorded, or not a school able to give support, on the start
    date."""
    officer = _require_officer(tenant, actor)
    if (supporter is None) == (supporter_school is None):
        raise ValidationError({"supporter": "Choose one leader or one school to give the "
                                            "support."})
    ensure_same_tenant(tenant, school=school, supporter=supporter,
                       supporter_school=supporter_school)
    if need and need not in Specialism.values:
        raise ValidationError({"need": "Choose a need from the list."})
    days_asked = decimal_in(days, "days", "0.1")
    if days_asked <= 0:
        raise ValidationError({"days": "Give the days, more than 0."})
    amount = decimal_in(cost, "cost", "0.01")
    candidate = _candidate(tenant=tenant, on=starts_on, supporter=supporter,
                           supporter_school=supporter_school)
    ask = Ask(school=reads.needy_school(tenant=tenant, school=school, on=starts_on),
              days=days_asked, on=starts_on, need=need,
              officer_employer_keys=reads.officer_employer_keys(officer))
    excluded = exclusion_of(ask, candidate)
    if excluded is not None:
        raise ValidationError({"supporter": f"{candidate.name} cannot be brokered: "
                                            f"{excluded.reason}"})
    if supporter is not None:
        employment = Employment.objects.filter(person=supporter).first()
        supporter_school = employment.school if employment else None
    deployment = Deployment(
        tenant=tenant, school=school, supporter=supporter, supporter_school=supporter_school,
        need=need, objectives=objectives.strip(), days=days_asked, cost=amount,
        starts_on=starts_on, ends_on=ends_on, officer=officer,
        created_by=actor if actor is not None and actor.is_authenticated else None)
    deployment.full_clean()
    deployment.save()
    audit_record(tenant=tenant, actor=actor, action="support.deployment_created",
                 obj=deployment, summary=f"{candidate.name} to support {school}: "
                                         f"{days_asked} days, £{amount}"[:300])
    return deployment


@transaction.atomic
def deployment_cost_commit(*, tenant: Tenant, actor: User | None, deployment: Deployment,
                           budget: models.Model, on: date | None = None,
                           reference: str = "") -> Deployment:
    """Turn the deployment's cost into a funding commitment against `budget` (funding's own
    service decides who may and refuses what it refuses). Once only."""
    _require_officer(tenant, actor)
    ensure_same_tenant(tenant, deployment=deployment, budget=budget)
    deployment = Deployment.objects.select_for_update().get(pk=deployment.pk)
    if deployment.commitment_id is not None:
        raise ValidationError({"budget": "The cost of this deployment is already committed."})
    if deployment.cost <= 0:
        raise ValidationError({"budget": "This deployment costs nothing to commit."})
    supplier = str(deployment.supporter_school or deployment.supporter_name)
    try:
        commitment = commitment_create(
            tenant=tenant, actor=actor, budget=budget, amount=deployment.cost,
            on=on or timezone.localdate(), supplier=supplier[:200],
            description=f"Support for {deployment.school} by "
                        f"{deployment.supporter_name}"[:200],
            reference=reference, source=f"Deployment {deployment.pk}")
    except PermissionDenied:
        raise PermissionDenied("Only a funding manager can commit the cost.") from None
    deployment.commitment = commitment
    deployment.save(update_fields=["commitment"])
    audit_record(tenant=tenant, actor=actor, action="support.deployment_cost_committed",
                 obj=deployment, summary=f"Deployment {deployment.pk}: £{deployment.cost} "
                                         f"committed ({commitment.reference})"[:300])
    return deployment

