"""Money on a page, one way everywhere: `{{ amount|pounds }}` gives £1,234.56, a negative
amount -£1,234.56 (an overspend, a credit, a fall in a what-if), and nothing for None."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def pounds(value: object) -> str:
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"
