"""Who sees what of funding, on top of the role table of `core.permissions` (DESIGN §5): 404 for
another tenant's year or line (the tenant scope hides it), 403 for what is beyond one's role.

- The tenant admin (FUNDING_MANAGE) sets rates, records the forum's votes and buy-backs.
- Officers (FUNDING_VIEW) read everything: every school's charge, the downloads.
- A headteacher reads the lines, their rates and votes, and their own school's charge only
  (OWN_SCHOOL_VIEW, through `schools.selectors.school_for`).
- Board members and viewers (AGGREGATES_VIEW) read the lines and their totals, no school named.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from core.models import Membership
from core.permissions import AGGREGATES_VIEW, FUNDING_MANAGE, FUNDING_VIEW, OWN_SCHOOL_VIEW, has
from schools.models import School
from schools.selectors import school_for, school_of


@dataclass(frozen=True)
class FundingAccess:
    can_manage: bool  # rates, votes, buy-backs
    can_see_schools: bool  # every school's charge, the downloads
    can_see_totals: bool  # totals per line and phase, no school named
    own_school: School | None  # a headteacher's school, whose charge they see

    @property
    def can_see_anything(self) -> bool:
        return self.can_see_schools or self.can_see_totals or self.own_school is not None


def funding_access(membership: Membership) -> FundingAccess:
    sees_schools = has(membership, FUNDING_VIEW)
    own = school_of(membership) if has(membership, OWN_SCHOOL_VIEW) else None
    return FundingAccess(can_manage=has(membership, FUNDING_MANAGE),
                         can_see_schools=sees_schools,
                         can_see_totals=sees_schools or has(membership, AGGREGATES_VIEW),
                         own_school=own)


def ensure_manager(membership: Membership | None) -> None:
    """The services' own check, whatever the caller (page, API, command)."""
    if membership is None or not has(membership, FUNDING_MANAGE):
        raise PermissionDenied("Only the council's admin sets funding rates and records the "
                               "schools forum's votes.")


def school_charges_for(*, membership: Membership, urn: int) -> School:
    """The school whose charges this member may read: any for officers, their own for a
    headteacher (404 for no such school in the register, 403 for another school)."""
    return school_for(membership=membership, urn=urn, any_school=FUNDING_VIEW,
                      own_school=OWN_SCHOOL_VIEW,
                      refusal="You can only see your own school's charges.")
