"""Boards' tile on the tenant home page (core.home): the boards a person sits on, or the
boards page for those who run them."""

from django.http import HttpRequest

from boards.permissions import BOARD_READ
from core.grants import grants_of
from core.permissions import BOARDS_MANAGE


def _boards(request: HttpRequest) -> dict | None:
    seats = [grant for grant in grants_of(request.membership)  # type: ignore[attr-defined]
             if grant.permission == BOARD_READ]
    manages = BOARDS_MANAGE in request.tenant_permissions  # type: ignore[attr-defined]
    if not seats and not manages:
        return None
    return {"seats": seats, "manages": manages}


def register_tiles(home) -> None:
    home.register(home.Tile(order=40, template="boards/tiles/boards.html", context=_boards))
