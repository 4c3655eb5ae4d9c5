"""Support's tile on the tenant home page (core.home): an officer's caseload, a headteacher's
school visits, the RAG dashboard for those who see counts."""

from django.http import HttpRequest

from support.permissions import support_access


def _support(request: HttpRequest) -> dict | None:
    access = support_access(request.membership)  # type: ignore[attr-defined]
    if not access.sees_anything:
        return None
    return {"access": access}


def register_tiles(home) -> None:
    home.register(home.Tile(order=48, template="support/tiles/support.html", context=_support))
