"""Partnerships' part of the header search (core.search): hubs, clusters and the rest by name,
for those who see every partnership."""

from typing import Any

from django.db.models import Q
from django.urls import reverse

from core import search
from core.permissions import PARTNERSHIPS_VIEW
from partnerships.models import Partnership


def find_partnerships(request: Any, text: str) -> list[search.Result] | None:
    if PARTNERSHIPS_VIEW not in request.tenant_permissions:
        return None
    words = text.split()
    if not words:
        return []
    condition = Q()
    for word in words:
        condition &= Q(name__icontains=word)
    partnerships = (Partnership.objects.filter(condition).select_related("level")
                    .order_by("name", "pk")[:search.LIMIT])
    return [search.Result(
        title=partnership.name,
        url=reverse("partnerships:partnership-detail",
                    args=[request.tenant.slug, partnership.pk]),
        hint=partnership.level.name) for partnership in partnerships]


SOURCE = search.Source(key="partnerships", title="Partnerships", order=20,
                       find=find_partnerships, permission=PARTNERSHIPS_VIEW)
