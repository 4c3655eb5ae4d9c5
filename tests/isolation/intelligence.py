"""Isolation rows for local intelligence: officers only, never a headteacher."""

from datetime import date

from django_scopes import scopes_disabled

from schools.models import LocalIntelligence
from tests.isolation import FORBIDDEN, statuses

EXPECTED = {
    "categorisation:intelligence-list":
        statuses((200, 405), (200, 405), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # `urn` is tenant A's headteacher's own school: still refused to them.
    "categorisation:intelligence-create":
        statuses((200, 400), (200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "categorisation:intelligence-withdraw":
        statuses((200, 400), (200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
}


def fillers(tenant_a, personas) -> dict:
    with scopes_disabled():
        item = LocalIntelligence.objects.create(
            tenant=tenant_a, school=personas["a"]["school"], kind=LocalIntelligence.Kind.COMPLAINT,
            occurred_on=date(2026, 1, 12), source="Parent complaint", severity="medium",
            summary="Secret: complaint about exclusions", entered_by=personas["a"]["officer"])
    return {"intelligence_id": item.pk}
