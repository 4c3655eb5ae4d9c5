"""Object-level rules for categorisation pages and the API.

Individual categories are confidential to the LA and the school itself (DESIGN §3, §5): an
officer sees any school of the register; a headteacher only their own school; nobody else any
school's category. Another tenant's school is not found (the scope hides it): 404. A school of
this tenant beyond the member's role: 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.models import Membership
from core.permissions import (
    CATEGORIES_DECIDE,
    CATEGORIES_MODERATE,
    CATEGORIES_VIEW,
    OWN_CATEGORY_RESPOND,
    has,
)
from schools import selectors as register
from schools.models import School
from schools.selectors import school_for_urn


def school_for_category(*, membership: Membership, urn: int) -> School:
    """The school whose category this member may see, or 404 (not in this register) / 403."""
    school = school_for_urn(urn=urn)
    if school is None:
        raise Http404("No school with that URN in this register.")
    if has(membership, CATEGORIES_VIEW):
        return school
    if has(membership, OWN_CATEGORY_RESPOND) and register.is_own_school(
            membership=membership, school=school):
        return school
    raise PermissionDenied("You can only see your own school's category.")


def is_own_school(*, membership: Membership, school: School) -> bool:
    return (has(membership, OWN_CATEGORY_RESPOND)
            and register.is_own_school(membership=membership, school=school))


def may_moderate(membership: Membership) -> bool:
    """A senior officer decides (CATEGORIES_MODERATE); an officer may record a board's decision
    (CATEGORIES_DECIDE, naming the board)."""
    return (has(membership, CATEGORIES_MODERATE)
            or has(membership, CATEGORIES_DECIDE))


def require_moderation(membership: Membership) -> None:
    if not may_moderate(membership):
        raise PermissionDenied("Your role does not allow moderation.")
