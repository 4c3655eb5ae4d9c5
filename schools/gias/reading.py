"""Reading the bytes of a GIAS establishments or links file into normalised rows."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from operator import gt, itemgetter

from core import csvfiles
from core.csvfiles import FileRejected, RowError
from core.years import days_in_month
from schools.gias.columns import (
    COLUMNS_TO_ADD,
    DATE,
    ESTABLISHMENT_COLUMNS,
    INTEGER,
    KNOWN_COLUMNS,
    PHASE_COLUMN,
    STATUS_COLUMN,
    TEXT,
    TYPE_COLUMN,
    TYPE_GROUP_COLUMN,
    UNKNOWN_DATE,
    URN_COLUMN,
    EstablishmentFile,
    EstablishmentRow,
    ProgressCallback,
)
from schools.gias.derive import governance_for, is_open_for, phase_for
from schools.models import Establishment

_DATE = re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# Characters str.splitlines breaks at besides \r and \n (csv.reader does not).
_OTHER_LINE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def decode(data: bytes, *, max_bytes: int | None = None) -> tuple[str, str]:
    """The text of an uploaded GIAS CSV and its encoding (core.csvfiles.decode)."""
    return csvfiles.decode(data, max_bytes=max_bytes,
                           download_hint="Download it again from GIAS as CSV.")


def read_header(reader) -> list[str]:
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise FileRejected(RowError("The file is empty.")) from None
    return [name.strip() for name in header]


def gias_date(text: str) -> str | None:
    """ISO date for a GIAS date, "" for empty or GIAS's 1900 placeholder, None if invalid."""
    if not text:
        return ""
    match = _DATE.match(text)
    if match:
        day, month, year = int(match[1]), int(match[2]), match[3]
    else:
        match = _ISO_DATE.match(text)
        if not match:
            return None
        year, month, day = match[1], int(match[2]), int(match[3])
    if not (1 <= month <= 12 and 1 <= day <= days_in_month(int(year), month)):
        return None
    iso = f"{year}-{month:02d}-{day:02d}"
    return "" if iso == UNKNOWN_DATE else iso


def _max_lengths() -> dict[str, int]:
    return {
        f.name: f.max_length for f in Establishment._meta.concrete_fields
        if getattr(f, "max_length", None)
    }


def _copy_escape(value: str) -> str:
    return (value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def _derivation(has_phase: bool, has_type: bool, has_group: bool, has_status: bool):
    """A function from the raw phase, type, group and status to the derived values the file
    allows (phase, governance, is_open), memoised: a file has few distinct combinations."""

    @lru_cache(maxsize=512)
    def derive(phase: str, type_name: str, type_group: str, status: str) -> tuple[str, ...]:
        type_name_or_none = type_name if has_type else None
        type_group_or_none = type_group if has_group else None
        derived = []
        if has_phase:
            derived.append(phase_for(phase, type_name_or_none, type_group_or_none))
        if has_type or has_group:
            governance = governance_for(type_name_or_none, type_group_or_none)
            derived.append(governance.value if governance else "")
        if has_status:
            derived.append(is_open_for(status))
        return tuple(derived)

    return derive


def text_lines(text: str) -> Iterable[str]:
    """The text's lines, with their endings, for csv.reader.

    `str.splitlines` is much faster than iterating a StringIO, and with the endings kept
    csv.reader sees exactly what a file opened with newline="" gives it, except where the text
    holds one of the other characters splitlines breaks at (form feed, U+2028 …): such a text
    is read through StringIO instead.
    """
    if any(char in text for char in _OTHER_LINE_BREAKS):
        return io.StringIO(text, newline="")
    return text.splitlines(keepends=True)


def read_establishments(
    data: bytes, *, max_bytes: int | None = None, progress: ProgressCallback | None = None,
    progress_every: int = 2000,
) -> tuple[EstablishmentFile, Iterator[EstablishmentRow]]:
    """Start reading a GIAS establishments CSV: the file's description and its rows, made as
    they are asked for.

    The header is checked at once (FileRejected if the file as a whole is unusable). Iterating
    the rows reads the file: each valid row is yielded and appended to `rows`, each problem with
    a single value is appended to `errors` with its row and column (every one of them, so a user
    fixes the file once), and FileRejected is raised at the end for a file without rows or in
    the middle for a malformed CSV. `total_rows` and `spilled_rows` are set once it is consumed.
    Yielding rows one at a time lets a caller hand them to the database while the rest of the
    file is still being read.
    """
    text, encoding = decode(data, max_bytes=max_bytes)
    lines = text_lines(text)
    estimated_rows = len(lines) if isinstance(lines, list) else text.count("\n")
    reader = csv.reader(lines)
    header = read_header(reader)
    if {"LinkURN", "LinkType"} <= set(header):
        raise FileRejected(RowError(
            "This is a GIAS links file. Upload it as a links file, not an establishments file."))
    if URN_COLUMN not in header:
        if not KNOWN_COLUMNS & set(header):
            raise FileRejected(RowError(
                "This is not a GIAS establishments CSV: none of its column names are GIAS "
                "columns (the first should be “URN”). Download the file from Get Information "
                "About Schools as CSV."))
        raise FileRejected(RowError(
            "The file has no “URN” column. Every row needs the school's URN.", row=1,
            column="URN"))
    # Counted once (a file of 20,000 unknown columns must not take minutes to check).
    repeated = sorted(name for name, times in Counter(header).items() if name and times > 1)
    if repeated:
        raise FileRejected(RowError(
            f"The header repeats the column “{repeated[0]}”.", row=1, column=repeated[0]))

    index = {name: position for position, name in enumerate(header)}
    mapped = [(column, *ESTABLISHMENT_COLUMNS[column], index[column])
              for column in ESTABLISHMENT_COLUMNS if column in index]
    has_phase = PHASE_COLUMN in index
    type_at, group_at = index.get(TYPE_COLUMN), index.get(TYPE_GROUP_COLUMN)
    derive_governance = type_at is not None or group_at is not None
    status_at = index.get(STATUS_COLUMN)
    fields = [name for _column, name, _kind, _at in mapped]
    if has_phase:
        fields.append("phase")
    if derive_governance:
        fields.append("governance")
    if status_at is not None:
        fields.append("is_open")
    result = EstablishmentFile(
        fields=fields, encoding=encoding,
        can_add=all(column in index for column in COLUMNS_TO_ADD),
        is_full=len(mapped) == len(ESTABLISHMENT_COLUMNS) and has_phase,
    )
    return result, _establishment_rows(
        result, reader, index, mapped, width=len(header), estimated_rows=estimated_rows,
        # COPY needs a backslash, tab or line break escaped. A line break can only be inside a
        # quoted value, which makes the record span several lines; the other two are looked
        # for once in the whole text rather than in every row.
        may_need_escapes="\\" in text or "\t" in text,
        progress=progress, progress_every=progress_every)


def _getter(positions: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """Like itemgetter, but always a tuple (itemgetter of one position gives the item)."""
    if len(positions) >= 2:
        return itemgetter(*positions)
    return lambda values: tuple(values[i] for i in positions)


def _establishment_rows(
    result: EstablishmentFile, reader, index: dict[str, int], mapped: list,
    *, width: int, estimated_rows: int, may_need_escapes: bool,
    progress: ProgressCallback | None, progress_every: int,
) -> Iterator[EstablishmentRow]:
    fields = result.fields
    lengths = _max_lengths()
    urn_at = index[URN_COLUMN]
    type_at, group_at = index.get(TYPE_COLUMN), index.get(TYPE_GROUP_COLUMN)
    status_at = index.get(STATUS_COLUMN)
    # The loop below runs once per row of a 25,000-row national file, so everything that can be
    # is worked out here, and each row is handled with as few Python-level steps as possible:
    # columns are picked with one itemgetter call, stripped with one map, their lengths checked
    # with one comparison in C; only dates, numbers and the LA code are looked at one by one.
    picked = [at for _column, _name, _kind, at in mapped]
    extra = [index.get(PHASE_COLUMN, urn_at), type_at if type_at is not None else urn_at,
             group_at if group_at is not None else urn_at,
             status_at if status_at is not None else urn_at]
    getter = itemgetter(*picked, *extra)
    count = len(mapped)
    dates = [(i, column) for i, (column, _n, kind, _a) in enumerate(mapped) if kind == DATE]
    numbers = [(i, column) for i, (column, _n, kind, _a) in enumerate(mapped) if kind == INTEGER]
    # A text value longer than its field is cut; other kinds are never cut (no limit).
    limits = [lengths.get(name, sys.maxsize) if kind == TEXT else sys.maxsize
              for _column, name, kind, _at in mapped]
    capped = [(i, limit) for i, limit in enumerate(limits) if limit != sys.maxsize]
    required = [(fields.index(ESTABLISHMENT_COLUMNS[column][0]), column)
                for column in COLUMNS_TO_ADD] if result.can_add else []
    la_slot = fields.index("la_code") if "la_code" in fields else None
    number_getter = _getter([i for i, _column in numbers])
    required_getter = _getter([i for i, _column in required])
    # The hash covers the field names and the COPY line: the names' part is hashed once.
    prefix_digest = hashlib.md5(("\x1f".join(fields) + "\x1e").encode(), usedforsecurity=False)
    derive = _derivation(PHASE_COLUMN in index,
                         type_at is not None, group_at is not None, status_at is not None)
    normal_date = lru_cache(maxsize=8192)(gias_date)
    strip = str.strip
    seen: dict[int, int] = {}
    errors = result.errors
    rows = result.rows
    total_rows = spilled_rows = closed_rows = 0
    row_number = 1
    try:
        for record in reader:
            row_number += 1
            if len(record) < width:
                if not any(cell.strip() for cell in record):
                    continue
                total_rows += 1
                errors.append(RowError(
                    f"the row has {len(record)} fields but the header has {width}; the row "
                    "may be cut short.", row=row_number))
                continue
            total_rows += 1
            if progress is not None and total_rows % progress_every == 0:
                progress(total_rows, estimated_rows)
            if len(record) > width:
                spilled_rows += 1
            urn_text = record[urn_at].strip()
            if not urn_text.isdigit() or len(urn_text) > 7:
                if not any(cell.strip() for cell in record):
                    total_rows -= 1
                    continue
                errors.append(RowError(
                    f"“{urn_text[:20]}” is not a URN (a URN is a number of up to 7 digits)."
                    if urn_text else "the URN is empty.", row=row_number, column=URN_COLUMN))
                continue
            urn = int(urn_text)
            if urn in seen:
                errors.append(RowError(
                    f"URN {urn} appears twice, in rows {seen[urn]} and {row_number}.",
                    row=row_number, column=URN_COLUMN))
                continue
            seen[urn] = row_number
            raw = getter(record)
            values = list(map(strip, raw[:count]))
            bad = False
            for i, column in dates:
                value = values[i]
                if value:
                    normal = normal_date(value)
                    if normal is None:
                        errors.append(RowError(
                            f"“{value[:20]}” is not a date in the form DD-MM-YYYY.",
                            row=row_number, column=column))
                        bad = True
                    else:
                        values[i] = normal
            # The numbers one by one only when one is not plain digits or has a leading zero.
            digits = "\t".join(number_getter(values))
            compact = digits.replace("\t", "")
            if (compact and not compact.isdigit()) or digits[:1] == "0" or "\t0" in digits:
                for i, column in numbers:
                    value = values[i]
                    if value:
                        if not value.isdigit():
                            errors.append(RowError(
                                f"“{value[:20]}” is not a whole number.", row=row_number,
                                column=column))
                            bad = True
                        elif value[0] == "0":
                            values[i] = str(int(value))
            if la_slot is not None and values[la_slot] and not (
                    len(values[la_slot]) == 3 and values[la_slot].isdigit()):
                errors.append(RowError(
                    f"“{values[la_slot][:20]}” is not an LA code (three digits, such as 936).",
                    row=row_number, column="LA (code)"))
                bad = True
            if any(map(gt, map(len, values), limits)):
                for i, limit in capped:
                    if len(values[i]) > limit:
                        # Reference data: a GIAS value longer than the register keeps is cut,
                        # not refused, so one overlong website address cannot block a national
                        # import.
                        values[i] = values[i][:limit]
            if required and not all(required_getter(values)):
                for i, column in required:
                    if not values[i]:
                        errors.append(RowError(f"the {column} is empty.", row=row_number,
                                               column=column))
                        bad = True
            if bad:
                continue
            derived = derive(*raw[count:])
            if derived and derived[-1] == "0" and status_at is not None:
                closed_rows += 1
            values.extend(derived)
            line = "\t".join(values)
            kept = None
            if (may_need_escapes or reader.line_num != row_number) and (
                    "\\" in line or "\n" in line or "\r" in line
                    or line.count("\t") >= len(values)):
                kept = tuple(values)
                line = "\t".join(_copy_escape(value) for value in values)
            digest = prefix_digest.copy()
            digest.update(line.encode())
            row = EstablishmentRow(row_number, urn, values[la_slot] if la_slot is not None else "",
                                   line, digest.hexdigest(), kept)
            rows.append(row)
            yield row
    except csv.Error as exc:
        raise FileRejected(RowError(
            f"The file is not a well-formed CSV ({exc}).", row=row_number)) from None
    result.total_rows, result.spilled_rows = total_rows, spilled_rows
    result.closed_rows = closed_rows
    if total_rows == 0:
        raise FileRejected(RowError("The file has a header row but no establishments."))
    if progress is not None:
        progress(total_rows, total_rows)


def parse_establishments(
    data: bytes, *, max_bytes: int | None = None, progress: ProgressCallback | None = None,
    progress_every: int = 2000,
) -> EstablishmentFile:
    """Read a GIAS establishments CSV into normalised rows (all of `read_establishments` at
    once).

    Raises FileRejected when the file as a whole is unusable; problems with single values are
    collected in `errors` with their row and column.
    """
    result, rows = read_establishments(data, max_bytes=max_bytes, progress=progress,
                                       progress_every=progress_every)
    for _row in rows:
        pass
    return result

