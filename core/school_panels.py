"""Extension point for what an app above categorisation shows beside a school's category.

The category page belongs to categorisation, which may not read the apps above it (DESIGN §4);
support shows a school's RISE case there. So an app registers a `Panel` in its
AppConfig.ready():

    school_panels.register(school_panels.Panel(order=10, template="support/panels/rise.html",
                                               context=rise_panel))

`context(request, school)` returns the template's extra context, or None when the panel is not
for this person or this school (it decides who may see it, as its own pages do). Keep each to a
query or two: the page renders every panel.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    context: Callable[[Any, Any], dict | None]  # given the TenantRequest and the school


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    # Keyed by template so a second ready() (tests reloading apps) does not add it twice.
    _panels[panel.template] = panel


def panels_for(request: Any, school: Any) -> list[tuple[str, dict]]:
    """(template, context) of each panel this person sees for the school, in order."""
    shown = []
    for panel in sorted(_panels.values(), key=lambda panel: (panel.order, panel.template)):
        context = panel.context(request, school)
        if context is not None:
            shown.append((panel.template, context))
    return shown
