"""Uploads read a chunk at a time with tasks inline, and uploads nobody came back to.

With tasks inline (no broker: the embedded default) there is no worker to run an import's step
while its page polls, so each kind's steps (`FileImport.import_steps`: the analyse and apply
tasks) go a chunk at a time: the task reads `inline_chunk_rows()` more rows and records how far
it got (`read_ahead`), and each request for the running import's page or progress runs it again
for the next chunk — no thread, nothing left running between requests. Only reading and
checking is chunked: the last chunk does the whole step as a worker would, so a check still
names every bad row by its number and applying stays one transaction (a file with a bad row
writes nothing). A chunk that meets a bad row, or the end of the file, hands over to the whole
step at once.

One way for every kind: an importer gives `read_ahead` a `rows_fine(data, start, stop)` — are
the file's data rows `start`..`stop - 1` all fine, with more rows after them? GIAS streams its
own reader; a kind whose parser takes a whole CSV text uses `csv_rows_fine`, which hands it
the header and the chunk's rows alone.

An upload whose page nobody reopens would stay "Checking the file" for ever, since only its
page's requests move it on. `finish_running` finishes such uploads in full: the imports list
calls it for its kind (with tasks inline), and a periodic task (`core.tasks.
file_imports_sweep`) for checks a lost task left behind (with a worker, whose queue a broker
outage may have dropped).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from itertools import islice

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from core.csvfiles import FileRejected, decode
from core.models import FileImport

# rows_fine(data, start, stop): True when the data rows start..stop-1 (0 is the row after the
# header) have no problem and the file goes on after them.
RowsFine = Callable[[bytes, int, int], bool]

CHECKING = "Checking the file"
READING = "Reading the file"

_whole_steps: ContextVar[bool] = ContextVar("whole_steps", default=False)


def tasks_inline() -> bool:
    """Whether tasks run inline, in the request that queues them (no broker configured)."""
    from celery import current_app

    return bool(current_app.conf.task_always_eager)


def inline_chunk_rows() -> int | None:
    """How many rows an import's task reads in one go: a chunk with tasks inline (the page's
    polls do the rest), all of them (None) on a worker or inside `whole_steps()`."""
    if tasks_inline() and not _whole_steps.get():
        return settings.FILE_IMPORT_CHUNK_ROWS
    return None


@contextmanager
def whole_steps() -> Iterator[None]:
    """Steps run inside this block do their whole work, not a chunk."""
    token = _whole_steps.set(True)
    try:
        yield
    finally:
        _whole_steps.reset(token)


def chunked_step(record: FileImport, chunk_rows: int | None, rows_fine: RowsFine) -> bool:
    """Whether this run of a step was one chunk of its reading (`read_ahead`), so the step
    stops there; False: do the whole step now (no chunks, or the last one)."""
    if not chunk_rows:
        return False
    if record.status in (record.Status.PENDING, record.Status.ANALYSING):
        note = CHECKING
    elif record.status == record.Status.APPLYING:
        note = READING
    else:
        return False
    return not read_ahead(record, chunk_rows=chunk_rows, note=note, rows_fine=rows_fine)


def read_ahead(record: FileImport, *, chunk_rows: int, note: str, rows_fine: RowsFine) -> bool:
    """One chunk of a step's reading, with tasks inline: read and check the rows up to
    `chunk_rows` past where the last chunk stopped, and record how far that is (False: more to
    read). True — do the whole step now — once the end is reached, or a row is wrong, or the
    file is refused: the step then reports it as it always does. Writes nothing but the status
    record."""
    with record.file.open("rb") as handle:  # type: ignore[attr-defined]  # each kind has one
        data = handle.read()
    target = record.processed_rows + chunk_rows
    if not rows_fine(data, record.processed_rows, target):
        return True
    if record.status == record.Status.PENDING:
        record.status = record.Status.ANALYSING
    record.processed_rows = target
    # The lines of the file less its header: a row spanning lines (a quoted line break) makes
    # it an estimate, so it is kept above what is done until the end.
    lines = data.count(b"\n") + (not data.endswith(b"\n"))
    record.total_rows = max(lines - 1, target + 1)
    record.progress_note = note
    record.save(update_fields=["status", "processed_rows", "total_rows", "progress_note"])
    return False


def csv_rows_fine(parse_clean: Callable[[str], bool]) -> RowsFine:
    """A `rows_fine` for a parser of a whole CSV text: `parse_clean(text)` says whether a text
    (the file's header and some of its rows) parses without an error. The chunk's rows are
    handed to it with the header alone, so each row is parsed once in the chunks; what spans
    rows (a URN on two rows) is found by the whole step at the end."""

    def rows_fine(data: bytes, start: int, stop: int) -> bool:
        try:
            text, _encoding = decode(data)
            reader = csv.reader(io.StringIO(text))
            header = next(reader, None)
            chunk = list(islice(reader, start, stop + 1))  # one more: does the file go on?
        except (FileRejected, csv.Error):
            return False
        if header is None or len(chunk) <= stop - start:
            return False
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(chunk[:-1])
        return parse_clean(out.getvalue())

    return rows_fine


def _steps_of(model: type[FileImport]) -> tuple[str, str] | None:
    return getattr(model, "import_steps", None)


def run_step(model: type[FileImport], pk: int, status: str) -> None:
    """Run (with tasks inline) or queue the step an import of this status is at: its apply
    while applying, else its check."""
    from celery import current_app

    steps = _steps_of(model)
    if steps is None:
        return
    analyse, apply = steps
    current_app.tasks[apply if status == FileImport.Status.APPLYING else analyse].delay(pk)


def finish_running(model: type[FileImport], *, applying: bool = True,
                   started_before: timedelta | None = None) -> int:
    """Finish, in full, the uploads of one kind (in the current tenant's scope) still being
    checked — and applied, unless `applying` is False — and, with `started_before`, uploaded
    at least that long ago: each step is run as a worker would, to the end. With tasks inline
    that is done here; with a worker, it is queued again (a check is read-only, so a second
    run of one still queued is harmless: the first to finish wins, the other does nothing).
    Returns how many were moved on."""
    if _steps_of(model) is None:
        return 0
    statuses = [FileImport.Status.PENDING, FileImport.Status.ANALYSING]
    if applying:
        statuses.append(FileImport.Status.APPLYING)
    running = model.objects.filter(status__in=statuses)
    if started_before is not None:
        running = running.filter(created_at__lt=timezone.now() - started_before)
    count = 0
    for pk, status in running.order_by("pk").values_list("pk", "status"):
        with whole_steps():
            run_step(model, pk, status)
        count += 1
    return count


def finish_abandoned_checks(*, started_before: timedelta) -> int:
    """Every kind's checks (in the current tenant's scope) uploaded more than `started_before`
    ago and still running: finished by `finish_running`. Applying is left alone: a second run
    of an apply still queued could write twice."""
    return sum(finish_running(model, applying=False, started_before=started_before)
               for model in apps.get_models()
               if issubclass(model, FileImport) and _steps_of(model))
