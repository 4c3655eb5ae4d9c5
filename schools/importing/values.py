"""What the GIAS importers share: limits, the refusal, and values as the database and the
preview show them."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable
from datetime import date

from schools import gias
from schools.gias import DATE, INTEGER, RowError
from schools.models import Establishment

logger = logging.getLogger(__name__)


EXAMPLES = 10
OUTSIDE_EXAMPLES = 50
CHUNK = 10000
# Rows upserted by one statement on PostgreSQL; progress is reported after each. 50,000 rows
# (a national file) take about a third of a second, so more statements would only add scans of
# the staging table.
WRITE_CHUNK = 50_000
# Characters of COPY data handed to PostgreSQL at a time while a file is streamed into it.
COPY_READ_SIZE = 1 << 16
stage_numbers = itertools.count(1)
# The PostgreSQL advisory lock GIAS establishments imports take to write one at a time
# (`writing.gias_write_lock`): a number no other lock of the product uses.
GIAS_WRITE_LOCK = 4_711_301


class ImportRefused(Exception):
    """The file has errors, so it is not applied."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} error(s) in the file")
        self.errors = errors


# --- Values: normalised strings <-> model values ----------------------------------------------


def normal(kind: str, value) -> str:
    if value is None:
        return ""
    if kind == "boolean":
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def typed(kind: str, value: str):
    if kind == INTEGER:
        return int(value) if value else None
    if kind == DATE:
        return date.fromisoformat(value) if value else None
    if kind == "boolean":
        return value == "1"
    return value


def field_label(field_name: str) -> str:
    if field_name == "is_open":
        return "Open"
    name = str(Establishment._meta.get_field(field_name).verbose_name)
    return name[:1].upper() + name[1:]


def shown(field_name: str, value: str) -> str:
    """A normalised value as the preview shows it."""
    if gias.FIELD_KINDS[field_name] == "boolean":
        return "Yes" if value == "1" else "No"
    return value


def chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
