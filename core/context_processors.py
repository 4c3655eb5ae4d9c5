from django.http import HttpRequest


def tenancy(request: HttpRequest) -> dict:
    """The tenant and membership resolved by `tenant_view`, for the header and navigation."""
    from core import search

    membership = getattr(request, "membership", None)
    permissions: frozenset[str] = getattr(request, "tenant_permissions", frozenset())
    return {
        "tenant": getattr(request, "tenant", None),
        "membership": membership,
        "permissions": permissions,
        # The header's search box, only for a person with something to search (core.search).
        "search_offered": membership is not None and search.offered(permissions),
    }
