from django.http import HttpRequest


def tenancy(request: HttpRequest) -> dict:
    """The tenant and membership resolved by `tenant_view`, for the header and navigation."""
    membership = getattr(request, "membership", None)
    return {
        "tenant": getattr(request, "tenant", None),
        "membership": membership,
        "permissions": getattr(request, "tenant_permissions", frozenset()),
    }
