"""The tenant home page is assembled from tiles the apps register, so core names no app above it.

An app registers its tiles in its AppConfig.ready():

    home.register(home.Tile(order=20, template="schools/tiles/register.html",
                            context=register_tile))

`context(request)` returns the template's extra context, or None when the tile is not for this
person (their role or permissions). Tiles render in `order`; each template starts with its own
heading. Keep a tile's queries few and independent of the number of rows: the home page is the
first page everyone opens.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Tile:
    order: int
    template: str
    context: Callable[[Any], dict | None]  # given the TenantRequest


_tiles: dict[str, Tile] = {}


def register(tile: Tile) -> None:
    # Keyed by template so a second ready() (tests reloading apps) does not add it twice.
    _tiles[tile.template] = tile


def tiles_for(request: Any) -> list[tuple[str, dict]]:
    """(template, context) of each tile this person sees, in order."""
    shown = []
    for tile in sorted(_tiles.values(), key=lambda tile: (tile.order, tile.template)):
        context = tile.context(request)
        if context is not None:
            shown.append((tile.template, context))
    return shown
