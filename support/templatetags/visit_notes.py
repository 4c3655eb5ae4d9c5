"""Template filters of the visit-note pages."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping[key]`, or None: a note's texts and ratings are keyed by the template's keys."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def get_field(form, name):
    """The bound field `form[name]` for a name held in a variable."""
    return form[name]
