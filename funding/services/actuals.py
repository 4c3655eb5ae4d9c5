"""Importing actuals from the council's finance system: a CSV with a row per transaction
(commitment reference, date, amount; optionally description and ledger reference), checked on
upload into a preview that names each bad row and column, then applied whole or not at all.

Read the way every importer reads a CSV (`core.csvfiles`: UTF-8 or Windows-1252, row numbers
as a spreadsheet shows them, the header being row 1). The check runs again when the preview is
applied, since commitments may have changed in between; any error then writes nothing.
Spend taking a commitment past its amount is a warning in the preview, not an error: applying
the preview is the finance officer's confirmation.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.csvfiles import FileRejected, RowError, decode, match_columns
from core.models import Tenant
from funding.models import NO_PENCE, Commitment, Spend, SpendImport, SpendSource
from funding.selectors.spending import spent_by_commitment
from funding.services.dedelegation import _check
from funding.services.spending import money, over_commitment, spend_problem

MAX_BYTES = 1_048_576
MAX_ROWS = 5_000
# Each column as the file may name it (case, spaces, "_" and "-" do not matter).
HEADERS = {
    "reference": ("commitment reference", "commitment ref", "commitment", "po number"),
    "date": ("date", "transaction date", "posting date"),
    "amount": ("amount", "net amount", "net"),
    "description": ("description", "narrative", "details"),
    "ledger_reference": ("ledger reference", "ledger ref", "transaction reference",
                         "document number"),
}
REQUIRED = ("reference", "date", "amount")
TITLES = {"reference": "Commitment reference", "date": "Date", "amount": "Amount",
          "description": "Description", "ledger_reference": "Ledger reference"}


def _parse_date(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


@dataclass
class Checked:
    rows: list[dict]
    errors: list[RowError]

    @property
    def total(self) -> Decimal:
        return sum((Decimal(row["amount"]) for row in self.rows), NO_PENCE)


def _columns(fieldnames: Sequence[str] | None) -> dict[str, str]:
    """Our name -> the file's header; a missing required column refuses the file."""
    return match_columns(fieldnames, spellings=HEADERS, required=REQUIRED, titles=TITLES,
                         expected="Commitment reference, Date, Amount, and optionally "
                                  "Description and Ledger reference")


def check_actuals(text: str) -> Checked:
    """Every row checked against the scope's tenant's commitments and spend; nothing written.
    Five queries, whatever the number of rows."""
    reader = csv.DictReader(io.StringIO(text))
    columns = _columns(reader.fieldnames)
    raw = list(reader)
    if not raw:
        raise FileRejected(RowError("The file has a header but no rows."))
    if len(raw) > MAX_ROWS:
        raise FileRejected(RowError(f"The file has {len(raw):,} rows; at most {MAX_ROWS:,} "
                                    "are imported at once. Split it."))

    def cell(row: dict, name: str) -> str:
        return (row.get(columns[name]) or "").strip() if name in columns else ""

    wanted = {cell(row, "reference").lower() for row in raw}
    commitments = {c.reference.lower(): c for c in Commitment.objects.annotate(
        ref=Lower("reference")).filter(ref__in=wanted)}
    spent = spent_by_commitment(list(commitments.values()))
    refs = {cell(row, "ledger_reference") for row in raw} - {""}
    recorded = set(Spend.objects.filter(ledger_reference__in=refs)
                   .values_list("ledger_reference", flat=True))
    seen: set[str] = set()
    rows: list[dict] = []
    errors: list[RowError] = []
    for number, row in enumerate(raw, start=2):
        before = len(errors)

        def fail(name: str, message: str, number: int = number) -> None:
            errors.append(RowError(message, row=number, column=columns.get(name, TITLES[name])))

        reference = cell(row, "reference")
        commitment = commitments.get(reference.lower())
        if not reference:
            fail("reference", "Give the commitment reference.")
        elif commitment is None:
            fail("reference", f"No commitment has the reference {reference}.")
        on = _parse_date(cell(row, "date"))
        if on is None:
            fail("date", f"“{cell(row, 'date')}” is not a date: write it as 2025-05-31 or "
                         "31/05/2025.")
        amount = Decimal("0.00")
        try:
            amount = money(cell(row, "amount"), "amount", negative=True)
        except ValidationError as error:
            fail("amount", error.message_dict["amount"][0])
        else:
            if commitment is not None and (problem := spend_problem(commitment, amount)):
                fail("amount" if amount == 0 else "reference", problem)
        ledger = cell(row, "ledger_reference")
        if len(ledger) > 100:
            fail("ledger_reference", "Keep the ledger reference to 100 characters.")
        elif ledger in recorded:
            fail("ledger_reference", f"Spend with the ledger reference {ledger} is already "
                                     "recorded.")
        elif ledger and ledger in seen:
            fail("ledger_reference", f"The ledger reference {ledger} is on an earlier row.")
        seen.add(ledger)
        if len(errors) > before or commitment is None or on is None:
            continue
        over = over_commitment(commitment, amount, spent[commitment.pk])
        spent[commitment.pk] += amount
        rows.append({
            "row": number, "reference": commitment.reference, "commitment": commitment.pk,
            "date": on.isoformat(), "amount": str(amount),
            "description": cell(row, "description")[:300], "ledger_reference": ledger,
            "warning": (f"Takes {commitment.reference} £{over:,} past its amount of "
                        f"£{commitment.amount:,}.") if over else ""})
    return Checked(rows=rows, errors=errors)


def _read(data: bytes) -> tuple[str, Checked]:
    try:
        text, _ = decode(data, max_bytes=MAX_BYTES,
                         download_hint="Export the actuals again as CSV.")
        return text, check_actuals(text)
    except FileRejected as rejected:
        raise ValidationError({"file": str(rejected)}) from None
    except csv.Error as error:
        raise ValidationError({"file": f"The file is not a readable CSV ({error})."}) from None


@transaction.atomic
def spend_import_check(*, tenant: Tenant, actor: User | None, data: bytes,
                       name: str) -> SpendImport:
    """Check an upload of actuals and keep the preview: every row with its commitment, or the
    errors naming row and column. Nothing is spent until it is applied. A file that cannot be
    read at all is refused naming `file`, and nothing is kept."""
    _check(tenant, actor)
    text, checked = _read(data)
    record = SpendImport(
        tenant=tenant, original_name=(name or "actuals.csv")[:255], content=text,
        status=SpendImport.Status.FAILED if checked.errors else SpendImport.Status.PREVIEWED,
        rows=checked.rows, errors=[error.as_dict() for error in checked.errors[:200]],
        total=checked.total, uploaded_by=actor)
    record.full_clean()
    record.save()
    audit_record(tenant=tenant, actor=actor, action="funding.actuals_check", obj=record,
                 summary=f"Checked the actuals file {record.original_name}: "
                         f"{len(checked.rows)} rows, {len(checked.errors)} errors")
    return record


@transaction.atomic
def spend_import_apply(*, tenant: Tenant, actor: User | None,
                       record: SpendImport) -> SpendImport:
    """Record every row of a checked import as spend, or none: the file is checked again, and
    if anything is now wrong the import fails with its errors and nothing is written."""
    _check(tenant, actor, record=record)
    locked = SpendImport.objects.select_for_update().get(pk=record.pk)
    if locked.status != SpendImport.Status.PREVIEWED:
        raise ValidationError("Only a checked import without errors can be applied, once.")
    # The commitments named are locked, so spend typed meanwhile cannot slip between.
    list(Commitment.objects.select_for_update().filter(
        pk__in={row["commitment"] for row in locked.rows}))
    checked = check_actuals(locked.content)
    if checked.errors:
        locked.status = SpendImport.Status.FAILED
        locked.errors = [error.as_dict() for error in checked.errors[:200]]
        locked.save(update_fields=["status", "errors"])
        return locked
    Spend.objects.bulk_create([Spend(
        tenant=tenant, commitment_id=row["commitment"], spent_on=date.fromisoformat(row["date"]),
        amount=Decimal(row["amount"]), description=row["description"],
        ledger_reference=row["ledger_reference"], source=SpendSource.IMPORTED,
        spend_import=locked, recorded_by=actor) for row in checked.rows])
    locked.rows = checked.rows
    locked.total = checked.total
    locked.status = SpendImport.Status.APPLIED
    locked.applied_by = actor
    locked.applied_at = timezone.now()
    locked.save()
    audit_record(tenant=tenant, actor=actor, action="funding.actuals_apply", obj=locked,
                 summary=f"Imported {len(checked.rows)} rows of actuals "
                         f"({locked.original_name}): £{locked.total:,}",
                 changes={"rows": len(checked.rows), "total": str(locked.total)})
    return locked
