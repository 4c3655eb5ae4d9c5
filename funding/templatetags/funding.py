from django import template

register = template.Library()


@register.filter
def charge_of(charges: dict, line_id: int):
    """A school's charge for one line (None where the line does not charge it)."""
    return charges.get(line_id)
