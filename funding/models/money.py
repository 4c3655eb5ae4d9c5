"""Money in funding: Decimal pounds with two places, never a float."""

from decimal import Decimal

NO_PENCE = Decimal("0.00")
