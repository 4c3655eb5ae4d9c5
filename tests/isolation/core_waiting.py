"""Isolation rows for "waiting for you": the page, the header's count and the API list, open
to every member of the tenant (each sees only what waits for them), read-only."""

from tests.isolation import statuses

EVERY_MEMBER_READS = statuses((200, 405), (200, 405), (200, 405), (200, 405), (200, 405))

EXPECTED = {
    "core:waiting": EVERY_MEMBER_READS,
    "core:waiting-count": EVERY_MEMBER_READS,
    "core_api:api-waiting": EVERY_MEMBER_READS,
}


def fillers(tenant_a, personas) -> dict:
    return {}
