"""An offline map of schools: British National Grid points scaled into an SVG viewBox.

No tile server and no internet: the register's easting/northing (metres, from GIAS) are the
only geography. North is up, so northings are flipped (SVG's y grows downwards). Each school is
a circle coloured by its partnership from a fixed palette; a school in none is a hollow grey
circle, so the difference does not rest on colour alone.
"""

from collections import Counter
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from partnerships.selectors import MapPoint

# Colours with at least 3:1 contrast on white (WCAG 1.4.11), distinct for common colour-vision
# differences as far as twelve can be; each circle also has a dark outline.
PALETTE = (
    "#1d70b8", "#d4351c", "#00703c", "#912b88", "#b35900", "#0b0c0c",
    "#5f6cb0", "#c5254f", "#00756a", "#7a5f00", "#4c2c92", "#6d7a1a",
)
NONE_COLOUR = "#6f777b"
WIDTH = 640
PADDING = 16
MAX_HEIGHT = 720
HOLLOW_CIRCLE = ('<circle cx="{}" cy="{}" r="5" fill="#ffffff" stroke="{}" stroke-width="2" '
                 'data-urn="{}"><title>{}</title></circle>')
FILLED_CIRCLE = ('<circle cx="{}" cy="{}" r="5" fill="{}" stroke="#0b0c0c" stroke-width="0.75" '
                 'data-urn="{}"><title>{}</title></circle>')


@dataclass(frozen=True)
class Circle:
    urn: int
    x: float
    y: float
    colour: str
    hollow: bool
    title: str


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str
    hollow: bool
    count: int


@dataclass(frozen=True)
class SchoolMap:
    width: int
    height: int
    circles: list[Circle]
    legend: list[LegendEntry]
    not_drawn: int  # open schools without a grid reference

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def circles_svg(self) -> SafeString:
        """The circles' markup in their order, built here rather than in a template loop: a
        1,000-school council's map took most of the coverage page's time as template nodes."""
        return mark_safe("".join(  # noqa: S308 - each piece is escaped by format_html
            format_html(HOLLOW_CIRCLE if c.hollow else FILLED_CIRCLE,
                        c.x, c.y, c.colour, c.urn, c.title) for c in self.circles))


def partnership_colours(points: list[MapPoint]) -> dict[int, str]:
    """Each partnership's colour, by name order, repeating after twelve."""
    names = sorted({(p.partnership_name or "", p.partnership_id) for p in points
                    if p.partnership_id is not None})
    return {pk: PALETTE[i % len(PALETTE)] for i, (_, pk) in enumerate(names)}


def school_map(points: list[MapPoint]) -> SchoolMap:
    """Scale the points with one factor for both axes (so distances keep their shape)."""
    located = [p for p in points if p.easting is not None and p.northing is not None]
    colours = partnership_colours(points)
    if not located:
        return SchoolMap(WIDTH, 2 * PADDING, [], _legend(points, colours), len(points))
    east = [p.easting for p in located]
    north = [p.northing for p in located]
    # At least a kilometre each way, so one school or a row of them is not divided by zero.
    span_e = max(max(east) - min(east), 1000)
    span_n = max(max(north) - min(north), 1000)
    scale = min((WIDTH - 2 * PADDING) / span_e, (MAX_HEIGHT - 2 * PADDING) / span_n)
    height = round(span_n * scale + 2 * PADDING)
    offset_x = (WIDTH - 2 * PADDING - (max(east) - min(east)) * scale) / 2
    offset_y = (height - 2 * PADDING - (max(north) - min(north)) * scale) / 2
    circles = []
    for p in located:
        in_none = p.partnership_id is None
        circles.append(Circle(
            urn=p.urn,
            x=round(PADDING + offset_x + (p.easting - min(east)) * scale, 1),
            y=round(PADDING + offset_y + (max(north) - p.northing) * scale, 1),
            colour=NONE_COLOUR if in_none else colours[p.partnership_id],
            hollow=in_none,
            title=f"{p.name}: {p.partnership_name or 'in no partnership'}",
        ))
    # Hollow circles first, so a coloured one is never hidden under one.
    circles.sort(key=lambda c: not c.hollow)
    return SchoolMap(WIDTH, height, circles, _legend(points, colours),
                     len(points) - len(located))


def _legend(points: list[MapPoint], colours: dict[int, str]) -> list[LegendEntry]:
    counts = Counter(p.partnership_id for p in points)
    names = {p.partnership_id: p.partnership_name for p in points}
    entries = [LegendEntry(names[pk], colour, False, counts[pk])
               for pk, colour in sorted(colours.items(), key=lambda kv: names[kv[0]] or "")]
    if counts.get(None):
        entries.append(LegendEntry("In no partnership", NONE_COLOUR, True, counts[None]))
    return entries
