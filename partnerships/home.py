"""Partnerships' tiles on the tenant home page (core.home)."""

from django.http import HttpRequest

from core.permissions import AGGREGATES_VIEW, FORMATION_RESPOND, OWN_HUB_VIEW, PARTNERSHIPS_VIEW


def _structure(request: HttpRequest) -> dict | None:
    return {} if PARTNERSHIPS_VIEW in request.tenant_permissions else None


def _own_hub(request: HttpRequest) -> dict | None:
    permissions = request.tenant_permissions
    return {} if FORMATION_RESPOND in permissions or OWN_HUB_VIEW in permissions else None


def _aggregates(request: HttpRequest) -> dict | None:
    """Counts for those who see no partnership in full (board members, viewers)."""
    permissions = request.tenant_permissions
    shown = AGGREGATES_VIEW in permissions and PARTNERSHIPS_VIEW not in permissions
    return {} if shown else None


def register_tiles(home) -> None:
    home.register(home.Tile(order=30, template="partnerships/tiles/structure.html",
                            context=_structure))
    home.register(home.Tile(order=30, template="partnerships/tiles/own_hub.html",
                            context=_own_hub))
    home.register(home.Tile(order=51, template="partnerships/tiles/aggregates.html",
                            context=_aggregates))
