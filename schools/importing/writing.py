"""Writing an establishments file (`establishments_apply`): in Python on SQLite; on PostgreSQL
streamed into a staging table while it is read and upserted from there in large statements
(see bench/README.md)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scope

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from schools import gias
from schools.gias import DATE, INTEGER, EstablishmentFile, RowError
from schools.importing.establishments import (
    compare_rows,
    drop_older,
    register_missing,
    scope_rows,
    stored_matches,
)
from schools.importing.values import (
    COPY_READ_SIZE,
    GIAS_WRITE_LOCK,
    OUTSIDE_EXAMPLES,
    WRITE_CHUNK,
    ImportRefused,
    chunks,
    stage_numbers,
    typed,
)
from schools.models import Establishment, GiasImport, Governance, School
from schools.searching import normalise, normalise_sql
from schools.services import register_changed

logger = logging.getLogger(__name__)


def _full_values(parsed: EstablishmentFile, row: gias.EstablishmentRow,
                 stored_governance: dict[int, str]) -> dict:
    values = {name: typed(gias.FIELD_KINDS[name], value)
              for name, value in zip(parsed.fields, row.values, strict=True)}
    if values.get("governance") == "":
        values["governance"] = stored_governance.get(row.urn, Governance.OTHER)
    if "name" in values:
        values["search_name"] = normalise(values["name"])
    return values


def _write_python(parsed: EstablishmentFile, rows: list[gias.EstablishmentRow],
                  provisional_for: Tenant | None = None) -> dict:
    """Upsert with the ORM (SQLite, the embedded default): only added and changed rows. New
    rows of a council's extract are its provisional establishments."""
    added, changed, closed, unchanged = compare_rows(parsed, rows)
    now = timezone.now()
    stored_governance: dict[int, str] = {}
    if "governance" in parsed.fields:
        urns = [row.urn for row, _ in changed + closed]
        for chunk in chunks(urns):
            stored_governance.update(
                Establishment.objects.filter(urn__in=chunk).values_list("urn", "governance"))
    new = [Establishment(urn=row.urn, row_hash=row.row_hash, imported_at=now,
                         provisional_for=provisional_for,
                         **_full_values(parsed, row, stored_governance)) for row, _ in added]
    for item in new:
        item.clean_fields(exclude=["urn"])
    Establishment.objects.bulk_create(new, batch_size=500)
    updates = [Establishment(urn=row.urn, row_hash=row.row_hash, imported_at=now,
                             **_full_values(parsed, row, stored_governance))
               for row, _ in changed + closed]
    if updates:
        Establishment.objects.bulk_update(
            updates, [*parsed.fields, *_derived(parsed), "row_hash", "imported_at"],
            batch_size=500)
    return {"added": len(added), "changed": len(changed), "closed": len(closed),
            "unchanged": unchanged}


def _derived(parsed: EstablishmentFile) -> list[str]:
    """The columns written from the file's values rather than read from it."""
    return ["search_name"] if "name" in parsed.fields else []


class CopyLines:
    """A file for psycopg2's `copy_expert`: the COPY lines of the rows, made as they are read.

    `copy_expert` calls `read()` for the next piece of the COPY data and sends it at once, so
    the parser (this process) and PostgreSQL storing the rows (its own process) work at the same
    time. Once the file has shown an error no more lines are sent: it will not be applied.
    """

    def __init__(self, rows: Iterable[gias.EstablishmentRow], errors: list[RowError],
                 fields: list[str]):
        self.rows = enumerate(rows)
        self.errors = errors
        # The search name is one more column: the staging table makes it from an ASCII name
        # (`stage_create`), in the database's process while this one reads on; any other
        # name's is made here (its characters need no COPY escaping).
        self.name_at = fields.index("name") if "name" in fields else None
        self.fields = fields
        self.count = len(fields)
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
                search = "\\N"
                if self.name_at is not None:
                    name = row.value_at(self.name_at, self.count)
                    if not name.isascii():
                        search = normalise(name)
                part = f"{seq}\t{row.urn}\t{row.line}\t{row.row_hash}\t{search}\n"
                parts.append(part)
                length += len(part)
                if length >= size > 0:
                    break
        except Exception as exc:
            self.failure = exc
            return ""
        return "".join(parts)

    @staticmethod
    def columns(fields: list[str]) -> str:
        """The staging table's columns a COPY line gives, in its order."""
        quote = connection.ops.quote_name
        return ", ".join(["seq", "urn", *map(quote, fields), "row_hash", "search_given"])

    def copy_into(self, cursor, table: str) -> None:
        cursor.copy_expert(f"COPY {table} ({self.columns(self.fields)}) FROM STDIN", self,
                           size=COPY_READ_SIZE)
        if self.failure is not None:
            raise self.failure


def stage_create(cursor, fields: list[str]) -> str:
    """A new temporary staging table for the normalised rows, all text, without indexes. Its
    search name is the one made in Python (`search_given`, for a name that is not ASCII), else
    made from the name by the database (NULL when the file has no names)."""
    quote = connection.ops.quote_name
    name = f"gias_stage_{next(stage_numbers)}"
    columns = ", ".join(f"{quote(field_name)} text" for field_name in fields)
    search = (f"GENERATED ALWAYS AS (COALESCE(search_given, {normalise_sql(quote('name'))})) "
              "STORED" if "name" in fields else "")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {name} (seq integer, urn integer, {columns}, row_hash text, "
        f"search_given text, search_name text {search})")
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
    are inside a transaction, so `core.file_imports.ProgressRecorder` sends them through its
    own connection.
    """
    parsed, rows = gias.read_establishments(data, max_bytes=max_bytes, progress=progress)
    if not stage or connection.vendor != "postgresql":
        for _row in rows:
            pass
        return parsed
    # A savepoint inside a caller's transaction: a file rejected half-way (FileRejected from
    # within the COPY) rolls the staging table back with it.
    with transaction.atomic(), connection.cursor() as cursor:
        name = stage_create(cursor, parsed.fields)
        CopyLines(rows, parsed.errors, parsed.fields).copy_into(cursor, name)
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
    name = stage_create(cursor, parsed.fields)
    CopyLines(rows, [], parsed.fields).copy_into(cursor, name)
    return name, len(rows)


def stage_discard(name: str) -> None:
    """Drop a staging table a refused or failed apply left (a successful one drops it)."""
    if name:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")


def stage_sift(cursor, stage: str, fields: list[str], *, same_hash: bool = True,
               older: bool = False) -> tuple[int, int, int]:
    """Take out of the staging table the unchanged rows (stored with the same hash; not
    looked for without `same_hash`, when the caller left them out) and, with `older`, the rows
    older than stored (`drop_older`'s rule for a national file, in SQL); count the schools the
    rest close (stored open, closed in the file). Returns (unchanged, older, closed)."""
    table = connection.ops.quote_name(Establishment._meta.db_table)
    unchanged = dropped = closed = 0
    if same_hash:
        cursor.execute(f"DELETE FROM {stage} s USING {table} e "
                       "WHERE e.urn = s.urn AND e.row_hash = s.row_hash")
        unchanged = cursor.rowcount
    if older and "last_changed_date" in fields:
        # A council's provisional row is taken over whatever its date.
        cursor.execute(f"DELETE FROM {stage} s USING {table} e WHERE e.urn = s.urn "
                       "AND e.provisional_for_id IS NULL AND s.last_changed_date <> '' "
                       "AND s.last_changed_date::date < e.last_changed_date")
        dropped = cursor.rowcount
    if "is_open" in fields:
        cursor.execute(f"SELECT count(*) FROM {stage} s JOIN {table} e ON e.urn = s.urn "
                       "WHERE e.is_open AND s.is_open = '0'")
        closed = cursor.fetchone()[0]
    return unchanged, dropped, closed


def gias_write_lock() -> None:
    """Wait until no other GIAS establishments import is writing (national or a council's),
    and keep the others waiting until this transaction ends: an import that knows a URN is not
    stored may insert it without looking for a conflict (`upsert_statement(new_only=True)`)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [GIAS_WRITE_LOCK])


def upsert_statement(parsed: EstablishmentFile, stage: str, provisional_for: Tenant | None,
                     *, new_only: bool = False) -> tuple[str, list]:
    """The upsert of the staging table's rows whose `seq` is in a range (its last two
    parameters) into the establishments, and its parameters before those two; it answers with
    the numbers of rows inserted and updated.

    `ON CONFLICT ... WHERE row_hash IS DISTINCT FROM ...` skips unchanged rows in the database,
    so a re-import writes nothing; the column comparison after it also skips a row whose hash
    differs only because it came from a file with other columns. With `new_only` (none of the
    rows' URNs is stored, under `gias_write_lock`) a plain insert, a sixth cheaper for the
    database, whose row count is the number added."""
    quote = connection.ops.quote_name
    table = quote(Establishment._meta.db_table)
    fields = parsed.fields
    kinds = {name: gias.FIELD_KINDS[name] for name in fields}

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
        elif name == "search_name":
            select_parts.append("COALESCE(s.search_name, '')")
        elif name == "imported_at":
            select_parts.append("now()")
        elif name == "provisional_for_id":
            # New rows of a council's extract are its provisional establishments.
            select_parts.append("%s")
            defaults.append(provisional_for.pk if provisional_for is not None else None)
        else:
            select_parts.append("%s")
            defaults.append(model_field.get_default())
    updated_columns = [*fields, *_derived(parsed), "row_hash", "imported_at"]
    insert = (f"INSERT INTO {table} ({', '.join(insert_columns)}) "
              f"SELECT {', '.join(select_parts)} FROM {stage} s "
              "WHERE s.seq >= %s AND s.seq < %s")
    if new_only:
        return insert, defaults
    sql = (
        f"WITH up AS ({insert} "
        "ON CONFLICT (urn) DO UPDATE SET "
        + ", ".join(f"{quote(name)} = EXCLUDED.{quote(name)}" for name in updated_columns)
        + f" WHERE {table}.row_hash IS DISTINCT FROM EXCLUDED.row_hash AND "
        f"ROW({', '.join(f'{table}.{quote(name)}' for name in fields)}) IS DISTINCT FROM "
        f"ROW({', '.join(f'EXCLUDED.{quote(name)}' for name in fields)}) "
        "RETURNING (xmax = 0) AS inserted) "
        "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) "
        "FROM up"
    )
    return sql, defaults


def _write_postgresql(parsed: EstablishmentFile, rows: list[gias.EstablishmentRow],
                      progress: gias.ProgressCallback | None,
                      provisional_for: Tenant | None = None, any_stored: bool = True) -> dict:
    """Upsert by URN, in chunks (`upsert_statement`), from a staging table holding the
    normalised rows (streamed into it while the file was read, or copied now). `any_stored`:
    False when none of the rows' URNs is stored (a first import), so none can be unchanged or
    closed.
    """
    total = len(rows)
    with connection.cursor() as cursor:
        stage, span = _stage_take(cursor, parsed, rows)
        unchanged_by_hash, _older, closed = (stage_sift(cursor, stage, parsed.fields)
                                             if any_stored else (0, 0, 0))

        sql, defaults = upsert_statement(parsed, stage, provisional_for)
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


def take_over_provisional(urns: list[int]) -> None:
    """The national register has these URNs now: no council holds them provisionally. The
    provisional establishments are few (schools not yet in GIAS), so they are listed and
    matched here rather than 25,000 URNs sent in IN lists to find them."""
    held = set(Establishment.objects.filter(provisional_for__isnull=False)
               .values_list("urn", flat=True))
    taken = [urn for urn in urns if urn in held] if held else []
    for chunk in chunks(taken):
        Establishment.objects.filter(urn__in=chunk, provisional_for__isnull=False).update(
            provisional_for=None)


@transaction.atomic
def establishments_apply(
    parsed: EstablishmentFile, *, tenant: Tenant | None = None, actor: User | None = None,
    progress: gias.ProgressCallback | None = None,
) -> dict:
    """Write the file: nationally, establishments upserted by URN (taking over any council's
    provisional row of the same URN); for a tenant, its provisional establishments (URNs the
    national register does not have) and its register entries for its schools in the file.
    Raises ImportRefused, writing nothing, if the file has any error."""
    rows, outside, errors, national = scope_rows(parsed, tenant=tenant)
    errors = parsed.errors + errors
    if errors:
        raise ImportRefused(errors)
    gias_write_lock()
    matches = stored_matches(rows)
    any_stored = bool(matches[0] or matches[1])
    rows, older = drop_older(parsed, rows, national=tenant is None, matches=matches)
    if connection.vendor == "postgresql":
        counts = _write_postgresql(parsed, rows, progress, provisional_for=tenant,
                                   any_stored=any_stored)
    else:
        counts = _write_python(parsed, rows, provisional_for=tenant)
        if progress is not None:
            progress(len(rows), len(rows))
    if tenant is None and any_stored:
        # (A held URN is a stored one: when none of the file's URNs was stored, none is held.)
        take_over_provisional([row.urn for row in rows])
    counts["outside"] = len(outside)
    counts["older"] = len(older)
    counts["national"] = len(national)
    summary = {"kind": GiasImport.Kind.ESTABLISHMENTS, "total_rows": parsed.total_rows,
               "counts": counts}
    if counts["added"] or counts["changed"] or counts["closed"]:
        # Shared reference data changed: every tenant's cached register pages are stale.
        register_changed()
    if tenant is not None:
        missing = register_missing(tenant, [row.urn for row in rows] + national)
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
                         f"{counts['closed']} closed (the council's provisional schools), "
                         f"{len(national)} in the national register, {len(missing)} added "
                         f"to the register, {len(outside)} rows not for this council refused"),
                changes={"counts": counts, "refused": outside[:OUTSIDE_EXAMPLES]},
            )
    return summary
