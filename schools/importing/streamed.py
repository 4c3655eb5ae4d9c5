"""A national establishments file read and written in one pass (`establishments_import`): the
command line's import and the operator's apply task, on PostgreSQL.

Reading is Python's work and writing is the database's: one after the other, each waits while
the other works (bench/README.md). Here the rows are written in chunks while the file is still
being read: as this thread reads chunk k, a second thread has the database store chunk k-1 in a
staging table (emptied between chunks), take out the rows older than stored (the staleness
rule, `stage_sift`), count the schools the rest close and upsert them (`upsert_statement`), all
in the caller's one transaction. Rows stored with the same hash are not even sent: the stored
hashes are read first. The second thread uses the same database connection, which this thread
leaves alone until that thread has finished; psycopg2 lets a thread wait for the database
without holding the GIL, so the two really work at once.

The outcome is `establishments_apply`'s for the same file: an error anywhere in the file
refuses it (the transaction takes back the chunks written before it was found) and the counts
are the same. A file without LA codes (which may name URNs the register lacks) and any other
database than PostgreSQL are read first and applied after, as before. Imports write one at a
time (`gias_write_lock`), so a chunk of URNs not stored is inserted without looking for
conflicts.
"""

from __future__ import annotations

import io
import queue
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from schools import gias
from schools.gias import EstablishmentFile
from schools.importing.staging import (
    CopyLines,
    gias_write_lock,
    stage_create,
    stage_sift,
    upsert_statement,
)
from schools.importing.values import COPY_READ_SIZE, ImportRefused
from schools.importing.writing import (
    establishments_apply,
    take_over_provisional,
    written_counts,
    written_summary,
)
from schools.models import Establishment

# Rows written at a time: small enough for the writing to start soon after the reading and
# to end soon after it, large enough that each chunk's statements cost little beside its rows.
CHUNK_ROWS = 2000
# Seconds (see `establishments_import`): measured best at about 0.5 ms (bench/README.md).
GIL_SWITCH_INTERVAL = 0.0005


def establishments_import(data: bytes, *, max_bytes: int | None = None,
                          progress: gias.ProgressCallback | None = None) -> dict:
    """Read a national GIAS establishments file and write it, in one pass where it can be
    (see the module's docstring). Returns `establishments_apply`'s summary; raises
    FileRejected for a file unusable as a whole and ImportRefused, writing nothing, for one
    with any error."""
    parsed, rows = gias.read_establishments(data, max_bytes=max_bytes, progress=progress)
    if connection.vendor != "postgresql" or "la_code" not in parsed.fields:
        for _row in rows:
            pass
        return establishments_apply(parsed)
    with transaction.atomic():
        gias_write_lock()  # before the stored hashes are read: no other import changes them
        with _foreign_keys_checked_per_statement():
            counts = _write_while_reading(parsed, rows)
        if parsed.errors:
            raise ImportRefused(parsed.errors)
        take_over_provisional([row.urn for row in parsed.rows])
    return _summary(parsed, counts)


def _write_while_reading(parsed: EstablishmentFile,
                         rows: Iterator[gias.EstablishmentRow]) -> Counter:
    """Read the rows, handing them to the writing thread a chunk at a time (none once the file
    shows an error); the counts of what was written."""
    writer = _ChunkWriter(parsed)
    finished = False
    # The writing thread needs the GIL back after each statement, from this thread, which
    # reads without pause: by default it waits up to 5 ms for it, the database idle the
    # while. For the time of the import, the interpreter hands it over sooner.
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)
    try:
        chunk: list[gias.EstablishmentRow] = []
        for row in rows:
            if parsed.errors:
                continue  # refused: read on only to report every error
            chunk.append(row)
            if len(chunk) == CHUNK_ROWS:
                writer.put(chunk)
                chunk = []
        if chunk and not parsed.errors:
            writer.put(chunk)
        finished = True
    finally:
        counts = writer.finish(raise_failure=finished)
        sys.setswitchinterval(switch_interval)
    return counts


@contextmanager
def _foreign_keys_checked_per_statement():
    """The establishments' deferred foreign keys checked as each chunk is written, by the
    database while the next is read, rather than all at the commit; deferred again after."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT conname FROM pg_constraint WHERE contype = 'f' AND condeferred "
                       "AND conrelid = %s::regclass", [Establishment._meta.db_table])
        names = ", ".join(connection.ops.quote_name(name) for (name,) in cursor.fetchall())
        if names:
            cursor.execute(f"SET CONSTRAINTS {names} IMMEDIATE")
    yield
    if names:
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS {names} DEFERRED")


def _stored_hashes(cursor) -> dict[int, str]:
    """Every stored establishment's hash, by URN: a row with the stored hash is unchanged, and
    is never sent to the database (a re-import of the same file sends nothing)."""
    cursor.execute(f"SELECT urn, row_hash FROM {Establishment._meta.db_table}")
    return dict(cursor.fetchall())


def _summary(parsed: EstablishmentFile, counts: Counter) -> dict:
    """`establishments_apply`'s summary, from what the chunks' statements counted."""
    written = written_counts(len(parsed.rows) - counts["older"], counts["added"],
                             counts["updated"], counts["closed"])
    return written_summary(parsed, {**written, "outside": 0, "older": counts["older"],
                                    "national": 0})


class _ChunkWriter:
    """The second thread: writes each chunk handed to it (`put`), in order, through the
    connection's own psycopg2 connection (Django's is per thread), from one staging table
    emptied between chunks. Each statement's return waits for the GIL, so a chunk costs as few
    as it can: the copy, the sifting only when a row of the chunk is stored, the upsert."""

    def __init__(self, parsed: EstablishmentFile):
        self.parsed = parsed
        # Read by this thread while the reading thread reads the first chunk (`_run`): a
        # re-import writes nothing, so this read was all it added to the reading.
        self.stored: dict[int, str] = {}
        self.stored_read = threading.Event()
        self.counts: Counter = Counter()
        self.failure: BaseException | None = None
        self.columns = CopyLines.columns(parsed.fields)
        self.statements: dict[bool, tuple[str, list]] = {}
        # Two chunks waiting at most: the reader never gets far ahead of the database.
        self.chunks: queue.Queue = queue.Queue(maxsize=2)
        self.thread = threading.Thread(target=self._run, args=(connection.connection,),
                                       name="gias-import-writer", daemon=True)
        self.thread.start()

    def put(self, rows: list[gias.EstablishmentRow]) -> None:
        """Hand over a chunk of rows to write, less those stored with the same hash. The COPY
        text is made here, so that the other thread holds the GIL as little as it can."""
        self.stored_read.wait()
        stored = self.stored
        if stored:
            changed = [row for row in rows if stored.get(row.urn) != row.row_hash]
            if not changed:  # (counted as unchanged by `_summary`)
                return
            rows = changed
        any_stored = any(row.urn in stored for row in rows) if stored else False
        self.chunks.put((CopyLines(rows, [], self.parsed.fields).read(-1), len(rows),
                         any_stored))

    def finish(self, *, raise_failure: bool) -> Counter:
        """Wait for the chunks handed over to be written; raise what stopped the writing
        (unless the reading failed first: its error is the one to report)."""
        self.chunks.put(None)
        self.thread.join()
        if self.failure is not None and raise_failure:
            with connection.wrap_database_errors:  # psycopg2's errors as Django's
                raise self.failure
        return self.counts

    def _run(self, database) -> None:
        stage = ""
        with database.cursor() as cursor:
            try:
                self.stored = _stored_hashes(cursor)
            except BaseException as exc:  # raised again in the reading thread
                self.failure = exc
            finally:
                self.stored_read.set()
            while (item := self.chunks.get()) is not None:
                if self.failure is not None:
                    continue  # keep taking chunks, so that the reader is never blocked
                try:
                    if stage:
                        cursor.execute(f"TRUNCATE {stage}")
                    else:
                        stage = stage_create(cursor, self.parsed.fields)
                        # {any row stored: the upsert; none: the plain insert}
                        self.statements = {
                            stored: upsert_statement(self.parsed, stage, provisional_for=None,
                                                     new_only=not stored)
                            for stored in (True, False)}
                    self._write(cursor, stage, *item)
                except BaseException as exc:  # raised again in the reading thread
                    self.failure = exc
            if stage and self.failure is None:
                cursor.execute(f"DROP TABLE {stage}")

    def _write(self, cursor, stage: str, text: str, count: int, any_stored: bool) -> None:
        # In one read: each read takes the GIL back from the reading thread, which may keep
        # it for the interpreter's switch interval (5 ms).
        cursor.copy_expert(f"COPY {stage} ({self.columns}) FROM STDIN", io.StringIO(text),
                           size=max(len(text), COPY_READ_SIZE))
        if not any_stored:  # every row is new: inserted (under the import's lock)
            insert, parameters = self.statements[False]
            cursor.execute(insert, [*parameters, 0, count])
            self.counts.update(added=cursor.rowcount)
            return
        _unchanged, older, closed = stage_sift(cursor, stage, self.parsed.fields,
                                               same_hash=False, older=True)
        upsert, parameters = self.statements[True]
        cursor.execute(upsert, [*parameters, 0, count])
        added, updated = cursor.fetchone()
        self.counts.update(older=older, closed=closed, added=added, updated=updated)
