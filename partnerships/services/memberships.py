"""School memberships of partnerships: joining and leaving, one partnership of a level at a
time.

Every service takes the tenant and the acting user, refuses objects of another tenant, checks
its rule with a reason a person can act on (a `ValidationError`), saves after `full_clean()`
and writes an audit row in the same transaction.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from core.tenancy import ensure_same_tenant
from partnerships.models import Partnership, PartnershipMembership, PartnershipRole, RoleKind
from partnerships.signals import send_after_commit
from schools.models import School


def periods_overlap(
    start: date, end: date | None, other_start: date, other_end: date | None
) -> bool:
    """Whether [start, end) and [other_start, other_end) share a day; None is open-ended."""
    return (other_end is None or other_end > start) and (end is None or end > other_start)


def check_membership_allowed(
    *, partnership: Partnership, school: School, start_date: date, end_date: date | None = None
) -> None:
    """A school may be in only one partnership of a level at a time, and only in an open
    partnership while it is open itself. Raises ValidationError with the reason."""
    if not school.establishment.is_open:
        raise ValidationError({"school": f"{school} is closed; only open schools can join."})
    if partnership.end_date and start_date >= partnership.end_date:
        raise ValidationError({"start_date": f"{partnership.name} ended on "
                                             f"{partnership.end_date:%d %B %Y}."})
    existing = PartnershipMembership.objects.filter(
        school=school, level_id=partnership.level_id
    ).select_related("partnership")
    for other in existing:
        if periods_overlap(start_date, end_date, other.start_date, other.end_date):
            level = partnership.level.name
            if other.partnership_id == partnership.id:
                raise ValidationError({"school": f"{school} is already a member of "
                                                 f"{partnership.name}."})
            until = f" until {other.end_date:%d %B %Y}" if other.end_date else ""
            raise ValidationError({"school": (
                f"{school} is already in {other.partnership.name} (a {level}) from "
                f"{other.start_date:%d %B %Y}{until}; a school can be in only one {level} at a "
                "time. End that membership first."
            )})


@transaction.atomic
def partnership_add_school(
    *, tenant: Tenant, actor: User | None, partnership: Partnership, school: School,
    start_date: date | None = None, days_purchased: Decimal | None = None,
) -> PartnershipMembership:
    """Add a school from `start_date` (today by default). See `check_membership_allowed`."""
    ensure_same_tenant(tenant, partnership=partnership, school=school)
    start_date = start_date or timezone.localdate()
    # Serialise concurrent additions of the same school, so two requests cannot both pass the
    # overlap check (the partial unique constraint backs this up for open-ended memberships).
    School.objects.select_for_update().filter(pk=school.pk).first()
    check_membership_allowed(partnership=partnership, school=school, start_date=start_date)
    membership = PartnershipMembership(
        tenant=tenant, partnership=partnership, school=school, level_id=partnership.level_id,
        start_date=start_date, days_purchased=days_purchased,
    )
    membership.full_clean()
    membership.save()
    send_after_commit(tenant=tenant, partnership_ids=[partnership.pk], school_ids=[school.pk])
    audit_record(tenant=tenant, actor=actor, action="partnership.add_school", obj=membership,
                 summary=f"{school} joined {partnership.name}",
                 changes={"partnership": partnership.pk, "school": school.urn,
                          "start_date": str(start_date),
                          "days_purchased": str(days_purchased or "")})
    return membership


@transaction.atomic
def partnership_end_membership(
    *, tenant: Tenant, actor: User | None, membership: PartnershipMembership,
    end_date: date | None = None, reason: str = "",
) -> PartnershipMembership:
    """End a school's membership (it is kept, with its dates). A chair or lead appointed as the
    head of that school stops holding the role on the same day."""
    ensure_same_tenant(tenant, membership=membership)
    end_date = end_date or timezone.localdate()
    if membership.end_date is not None:
        raise ValidationError({"end_date": "That membership has already ended."})
    if end_date <= membership.start_date:
        raise ValidationError({"end_date": "A membership must end after the day it started."})
    membership.end_date = end_date
    membership.end_reason = reason
    membership.full_clean()
    membership.save(update_fields=["end_date", "end_reason"])
    partnership = membership.partnership
    send_after_commit(tenant=tenant, partnership_ids=[partnership.pk],
                      school_ids=[membership.school_id])
    roles = PartnershipRole.objects.filter(
        partnership=partnership, school=membership.school, end_date__isnull=True,
        kind__in=[RoleKind.CHAIR, RoleKind.LEAD],
    )
    ended_roles = [str(role) for role in roles]
    roles.update(end_date=end_date)
    if partnership.lead_school_id == membership.school_id:
        partnership.lead_school = None
        partnership.save(update_fields=["lead_school"])
    audit_record(tenant=tenant, actor=actor, action="partnership.end_membership", obj=membership,
                 summary=f"{membership.school} left {partnership.name}",
                 changes={"end_date": str(end_date), "reason": reason,
                          "roles_ended": ended_roles})
    return membership
