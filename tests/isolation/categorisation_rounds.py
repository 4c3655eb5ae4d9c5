"""Isolation rows for categorisation rounds (pages and API) and the category download.

Fillers: tenant A has an open round. A bare POST to the bulk-confirm page names neither "all"
nor "ticked" (400); the API's bare POST confirms every unchanged proposal (200). Closing
answers 302 (page) and 200 (API); opening a round without a name is 400.
"""

from django_scopes import scopes_disabled

from categorisation.models import CategorisationRound
from tests.isolation import FORBIDDEN, statuses

NOBODY_ELSE = (FORBIDDEN, FORBIDDEN, FORBIDDEN)

EXPECTED = {
    "categorisation:category-round-list": statuses((200, 400), (200, 400), *NOBODY_ELSE),
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
}


def fillers(tenant_a, personas) -> dict:
    with scopes_disabled():
        round = CategorisationRound.objects.create(tenant=tenant_a, name="Autumn 2026",
                                                   opened_by=personas["a"]["officer"])
    return {"category_round_id": round.pk}
