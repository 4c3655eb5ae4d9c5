"""The register's tiles on the tenant home page (core.home)."""

from django.http import HttpRequest

from core.permissions import OWN_SCHOOL_VIEW, REGISTER_VIEW
from schools.selectors import register_summary, school_of


def _register(request: HttpRequest) -> dict | None:
    if REGISTER_VIEW not in request.tenant_permissions:
        return None
    return {"summary": register_summary()}


def _own_school(request: HttpRequest) -> dict | None:
    if OWN_SCHOOL_VIEW not in request.tenant_permissions:
        return None
    school = school_of(request.membership)
    return {"school": school} if school else None


def register_tiles(home) -> None:
    home.register(home.Tile(order=10, template="schools/tiles/register.html", context=_register))
    home.register(home.Tile(order=10, template="schools/tiles/own_school.html",
                            context=_own_school))
