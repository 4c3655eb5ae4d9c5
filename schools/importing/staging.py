"""The staging table a GIAS establishments file is written from on PostgreSQL, and the
statements that write from it: the rows' COPY lines (`CopyLines`), the table (`stage_create`),
the rows it need not write (`stage_sift`), the upsert (`upsert_statement`), and the lock that
makes imports write one at a time (`gias_write_lock`). Used by `writing` (read, then apply)
and `streamed` (the one pass)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from core.models import Tenant
from schools import gias
from schools.gias import DATE, INTEGER, EstablishmentFile, RowError
from schools.importing.values import COPY_READ_SIZE, GIAS_WRITE_LOCK, stage_numbers
from schools.models import Establishment, Governance
from schools.searching import normalise, normalise_sql


def derived_columns(parsed: EstablishmentFile) -> list[str]:
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
    updated_columns = [*fields, *derived_columns(parsed), "row_hash", "imported_at"]
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
