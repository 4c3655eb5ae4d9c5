"""A school's chair of governors, as services: an officer records a member of the tenant as the
chair for dated terms, and ends a term. A term always gives the school's public facts (register
entry, inspections: `categorisation.permissions.governed_school_grants`); the category page
only where the tenant allows it (`Tenant.chairs_of_governors_see_category`, off by default:
categories are confidential to the council and the school, DESIGN §5;
`categorisation.permissions.chair_of_governors_grants`)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import User
from categorisation.models import ChairOfGovernors
from core import permissions
from core.audit import audit_record
from core.models import Membership, Role, Tenant
from core.selectors import membership_for
from core.tenancy import ensure_same_tenant
from schools.models import School

# Roles that see every school's category already, or their own: nothing to give them.
NOT_GIVEN_TO = {Role.ADMIN, Role.OFFICER, Role.HEADTEACHER}


def _require_officer(tenant: Tenant, actor: User | None) -> None:
    membership = membership_for(user=actor, tenant=tenant) if actor is not None else None
    if membership is None or not permissions.has(membership, permissions.CATEGORIES_DECIDE):
        raise PermissionDenied("You cannot do this in this partnership.")


@transaction.atomic
def chair_of_governors_appoint(
    *, tenant: Tenant, actor: User | None, school: School, holder: Membership,
    start_date: date, end_date: date | None = None,
) -> ChairOfGovernors:
    """Record `holder` as the school's chair of governors from `start_date` (until the day
    before `end_date`): while it holds they read the school's public facts, and its category
    page where the tenant allows it. Refused for another tenant's school or person, for a
    member whose role sees schools already, and for dates in the wrong order."""
    _require_officer(tenant, actor)
    ensure_same_tenant(tenant, school=school, holder=holder)
    if not holder.is_active or holder.role in NOT_GIVEN_TO:
        raise ValidationError({"holder": "Choose a governor: a viewer or a board member of "
                                         "this partnership."})
    if end_date is not None and end_date <= start_date:
        raise ValidationError({"end_date": "The end must be after the start."})
    term = ChairOfGovernors(tenant=tenant, school=school, holder=holder, start_date=start_date,
                            end_date=end_date,
                            granted_by=actor if actor is not None and actor.is_authenticated
                            else None)
    term.full_clean(exclude=["tenant", "school", "holder", "granted_by"])
    if ChairOfGovernors.objects.filter(tenant=tenant, school=school, holder=holder,
                                       end_date__isnull=True).exists() and end_date is None:
        raise ValidationError({"holder": "This person is already the school's chair of "
                                         "governors with no end date."})
    term.save()
    audit_record(tenant=tenant, actor=actor, action="categorisation.chair_of_governors_given",
                 obj=term, summary=f"{holder.user} chair of governors of {school} from "
                                   f"{start_date:%d %B %Y}: may see its public facts"
                                   + (" and its category" if tenant.chairs_of_governors_see_category
                                      else ""))
    return term


@transaction.atomic
def chair_of_governors_end(
    *, tenant: Tenant, actor: User | None, term: ChairOfGovernors, end_date: date,
) -> ChairOfGovernors:
    """End a chair's term: from `end_date` they no longer see the school's category."""
    _require_officer(tenant, actor)
    ensure_same_tenant(tenant, term=term)
    term = ChairOfGovernors.objects.select_for_update().get(pk=term.pk)
    if end_date <= term.start_date:
        raise ValidationError({"end_date": "The end must be after the start."})
    term.end_date = end_date
    term.full_clean(exclude=["tenant", "school", "holder", "granted_by"])
    term.save(update_fields=["end_date"])
    audit_record(tenant=tenant, actor=actor, action="categorisation.chair_of_governors_ended",
                 obj=term, summary=f"Chair of governors of {term.school} ends {end_date:%d %B %Y}")
    return term
