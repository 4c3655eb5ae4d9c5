"""Core's own tile on the tenant home page: people, the security log and the API."""

from django.http import HttpRequest

from core import home
from core.notifications import waiting_for


def _people(request: HttpRequest) -> dict | None:
    return {}


def _waiting(request: HttpRequest) -> dict | None:
    items = waiting_for(request.membership)
    return {"items": items} if items else None


home.register(home.Tile(order=1, template="core/home/waiting.html", context=_waiting))
home.register(home.Tile(order=90, template="core/home/people.html", context=_people))
