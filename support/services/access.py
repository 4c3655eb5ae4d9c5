"""Giving and ending a named person's read of one school's released visit notes (a chair of
governors), where the tenant allows it: officers and admins, audited. What the grant gives is
`support.notes_access.notes_grants`."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from core.audit import audit_record
from core.models import Membership, Role, Tenant
from core.permissions import VISITS_RECORD
from core.tenancy import ensure_same_tenant
from schools.models import School
from support.models import NotesGrant
from support.permissions import require
from support.services.settings import support_settings

# Roles that read every school's notes already: nothing to give them.
NOT_GIVEN_TO = {Role.ADMIN, Role.OFFICER}
REFUSAL = "Only officers give or end access to a school's visit notes."


def possible_holders(tenant: Tenant) -> list[Membership]:
    """Whom a school's notes may be given to: the tenant's active viewers and board members
    (a chair of governors is invited as one), by e-mail."""
    return list(Membership.objects.filter(tenant=tenant, is_active=True,
                                          role__in=[Role.VIEWER, Role.BOARD_MEMBER])
                .select_related("user").order_by("user__email"))


def _require_allowed(tenant: Tenant) -> None:
    if not support_settings(tenant=tenant).chairs_see_notes:
        raise ValidationError(f"{tenant.name} does not allow chairs of governors to be given "
                              "their school's visit notes: an admin can allow it in the support "
                              "settings.")


@transaction.atomic
def notes_grant_give(*, tenant: Tenant, actor: User | None, school: School, holder: Membership,
                     starts_on: date, ends_on: date,
                     capacity: str = "Chair of governors") -> NotesGrant:
    """Let `holder` read `school`'s released visit notes from `starts_on` until the day before
    `ends_on`. Refused where the tenant's settings do not allow it, for another tenant's school
    or person, for a member whose role reads every school's notes already, and for dates in
    the wrong order."""
    require(tenant=tenant, actor=actor, permission=VISITS_RECORD, refusal=REFUSAL)
    ensure_same_tenant(tenant, school=school, holder=holder)
    _require_allowed(tenant)
    if not holder.is_active or holder.role in NOT_GIVEN_TO:
        raise ValidationError({"holder": "Choose a governor: officers and admins read every "
                                         "school's notes already."})
    if not capacity.strip():
        raise ValidationError({"capacity": "Say why they read the notes, e.g. chair of "
                                           "governors."})
    grant = NotesGrant(tenant=tenant, school=school, holder=holder, starts_on=starts_on,
                       ends_on=ends_on, capacity=capacity.strip()[:100],
                       granted_by=actor if actor is not None and actor.is_authenticated
                       else None)
    grant.full_clean(exclude=["tenant", "school", "holder", "granted_by", "ended_by"])
    grant.save()
    audit_record(tenant=tenant, actor=actor, action="support.notes_grant_given", obj=grant,
                 summary=f"{holder.user} ({grant.capacity}) may read {school}'s visit notes "
                         f"from {starts_on:%-d %B %Y} until {ends_on:%-d %B %Y}"[:300])
    return grant


@transaction.atomic
def notes_grant_end(*, tenant: Tenant, actor: User | None, grant: NotesGrant,
                    ends_on: date) -> NotesGrant:
    """End the grant early: from `ends_on` the holder no longer reads the notes. Never later
    than it was given until (give a new grant to extend one)."""
    require(tenant=tenant, actor=actor, permission=VISITS_RECORD, refusal=REFUSAL)
    ensure_same_tenant(tenant, grant=grant)
    grant = NotesGrant.objects.select_for_update().select_related("school").get(pk=grant.pk)
    if ends_on > grant.ends_on:
        raise ValidationError({"ends_on": f"It already ends on {grant.ends_on:%-d %B %Y}: give "
                                          "a new grant to extend it."})
    if ends_on <= grant.starts_on:
        raise ValidationError({"ends_on": "The end must be after the start "
                                          f"({grant.starts_on:%-d %B %Y})."})
    before = grant.ends_on
    grant.ends_on = ends_on
    grant.ended_by = actor if actor is not None and actor.is_authenticated else None
    grant.save(update_fields=["ends_on", "ended_by"])
    audit_record(tenant=tenant, actor=actor, action="support.notes_grant_ended", obj=grant,
                 summary=f"Access to {grant.school}'s visit notes ends {ends_on:%-d %B %Y}",
                 changes={"ends_on": [str(before), str(ends_on)]})
    return grant
