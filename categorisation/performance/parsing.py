"""Reading one performance file: its format and year, then every row (per-LA downloads and
Explore Education Statistics files), to indicators and row errors. Nothing here touches the
database."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from categorisation.performance.measures import (
    COHORT_COLUMNS,
    DISADVANTAGED_COHORT_COLUMN,
    DISADVANTAGED_MEASURES,
    EES_COLUMNS,
    FORMAT_EES,
    FORMAT_KS2_FINAL,
    FORMAT_KS4_FINAL,
    KS2_COLUMNS,
    KS4_COLUMNS,
    LA_RECTYPES,
    MEASURES,
    NATIONAL_RECTYPES,
    SCHOOL_RECTYPES,
    Release,
    parse_value,
)
from core.csvfiles import FileRejected, RowError, decode
from core.years import AcademicYear


@dataclass
class PerformanceParse:
    format: str = ""
    year: int | None = None
    release: str = ""
    rows: int = 0
    schools: int = 0
    indicators: list[dict] = field(default_factory=list)
    national: dict[str, Decimal] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    # URN -> (its row, the school's name there): for naming rows left out.
    found: dict[int, tuple[int, str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count_by_measure(self) -> dict[str, dict[str, int]]:
        """{measure: {"values": n, "suppressed": n}}."""
        counts: dict[str, dict[str, int]] = {}
        for item in self.indicators:
            entry = counts.setdefault(item["measure"], {"values": 0, "suppressed": 0})
            entry["values" if item["value"] is not None else "suppressed"] += 1
        return counts

    def suppression_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.indicators:
            if item["suppression"]:
                counts[item["suppression"]] = counts.get(item["suppression"], 0) + 1
        return counts


def detect_format(header: Iterable[str]) -> str | None:
    names = {name.strip() for name in header}
    if {"RECTYPE", "URN"} <= names:
        if "PTRWM_EXP" in names:
            return FORMAT_KS2_FINAL
        if "ATT8SCR" in names or "P8MEA" in names:
            return FORMAT_KS4_FINAL
        return None
    lowered = {name.lower() for name in names}
    if {"time_period", "geographic_level", "school_urn"} <= lowered:
        return FORMAT_EES
    return None


def year_from_name(name: str) -> int | None:
    """'2018-2019_936_ks2final.csv' -> 2018; also '2018_2019', '2018-19'."""
    match = re.search(r"(20\d\d)[-_](20\d\d|\d\d)(?!\d)", name or "")
    if not match:
        return None
    start, end = int(match.group(1)), match.group(2)
    if int(end[-2:]) != (start + 1) % 100:
        return None
    return start


def release_from_name(name: str) -> str:
    lowered = (name or "").lower()
    if "provisional" in lowered:
        return Release.PROVISIONAL
    if "revised" in lowered:
        return Release.REVISED
    return Release.FINAL


def _urn(text: str) -> int | None:
    text = (text or "").strip()
    return int(text) if re.fullmatch(r"\d{5,7}", text) else None


def parse_file(
    data: bytes | str, *, today: date, name: str = "", year: int | None = None,
    release: str | None = None, source: str = "",
) -> PerformanceParse:
    """Parse one performance file. `year` (start of the academic year) and `release` override
    what the file name or the file says. Errors name the row (the header is row 1) and the
    column; a file with any error must not be applied."""
    result = PerformanceParse()
    if isinstance(data, bytes):
        try:
            text, _ = decode(data, download_hint="Download it again from the performance "
                                                 "tables as CSV.")
        except FileRejected as rejected:
            result.errors.append(rejected.error)
            return result
    else:
        text = data
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        result.errors.append(RowError(row=0, column="", message="The file is empty."))
        return result
    header = [name.strip() for name in header]
    result.format = detect_format(header) or ""
    if not result.format:
        result.errors.append(RowError(row=0, column="", message=(
            "This is not a performance tables file: it needs RECTYPE, URN and PTRWM_EXP (key "
            "stage 2) or ATT8SCR / P8MEA (key stage 4), as the DfE per-LA downloads have, or "
            "time_period, geographic_level and school_urn as Explore Education Statistics "
            "files have.")))
        return result
    source = (source or name)[:200]
    if result.format == FORMAT_EES:
        _parse_ees(reader, header, result, today=today, year=year, release=release,
                   source=source)
    else:
        _parse_per_la(reader, header, result, today=today, name=name, year=year,
                      release=release, source=source)
    return result


def _check_year(result: PerformanceParse, year: int | None, today: date, column: str,
                row: int = 0) -> bool:
    if year is None:
        result.errors.append(RowError(row=row, column=column, message=(
            "The academic year is not known: name the file as the DfE does "
            "(e.g. 2018-2019_936_ks2final.csv) or choose the year.")))
        return False
    if not AcademicYear(year).has_ended(today):
        result.errors.append(RowError(row=row, column=column, message=(
            f"The academic year {AcademicYear(year).label} has not ended yet, so it cannot "
            "have results.")))
        return False
    return True


def _parse_per_la(reader, header: list[str], result: PerformanceParse, *, today: date,
                  name: str, year: int | None, release: str | None, source: str) -> None:
    fmt = result.format
    result.year = year if year is not None else year_from_name(name)
    result.release = release or release_from_name(name)
    if not _check_year(result, result.year, today, ""):
        return
    columns = KS2_COLUMNS if fmt == FORMAT_KS2_FINAL else KS4_COLUMNS
    at = {column: header.index(column) for column in columns if column in header}
    rectype_at, urn_at = header.index("RECTYPE"), header.index("URN")
    name_at = header.index("SCHNAME") if "SCHNAME" in header else None
    known_rectypes = (SCHOOL_RECTYPES[fmt] | LA_RECTYPES[fmt] | set(NATIONAL_RECTYPES[fmt]))
    national_rows: dict[str, dict[str, tuple[Decimal | None, str]]] = {}
    seen: dict[int, int] = {}
    for number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        result.rows += 1
        if len(values) > len(header):
            result.errors.append(RowError(
                row=number, column="",
                message=f"The row has {len(values)} fields; the header has {len(header)}."))
            continue
        values = values + [""] * (len(header) - len(values))
        rectype = values[rectype_at].strip()
        if rectype not in known_rectypes:
            result.errors.append(RowError(row=number, column="RECTYPE", message=(
                f"'{rectype}' is not a record type of this file "
                f"({', '.join(sorted(known_rectypes))}).")))
            continue
        parsed: dict[str, tuple[Decimal | None, str]] = {}
        failed = False
        for column, index in at.items():
            measure = MEASURES[columns[column]]
            value, code, error = parse_value(values[index], measure)
            if error:
                result.errors.append(RowError(row=number, column=column, message=error))
                failed = True
            elif value is not None or code:
                parsed[measure.code] = (value, code)
        if failed:
            continue
        if rectype in NATIONAL_RECTYPES[fmt]:
            national_rows[rectype] = parsed
            continue
        if rectype in LA_RECTYPES[fmt]:
            continue
        urn = _urn(values[urn_at])
        if urn is None:
            result.errors.append(RowError(
                row=number, column="URN",
                message=f"'{values[urn_at].strip()}' is not a URN (five to seven digits)."))
            continue
        if urn in seen:
            result.errors.append(RowError(
                row=number, column="URN", message=f"URN {urn} is also on row {seen[urn]}."))
            continue
        seen[urn] = number
        result.found[urn] = (number, values[name_at].strip() if name_at is not None else "")
        result.schools += 1
        context = _context(values, header, fmt)
        for code, (value, suppression) in parsed.items():
            result.indicators.append(_indicator(urn, code, result, value, suppression, source,
                                                context.get(code)))
    for code in set(columns.values()):
        for rectype in NATIONAL_RECTYPES[fmt]:
            value, _suppression = national_rows.get(rectype, {}).get(code, (None, ""))
            if value is not None:
                result.national[code] = value
                break
    _attach_national(result)


def _parse_ees(reader, header: list[str], result: PerformanceParse, *, today: date,
               year: int | None, release: str | None, source: str) -> None:
    lowered = [name.lower() for name in header]
    index = {name: at for at, name in enumerate(lowered)}
    measure_at = {EES_COLUMNS[name]: at for name, at in index.items() if name in EES_COLUMNS}
    if not measure_at:
        result.errors.append(RowError(row=0, column="", message=(
            "The file has none of the measures this service reads ("
            + ", ".join(sorted(EES_COLUMNS)) + ").")))
        return
    column_name = {code: header[at] for code, at in measure_at.items()}
    seen: dict[int, int] = {}
    years: set[int] = set()
    for number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        result.rows += 1
        if len(values) != len(header):
            result.errors.append(RowError(
                row=number, column="",
                message=f"The row has {len(values)} fields; the header has {len(header)}."))
            continue
        period = values[index["time_period"]].strip()
        if not re.fullmatch(r"20\d{4}", period) or int(period[4:]) != (int(period[2:4]) + 1) % 100:
            result.errors.append(RowError(
                row=number, column=header[index["time_period"]],
                message=f"'{period}' is not an academic year (e.g. 202324)."))
            continue
        row_year = year if year is not None else int(period[:4])
        if row_year not in years:
            years.add(row_year)
            if not _check_year(result, row_year, today, header[index["time_period"]], number):
                continue
        row_release = release or _ees_release(values, index)
        parsed: dict[str, tuple[Decimal | None, str]] = {}
        failed = False
        for code, at in measure_at.items():
            value, suppression, error = parse_value(values[at], MEASURES[code])
            if error:
                result.errors.append(RowError(row=number, column=column_name[code], message=error))
                failed = True
            elif value is not None or suppression:
                parsed[code] = (value, suppression)
        if failed:
            continue
        level = values[index["geographic_level"]].strip().lower()
        if level == "national":
            for code, (value, _suppression) in parsed.items():
                if value is not None:
                    result.national[code] = value
            continue
        if level != "school":
            continue
        urn = _urn(values[index["school_urn"]])
        if urn is None:
            result.errors.append(RowError(
                row=number, column=header[index["school_urn"]],
                message=(f"'{values[index['school_urn']].strip()}' is not a URN (five to seven "
                         "digits).")))
            continue
        if urn in seen:
            result.errors.append(RowError(
                row=number, column=header[index["school_urn"]],
                message=f"URN {urn} is also on row {seen[urn]}."))
            continue
        seen[urn] = number
        result.found[urn] = (number, values[index["school_name"]].strip()
                             if "school_name" in index else "")
        result.schools += 1
        for code, (value, suppression) in parsed.items():
            item = _indicator(urn, code, result, value, suppression, source)
            item.update(year=row_year, release=row_release)
            result.indicators.append(item)
    if len(years) == 1:
        result.year = years.pop()
    result.release = release or (result.indicators[0]["release"] if result.indicators
                                 else Release.FINAL)
    _attach_national(result)


def _ees_release(values: list[str], index: dict[str, int]) -> str:
    if "version" not in index:
        return Release.FINAL
    version = values[index["version"]].strip().lower()
    return {"provisional": Release.PROVISIONAL, "revised": Release.REVISED}.get(
        version, Release.FINAL)


def _indicator(urn: int, code: str, result: PerformanceParse, value: Decimal | None,
               suppression: str, source: str, context: dict | None = None) -> dict:
    """One indicator; `context` adds what the file says about it (cohort, interval)."""
    return {
        "urn": urn, "measure": code, "year": result.year, "release": result.release,
        "value": value, "national": None, "suppression": suppression,
        "higher_is_better": MEASURES[code].higher_is_better, "source": source,
        "cohort": None, "ci_low": None, "ci_high": None, **(context or {}),
    }


def _count(text: str) -> int | None:
    """A pupil count, or None for a code (SUPP, NP) or a blank."""
    text = text.strip()
    return int(text) if text.isdigit() else None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        return None


def _context(values: list[str], header: list[str], fmt: str) -> dict[str, dict]:
    """By measure: the cohort and confidence interval a per-LA file gives beside the value."""
    def at(column: str) -> str:
        return values[header.index(column)] if column in header else ""

    cohort = _count(at(COHORT_COLUMNS[fmt]))
    columns = KS2_COLUMNS if fmt == FORMAT_KS2_FINAL else KS4_COLUMNS
    context: dict[str, dict[str, object]] = {code: {"cohort": cohort}
                                             for code in columns.values()}
    disadvantaged = _count(at(DISADVANTAGED_COHORT_COLUMN))
    for code in DISADVANTAGED_MEASURES & set(context):
        context[code]["cohort"] = disadvantaged
    if fmt == FORMAT_KS4_FINAL:
        context["ks4_p8"].update(ci_low=_decimal(at("P8CILOW")), ci_high=_decimal(at("P8CIUPP")))
    return context


def _attach_national(result: PerformanceParse) -> None:
    for item in result.indicators:
        item["national"] = result.national.get(item["measure"])
