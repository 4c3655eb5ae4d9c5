"""Reading a GIAS links file (predecessors and successors, academy conversions)."""

from __future__ import annotations

import csv

from core.csvfiles import FileRejected, RowError
from schools.gias.columns import (
    KNOWN_COLUMNS,
    LINK_COLUMNS,
    URN_COLUMN,
    LinkRow,
    LinksFile,
    ProgressCallback,
)
from schools.gias.reading import decode, gias_date, read_header, text_lines


def parse_links(
    data: bytes, *, max_bytes: int | None = None, progress: ProgressCallback | None = None,
) -> LinksFile:
    """Read a GIAS links CSV (URN, LinkURN, LinkName, LinkType, LinkEstablishedDate)."""
    text, encoding = decode(data, max_bytes=max_bytes)
    reader = csv.reader(text_lines(text))
    header = read_header(reader)
    missing = [column for column in ("URN", "LinkURN", "LinkType") if column not in header]
    if missing:
        if URN_COLUMN in header and KNOWN_COLUMNS & set(header) - {URN_COLUMN}:
            raise FileRejected(RowError(
                "This is a GIAS establishments file. Upload it as an establishments file, not "
                "a links file."))
        raise FileRejected(RowError(
            "This is not a GIAS links CSV: it has no "
            + ", ".join(f"“{column}”" for column in missing)
            + " column. The links file's columns are " + ", ".join(LINK_COLUMNS) + ".",
            row=1, column=missing[0]))
    index = {name: position for position, name in enumerate(header)}
    name_at, date_at = index.get("LinkName"), index.get("LinkEstablishedDate")
    result = LinksFile(encoding=encoding)
    seen: dict[tuple[int, int, str], int] = {}
    width = max(index[c] for c in ("URN", "LinkURN", "LinkType")) + 1
    row_number = 1
    try:
        for record in reader:
            row_number += 1
            if not any(cell.strip() for cell in record):
                continue
            result.total_rows += 1
            if len(record) < width:
                result.errors.append(RowError("the row is cut short.", row=row_number))
                continue
            numbers = []
            for column in ("URN", "LinkURN"):
                value = record[index[column]].strip()
                if not value.isdigit() or len(value) > 7:
                    result.errors.append(RowError(
                        f"“{value[:20]}” is not a URN.", row=row_number, column=column))
                else:
                    numbers.append(int(value))
            link_type = record[index["LinkType"]].strip()[:100]
            if not link_type:
                result.errors.append(RowError("the link type is empty.", row=row_number,
                                              column="LinkType"))
            date_text = record[date_at].strip() if date_at is not None else ""
            established = gias_date(date_text)
            if established is None:
                result.errors.append(RowError(
                    f"“{date_text[:20]}” is not a date in the form DD-MM-YYYY.", row=row_number,
                    column="LinkEstablishedDate"))
            if len(numbers) < 2 or not link_type or established is None:
                continue
            key = (numbers[0], numbers[1], link_type)
            if key in seen:
                result.errors.append(RowError(
                    f"the link {numbers[0]} {link_type} {numbers[1]} appears twice, in rows "
                    f"{seen[key]} and {row_number}.", row=row_number, column="URN"))
                continue
            seen[key] = row_number
            result.rows.append(LinkRow(
                row_number=row_number, urn=numbers[0], linked_urn=numbers[1],
                linked_name=(record[name_at].strip()[:200] if name_at is not None else ""),
                link_type=link_type, established_date=established,
            ))
    except csv.Error as exc:
        raise FileRejected(RowError(
            f"The file is not a well-formed CSV ({exc}).", row=row_number)) from None
    if result.total_rows == 0:
        raise FileRejected(RowError("The file has a header row but no links."))
    return result
