from django import template

register = template.Library()


@register.inclusion_tag("includes/bar_chart.html")
def bar_chart(rows: list[dict], *, label: str, value: str, caption: str) -> dict:
    """Horizontal bars scaled to the largest value, with the numbers as a table."""
    largest = max((row[value] or 0 for row in rows), default=0) or 1
    bars = [
        {"label": row[label], "value": row[value] or 0,
         "percent": round(100 * (row[value] or 0) / largest)}
        for row in rows
    ]
    return {"bars": bars, "caption": caption, "label_heading": label.replace("_", " ").capitalize(),
            "value_heading": value.replace("_", " ").capitalize()}
