"""Categorisation's tiles on the tenant home page (core.home)."""

from django.http import HttpRequest

from categorisation.permissions import governed_schools
from core.permissions import AGGREGATES_VIEW, CATEGORIES_VIEW, OWN_CATEGORY_RESPOND
from schools.selectors import school_of


def _officer(request: HttpRequest) -> dict | None:
    return {} if CATEGORIES_VIEW in request.tenant_permissions else None


def _own_category(request: HttpRequest) -> dict | None:
    if OWN_CATEGORY_RESPOND not in request.tenant_permissions:
        return None
    school = school_of(request.membership)
    return {"school": school} if school else None


def _aggregates(request: HttpRequest) -> dict | None:
    permissions = request.tenant_permissions
    shown = AGGREGATES_VIEW in permissions and CATEGORIES_VIEW not in permissions
    return {} if shown else None


def _governed(request: HttpRequest) -> dict | None:
    schools = governed_schools(request.membership)
    return {"schools": schools} if schools else None


def register_tiles(home) -> None:
    home.register(home.Tile(order=12, template="categorisation/tiles/governed_school.html",
                            context=_governed))
    home.register(home.Tile(order=20, template="categorisation/tiles/officer.html",
                            context=_officer))
    home.register(home.Tile(order=11, template="categorisation/tiles/own_category.html",
                            context=_own_category))
    home.register(home.Tile(order=50, template="categorisation/tiles/aggregates.html",
                            context=_aggregates))
