"""Importing GIAS files: analyse (a dry run with a preview) and apply, with a status record.

Two layers:
- `establishments_analyse` / `establishments_apply` and `links_analyse` / `links_apply` work on
  a parsed file, for a tenant (whose register gains its LA's schools) or nationally (tenant
  None: the management command). They return a summary dict.
- `gias_import_*` drive a `GiasImport` upload by a tenant admin: create (and enqueue the
  analysis), analyse, request apply, apply. Tasks and views call only these.

Rules:
- A file with any error is never applied; apply runs in one transaction, so nothing is ever
  half-saved.
- Idempotent: rows are upserted by URN (links by URN, linked URN and type); a row whose values
  are unchanged is not written, so importing a file twice changes nothing the second time.
- A tenant's import touches only establishments in the tenant's LA codes. Rows of other LAs are
  reported (row, URN, LA) and left out: the establishment table is shared by every tenant, and
  one area's admin must not change another area's reference data. The national import (no
  tenant, from the command line) writes every row.
- Progress is written where another connection sees it: outside any transaction while the file
  is checked for the preview and, on PostgreSQL, through a second short-lived connection while
  it is streamed into the staging table and written.
- Speed (see bench/README.md): on PostgreSQL the file to apply is streamed into a temporary
  staging table while it is read (`establishments_read(stage=True)`), and written from there
  with one upsert statement per 50,000 rows.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scope

from accounts.models import User
from core.audit import audit_record
from core.file_imports import ProgressRecorder
from core.models import Tenant
from core.tasks import enqueue_on_commit
from schools import gias
from schools.gias import DATE, INTEGER, EstablishmentFile, FileRejected, LinksFile, RowError
from schools.models import Establishment, EstablishmentLink, GiasImport, Governance, School
from schools.services import register_changed

logger = logging.getLogger(__name__)

EXAMPLES = 10
OUTSIDE_EXAMPLES = 50
MAX_STORED_ERRORS = 200
CHUNK = 10000
# Rows upserted by one statement on PostgreSQL; progress is reported after each. 50,000 rows
# (a national file) take about a third of a second, so more statements would only add scans of
# the staging table.
WRITE_CHUNK = 50_000
# Characters of COPY data handed to PostgreSQL at a time while a file is streamed into it.
COPY_READ_SIZE = 1 << 16
_stage_numbers = itertools.count(1)


class ImportRefused(Exception):
    """The file has errors, so it is not applied."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} error(s) in the file")
        self.errors = errors


# --- Values: normalised strings <-> model values ----------------------------------------------


def _normal(kind: str, value) -> str:
    if value is None:
        return ""
    if kind == "boolean":
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _typed(kind: str, value: str):
    if kind == INTEGER:
        return int(value) if value else None
    if kind == DATE:
        return date.fromisoformat(value) if value else None
    if kind == "boolean":
        return value == "1"
    return value


def _label(field_name: str) -> str:
    if field_name == "is_open":
        return "Open"
    name = str(Establishment._meta.get_field(field_name).verbose_name)
    return name[:1].upper() + name[1:]


def _shown(field_name: str, value: str) -> str:
    """A normalised value as the preview shows it."""
    if gias.FIELD_KINDS[field_name] == "boolean":
        return "Yes" if value == "1" else "No"
    return value


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


# --- Establishments ---------------------------------------------------------------------------


def _stored_la_codes(urns: list[int]) -> dict[int, str]:
    stored: dict[int, str] = {}
    for chunk in _chunks(urns):
        stored.update(Establishment.objects.filter(urn__in=chunk).values_list("urn", "la_code"))
    return stored


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


def _scope_rows(
    parsed: EstablishmentFile, *, tenant: Tenant | None,
) -> tuple[list[gias.EstablishmentRow], list[dict], list[RowError]]:
    """The rows this import may write, the rows not for the tenant (with the reason) and the
    errors only known once the register is consulted. The national import (no tenant) writes
    every row; a tenant's writes only its own schools (`_refusal`)."""
    errors: list[RowError] = []
    la_index = parsed.fields.index("la_code") if "la_code" in parsed.fields else None
    if tenant is None and la_index is not None:
        return list(parsed.rows), [], errors
    stored_la = _stored_la_codes([row.urn for row in parsed.rows])
    known = []
    for row in parsed.rows:
        if la_index is None and row.urn not in stored_la:
            errors.append(RowError(
                f"URN {row.urn} is not in the register yet, and the file has no “LA (code)” "
                "and “EstablishmentName” columns to add it.", row=row.row_number, column="URN"))
        else:
            known.append(row)
    if tenant is None:
        return known, [], errors
    own_codes = tenant.exclusive_la_codes()
    inside, outside = [], []
    for row in known:
        file_la = row.la_code if la_index is not None else None
        reason = _refusal(stored_la.get(row.urn), file_la, tenant, own_codes)
        if reason:
            outside.append({"row": row.row_number, "urn": row.urn,
                            "la_code": stored_la.get(row.urn, file_la),
                            "name": parsed.value(row, "name"), "reason": reason})
        else:
            inside.append(row)
    return inside, outside, errors


def _drop_older(parsed: EstablishmentFile, rows: list[gias.EstablishmentRow],
                ) -> tuple[list[gias.EstablishmentRow], list[dict]]:
    """Leave out the rows strictly older than what is stored (GIAS's LastChangedDate): an
    older download must never undo newer data (reopen a closed school, restore an old name).
    A row without the date, or of a school stored without one, is compared as before."""
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
                "WHERE e.last_changed_date > f.changed",
                [",".join(str(row.urn) for row in dated),
                 ",".join(when[row.urn] for row in dated)])
            stored.update(cursor.fetchall())
    else:
        for chunk in _chunks([row.urn for row in dated]):
            stored.update(Establishment.objects.filter(
                urn__in=chunk, last_changed_date__isnull=False,
            ).values_list("urn", "last_changed_date"))
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
    for chunk in _chunks([row.urn for row in rows]):
        stored.update(Establishment.objects.filter(urn__in=chunk).values_list("urn", "row_hash"))
    hashes = {row.urn: row.row_hash for row in rows}
    same = {urn for urn, row_hash in stored.items() if hashes[urn] == row_hash}
    return same, set(stored) - same


def _compare(
    parsed: EstablishmentFile, rows: list[gias.EstablishmentRow],
) -> tuple[list, list, list, int]:
    """Split rows into added, changed (with their field changes) and closed, and count the
    unchanged. A stored row with the same hash is unchanged without reading its fields."""
    same_hash, other_hash = _stored_matches(rows)
    to_read = sorted(other_hash)
    kinds = [gias.FIELD_KINDS[name] for name in parsed.fields]
    stored: dict[int, tuple[str, ...]] = {}
    for chunk in _chunks(to_read):
        for urn, *values in Establishment.objects.filter(urn__in=chunk).values_list(
                "urn", *parsed.fields):
            stored[urn] = tuple(_normal(kind, value) for kind, value in
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
        example["changes"] = [[_label(name), _shown(name, before), _shown(name, after)]
                              for name, before, after in changes]
    return example


def _register_missing(tenant: Tenant, urns: list[int]) -> list[int]:
    with scope(tenant=tenant):
        present: set[int] = set()
        for chunk in _chunks(urns):
            present.update(School.objects.filter(tenant=tenant, establishment_id__in=chunk)
                           .values_list("establishment_id", flat=True))
    return [urn for urn in urns if urn not in present]


def establishments_analyse(
    parsed: EstablishmentFile, *, tenant: Tenant | None = None,
) -> tuple[dict, list[RowError]]:
    """The dry run: what applying the file would add, change, close and leave unchanged, with
    examples, and every error. Writes nothing."""
    rows, outside, errors = _scope_rows(parsed, tenant=tenant)
    errors = parsed.errors + errors
    rows, older = _drop_older(parsed, rows)
    added, changed, closed, unchanged = _compare(parsed, rows)
    reopened = _reopened(parsed, changed)
    summary = {
        "kind": GiasImport.Kind.ESTABLISHMENTS,
        "encoding": parsed.encoding,
        "total_rows": parsed.total_rows,
        "partial": not parsed.is_full,
        "columns": [_label(name) for name in parsed.fields],
        "counts": {
            "added": len(added), "changed": len(changed), "closed": len(closed),
            "unchanged": unchanged, "outside": len(outside), "errors": len(errors),
            "closed_in_file": parsed.closed_rows, "older": len(older),
            "reopened": len(reopened),
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
            _register_missing(tenant, [row.urn for row in rows]))
    return summary, errors


def _full_values(parsed: EstablishmentFile, row: gias.EstablishmentRow,
                 stored_governance: dict[int, str]) -> dict:
    values = {name: _typed(gias.FIELD_KINDS[name], value)
              for name, value in zip(parsed.fields, row.values, strict=True)}
    if values.get("governance") == "":
        values["governance"] = stored_governance.get(row.urn, Governance.OTHER)
    return values


def _write_python(parsed: EstablishmentFile, rows: list[gias.EstablishmentRow]) -> dict:
    """Upsert with the ORM (SQLite, the embedded default): only added and changed rows."""
    added, changed, closed, unchanged = _compare(parsed, rows)
    now = timezone.now()
    stored_governance: dict[int, str] = {}
    if "governance" in parsed.fields:
        urns = [row.urn for row, _ in changed + closed]
        for chunk in _chunks(urns):
            stored_governance.update(
                Establishment.objects.filter(urn__in=chunk).values_list("urn", "governance"))
    new = [Establishment(urn=row.urn, row_hash=row.row_hash, imported_at=now,
                         **_full_values(parsed, row, stored_governance)) for row, _ in added]
    for item in new:
        item.clean_fields(exclude=["urn"])
    Establishment.objects.bulk_create(new, batch_size=500)
    updates = [Establishment(urn=row.urn, row_hash=row.row_hash, imported_at=now,
                             **_full_values(parsed, row, stored_governance))
               for row, _ in changed + closed]
    if updates:
        Establishment.objects.bulk_update(
            updates, [*parsed.fields, "row_hash", "imported_at"], batch_size=500)
    return {"added": len(added), "changed": len(changed), "closed": len(closed),
            "unchanged": unchanged}


class _CopyLines:
    """A file for psycopg2's `copy_expert`: the COPY lines of the rows, made as they are read.

    `copy_expert` calls `read()` for the next piece of the COPY data and sends it at once, so
    the parser (this process) and PostgreSQL storing the rows (its own process) work at the same
    time. Once the file has shown an error no more lines are sent: it will not be applied.
    """

    def __init__(self, rows: Iterable[gias.EstablishmentRow], errors: list[RowError]):
        self.rows = enumerate(rows)
        self.errors = errors
        # psycopg2 turns an exception raised by read() into QueryCanceled: the parser's own
        # (FileRejected, with its message for the user) is kept here and raised again after.
        self.failure: Exception | None = None

    def read(self, size: int = -1) -> str:
        parts: list[str] = []
        length = 0
        try:
            for seq, row in self.rows:
                if self.errors:
                    continue
                part = f"{seq}\t{row.urn}\t{row.line}\t{row.row_hash}\n"
                parts.append(part)
                length += len(part)
                if length >= size > 0:
                    break
        except Exception as exc:
            self.failure = exc
            return ""
        return "".join(parts)

    def copy_into(self, cursor, table: str) -> None:
        cursor.copy_expert(f"COPY {table} FROM STDIN", self, size=COPY_READ_SIZE)
        if self.failure is not None:
            raise self.failure


def _stage_create(cursor, fields: list[str]) -> str:
    """A new temporary staging table for the normalised rows, all text, without indexes."""
    quote = connection.ops.quote_name
    name = f"gias_stage_{next(_stage_numbers)}"
    columns = ", ".join(f"{quote(field_name)} text" for field_name in fields)
    cursor.execute(
        f"CREATE TEMPORARY TABLE {name} (seq integer, urn integer, {columns}, row_hash text)")
    return name


def establishments_read(
    data: bytes, *, stage: bool = False, max_bytes: int | None = None,
    progress: gias.ProgressCallback | None = None,
) -> EstablishmentFile:
    """Read a GIAS establishments file (see `gias.read_establishments`).

    With `stage=True`, on PostgreSQL, the valid rows also go into a temporary staging table of
    this database session *while* the file is read, streamed through COPY, and `parsed.staged`
    names it; `establishments_apply` then writes from it instead of copying the rows after the
    reading. Only for a caller about to apply: the table lives as long as the session (apply
    drops it). A file with errors is not staged. Progress reports made while the rows stream
    are inside a transaction, so `_ProgressRecorder` sends them through its own connection.
    """
    parsed, rows = gias.read_establishments(data, max_bytes=max_bytes, progress=progress)
    if not stage or connection.vendor != "postgresql":
        for _row in rows:
            pass
        return parsed
    # A savepoint inside a caller's transaction: a file rejected half-way (FileRejected from
    # within the COPY) rolls the staging table back with it.
    with transaction.atomic(), connection.cursor() as cursor:
        name = _stage_create(cursor, parsed.fields)
        _CopyLines(rows, parsed.errors).copy_into(cursor, name)
    if parsed.errors:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {name}")
    else:
        parsed.staged = name
    return parsed


def _stage_take(cursor, parsed: EstablishmentFile,
                rows: list[gias.EstablishmentRow]) -> tuple[str, int]:
    """The staging table holding `rows`, and the end of its `seq` numbers: the one the file
    was streamed into when it is still there, else a new one filled from the rows in memory."""
    name, parsed.staged = parsed.staged, ""
    if name:
        cursor.execute("SELECT to_regclass(%s)", [f"pg_temp.{name}"])
        if cursor.fetchone()[0] is None:
            name = ""  # another session (the connection was closed since the file was read)
    if name:
        if len(rows) != len(parsed.rows):
            # Rows this import may not write (another LA's, for a tenant) leave the stage.
            cursor.execute(f"DELETE FROM {name} WHERE NOT (urn = ANY(%s))",
                           [[row.urn for row in rows]])
        return name, len(parsed.rows)
    name = _stage_create(cursor, parsed.fields)
    _CopyLines(rows, []).copy_into(cursor, name)
    return name, len(rows)


def _stage_discard(name: str) -> None:
    """Drop a staging table a refused or failed apply left (a successful one drops it)."""
    if name:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")


def _write_postgresql(parsed: EstablishmentFile, rows: list[gias.EstablishmentRow],
                      progress: gias.ProgressCallback | None) -> dict:
    """Upsert by URN, in chunks, from a staging table holding the normalised rows (streamed
    into it while the file was read, or copied now).

    `ON CONFLICT ... WHERE row_hash IS DISTINCT FROM ...` skips unchanged rows in the database,
    so a re-import writes nothing; the column comparison after it also skips a row whose hash
    differs only because it came from a file with other columns.
    """
    quote = connection.ops.quote_name
    table = quote(Establishment._meta.db_table)
    total = len(rows)
    fields = parsed.fields
    kinds = {name: gias.FIELD_KINDS[name] for name in fields}
    with connection.cursor() as cursor:
        stage, span = _stage_take(cursor, parsed, rows)
        # Unchanged rows (same hash as stored) leave the staging table before anything else.
        cursor.execute(f"DELETE FROM {stage} s USING {table} e "
                       "WHERE e.urn = s.urn AND e.row_hash = s.row_hash")
        unchanged_by_hash = cursor.rowcount
        closed = 0
        if "is_open" in fields:
            cursor.execute(
                f"SELECT count(*) FROM {stage} s JOIN {table} e ON e.urn = s.urn "
                "WHERE e.is_open AND s.is_open = '0'")
            closed = cursor.fetchone()[0]

        def cast(name: str) -> str:
            kind, column = kinds[name], f"s.{quote(name)}"
            if kind == INTEGER:
                return f"NULLIF({column}, '')::integer"
            if kind == DATE:
                return f"NULLIF({column}, '')::date"
            if kind == "boolean":
                return f"{column}::boolean"
            if name == "governance":
                # The file could not tell the governance: keep what is stored, "other" for new
                # rows (the stored value is looked up only for those rows).
                return (f"COALESCE(NULLIF({column}, ''), (SELECT g.governance FROM {table} g "
                        f"WHERE g.urn = s.urn), '{Governance.OTHER.value}')")
            return column

        insert_columns, select_parts, defaults = ["urn"], ["s.urn"], []
        for model_field in Establishment._meta.concrete_fields:
            name = model_field.column
            if name == "urn":
                continue
            insert_columns.append(quote(name))
            if name in kinds:
                select_parts.append(cast(name))
            elif name == "row_hash":
                select_parts.append("s.row_hash")
            elif name == "imported_at":
                select_parts.append("now()")
            else:
                select_parts.append("%s")
                defaults.append(model_field.get_default())
        updated_columns = [*fields, "row_hash", "imported_at"]
        sql = (
            f"WITH up AS (INSERT INTO {table} ({', '.join(insert_columns)}) "
            f"SELECT {', '.join(select_parts)} FROM {stage} s "
            "WHERE s.seq >= %s AND s.seq < %s "
            "ON CONFLICT (urn) DO UPDATE SET "
            + ", ".join(f"{quote(name)} = EXCLUDED.{quote(name)}" for name in updated_columns)
            + f" WHERE {table}.row_hash IS DISTINCT FROM EXCLUDED.row_hash AND "
            f"ROW({', '.join(f'{table}.{quote(name)}' for name in fields)}) IS DISTINCT FROM "
            f"ROW({', '.join(f'EXCLUDED.{quote(name)}' for name in fields)}) "
            "RETURNING (xmax = 0) AS inserted) "
            "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) "
            "FROM up"
        )
        added = updated = 0
        if unchanged_by_hash == len(rows):
            span = 0
        for start in range(0, span, WRITE_CHUNK):
            cursor.execute(sql, [*defaults, start, start + WRITE_CHUNK])
            inserted, changed = cursor.fetchone()
            added += inserted
            updated += changed
            if progress is not None:
                progress(min(start + WRITE_CHUNK, span), span)
        cursor.execute(f"DROP TABLE {stage}")
    return {"added": added, "changed": updated - closed, "closed": closed,
            "unchanged": total - added - updated}


@transaction.atomic
def establishments_apply(
    parsed: EstablishmentFile, *, tenant: Tenant | None = None, actor: User | None = None,
    progress: gias.ProgressCallback | None = None,
) -> dict:
    """Write the file: establishments upserted by URN, and for a tenant its register entries
    for the establishments in its LA codes. Raises ImportRefused, writing nothing, if the file
    has any error."""
    rows, outside, errors = _scope_rows(parsed, tenant=tenant)
    errors = parsed.errors + errors
    if errors:
        raise ImportRefused(errors)
    rows, older = _drop_older(parsed, rows)
    if connection.vendor == "postgresql":
        counts = _write_postgresql(parsed, rows, progress)
    else:
        counts = _write_python(parsed, rows)
        if progress is not None:
            progress(len(rows), len(rows))
    counts["outside"] = len(outside)
    counts["older"] = len(older)
    summary = {"kind": GiasImport.Kind.ESTABLISHMENTS, "total_rows": parsed.total_rows,
               "counts": counts}
    if counts["added"] or counts["changed"] or counts["closed"]:
        # Shared reference data changed: every tenant's cached register pages are stale.
        register_changed()
    if tenant is not None:
        missing = _register_missing(tenant, [row.urn for row in rows])
        if missing:
            register_changed(tenant_ids=[tenant.pk])
        with scope(tenant=tenant):
            School.objects.bulk_create(
                [School(tenant=tenant, establishment_id=urn) for urn in missing],
                batch_size=1000, ignore_conflicts=True)
            counts["register_added"] = len(missing)
            audit_record(
                tenant=tenant, actor=actor, action="gias_import.apply",
                summary=(f"GIAS import: {counts['added']} added, {counts['changed']} changed, "
                         f"{counts['closed']} closed, {len(missing)} added to the register, "
                         f"{len(outside)} rows not for this council refused"),
                changes={"counts": counts, "refused": outside[:OUTSIDE_EXAMPLES]},
            )
    return summary


# --- Links ------------------------------------------------------------------------------------


def _links_in_scope(parsed: LinksFile, tenant: Tenant | None) -> tuple[list, list[dict]]:
    """The link rows this import may write, and those refused (with the reason).

    A tenant's file may link only two establishments that are both its own by their *stored*
    LA codes: otherwise it could make another council's school the "predecessor" of one of
    its own, and borrow that school's history. The national import writes every row.
    """
    if tenant is None:
        return parsed.rows, []
    own_codes = tenant.exclusive_la_codes()
    urns = sorted({row.urn for row in parsed.rows} | {row.linked_urn for row in parsed.rows})
    stored_la = _stored_la_codes(urns)
    inside, outside = [], []
    for row in parsed.rows:
        foreign = [urn for urn in (row.urn, row.linked_urn) if stored_la.get(urn) not in own_codes]
        if not foreign:
            inside.append(row)
            continue
        reasons = [f"URN {urn} is another council's school (LA {stored_la[urn]})"
                   if urn in stored_la else f"URN {urn} is not in the register"
                   for urn in foreign]
        outside.append({**_link_example(row), "reason": "; ".join(reasons)})
    return inside, outside


def _links_compare(rows: list[gias.LinkRow]) -> tuple[list, list, int]:
    stored: dict[tuple[int, int, str], tuple[str, str]] = {}
    urns = sorted({row.urn for row in rows})
    for chunk in _chunks(urns):
        for urn, linked, link_type, name, established in EstablishmentLink.objects.filter(
                urn__in=chunk).values_list("urn", "linked_urn", "link_type", "linked_name",
                                           "established_date"):
            stored[(urn, linked, link_type)] = (name, _normal(DATE, established))
    added, changed, unchanged = [], [], 0
    for row in rows:
        old = stored.get((row.urn, row.linked_urn, row.link_type))
        if old is None:
            added.append(row)
        elif old != (row.linked_name, row.established_date):
            changed.append(row)
        else:
            unchanged += 1
    return added, changed, unchanged


def _link_example(row: gias.LinkRow) -> dict:
    return {"row": row.row_number, "urn": row.urn, "linked_urn": row.linked_urn,
            "name": row.linked_name, "link_type": row.link_type}


def links_analyse(parsed: LinksFile, *, tenant: Tenant | None = None) -> tuple[dict, list]:
    rows, outside = _links_in_scope(parsed, tenant)
    added, changed, unchanged = _links_compare(rows)
    summary = {
        "kind": GiasImport.Kind.LINKS, "encoding": parsed.encoding,
        "total_rows": parsed.total_rows,
        "counts": {"added": len(added), "changed": len(changed), "unchanged": unchanged,
                   "outside": len(outside), "errors": len(parsed.errors)},
        "examples": {"added": [_link_example(row) for row in added[:EXAMPLES]],
                     "changed": [_link_example(row) for row in changed[:EXAMPLES]],
                     "outside": outside[:OUTSIDE_EXAMPLES]},
    }
    return summary, list(parsed.errors)


@transaction.atomic
def links_apply(parsed: LinksFile, *, tenant: Tenant | None = None, actor: User | None = None,
                progress: gias.ProgressCallback | None = None) -> dict:
    """Upsert the links by (URN, linked URN, type). A tenant's import keeps the links that touch
    an establishment of its LA codes."""
    if parsed.errors:
        raise ImportRefused(parsed.errors)
    rows, outside = _links_in_scope(parsed, tenant)
    added, changed, unchanged = _links_compare(rows)
    source = (EstablishmentLink.Source.NATIONAL if tenant is None
              else EstablishmentLink.Source.TENANT)
    objects = [EstablishmentLink(urn=row.urn, linked_urn=row.linked_urn,
                                 linked_name=row.linked_name, link_type=row.link_type,
                                 established_date=_typed(DATE, row.established_date),
                                 source=source)
               for row in added + changed]
    for done, chunk in enumerate(_chunks(objects, 2000), start=1):
        EstablishmentLink.objects.bulk_create(
            chunk, update_conflicts=True, unique_fields=["urn", "linked_urn", "link_type"],
            update_fields=["linked_name", "established_date", "source"])
        if progress is not None:
            progress(min(done * 2000, len(objects)), len(objects))
    counts = {"added": len(added), "changed": len(changed), "unchanged": unchanged,
              "outside": len(outside)}
    if objects:
        register_changed()  # lineage shows on every tenant's school pages
    if tenant is not None:
        with scope(tenant=tenant):
            audit_record(tenant=tenant, actor=actor, action="gias_import.apply",
                         summary=f"GIAS links import: {len(added)} added, {len(changed)} changed",
                         changes={"counts": counts, "refused": outside[:OUTSIDE_EXAMPLES]})
    return {"kind": GiasImport.Kind.LINKS, "total_rows": parsed.total_rows, "counts": counts}


# --- The status record: uploads by a tenant admin ---------------------------------------------


def _file_bytes(gias_import: GiasImport) -> bytes:
    with gias_import.file.open("rb") as handle:
        return handle.read()


def _parse(gias_import: GiasImport, progress=None,
           stage: bool = False) -> EstablishmentFile | LinksFile:
    data = _file_bytes(gias_import)
    limit = settings.GIAS_UPLOAD_MAX_BYTES
    if gias_import.kind == GiasImport.Kind.LINKS:
        return gias.parse_links(data, max_bytes=limit)
    return establishments_read(data, stage=stage, max_bytes=limit, progress=progress)


def _errors_as_dicts(errors: list[RowError]) -> list[dict]:
    return [error.as_dict() for error in errors[:MAX_STORED_ERRORS]]


@transaction.atomic
def gias_import_create(
    *, tenant: Tenant, actor: User, uploaded_file: UploadedFile, kind: str,
) -> GiasImport:
    """Store an uploaded GIAS file and enqueue its analysis (after commit)."""
    if uploaded_file.size == 0:
        raise ValidationError({"file": "The selected file is empty."})
    if uploaded_file.size > settings.GIAS_UPLOAD_MAX_BYTES:
        raise ValidationError({"file": (
            f"The selected file must be smaller than "
            f"{settings.GIAS_UPLOAD_MAX_BYTES / 1_048_576:.0f} MB.")})
    if kind not in GiasImport.Kind.values:
        raise ValidationError({"kind": "Choose establishments or links."})
    gias_import = GiasImport(tenant=tenant, kind=kind, uploaded_by=actor,
                             original_name=uploaded_file.name[:255], file=uploaded_file)
    gias_import.full_clean()
    gias_import.save()
    audit_record(tenant=tenant, actor=actor, action="gias_import.create", obj=gias_import,
                 summary=f"Uploaded {gias_import.original_name} for a GIAS import")
    enqueue_on_commit("schools.tasks.gias_import_analyse", gias_import.pk)
    return gias_import


def gias_import_analyse(*, gias_import: GiasImport) -> GiasImport:
    """Read the file and store the preview. Not one transaction on purpose: the progress it
    writes as it reads must be visible to the page that polls it."""
    if gias_import.status not in (GiasImport.Status.PENDING, GiasImport.Status.ANALYSING):
        return gias_import  # analysed already: running the task twice is harmless
    gias_import.status = GiasImport.Status.ANALYSING
    gias_import.processed_rows = 0
    gias_import.save(update_fields=["status", "processed_rows"])
    recorder = ProgressRecorder(gias_import, "Checking the file")
    try:
        parsed = _parse(gias_import, progress=recorder)
        if isinstance(parsed, LinksFile):
            summary, errors = links_analyse(parsed, tenant=gias_import.tenant)
        else:
            summary, errors = establishments_analyse(parsed, tenant=gias_import.tenant)
    except FileRejected as rejected:
        summary, errors = {}, [rejected.error]
    gias_import.record_preview(summary=summary, errors=_errors_as_dicts(errors),
                               total_rows=summary.get("total_rows", 0))
    return gias_import


@transaction.atomic
def gias_import_apply_request(*, gias_import: GiasImport, actor: User) -> GiasImport:
    """The admin confirms the preview: mark the import as applying and enqueue the work."""
    gias_import = GiasImport.objects.select_for_update().get(pk=gias_import.pk)
    if gias_import.status != GiasImport.Status.PREVIEWED or gias_import.errors:
        raise PermissionDenied("Only a checked import without errors can be applied.")
    gias_import.start_applying()
    audit_record(tenant=gias_import.tenant, actor=actor, action="gias_import.apply_request",
                 obj=gias_import, summary=f"Applying GIAS import {gias_import.original_name}")
    enqueue_on_commit("schools.tasks.gias_import_apply", gias_import.pk)
    return gias_import


def gias_import_apply(*, gias_import: GiasImport) -> GiasImport:
    """Write a previewed import. The file is read again (the register may have changed since
    the preview); the writing is one transaction, and the status is recorded after it."""
    if gias_import.status != GiasImport.Status.APPLYING:
        return gias_import  # applied already, or never confirmed: nothing to do
    reading = ProgressRecorder(gias_import, "Reading the file")
    writing = ProgressRecorder(gias_import, "Writing the changes")
    actor = gias_import.uploaded_by
    staged = ""
    try:
        # Staged: the rows reach PostgreSQL while the file is still being read.
        parsed = _parse(gias_import, progress=reading, stage=True)
        staged = getattr(parsed, "staged", "")
        if isinstance(parsed, LinksFile):
            summary = links_apply(parsed, tenant=gias_import.tenant, actor=actor,
                                  progress=writing)
        else:
            summary = establishments_apply(parsed, tenant=gias_import.tenant, actor=actor,
                                           progress=writing)
    except (FileRejected, ImportRefused) as refused:
        errors = [refused.error] if isinstance(refused, FileRejected) else refused.errors
        gias_import.errors = _errors_as_dicts(errors)
        gias_import.status = GiasImport.Status.FAILED
    else:
        gias_import.summary = {**gias_import.summary, "applied": summary["counts"]}
        gias_import.status = GiasImport.Status.DONE
        gias_import.processed_rows = gias_import.total_rows = summary["total_rows"]
    finally:
        reading.close()
        writing.close()
        _stage_discard(staged)
    gias_import.progress_note = ""
    gias_import.finished_at = timezone.now()
    gias_import.save()
    return gias_import


def gias_import_fail(*, gias_import: GiasImport, message: str) -> GiasImport:
    """Record an unexpected failure (the task's last resort), so the page stops waiting."""
    GiasImport.objects.filter(pk=gias_import.pk).update(
        status=GiasImport.Status.FAILED, finished_at=timezone.now(), progress_note="",
        errors=[{"row": None, "column": "", "message": message}])
    gias_import.refresh_from_db()
    return gias_import
