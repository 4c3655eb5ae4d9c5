"""The council's cost-centre and ledger codes: its own free text ("SE4100", "7710/DD09"),
checked only so the ledger can take them back — one line, printable, at most 40 characters.
Every line, fund, cost, contribution, allocation run, commitment and traded-day purchase takes
them through here, so pages and API refuse alike."""

from __future__ import annotations

from django.core.exceptions import ValidationError

CODE_LENGTH = 40
WHAT = {"cost_centre": "cost centre", "ledger_code": "ledger code"}


def ledger_code_text(value: object, field: str) -> str:
    """`value` stripped, or refused naming `field`: longer than 40 characters, or holding a
    line break, a tab or another control character (a code pasted with the row it came from)."""
    text = "" if value is None else str(value).strip()
    what = WHAT.get(field, field.replace("_", " "))
    if len(text) > CODE_LENGTH:
        raise ValidationError({field: f"Keep the {what} to {CODE_LENGTH} characters, as the "
                                      "council's ledger has it."})
    if any(not character.isprintable() for character in text):
        raise ValidationError({field: f"Give the {what} on one line, as the council's ledger "
                                      "has it, without tabs or line breaks."})
    return text


def ledger_codes(cost_centre: object, ledger_code: object) -> tuple[str, str]:
    """Both codes, checked (`ledger_code_text`)."""
    return (ledger_code_text(cost_centre, "cost_centre"),
            ledger_code_text(ledger_code, "ledger_code"))
