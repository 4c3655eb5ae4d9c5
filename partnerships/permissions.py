"""Object-level rules of the partnerships domain, on top of the role table of
`core.permissions`: 404 for another tenant's object (the tenant scope hides it), 403 for an
object of one's own tenant beyond one's role.
"""

from datetime import date

from django.utils import timezone

from core.grants import Grant
from core.models import Membership
from core.permissions import PARTNERSHIPS_MANAGE, has
from partnerships.models import Partnership, PartnershipRole, RoleKind
from schools.selectors import school_for

# --- Structure: levels, partnerships, members, roles -----------------------------------------


def can_manage_structure(membership: Membership) -> bool:
    """Officers and admins create levels and partnerships, add and remove schools and assign
    roles; a hub chair runs the hub's meetings (on the boards engine), not its membership or
    roles."""
    return has(membership, PARTNERSHIPS_MANAGE)


# --- Hub chairs ------------------------------------------------------------------------------
# A hub's pages are boards' (a hub is a board of kind hub, its chair holding the chair's seat);
# the chair's grant below stays, dated, for the rights page and `may(..., "hub.manage", hub)`.

# Held on one hub, never by a role: the grant its chair holds (core.grants).
HUB_MANAGE = "hub.manage"


def hub_chair_grants(memberships: list[Membership], on: date) -> dict[int, list[Grant]]:
    """The hubs these people chair on the date, each a HUB_MANAGE grant with its reason."""
    held: dict[int, list[Grant]] = {}
    roles = (PartnershipRole.objects.current(on)
             .filter(kind=RoleKind.CHAIR, person__in=[m.pk for m in memberships])
             .select_related("partnership").order_by("start_date"))
    for role in roles:
        held.setdefault(role.person_id, []).append(Grant(
            HUB_MANAGE, role.partnership,
            f"Chair of {role.partnership.name} since {role.start_date.day} "
            f"{role.start_date:%B %Y}", starts_on=role.start_date, ends_on=role.end_date))
    return held


def hub_is_chaired_by(*, partnership: Partnership, membership: Membership,
                      on: date | None = None) -> bool:
    """Whether the person holds the hub's chair today: the grant, not the role table."""
    held = hub_chair_grants([membership], on or timezone.localdate())
    return any(grant.covers(partnership) for grant in held.get(membership.pk, []))


# --- Formation and surveys (seed 003) -------------------------------------------------------


def may_manage_formation(permissions: frozenset[str]) -> bool:
    return PARTNERSHIPS_MANAGE in permissions


def formation_school_for_member(*, membership: Membership, urn: int):
    """The school whose pro-forma or consultation answer a member asks for: an officer
    (PARTNERSHIPS_MANAGE) any school of the tenant, a headteacher (FORMATION_RESPOND) only their
    own (404 / 403 as `schools.selectors.school_for`)."""
    from core.permissions import FORMATION_RESPOND

    return school_for(membership=membership, urn=urn, any_school=PARTNERSHIPS_MANAGE,
                      own_school=FORMATION_RESPOND,
                      refusal="You can answer only for your own school.")


def may_answer_surveys(permissions: frozenset[str]) -> bool:
    """Officers enter paper responses; headteachers answer for themselves."""
    from core.permissions import FORMATION_RESPOND

    return PARTNERSHIPS_MANAGE in permissions or FORMATION_RESPOND in permissions
