"""Isolation rows for the structure pages (levels, tree, partnership, members, roles), the
coverage page and the structure API.

Only officers and admins see or change the structure (PARTNERSHIPS_VIEW / _MANAGE); every other
role of the tenant gets 403. An empty POST (`{"submitted": "1"}`) is an invalid form or body:
400. Ending a role needs no field (its end date defaults to today), so that POST succeeds: 302.
"""

from datetime import date

from django_scopes import scopes_disabled

from core.models import Membership, Role
from partnerships.models import (
    Partnership,
    PartnershipLevel,
    PartnershipMembership,
    PartnershipRole,
    RoleKind,
    SystemLeaderDesignation,
)
from tests.factories import SchoolFactory
from tests.isolation import FORBIDDEN, statuses

START = date(2024, 9, 1)


def officers(get: int, post: int) -> dict:
    return statuses((get, post), (get, post), FORBIDDEN, FORBIDDEN, FORBIDDEN)


EXPECTED = {
    "partnerships:partnership-structure": officers(200, 200),
    "partnerships:partnership-level-list": officers(200, 200),
    "partnerships:partnership-level-list-export": officers(200, 405),
    "partnerships:partnership-level-create": officers(200, 400),
    "partnerships:partnership-level-edit": officers(200, 400),
    "partnerships:partnership-create": officers(200, 400),
    "partnerships:partnership-coverage": officers(200, 405),
    "partnerships:partnership-detail": officers(200, 200),
    "partnerships:partnership-edit": officers(200, 400),
    "partnerships:partnership-add-school": officers(200, 400),
    "partnerships:partnership-membership-end": officers(200, 400),
    "partnerships:partnership-role-assign": officers(200, 400),
    "partnerships:partnership-role-end": officers(200, 302),
    "partnerships:system-leaders": officers(200, 400),
    "partnerships:system-leader-end": officers(200, 400),
    "partnerships_api:api-partnership-level-list": officers(200, 400),
    "partnerships_api:api-partnership-list": officers(200, 400),
    "partnerships_api:api-partnership-coverage": officers(200, 405),
    "partnerships_api:api-partnership-detail": officers(200, 405),
    "partnerships_api:api-partnership-membership-list": officers(200, 400),
    "partnerships_api:api-partnership-membership-end": officers(405, 400),
    "partnerships_api:api-partnership-role-list": officers(200, 400),
}


def _partnership(tenant_a) -> Partnership:
    """Tenant A's first partnership: the URL argument `partnership_id` is shared with the other
    partnership modules, so use theirs when they made one, else make a hub."""
    partnership = Partnership.objects.filter(tenant=tenant_a).order_by("pk").first()
    if partnership is not None:
        return partnership
    level = PartnershipLevel.objects.create(tenant=tenant_a, name="Hub (structure isolation)")
    return Partnership.objects.create(tenant=tenant_a, level=level, name="Isolation hub",
                                      start_date=START)


def fillers(tenant_a, personas) -> dict:
    with scopes_disabled():
        partnership = _partnership(tenant_a)
        member = SchoolFactory(tenant=tenant_a, establishment__la_code=tenant_a.la_codes[0])
        membership = PartnershipMembership.objects.create(
            tenant=tenant_a, partnership=partnership, school=member,
            level=partnership.level, start_date=START,
        )
        adviser = Membership.objects.get(tenant=tenant_a, role=Role.OFFICER)
        role = PartnershipRole.objects.create(
            tenant=tenant_a, partnership=partnership, kind=RoleKind.ADVISER, person=adviser,
            start_date=START,
        )
        designation = SystemLeaderDesignation.objects.create(
            tenant=tenant_a, person=adviser, designation="lle", designated_on=START,
            evidence="Isolation row")
    return {"partnership_id": partnership.pk, "level_id": partnership.level_id,
            "partnership_membership_id": membership.pk, "partnership_role_id": role.pk,
            "designation_id": designation.pk}
