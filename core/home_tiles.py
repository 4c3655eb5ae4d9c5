"""Core's own tile on the tenant home page: people, the security log and the API."""

from django.http import HttpRequest

from core import home


def _people(request: HttpRequest) -> dict | None:
    return {}


home.register(home.Tile(order=90, template="core/home/people.html", context=_people))
