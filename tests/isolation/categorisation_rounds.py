"""Isolation rows for categorisation rounds (pages and API), the category download and a
school's chair of governors.

Fillers: tenant A has an open round. A bare POST to the bulk-confirm page names neither "all"
nor "ticked" (400); the API's bare POST confirms every unchanged proposal (200). Closing
answers 302 (page) and 200 (API); opening a round without a name is 400. Tenant A allows
chairs of governors to see their school's category and has one term recorded (for another
school than the headteacher's); a bare POST names no person (400) or no end date (400).
"""

from datetime import date

from django_scopes import scopes_disabled

from categorisation.models import CategorisationRound, ChairOfGovernors
from core.models import Membership, Role
from tests.factories import SchoolFactory
from tests.isolation import FORBIDDEN, statuses

NOBODY_ELSE = (FORBIDDEN, FORBIDDEN, FORBIDDEN)

EXPECTED = {
    "categorisation:category-round-list": statuses((200, 400), (200, 400), *NOBODY_ELSE),
    "categorisation:category-round-list-export":
        statuses((200, 405), (200, 405), *NOBODY_ELSE),
    "categorisation:category-round-detail": statuses((200, 405), (200, 405), *NOBODY_ELSE),
    "categorisation:category-round-confirm": statuses((405, 400), (405, 400), *NOBODY_ELSE),
    "categorisation:category-round-close": statuses((405, 302), (405, 302), *NOBODY_ELSE),
    "categorisation:category-export": statuses((200, 405), (200, 405), *NOBODY_ELSE),
    "categorisation_api:api-category-round-list":
        statuses((200, 400), (200, 400), *NOBODY_ELSE),
    "categorisation_api:api-category-round-detail":
        statuses((200, 405), (200, 405), *NOBODY_ELSE),
    "categorisation_api:api-category-round-confirm":
        statuses((405, 200), (405, 200), *NOBODY_ELSE),
    "categorisation_api:api-category-round-close":
        statuses((405, 200), (405, 200), *NOBODY_ELSE),
    "categorisation:school-chair-of-governors": statuses((200, 400), (200, 400), *NOBODY_ELSE),
    "categorisation:chair-of-governors-end": statuses((405, 400), (405, 400), *NOBODY_ELSE),
}


def fillers(tenant_a, personas) -> dict:
    with scopes_disabled():
        round = CategorisationRound.objects.create(tenant=tenant_a, name="Autumn 2026",
                                                   opened_by=personas["a"]["officer"])
        tenant_a.chairs_of_governors_see_category = True
        tenant_a.save(update_fields=["chairs_of_governors_see_category"])
        governor = Membership.objects.get(tenant=tenant_a, role=Role.VIEWER)
        # Another school's chair: the viewer must still get 403 on the headteacher's school.
        term = ChairOfGovernors.objects.create(tenant=tenant_a, school=SchoolFactory(
            tenant=tenant_a), holder=governor, start_date=date(2025, 9, 1))
    return {"category_round_id": round.pk, "chair_of_governors_id": term.pk}
