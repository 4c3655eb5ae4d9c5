"""An establishments file, read for a tenant or nationally: which rows are this tenant's (the
stored LA code decides), which are older than stored, what would change — the preview
(`establishments_analyse`).

A council's register extract writes no national data (DESIGN §2): a school the national
register has is added to the council's register, its values left to the national file; a URN
the national register does not have yet becomes the council's *provisional* establishment
(`Establishment.provisional_for`), which its later extracts may update and the national import
takes over by URN."""

from __future__ import annotations

import logging
from datetime import date

from django.db import connection
from django_scopes import scope

from core.models import Tenant
from schools import gias
from schools.gias import EstablishmentFile, RowError
from schools.importing.values import EXAMPLES, OUTSIDE_EXAMPLES, chunks, field_label, normal, shown
from schools.models import Establishment, GiasImport, School
from schools.selectors import open_schools_not_in

logger = logging.getLogger(__name__)


def stored_la_codes(urns: list[int]) -> dict[int, str]:
    stored: dict[int, str] = {}
    for chunk in chunks(urns):
        stored.update(Establishment.objects.filter(urn__in=chunk).values_list("urn", "la_code"))
    return stored


def _provisional_holders(urns: list[int]) -> dict[int, int]:
    """{URN: the tenant id holding it provisionally}, for the provisional ones among `urns`."""
    held: dict[int, int] = {}
    for chunk in chunks(urns):
        held.update(Establishment.objects.filter(urn__in=chunk, provisional_for__isnull=False)
                    .values_list("urn", "provisional_for_id"))
    return held


def _refusal(stored_la: str | None, file_la: str | None, tenant: Tenant,
             own_codes: set[str]) -> str:
    """Why a tenant's file may not write this row ("" when it may).

    Stored data decides: a stored establishment is the tenant's only when its *stored* LA
    code is one the tenant alone covers, and a file can never move it to another LA code. A
    URN not stored yet is the tenant's when the file gives it an LA code the tenant alone
    covers. So no file, whatever its LA column says, reaches another council's school.
    """
    if stored_la is not None:
        if stored_la not in own_codes:
            if tenant.covers_la(stored_la):
                return f"LA {stored_la} is shared with another council"
            return f"Another council's school (LA {stored_la})"
        if file_la is not None and file_la != stored_la:
            return (f"The file moves it from LA {stored_la} to LA {file_la}: LA codes change "
                    "only through the national import")
        return ""
    if file_la is None or not tenant.covers_la(file_la):
        return f"LA {file_la} is not one of your LA codes"
    if file_la not in own_codes:
        return f"LA {file_la} is shared with another council"
    return ""


def scope_rows(
    parsed: EstablishmentFile, *, tenant: Tenant | None,
) -> tuple[list[gias.EstablishmentRow], list[dict], list[RowError], list[int]]:
    """The rows this import may write, the rows not for the tenant (with the reason), the
    errors only known once the register is consulted, and the URNs of the tenant's schools the
    national register holds (added to its register, not written). The national import (no
    tenant) writes every row; a tenant's writes only its own provisional schools
    (`_refusal`, and the module's docstring)."""
    errors: list[RowError] = []
    la_index = la_index_of(parsed)
    if tenant is None and la_index is not None:
        return list(parsed.rows), [], errors, []
    stored_la = stored_la_codes([row.urn for row in parsed.rows])
    known = []
    for row in parsed.rows:
        if la_index is None and row.urn not in stored_la:
            errors.append(RowError(
                f"URN {row.urn} is not in the register yet, and the file has no “LA (code)” "
                "and “EstablishmentName” columns to add it.", row=row.row_number, column="URN"))
        else:
            known.append(row)
    if tenant is None:
        return known, [], errors, []
    own_codes = tenant.exclusive_la_codes()
    provisional = _provisional_holders([row.urn for row in known if row.urn in stored_la])
    inside, outside, national = [], [], []
    for row in known:
        file_la = row.la_code if la_index is not None else None
        reason = _refusal(stored_la.get(row.urn), file_la, tenant, own_codes)
        holder = provisional.get(row.urn)
        if not reason and holder is not None and holder != tenant.pk:
            reason = "Not in the national register yet, and another council has added it"
        if reason:
            outside.append({"row": row.row_number, "urn": row.urn,
                            "la_code": stored_la.get(row.urn, file_la),
                            "name": parsed.value(row, "name"), "reason": reason})
        elif row.urn in stored_la and holder is None:
            national.append(row.urn)
        else:
            inside.append(row)
    return inside, outside, errors, national


def drop_older(parsed: EstablishmentFile, rows: list[gias.EstablishmentRow], *,
               national: bool = True,
               matches: StoredMatches | None = None,
               ) -> tuple[list[gias.EstablishmentRow], list[dict]]:
    """Leave out the rows strictly older than what is stored (GIAS's LastChangedDate): an
    older download must never undo newer data (reopen a closed school, restore an old name).
    A row without the date, or of a school stored without one, is compared as before. The
    national import is not compared with a council's provisional rows: it takes them over.

    Only a row stored with another hash can be older (the same hash is the same values, the
    date among them), so the dates come with the hash comparison (`stored_matches`, or
    `matches` when the caller has it): nothing more to read on a first import."""
    if "last_changed_date" not in parsed.fields:
        return rows, []
    other = (matches if matches is not None else stored_matches(rows))[1]
    at, count = parsed.fields.index("last_changed_date"), len(parsed.fields)
    kept, older = [], []
    for row in rows:
        stored = other.get(row.urn)
        if stored is not None and stored[0] is not None and not (national and stored[1]):
            changed = row.value_at(at, count)
            if changed and date.fromisoformat(changed) < stored[0]:
                older.append({"row": row.row_number, "urn": row.urn,
                              "name": parsed.value(row, "name"), "file_date": changed,
                              "stored_date": stored[0].isoformat()})
                continue
        kept.append(row)
    return kept, older


# URNs stored with the row's hash; {URN: (stored LastChangedDate, provisional)} for the others.
StoredMatches = tuple[set[int], dict[int, tuple[date | None, bool]]]


def stored_matches(rows: list[gias.EstablishmentRow]) -> StoredMatches:
    """The URNs of the rows already stored with the same hash (unchanged), and of those stored
    with another hash (perhaps changed: their fields are compared next), with what the
    staleness rule needs of them (`drop_older`)."""
    if connection.vendor == "postgresql":
        # The hashes are compared in the database, which answers with two lists of URNs as two
        # strings: 25,000 URNs and hashes sent as two text parameters, and back as one row,
        # cost a fraction of 25,000 rows fetched into Python (or of an IN list to compile).
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT string_agg(e.urn::text, ',') FILTER (WHERE e.row_hash = f.row_hash), "
                "string_agg(e.urn::text || ' ' || COALESCE(e.last_changed_date::text, '-') "
                "|| ' ' || (e.provisional_for_id IS NOT NULL)::integer, ',') "
                "FILTER (WHERE e.row_hash <> f.row_hash) "
                "FROM unnest(string_to_array(%s, ',')::integer[], string_to_array(%s, ',')) "
                f"AS f(urn, row_hash) JOIN {Establishment._meta.db_table} e ON e.urn = f.urn",
                [",".join([str(row.urn) for row in rows]),
                 ",".join([row.row_hash for row in rows])])
            same, other = cursor.fetchone()
        others: dict[int, tuple[date | None, bool]] = {}
        for item in other.split(",") if other else []:
            urn, changed, provisional = item.split(" ")
            others[int(urn)] = (None if changed == "-" else date.fromisoformat(changed),
                                provisional == "1")
        return {int(urn) for urn in same.split(",")} if same else set(), others
    stored: dict[int, tuple] = {}
    for chunk in chunks([row.urn for row in rows]):
        stored.update((urn, rest) for urn, *rest in Establishment.objects.filter(
            urn__in=chunk).values_list("urn", "row_hash", "last_changed_date",
                                       "provisional_for_id"))
    hashes = {row.urn: row.row_hash for row in rows}
    same = {urn for urn, (row_hash, *_rest) in stored.items() if hashes[urn] == row_hash}
    return same, {urn: (changed, holder is not None)
                  for urn, (_hash, changed, holder) in stored.items() if urn not in same}


def compare_rows(
    parsed: EstablishmentFile, rows: list[gias.EstablishmentRow],
    matches: StoredMatches | None = None,
) -> tuple[list, list, list, int]:
    """Split rows into added, changed (with their field changes) and closed, and count the
    unchanged. A stored row with the same hash is unchanged without reading its fields.
    `matches`: `stored_matches` of these rows (or more), when the caller has it."""
    same_hash, other_hash = matches if matches is not None else stored_matches(rows)
    to_read = sorted(row.urn for row in rows if row.urn in other_hash)
    kinds = [gias.FIELD_KINDS[name] for name in parsed.fields]
    stored: dict[int, tuple[str, ...]] = {}
    for chunk in chunks(to_read):
        for urn, *values in Establishment.objects.filter(urn__in=chunk).values_list(
                "urn", *parsed.fields):
            stored[urn] = tuple(normal(kind, value) for kind, value in
                                zip(kinds, values, strict=True))
    governance_at = (parsed.fields.index("governance") if "governance" in parsed.fields
                     else None)
    open_at = parsed.fields.index("is_open") if "is_open" in parsed.fields else None
    added, changed, closed = [], [], []
    unchanged = 0
    for row in rows:
        if row.urn in same_hash:
            unchanged += 1
            continue
        if row.urn not in other_hash:
            added.append((row, None))
            continue
        old = stored.get(row.urn)
        if old is None:
            unchanged += 1
            continue
        changes = [
            (name, before, after)
            for at, (name, before, after) in enumerate(zip(parsed.fields, old, row.values,
                                                           strict=True))
            # An empty governance means "the file cannot tell": the stored value stays.
            if before != after and not (at == governance_at and after == "")
        ]
        if not changes:
            unchanged += 1
        elif open_at is not None and old[open_at] == "1" and row.values[open_at] == "0":
            closed.append((row, changes))
        else:
            changed.append((row, changes))
    return added, changed, closed, unchanged


def _reopened(parsed: EstablishmentFile, changed: list) -> list:
    """Of the changed rows, those that would mark a closed school open again."""
    if "is_open" not in parsed.fields:
        return []
    return [(row, changes) for row, changes in changed
            if any(name == "is_open" and before == "0" and after == "1"
                   for name, before, after in changes)]


def _example(parsed: EstablishmentFile, row: gias.EstablishmentRow, changes=None) -> dict:
    example = {"row": row.row_number, "urn": row.urn, "name": parsed.value(row, "name"),
               "la_code": parsed.value(row, "la_code")}
    if changes is not None:
        example["changes"] = [[field_label(name), shown(name, before), shown(name, after)]
                              for name, before, after in changes]
    return example


def register_missing(tenant: Tenant, urns: list[int]) -> list[int]:
    with scope(tenant=tenant):
        present: set[int] = set()
        for chunk in chunks(urns):
            present.update(School.objects.filter(tenant=tenant, establishment_id__in=chunk)
                           .values_list("establishment_id", flat=True))
    return [urn for urn in urns if urn not in present]


def establishments_analyse(
    parsed: EstablishmentFile, *, tenant: Tenant | None = None,
) -> tuple[dict, list[RowError]]:
    """The dry run: what applying the file would add, change, close and leave unchanged, with
    examples, and every error. Writes nothing."""
    rows, outside, errors, national = scope_rows(parsed, tenant=tenant)
    errors = parsed.errors + errors
    matches = stored_matches(rows)
    rows, older = drop_older(parsed, rows, national=tenant is None, matches=matches)
    added, changed, closed, unchanged = compare_rows(parsed, rows, matches)
    reopened = _reopened(parsed, changed)
    summary = {
        "kind": GiasImport.Kind.ESTABLISHMENTS,
        "encoding": parsed.encoding,
        "total_rows": parsed.total_rows,
        "partial": not parsed.is_full,
        "columns": [field_label(name) for name in parsed.fields],
        "counts": {
            "added": len(added), "changed": len(changed), "closed": len(closed),
            "unchanged": unchanged, "outside": len(outside), "errors": len(errors),
            "closed_in_file": parsed.closed_rows, "older": len(older),
            "reopened": len(reopened), "national": len(national),
        },
        "examples": {
            "added": [_example(parsed, row) for row, _ in added[:EXAMPLES]],
            "changed": [_example(parsed, row, changes) for row, changes in changed[:EXAMPLES]],
            "closed": [_example(parsed, row, changes) for row, changes in closed[:EXAMPLES]],
            "outside": outside[:OUTSIDE_EXAMPLES],
            "older": older[:EXAMPLES],
            "reopened": [_example(parsed, row, changes) for row, changes in reopened[:EXAMPLES]],
        },
    }
    if tenant is not None:
        summary["la_codes"] = list(tenant.la_codes)
        summary["counts"]["register_added"] = len(
            register_missing(tenant, [row.urn for row in rows] + national))
        if la_index_of(parsed) is not None:
            summary["missing"] = open_schools_not_in(tenant, [row.urn for row in parsed.rows],
                                                     examples=EXAMPLES)
    return summary, errors


def la_index_of(parsed: EstablishmentFile) -> int | None:
    return parsed.fields.index("la_code") if "la_code" in parsed.fields else None
