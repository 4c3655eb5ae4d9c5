"""Object-level rules for categorisation pages and the API.

Individual categories are confidential to the LA and the school itself (DESIGN §3, §5): an
officer sees any school of the register; a headteacher only their own school; nobody else any
school's category. Another tenant's school is not found (the scope hides it): 404. A school of
this tenant beyond the member's role: 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

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


def school_for_category(*, membership: Membership, urn: int) -> School:
    """The school whose category this member may see, or 404 (not in this register) / 403."""
    return register.school_for(membership=membership, urn=urn, any_school=CATEGORIES_VIEW,
                               own_school=OWN_CATEGORY_RESPOND,
                               refusal="You can only see your own school's category.")


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
