"""Object-level rules for categorisation pages and the API.

Individual categories are confidential to the LA and the school itself (DESIGN §3, §5): an
officer sees any school of the register; a headteacher only their own school; nobody else any
school's category. Another tenant's school is not found (the scope hides it): 404. A school of
this tenant beyond the member's role: 403.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied

from accounts.models import User
from categorisation.models import ChairOfGovernors
from core import grants
from core.grants import Grant
from core.models import Membership, Tenant
from core.permissions import (
    CATEGORIES_DECIDE,
    CATEGORIES_MODERATE,
    CATEGORIES_VIEW,
    OWN_CATEGORY_RESPOND,
    has,
)
from core.selectors import membership_for
from schools import selectors as register
from schools.models import School

# A school's category page, for one school: held through a grant (a chair of governors).
SCHOOL_CATEGORY_READ = "categorisation.school_category_read"


def school_for_category(*, membership: Membership, urn: int) -> School:
    """The school whose category this member may see, or 404 (not in this register) / 403.
    Officers see any school; a headteacher their own; a chair of governors theirs while the
    term holds and the tenant allows it (`chair_of_governors_grants`)."""
    try:
        return register.school_for(membership=membership, urn=urn, any_school=CATEGORIES_VIEW,
                                   own_school=OWN_CATEGORY_RESPOND,
                                   refusal="You can only see your own school's category.")
    except PermissionDenied:
        school = register.school_for_urn(urn=urn)
        if school is not None and grants.may(membership, SCHOOL_CATEGORY_READ, school):
            return school
        raise


def chair_of_governors_grants(memberships: list[Membership],
                              on: date) -> dict[int, list[Grant]]:
    """The schools whose category page these people may read on the date as their chair of
    governors: none in a tenant that does not allow it. One query (none when no member's
    tenant allows it)."""
    allowed = [m.pk for m in memberships if m.tenant.chairs_of_governors_see_category]
    held: dict[int, list[Grant]] = {}
    if not allowed:
        return held
    terms = (ChairOfGovernors.objects.current(on).filter(holder__in=allowed)
             .select_related("school__establishment").order_by("start_date", "pk"))
    for term in terms:
        held.setdefault(term.holder_id, []).append(Grant(
            SCHOOL_CATEGORY_READ, term.school,
            f"Chair of governors of {term.school.establishment.name} since "
            f"{term.start_date.day} {term.start_date:%B %Y}",
            starts_on=term.start_date, ends_on=term.end_date))
    return held


def governed_school_grants(memberships: list[Membership],
                           on: date) -> dict[int, list[Grant]]:
    """The schools whose public facts (register entry, inspections: schools.SCHOOL_FACTS_READ)
    these people read on the date as their chair of governors, whatever the tenant says of the
    category (that is `chair_of_governors_grants`). One query."""
    held: dict[int, list[Grant]] = {}
    terms = (ChairOfGovernors.objects.current(on).filter(holder__in=[m.pk for m in memberships])
             .select_related("school__establishment").order_by("start_date", "pk"))
    for term in terms:
        held.setdefault(term.holder_id, []).append(Grant(
            register.SCHOOL_FACTS_READ, term.school,
            f"Chair of governors of {term.school.establishment.name} since "
            f"{term.start_date.day} {term.start_date:%B %Y}: the school's public facts",
            starts_on=term.start_date, ends_on=term.end_date))
    return held


def governed_schools(membership: Membership) -> list[School]:
    """The schools this member reads the public facts of through a grant, today (every home
    page asks: one query of this holder, not of every app's)."""
    return [grant.target for grant in
            grants.grants_including(membership, "categorisation.governed_school")
            if grant.permission == register.SCHOOL_FACTS_READ
            and isinstance(grant.target, School)]


def is_own_school(*, membership: Membership, school: School) -> bool:
    return (has(membership, OWN_CATEGORY_RESPOND)
            and register.is_own_school(membership=membership, school=school))


def may_moderate(membership: Membership) -> bool:
    """A senior officer decides (CATEGORIES_MODERATE); an officer may record a board's decision
    (CATEGORIES_DECIDE, naming the board)."""
    return (has(membership, CATEGORIES_MODERATE)
            or has(membership, CATEGORIES_DECIDE))


def records_board_decisions_only(permissions: frozenset[str]) -> bool:
    """Whether these permissions let a person only record the board's moderation decision
    (an officer, CATEGORIES_DECIDE), not decide it themselves (a senior officer)."""
    return CATEGORIES_MODERATE not in permissions and CATEGORIES_DECIDE in permissions


def require_moderation(membership: Membership) -> None:
    if not may_moderate(membership):
        raise PermissionDenied("Your role does not allow moderation.")


def require_permission(*, tenant: Tenant, actor: User | None, permission: str) -> Membership:
    """The actor's membership of the tenant, if their role holds `permission`; else 403. The
    services' own check (the workflow and judgements), so a call from a page, the API or a task
    is held to the same rule."""
    membership = membership_for(user=actor, tenant=tenant) if actor is not None else None
    if membership is None or not has(membership, permission):
        raise PermissionDenied("You cannot do this in this partnership.")
    return membership


def require_headteacher_of(*, tenant: Tenant, actor: User | None, school: School) -> Membership:
    """The actor's membership, if they are the headteacher of `school`; else 403."""
    membership = require_permission(tenant=tenant, actor=actor, permission=OWN_CATEGORY_RESPOND)
    if not register.is_own_school(membership=membership, school=school):
        raise PermissionDenied("You can only respond for your own school.")
    return membership
