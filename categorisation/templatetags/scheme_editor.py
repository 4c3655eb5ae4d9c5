"""Template helpers of the scheme editor."""

import json

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key], or "" (a template cannot index a dict by a variable)."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def json_text(value) -> str:
    return json.dumps(value)


@register.filter
def category_fields(category) -> list[tuple[str, str, str, str]]:
    """A category's text fields: (name, words, value, width class)."""
    return [("code", "Code", category.code, "govuk-input--width-5"),
            ("label", "Name", category.label, ""),
            ("description", "Description", category.description, ""),
            ("colour", "Colour (green, yellow, amber, red or grey)", category.colour,
             "govuk-input--width-10"),
            ("offer", "Support offer", category.offer, "")]
