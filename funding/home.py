"""Funding's tile on the tenant home page (core.home): the latest year's de-delegation, for
everyone who sees funding. Two queries, whatever the number of lines."""

from django.http import HttpRequest

from funding.permissions import funding_access
from funding.selectors.years import funding_years


def _funding(request: HttpRequest) -> dict | None:
    access = funding_access(request.membership)  # type: ignore[attr-defined]
    if not access.can_see_anything:
        return None
    return {"year": funding_years().first(), "access": access}


def register_tiles(home) -> None:
    home.register(home.Tile(order=45, template="funding/tiles/funding.html", context=_funding))
