from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django_scopes import scope

from core.notifications import waiting_count


def _count(membership) -> int:
    with scope(tenant=membership.tenant):
        return waiting_count(membership)


def tenancy(request: HttpRequest) -> dict:
    """The tenant and membership resolved by `tenant_view`, for the header and navigation."""
    membership = getattr(request, "membership", None)
    return {
        "tenant": getattr(request, "tenant", None),
        "membership": membership,
        "permissions": getattr(request, "tenant_permissions", frozenset()),
        # Counted only if the page shows it (the header of a tenant page), from the cache
        # (core.waiting). In the membership's own tenant scope: a refusal page (403) is
        # rendered after the view has left it.
        "waiting_count": SimpleLazyObject(lambda: _count(membership))
        if membership is not None else 0,
    }
