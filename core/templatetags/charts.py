from django import template

register = template.Library()


@register.inclusion_tag("includes/bar_chart.html")
def bar_chart(rows: list[dict], *, label: str, value: str, caption: str,
              maximum: float | None = None, suffix: str = "") -> dict:
    """Horizontal bars scaled to the largest value (or to `maximum`, e.g. 100 for percentages),
    with the numbers as a table; `suffix` follows each number ("%")."""
    largest = maximum or max((row[value] or 0 for row in rows), default=0) or 1
    bars = [
        {"label": row[label], "value": row[value] or 0,
         "percent": round(100 * (row[value] or 0) / largest)}
        for row in rows
    ]
    return {"bars": bars, "caption": caption, "label_heading": label.replace("_", " ").capitalize(),
            "value_heading": value.replace("_", " ").capitalize(), "suffix": suffix}


@register.inclusion_tag("includes/stacked_bar_chart.html")
def stacked_bar_chart(rows: list[dict], *, segments: list[tuple[str, str]], caption: str,
                      colours: list[str] | None = None) -> dict:
    """One 100% bar per row split into `segments` ((key, label) pairs, in order), drawn as SVG
    for the eye, with the counts and percentages as a table. Each row is
    {"label": str, "counts": {key: int}}; an empty row draws an empty track."""
    palette = colours or ["#00703c", "#85994b", "#b1b4b6", "#f47738", "#d4351c"]
    dark = {"#00703c", "#d4351c", "#1d70b8", "#4c2c92", "#505a5f"}
    drawn = []
    for number, row in enumerate(rows):
        counts = [row["counts"].get(key, 0) for key, _ in segments]
        total = sum(counts)
        x = 0.0
        parts = []
        for index, count in enumerate(counts):
            share = 100 * count / total if total else 0
            colour = palette[index % len(palette)]
            parts.append({"x": round(x, 3), "width": round(share, 3), "colour": colour,
                          "count": count, "percent": round(share),
                          "text": "#ffffff" if colour in dark else "#0b0c0c",
                          "centre": round(x + share / 2, 3)})
            x += share
        drawn.append({"label": row["label"], "total": total, "parts": parts,
                      "y": number * 34})
    legend = [{"label": label, "colour": palette[i % len(palette)]}
              for i, (_, label) in enumerate(segments)]
    return {"rows": drawn, "caption": caption, "legend": legend,
            "headings": [label for _, label in segments], "height": 34 * len(drawn)}
