from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def widget_value(bound_field) -> str:
    """The value of a bound field as its widget writes it (a date input wants 2026-09-01, not
    the localised "1 Sep 2026" a plain `{{ field.value }}` would give)."""
    value = bound_field.field.widget.format_value(bound_field.value())
    return "" if value is None else value


@register.simple_tag
def select_options(bound_field) -> str:
    """The <option>s of a bound field's select, its value chosen. Built here rather than by a
    template loop: a select of a council's thousand schools took most of a page's time."""
    current = str(bound_field.value())
    parts = []
    for value, label in bound_field.field.choices:
        text = str(value)
        chosen = " selected" if text == current else ""
        parts.append(f'<option value="{_escaped(text)}"{chosen}>{_escaped(label)}</option>')
    return mark_safe("".join(parts))  # every value and label is escaped


def _escaped(value) -> str:
    """Django's `conditional_escape` without its lazy-string wrapper, which cost more than the
    escaping itself over a thousand options: markup marked safe is kept, text is escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))
