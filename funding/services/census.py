"""Uploading the council's census return: a CSV with a row per school (URN, pupils, optionally
EAL pupils) with the census date and the source's name, checked on upload into a preview that
names each bad row and column, then applied whole or not at all.

Read the way every importer reads a CSV (`core.csvfiles`: UTF-8 or Windows-1252, row numbers as
a spreadsheet shows them, the header being row 1). Refused rows: a URN not in the tenant's
register, pupils that are not a whole number or are negative, EAL pupils likewise or more than
the pupils, a URN on an earlier row. The check runs again on apply, since the register may have
changed in between; any error then writes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.csvfiles import FileRejected, RowError, decode, match_columns
from core.models import Tenant
from funding.models import CensusPupils, CensusReturn
from funding.services.dedelegation import _check
from schools.models import School

MAX_BYTES = 1_048_576
MAX_ROWS = 5_000
HEADERS = {
    "urn": ("urn", "school urn", "unique reference number"),
    "pupils": ("pupils", "number of pupils", "pupils on roll", "nor", "headcount"),
    "eal": ("eal pupils", "eal", "pupils with eal", "eal headcount"),
    "primary": ("primary pupils", "pupils primary"),
    "secondary": ("secondary pupils", "pupils secondary"),
}
REQUIRED = ("urn", "pupils")
TITLES = {"urn": "URN", "pupils": "Pupils", "eal": "EAL pupils",
          "primary": "Primary pupils", "secondary": "Secondary pupils"}


def _columns(fieldnames: Sequence[str] | None) -> dict[str, str]:
    """Our name -> the file's header; a missing required column refuses the file."""
    return match_columns(fieldnames, spellings=HEADERS, required=REQUIRED, titles=TITLES,
                         expected="URN, Pupils, and optionally EAL pupils, Primary pupils "
                                  "and Secondary pupils")


def _count(text: str) -> int | None:
    """A whole number of 0 or more, else None."""
    text = text.strip().replace(",", "")
    return int(text) if text.isdigit() else None


@dataclass
class Checked:
    rows: list[dict]
    errors: list[RowError]


def check_census(text: str) -> Checked:
    """Every row checked against the scope's tenant's register; nothing written. One query,
    whatever the number of rows."""
    reader = csv.DictReader(io.StringIO(text))
    columns = _columns(reader.fieldnames)
    raw = list(reader)
    if not raw:
        raise FileRejected(RowError("The file has a header but no rows."))
    if len(raw) > MAX_ROWS:
        raise FileRejected(RowError(f"The file has {len(raw):,} rows; at most {MAX_ROWS:,} "
                                    "are imported at once."))

    def cell(row: dict, name: str) -> str:
        return (row.get(columns[name]) or "").strip() if name in columns else ""

    wanted = {_count(cell(row, "urn")) for row in raw} - {None}
    schools = {urn: (pk, name) for pk, urn, name in
               School.objects.filter(establishment_id__in=wanted)
               .values_list("pk", "establishment_id", "establishment__name")}
    seen: dict[int, int] = {}
    rows: list[dict] = []
    errors: list[RowError] = []
    for number, row in enumerate(raw, start=2):
        before = len(errors)

        def fail(name: str, message: str, number: int = number) -> None:
            errors.append(RowError(message, row=number, column=columns.get(name, TITLES[name])))

        text = cell(row, "urn")
        urn = _count(text)
        if not text:
            fail("urn", "Give the school's URN.")
        elif urn is None or urn not in schools:
            fail("urn", f"No school in the register has the URN {text}.")
        elif urn in seen:
            fail("urn", f"The URN {urn} is already on row {seen[urn]}.")
        else:
            seen[urn] = number
        pupils = _count(cell(row, "pupils"))
        if pupils is None:
            fail("pupils", f"“{cell(row, 'pupils')}” is not a number of pupils: give a whole "
                           "number, 0 or more.")
        eal = _count(cell(row, "eal")) if cell(row, "eal") else None
        if cell(row, "eal") and eal is None:
            fail("eal", f"“{cell(row, 'eal')}” is not a number of pupils: give a whole number, "
                        "0 or more, or leave it empty.")
        elif eal is not None and pupils is not None and eal > pupils:
            fail("eal", f"{eal} EAL pupils is more than the school's {pupils} pupils.")
        by_phase = _by_phase(cell(row, "primary"), cell(row, "secondary"), pupils, fail)
        if len(errors) > before or urn is None or pupils is None:
            continue
        school_id, name = schools[urn]
        rows.append({"row": number, "urn": urn, "school": school_id, "name": name,
                     "pupils": pupils, "eal_pupils": eal, "primary_pupils": by_phase[0],
                     "secondary_pupils": by_phase[1]})
    return Checked(rows=rows, errors=errors)


def _by_phase(primary_text: str, secondary_text: str, pupils: int | None,
              fail: Callable[[str, str], None]) -> tuple[int | None, int | None]:
    """An all-through school's pupils by phase: both or neither, adding up to its pupils."""
    if not primary_text and not secondary_text:
        return None, None
    counts = []
    for name, text in (("primary", primary_text), ("secondary", secondary_text)):
        count = _count(text)
        if count is None:
            fail(name, f"“{text}” is not a number of pupils: give a whole number, 0 or more "
                       "(both primary and secondary pupils, or neither).")
        counts.append(count)
    primary, secondary = counts
    if primary is not None and secondary is not None and pupils is not None \
            and primary + secondary != pupils:
        fail("secondary", f"{primary} primary and {secondary} secondary pupils do not add up "
                          f"to the school's {pupils} pupils.")
    return primary, secondary


def _details(census_date: date | None, source: str) -> tuple[date, str]:
    if census_date is None:
        raise ValidationError({"census_date": "Give the census date, for example "
                                              "2 October 2025."})
    source = source.strip()
    if not source:
        raise ValidationError({"source": "Name the census, for example October 2025 school "
                                         "census."})
    if len(source) > 100:
        raise ValidationError({"source": "Keep the source name to 100 characters."})
    return census_date, source


@transaction.atomic
def census_return_check(*, tenant: Tenant, actor: User | None, data: bytes, name: str,
                        census_date: date | None, source: str) -> CensusReturn:
    """Check an uploaded census return and keep the preview: every school with its pupils, or
    the errors naming row and column. Nothing counts until it is applied. A file that cannot be
    read at all is refused naming `file`, and nothing is kept."""
    _check(tenant, actor)
    on, source = _details(census_date, source)
    try:
        text, _ = decode(data, max_bytes=MAX_BYTES,
                         download_hint="Export the census return again as CSV.")
        checked = check_census(text)
    except FileRejected as rejected:
        raise ValidationError({"file": str(rejected)}) from None
    except csv.Error as error:
        raise ValidationError({"file": f"The file is not a readable CSV ({error})."}) from None
    record = CensusReturn(
        tenant=tenant, census_date=on, source=source,
        original_name=(name or "census.csv")[:255], content=text,
        status=CensusReturn.Status.FAILED if checked.errors else CensusReturn.Status.PREVIEWED,
        rows=checked.rows, errors=[error.as_dict() for error in checked.errors[:200]],
        uploaded_by=actor)
    record.full_clean()
    record.save()
    audit_record(tenant=tenant, actor=actor, action="funding.census_check", obj=record,
                 summary=f"Checked the census return {record.original_name} ({source}): "
                         f"{len(checked.rows)} schools, {len(checked.errors)} errors")
    return record


@transaction.atomic
def census_return_apply(*, tenant: Tenant, actor: User | None,
                        record: CensusReturn) -> CensusReturn:
    """Record every school's pupils of a checked return, or none: the file is checked again,
    and if anything is now wrong the return fails with its errors and nothing is written."""
    _check(tenant, actor, record=record)
    locked = CensusReturn.objects.select_for_update().get(pk=record.pk)
    if locked.status != CensusReturn.Status.PREVIEWED:
        raise ValidationError("Only a checked census return without errors can be applied, "
                              "once.")
    checked = check_census(locked.content)
    if checked.errors:
        locked.status = CensusReturn.Status.FAILED
        locked.errors = [error.as_dict() for error in checked.errors[:200]]
        locked.save(update_fields=["status", "errors"])
        return locked
    CensusPupils.objects.bulk_create([CensusPupils(
        tenant=tenant, census_return=locked, school_id=row["school"], pupils=row["pupils"],
        eal_pupils=row["eal_pupils"], primary_pupils=row.get("primary_pupils"),
        secondary_pupils=row.get("secondary_pupils")) for row in checked.rows])
    locked.rows = checked.rows
    locked.status = CensusReturn.Status.APPLIED
    locked.applied_by = actor
    locked.applied_at = timezone.now()
    locked.save()
    audit_record(tenant=tenant, actor=actor, action="funding.census_apply", obj=locked,
                 summary=f"Applied the census return {locked.source} "
                         f"({locked.census_date:%d %B %Y}): {len(checked.rows)} schools",
                 changes={"schools": len(checked.rows),
                          "census_date": locked.census_date.isoformat(),
                          "source": locked.source})
    return locked
