"""Reading a formula's mode, per-category values and amount from a form or an API body, and
refusing what cannot be computed, naming the field: a negative or non-numeric value, a pot of
0, days that are not whole, a band for a code the tenant's schemes do not have, a triggering
category with no value. Shared by the formula services and the what-if, so both refuse alike."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from categorisation.published import scheme_codes
from core.models import Tenant
from funding.formulas import AMOUNT_NAMES, BAND, DAYS, FLAT, POT, RATES, VALUE_NAMES
from funding.models import FormulaMode
from funding.services.dedelegation import _rate

EXAMPLES = {RATES: "3A = 25.00", POT: "3A = 1.50", DAYS: "3A = 10", BAND: "4 = 120000.00"}


def parse_codes(value: object, field: str) -> list[str]:
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, list | tuple | set | frozenset):
        raise ValidationError({field: "List the category codes, for example 3A 3B."})
    codes = sorted({str(code).strip() for code in value if str(code).strip()})
    for code in codes:
        if len(code) > 20:
            raise ValidationError({field: f"{code[:20]}… is not a category code."})
    return codes


def parse_rates(value: object, mode: str = RATES, *, required: bool = True) -> dict[str, str]:
    """Category code -> the mode's value, from a mapping or lines of "3A = 25.00"."""
    name = VALUE_NAMES.get(mode) or "value"
    example = EXAMPLES.get(mode, EXAMPLES[RATES])
    if value in (None, "", {}):
        if required:
            raise ValidationError({"rates": f"Give a {name} for at least one category, for "
                                            f"example {example}."})
        return {}
    if isinstance(value, str):
        pairs = []
        for line in value.splitlines():
            if not line.strip():
                continue
            if "=" not in line:
                raise ValidationError({"rates": f"Write each {name} as code = value, for "
                                                f"example {example} (not “{line.strip()}”)."})
            code, rate = line.split("=", 1)
            pairs.append((code.strip(), rate.strip()))
    elif isinstance(value, dict):
        pairs = [(str(code).strip(), rate) for code, rate in value.items()]
    else:
        raise ValidationError({"rates": f"Give a {name} for each category."})
    rates = {}
    for code, rate in pairs:
        if not code or len(code) > 20:
            raise ValidationError({"rates": "Each value needs a category code, for example 3A."})
        clean = _rate(rate, "rates", f"{name} for {code}")
        if mode == DAYS and clean != clean.to_integral_value():
            raise ValidationError({"rates": f"Give whole days for {code}."})
        rates[code] = str(int(clean)) if mode == DAYS else str(clean)
    if required and not rates:
        raise ValidationError({"rates": f"Give a {name} for at least one category."})
    return rates


def parse_amount(value: object, mode: str) -> Decimal | None:
    """The pot, day rate or amount per school; None in a mode that has none."""
    name = AMOUNT_NAMES.get(mode)
    if not name:
        return None
    if value in (None, ""):
        raise ValidationError({"amount": f"Give the {name} in pounds and pence."})
    amount = _rate(value, "amount", name)
    if amount == 0:
        raise ValidationError({"amount": f"A {name} of £0 gives no school anything: give the "
                                         f"{name} in pounds and pence."})
    return amount


def clean_mode(mode: object) -> str:
    if mode in (None, ""):
        return RATES
    if mode not in FormulaMode.values:
        raise ValidationError({"mode": "Choose how the formula shares the money."})
    return str(mode)


def formula_values(*, tenant: Tenant, mode: object, rates: object, amount: object,
                   triggering_codes: object) -> tuple[str, dict[str, str], Decimal | None,
                                                      list[str]]:
    """(mode, per-category values, amount, triggering codes), or ValidationError naming the
    field. A flat amount uses no per-category values (any given are not kept)."""
    mode = clean_mode(mode)
    clean_amount = parse_amount(amount, mode)
    clean_rates = ({} if mode == FLAT
                   else parse_rates(rates, mode, required=mode != DAYS))
    codes = parse_codes(triggering_codes, "triggering_codes")
    if mode in (RATES, POT, BAND):
        missing = [code for code in codes if code not in clean_rates]
        if missing:
            raise ValidationError({"rates": f"Give a {VALUE_NAMES[mode]} for every category "
                                            f"that triggers funding: {', '.join(missing)} has "
                                            "none."})
    if mode == BAND:
        known = scheme_codes(tenant=tenant)
        unknown = [code for code in clean_rates if code not in known]
        if unknown:
            raise ValidationError({"rates": f"{', '.join(unknown)} is not a category of the "
                                            "categorisation scheme: give a band for the "
                                            "scheme's codes only."})
    if mode == POT and not any(Decimal(weight) > 0 for weight in clean_rates.values()):
        raise ValidationError({"rates": "Give at least one category a weight above 0: the pot "
                                        "is shared in proportion to the weights."})
    return mode, clean_rates, clean_amount, codes
