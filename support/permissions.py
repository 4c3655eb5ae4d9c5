"""Who sees and does what of support (DESIGN §5), on top of the role table of
`core.permissions`: another tenant's school or visit is not found (the scope hides it: 404);
what is beyond one's role is 403.

- Officers and admins (VISITS_VIEW) see every school's visits and notes; with VISITS_RECORD they
  plan, move, cancel and record visits and write notes. A senior officer (VISIT_NOTES_CHECK,
  the admin) checks notes before release where the tenant asks for it.
- A headteacher (OWN_VISITS_RESPOND) sees their own school's visits and its *released* notes,
  completes the school's part of its notes and marks a released note accurate or inaccurate.
- Board members and viewers (AGGREGATES_VIEW) see the RAG counts only, never a note.
- RISE cases follow visits: officers and admins see and record every school's; a headteacher
  reads their own school's case (DESIGN §5: their own school in full), never another's.
- Support plans likewise: officers see and add to every school's plan; the headteacher reads
  their own school's; an action's owner sees it and records its progress.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from core.models import Membership, Tenant
from core.permissions import (
    AGGREGATES_VIEW,
    OWN_VISITS_RESPOND,
    VISIT_NOTES_CHECK,
    VISITS_RECORD,
    VISITS_VIEW,
    has,
)
from core.selectors import membership_for
from schools import selectors as register
from schools.models import School
from support.models import RiseCase, SupportPlanAction, Visit


@dataclass(frozen=True)
class SupportAccess:
    sees_all: bool  # every school's visits and notes
    records: bool  # plans and records visits, writes notes
    checks: bool  # quality-checks notes
    own_school: School | None  # a headteacher's school
    sees_counts: bool  # the RAG dashboard

    @property
    def sees_anything(self) -> bool:
        return self.sees_all or self.own_school is not None or self.sees_counts


def support_access(membership: Membership) -> SupportAccess:
    own = register.school_of(membership) if has(membership, OWN_VISITS_RESPOND) else None
    sees_all = has(membership, VISITS_VIEW)
    return SupportAccess(sees_all=sees_all, records=has(membership, VISITS_RECORD),
                         checks=has(membership, VISIT_NOTES_CHECK), own_school=own,
                         sees_counts=sees_all or has(membership, AGGREGATES_VIEW))


def school_for_visits(*, membership: Membership, urn: int) -> School:
    """The school whose visits this member may see: any for officers, their own for a
    headteacher (404 not in this register, 403 another school)."""
    return register.school_for(membership=membership, urn=urn, any_school=VISITS_VIEW,
                               own_school=OWN_VISITS_RESPOND,
                               refusal="You can only see your own school's visits.")


def is_head_of(membership: Membership, school: School) -> bool:
    return (has(membership, OWN_VISITS_RESPOND)
            and register.is_own_school(membership=membership, school=school))


def visit_for(*, membership: Membership, visit_id: int) -> Visit:
    """The visit, if this member may see it: officers any, a headteacher their own school's
    (404 for no such visit in this tenant, 403 for another school's)."""
    visit = (Visit.objects.filter(pk=visit_id)
             .select_related("school__establishment", "focus", "officer__user").first())
    if visit is None:
        raise Http404("No such visit.")
    if has(membership, VISITS_VIEW) or is_head_of(membership, visit.school):
        return visit
    raise PermissionDenied("You can only see your own school's visits.")


def actor_membership(*, tenant: Tenant, actor: User | None) -> Membership:
    membership = membership_for(user=actor, tenant=tenant) if actor is not None else None
    if membership is None:
        raise PermissionDenied("You cannot do this in this partnership.")
    return membership


def require(*, tenant: Tenant, actor: User | None, permission: str, refusal: str) -> Membership:
    """The services' own check, whatever the caller (page, API, task)."""
    membership = actor_membership(tenant=tenant, actor=actor)
    if not has(membership, permission):
        raise PermissionDenied(refusal)
    return membership


def require_recorder(*, tenant: Tenant, actor: User | None, school: School) -> Membership:
    """An officer who may record visits *and* see this school's: a visit or note for a school
    the officer may not see is refused."""
    membership = require(tenant=tenant, actor=actor, permission=VISITS_RECORD,
                         refusal="Only officers plan and record visits.")
    if not has(membership, VISITS_VIEW):
        raise PermissionDenied(f"You may not see {school}'s visits, so you cannot record them.")
    return membership


def require_head_of(*, tenant: Tenant, actor: User | None, school: School) -> Membership:
    """Only that school's headteacher completes or answers its notes."""
    membership = actor_membership(tenant=tenant, actor=actor)
    if not is_head_of(membership, school):
        raise PermissionDenied(f"Only the headteacher of {school} can do this.")
    return membership


def rise_case_for(*, membership: Membership, case_id: int) -> RiseCase:
    """The RISE case, if this member may see it: officers any, a headteacher their own
    school's (404 for no such case in this tenant, 403 for another school's)."""
    case = (RiseCase.objects.filter(pk=case_id)
            .select_related("school__establishment", "created_by").first())
    if case is None:
        raise Http404("No such RISE case.")
    if has(membership, VISITS_VIEW) or is_head_of(membership, case.school):
        return case
    raise PermissionDenied("You can only see your own school's RISE case.")


def plan_action_for(*, membership: Membership, action_id: int) -> SupportPlanAction:
    """A support plan's action, if this member may see it: officers any, the school's
    headteacher their school's, the owner their own (404 for no such action in this tenant,
    403 otherwise)."""
    action = (SupportPlanAction.objects.filter(pk=action_id)
              .select_related("school__establishment", "owner__user").first())
    if action is None:
        raise Http404("No such action.")
    if (has(membership, VISITS_VIEW) or is_head_of(membership, action.school)
            or (action.owner_id is not None and action.owner_id == membership.pk)):
        return action
    raise PermissionDenied("You can only see your own school's support plan and the actions "
                           "you own.")
