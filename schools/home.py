"""The register's tiles on the tenant home page (core.home)."""

from django.http import HttpRequest

from core.kept import kept
from core.permissions import OWN_SCHOOL_VIEW, REGISTER_VIEW
from schools.selectors import register_summary, school_of


def _register(request: HttpRequest) -> dict | None:
    if REGISTER_VIEW not in request.tenant_permissions:
        return None
    return {"summary": kept_register_summary(request.tenant)}


SUMMARY_SECONDS = 60 * 60


def kept_register_summary(tenant) -> dict:
    """`register_summary`, kept per version of the tenant's register (`register_version`,
    bumped in the transaction of every register write and GIAS import, as the register page's
    cache is): the home page of every officer counted a 1,000-school register each time."""
    return kept(f"register-summary:{tenant.pk}:{tenant.register_version}", register_summary,
                ttl=SUMMARY_SECONDS)


def _own_school(request: HttpRequest) -> dict | None:
    if OWN_SCHOOL_VIEW not in request.tenant_permissions:
        return None
    school = school_of(request.membership)
    return {"school": school} if school else None


def register_tiles(home) -> None:
    home.register(home.Tile(order=10, template="schools/tiles/register.html", context=_register))
    home.register(home.Tile(order=10, template="schools/tiles/own_school.html",
                            context=_own_school))
