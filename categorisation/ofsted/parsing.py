"""Parsing an Ofsted management-information file into inspections and row errors."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from categorisation.models import CategoryOfConcern, GradeScale, InspectionEra
from categorisation.ofsted.columns import (
    CONCERN,
    FORMAT_2026,
    FORMAT_LEGACY,
    FORMATS,
    INSPECTION_FIELDS,
    LEGACY_LATEST_BLOCK,
    NULL_VALUES,
    OEIF_BLOCK,
    REPORT_CARD_BLOCK,
    SAFEGUARDING,
    SCHOOL_NAME_COLUMN,
    UNGRADED,
    URN_COLUMN,
    Block,
    Label,
    LabelBook,
    normalise,
)
from core.csvfiles import FileRejected, RowError, decode

# --- Results ------------------------------------------------------------------------------



@dataclass
class ParseResult:
    format: str = ""
    rows: int = 0
    inspections: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # URN -> (the first row reporting it, the school's name there): for naming rows left out.
    found: dict[int, tuple[int, str]] = field(default_factory=dict)

    def count_by_era(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for inspection in self.inspections:
            counts[inspection["era"]] = counts.get(inspection["era"], 0) + 1
        return counts


def row_hash(values: Mapping) -> str:
    text = "\x1f".join(
        "" if values.get(name) is None else str(values.get(name)) for name in INSPECTION_FIELDS
    )
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


# --- Parsing ------------------------------------------------------------------------------



def detect_format(header: Iterable[str]) -> str | None:
    names = {normalise(name) for name in header}
    if normalise(OEIF_BLOCK.number) in names or normalise(REPORT_CARD_BLOCK.number) in names:
        return FORMAT_2026
    if normalise(LEGACY_LATEST_BLOCK.number) in names:
        return FORMAT_LEGACY
    return None


def parse_file(data: bytes | str, *, labels: LabelBook, today: date) -> ParseResult:
    if isinstance(data, bytes):
        try:
            text, _ = decode(data, download_hint="Download it again from Ofsted as CSV.")
        except FileRejected as rejected:
            return ParseResult(errors=[rejected.error])
    else:
        text = data
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        return ParseResult(errors=[RowError(row=0, column="", message="The file is empty.")])
    rows = []
    errors = []
    for number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            errors.append(RowError(
                row=number, column="",
                message=f"The row has {len(values)} fields; the header has {len(header)}."
            ))
            continue
        rows.append((number, dict(zip(header, values, strict=True))))
    result = parse_rows(rows, header=header, labels=labels, today=today)
    result.errors[:0] = errors
    result.rows += len(errors)
    return result


def parse_rows(
    rows: Iterable[tuple[int, Mapping[str, str]]], *, header: Iterable[str], labels: LabelBook,
    today: date,
) -> ParseResult:
    """Parse (row number, {column: value}) pairs. Errors name the row and the column."""
    header = list(header)
    result = ParseResult(format=detect_format(header) or "")
    if not result.format or normalise(URN_COLUMN) not in {normalise(h) for h in header}:
        result.errors.append(RowError(row=0, column="", message=(
            "This is not Ofsted's state-funded schools inspections file: it needs a URN column "
            "and an inspection number column ('Inspection number of latest OEIF graded "
            "inspection', or 'Inspection number' in the older format)."
        )))
        return result
    by_number: dict[str, dict] = {}
    for number, raw in rows:
        result.rows += 1
        row = _Row(number, raw, result.errors)
        urn = row.urn(URN_COLUMN)
        if urn is None:
            continue
        result.found.setdefault(urn, (number, row.get(SCHOOL_NAME_COLUMN)))
        for block in FORMATS[result.format]:
            inspection = _parse_block(row, block, urn, labels, today)
            if inspection is None:
                continue
            kept = by_number.get(inspection["inspection_number"])
            if kept is None or (kept["urn"] != kept["inspected_urn"]
                                and inspection["urn"] == inspection["inspected_urn"]):
                by_number[inspection["inspection_number"]] = inspection
    result.inspections = list(by_number.values())
    return result


class _Row:
    """One row's values by normalised column name, collecting its errors."""

    def __init__(self, number: int, raw: Mapping[str, str], errors: list[RowError]):
        self.number = number
        self.values = {normalise(key): (value or "").strip() for key, value in raw.items() if key}
        self.names = {normalise(key): key for key in raw if key}
        self.errors = errors
        self.failed = False

    def has(self, column: str) -> bool:
        return normalise(column) in self.values

    def get(self, column: str) -> str:
        value = self.values.get(normalise(column), "")
        return "" if value.lower() in NULL_VALUES else value

    def error(self, column: str, message: str) -> None:
        self.failed = True
        name = self.names.get(normalise(column), column)
        self.errors.append(RowError(row=self.number, column=name, message=message))

    def urn(self, column: str) -> int | None:
        value = self.get(column)
        if not value:
            if self.has(column):
                self.error(column, "A URN is required.")
            return None
        if not re.fullmatch(r"\d{5,7}", value):
            self.error(column, f"'{value}' is not a URN (five to seven digits).")
            return None
        return int(value)

    def date(self, column: str, today: date, *, required: bool = False) -> date | None:
        value = self.get(column)
        if not value:
            if required:
                self.error(column, "A date is required.")
            return None
        parsed = None
        for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
            try:
                parsed = datetime.strptime(value, pattern).date()
                break
            except ValueError:
                continue
        if parsed is None:
            self.error(column, f"'{value}' is not a date (DD/MM/YYYY).")
            return None
        if parsed > today:
            self.error(column, f"{parsed:%d/%m/%Y} is in the future.")
            return None
        return parsed

    def yes_no(self, column: str) -> bool | None:
        value = self.get(column).lower()
        if not value:
            return None
        if value in ("yes", "no"):
            return value == "yes"
        self.error(column, f"'{self.get(column)}' is not Yes or No.")
        return None

    def label(self, column: str, scale: str, labels: LabelBook) -> Label | None:
        value = self.get(column)
        if not value:
            return None
        found = labels.find(scale, value)
        if found is None:
            self.error(column, (
                f"Unknown label '{value}' for {GradeScale.Code(scale).label.lower()}: add it to "
                "the grade labels if Ofsted has started to use it."
            ))
        return found


def _parse_block(
    row: _Row, block: Block, urn: int, labels: LabelBook, today: date,
) -> dict | None:
    number = row.get(block.number)
    if not number:
        return None
    errors_before = len(row.errors)
    columns = block.columns
    values: dict = {name: None for name in INSPECTION_FIELDS}
    values.update(inspection_number=number, urn=urn)
    values["start_date"] = row.date(block.start, today, required=True)
    if "publication_date" in columns:
        values["publication_date"] = row.date(columns["publication_date"], today)
    if (values["start_date"] and values["publication_date"]
            and values["publication_date"] < values["start_date"]):
        row.error(columns["publication_date"], "The publication date is before the start date.")
    for name in ("inspection_type", "inspection_type_grouping", "event_type_grouping",
                 "inspected_name", "inspected_type"):
        values[name] = row.get(columns[name]) if name in columns else ""
    inspected = row.urn(columns["inspected_urn"]) if row.get(columns["inspected_urn"]) else None
    values["inspected_urn"] = inspected or urn
    relates = row.yes_no(columns["relates_to_current_urn"])
    values["relates_to_current_urn"] = (
        relates if relates is not None else values["inspected_urn"] == urn
    )

    concern = row.label(columns["category_of_concern"], CONCERN, labels) \
        if "category_of_concern" in columns else None
    values["category_of_concern"] = concern.code if concern and concern.is_judgement else ""
    if concern and concern.code not in CategoryOfConcern.values:
        row.error(columns["category_of_concern"], f"'{concern.code}' is not a category of concern.")
    if "safeguarding_met" in columns:
        safeguarding = row.label(columns["safeguarding_met"], SAFEGUARDING, labels)
        values["safeguarding_met"] = (
            safeguarding.rank == 1 if safeguarding and safeguarding.is_judgement else None
        )
    for name, (column, scale) in block.grades.items():
        found = row.label(column, scale, labels)
        values[name] = found.rank if found and found.is_judgement else None
    values["ungraded_outcome"] = ""
    if "ungraded_outcome" in columns:
        outcome = row.label(columns["ungraded_outcome"], UNGRADED, labels)
        values["ungraded_outcome"] = outcome.label if outcome else ""
        values["ungraded_outcome_label_id"] = outcome.pk if outcome else None
        if outcome is None and not row.get(columns["ungraded_outcome"]):
            row.error(columns["ungraded_outcome"], "An ungraded inspection needs its outcome.")

    if block.era:
        values["era"] = block.era
    elif values["overall_effectiveness"] is not None:
        values["era"] = InspectionEra.OEIF_GRADED
    else:
        values["era"] = InspectionEra.OEIF_SUB_JUDGEMENTS
    if len(row.errors) > errors_before:
        return None
    return values
