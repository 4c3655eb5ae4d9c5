"""Reading an uploaded CSV, the same way for every importer (GIAS, Ofsted, performance, and the
census and contribution files to come): one encoding rule, one kind of row error, one refusal.

- `decode(data)` gives the text and the encoding it was read with: UTF-8 (with or without a
  byte-order mark), else Windows-1252 (what Excel saves); anything else, a binary file, an
  empty file or one over `max_bytes` is refused with a `FileRejected` that says so.
- `match_columns(...)` finds an importer's columns in the header row, loosely spelled.
- `RowError` names the row as a spreadsheet shows it (the header is row 1; no row for the file
  as a whole) and the column, so the preview can point at the cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    """A problem with the file: row number as a spreadsheet shows it (the header is row 1)."""

    message: str
    row: int | None = None
    column: str = ""

    def as_dict(self) -> dict:
        return {"row": self.row or None, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = []
        if self.row:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column “{self.column}”")
        if not where:
            return self.message
        text = ", ".join(where)
        return f"{text[0].upper()}{text[1:]}: {self.message}"


class FileRejected(Exception):
    """The file as a whole cannot be read; nothing was changed."""

    def __init__(self, error: RowError):
        super().__init__(str(error))
        self.error = error


def decode(data: bytes, *, max_bytes: int | None = None,
           download_hint: str = "Save it again as CSV.") -> tuple[str, str]:
    """The text of an uploaded CSV and the encoding it was read with; FileRejected if it
    cannot be one (`download_hint` says where to get a good file)."""
    if max_bytes is not None and len(data) > max_bytes:
        raise FileRejected(RowError(
            f"The file is {len(data) / 1_048_576:.1f} MB; the largest file accepted is "
            f"{max_bytes / 1_048_576:.0f} MB."))
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = data[3:].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError:
            raise FileRejected(RowError(
                f"The file says it is UTF-8 but is not. {download_hint}")) from None
    else:
        try:
            text, encoding = data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "Windows-1252"
            except UnicodeDecodeError:
                raise FileRejected(RowError(
                    "The file is not a CSV text file (it is neither UTF-8 nor Windows-1252). "
                    f"{download_hint}")) from None
    if "\x00" in text:
        raise FileRejected(RowError(f"The file is not a CSV text file. {download_hint}"))
    if not text or text.isspace():  # (not text.strip(): that copies a national file)
        raise FileRejected(RowError("The file is empty."))
    return text, encoding


def match_columns(fieldnames: Sequence[str] | None, *, spellings: dict[str, tuple[str, ...]],
                  required: tuple[str, ...], titles: dict[str, str],
                  expected: str) -> dict[str, str]:
    """Our name -> the file's header, matching headers loosely (case, spaces, underscores and
    hyphens do not matter) against each name's accepted `spellings`; the first header that
    matches a name wins. A missing `required` column refuses the file, naming it by its
    title and saying which columns the first row must name (`expected`)."""
    found: dict[str, str] = {}
    for header in fieldnames or []:
        normal = re.sub(r"[\s_\-]+", " ", header.strip().lower())
        for name, accepted in spellings.items():
            if normal in accepted and name not in found:
                found[name] = header
    missing = [titles[name] for name in required if name not in found]
    if missing:
        raise FileRejected(RowError(
            f"The file has no {' or '.join(missing)} column. The first row must name the "
            f"columns: {expected}."))
    return found
