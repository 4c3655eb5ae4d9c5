"""Core's own tile on the tenant home page: people, the security log and the API."""

from core import home
from core.notifications import waiting_for
from core.tenancy import TenantRequest


def _people(request: TenantRequest) -> dict | None:
    return {}


def _waiting(request: TenantRequest) -> dict | None:
    """Always shown: the things to act on, or a plain "nothing is waiting" so a person with
    nothing to do is told so on their first screen rather than left to wonder."""
    return {"items": waiting_for(request.membership)}


home.register(home.Tile(order=1, template="core/tiles/waiting.html", context=_waiting))
home.register(home.Tile(order=90, template="core/tiles/people.html", context=_people))
