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
               national: bool = True) -> tuple[list[gias.EstablishmentRow], list[dict]]:
    """Leave out the rows strictly older than what is stored (GIAS's LastChangedDate): an
    older download must never undo newer data (reopen a closed school, restore an old name).
    A row without the date, or of a school stored without one, is compared as before. The
    national import is not compared with a council's provisional rows: it takes them over."""
    if "last_changed_date" not in parsed.fields:
        return rows, []
    at, count = parsed.fields.index("last_changed_date"), len(parsed.fields)
    when = {row.urn: row.value_at(at, count) for row in rows}
    dated = [row for row in rows if when[row.urn]]
    stored: dict[int, date] = {}
    if connection.vendor == "postgresql":
        # Compared in the database, as `_stored_matches` does: two text parameters in, only
        # the (few) older rows back, instead of 25,000 stored dates or an IN list.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.urn, e.last_changed_date FROM unnest("
                "string_to_array(%s, ',')::integer[], string_to_array(%s, ',')::date[]) "
                f"AS f(urn, changed) JOIN {Establishment._meta.db_table} e ON e.urn = f.urn "
                "WHERE e.last_changed_date > f.changed"
                + (" AND e.provisional_for_id IS NULL" if national else ""),
                [",".join(str(row.urn) for row in dated),
                 ",".join(when[row.urn] for row in dated)])
            stored.update(cursor.fetchall())
    else:
        for chunk in chunks([row.urn for row in dated]):
            rows_stored = Establishment.objects.filter(urn__in=chunk,
                                                       last_changed_date__isnull=False)
            if national:
                rows_stored = rows_stored.filter(provisional_for__isnull=True)
            stored.update(rows_stored.values_list("urn", "last_changed_date"))
    if not stored:
        return rows, []
    kept, older = [], []
    for row in rows:
        changed = when[row.urn]
        if changed and row.urn in stored and date.fromisoformat(changed) < stored[row.urn]:
            older.append({"row": row.row_number, "urn": row.urn, "name": parsed.value(row, "name"),
                          "file_date": changed, "stored_date": stored[row.urn].isoformat()})
        else:
            kept.append(row)
    return kept, older


def _stored_matches(rows: list[gias.EstablishmentRow]) -> tuple[set[int], set[int]]:
    """The URNs of the rows already stored with the same hash (unchanged), and of those stored
    with another hash (perhaps changed: their fields are compared next)."""
    if connection.vendor == "postgresql":
        # The hashes are compared in the database, which answers with two lists of URNs as two
        # strings: 25,000 URNs and hashes sent as two text parameters, and back as one row,
        # cost a fraction of 25,000 rows fetched into Python (or of an IN list to compile).
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT string_agg(e.urn::text, ',') FILTER (WHERE e.row_hash = f.row_hash), "
                "string_agg(e.urn::text, ',') FILTER (WHERE e.row_hash <> f.row_hash) "
                "FROM unnest(string_to_array(%s, ',')::integer[], string_to_array(%s, ',')) "
                f"AS f(urn, row_hash) JOIN {Establishment._meta.db_table} e ON e.urn = f.urn",
                [",".join([str(row.urn) for row in rows]),
                 ",".join([row.row_hash for row in rows])])
            same, other = cursor.fetchone()
        return ({int(urn) for urn in same.split(",")} if same else set(),
                {int(urn) for urn in other.split(",")} if other else set())
    stored: dict[int, str] = {}
    for chunk in chunks([row.urn for row in rows]):
        stored.update(Establishment.objects.filter(urn__in=chunk).values_list("urn", "row_hash"))
    hashes = {row.urn: row.row_hash for row in rows}
    same = {urn for urn, row_hash in stored.items() if hashes[urn] == row_hash}
    return same, set(stored) - same


def compare_rows(
    parsed: EstablishmentFile, rows: list[gias.EstablishmentRow],
) -> tuple[list, list, list, int]:
    """Split rows into added, changed (with their field changes) and closed, and count the
    unchanged. A stored row with the same hash is unchanged without reading its fields."""
    same_hash, other_hash = _stored_matches(rows)
    to_read = sorted(other_hash)
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
    rows, older = drop_older(parsed, rows, national=tenant is None)
    added, changed, closed, unchanged = compare_rows(parsed, rows)
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
