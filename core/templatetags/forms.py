from django import template

register = template.Library()


@register.filter
def widget_value(bound_field) -> str:
    """The value of a bound field as its widget writes it (a date input wants 2026-09-01, not
    the localised "1 Sep 2026" a plain `{{ field.value }}` would give)."""
    value = bound_field.field.widget.format_value(bound_field.value())
    return "" if value is None else value
