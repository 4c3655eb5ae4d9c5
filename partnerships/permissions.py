"""Object-level rules of the partnerships domain, on top of the role table of
`core.permissions`: 404 for another tenant's object (the tenant scope hides it), 403 for an
object of one's own tenant beyond one's role.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from core.grants import Grant
from core.models import Membership
from core.permissions import OWN_HUB_VIEW, PARTNERSHIPS_MANAGE, PARTNERSHIPS_VIEW, has
from partnerships.models import Partnership, PartnershipMembership, PartnershipRole, RoleKind
from schools.selectors import school_for, school_of

# --- Structure: levels, partnerships, members, roles -----------------------------------------


def can_manage_structure(membership: Membership) -> bool:
    """Officers and admins create levels and partnerships, add and remove schools and assign
    roles; a hub chair manages the hub's page (below), not its membership or roles."""
    return has(membership, PARTNERSHIPS_MANAGE)


# --- Hub self-management --------------------------------------------------------------------


@dataclass(frozen=True)
class HubAccess:
    """What a member of the tenant may do with one hub's page."""

    can_view: bool
    can_manage: bool
    is_chair: bool = False
    is_member_head: bool = False


NO_HUB_ACCESS = HubAccess(can_view=False, can_manage=False)


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


def hub_access(*, membership: Membership, partnership: Partnership,
               on: date | None = None) -> HubAccess:
    """The hub rule:

    - an officer or admin (PARTNERSHIPS_MANAGE) manages every hub of the tenant;
    - the hub's current chair manages it;
    - every headteacher (OWN_HUB_VIEW) of a current member school sees it, read-only;
    - anyone else of the tenant may not see it (a headteacher of another hub included).
    The caller has already made sure the partnership is of the membership's tenant.
    """
    if membership.tenant_id != partnership.tenant_id:
        return NO_HUB_ACCESS
    if has(membership, PARTNERSHIPS_MANAGE):
        return HubAccess(can_view=True, can_manage=True)
    can_view_all = has(membership, PARTNERSHIPS_VIEW)
    own_school = school_of(membership)
    if not has(membership, OWN_HUB_VIEW) or own_school is None:
        return HubAccess(can_view=can_view_all, can_manage=False)
    on = on or timezone.localdate()
    is_member_head = PartnershipMembership.objects.current(on).filter(
        partnership=partnership, school_id=own_school.pk
    ).exists()
    is_chair = is_member_head and hub_is_chaired_by(partnership=partnership,
                                                    membership=membership, on=on)
    return HubAccess(can_view=can_view_all or is_member_head, can_manage=is_chair,
                     is_chair=is_chair, is_member_head=is_member_head)


def hub_for_member(*, membership: Membership, partnership_id: int,
                   manage: bool = False) -> tuple[Partnership, HubAccess]:
    """The hub a member asks for, with what they may do: Http404 when the tenant has no such
    partnership (another tenant's is out of scope, so it looks the same), PermissionDenied when
    they may not see it, or with `manage` may not manage it."""
    partnership = (Partnership.objects.select_related("level", "parent")
                   .filter(pk=partnership_id).first())
    if partnership is None:
        raise Http404("No such partnership.")
    access = hub_access(membership=membership, partnership=partnership)
    if not access.can_view:
        raise PermissionDenied("This is not your hub.")
    if manage and not access.can_manage:
        raise PermissionDenied("Only the hub's chair or an officer can change the hub's page.")
    return partnership, access


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
