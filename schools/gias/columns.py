"""The GIAS columns the register keeps, and the shapes a parsed file takes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from core.csvfiles import RowError

ProgressCallback = Callable[[int, int], None]

# GIAS column -> Establishment field, and the kind of value it holds.
TEXT, INTEGER, DATE = "text", "integer", "date"
ESTABLISHMENT_COLUMNS: dict[str, tuple[str, str]] = {
    "LA (code)": ("la_code", TEXT),
    "LA (name)": ("la_name", TEXT),
    "EstablishmentNumber": ("establishment_number", TEXT),
    "EstablishmentName": ("name", TEXT),
    "TypeOfEstablishment (name)": ("type_name", TEXT),
    "EstablishmentTypeGroup (name)": ("type_group", TEXT),
    "EstablishmentStatus (name)": ("status_name", TEXT),
    "ReasonEstablishmentOpened (name)": ("reason_opened", TEXT),
    "OpenDate": ("open_date", DATE),
    "ReasonEstablishmentClosed (name)": ("reason_closed", TEXT),
    "CloseDate": ("close_date", DATE),
    "StatutoryLowAge": ("statutory_low_age", INTEGER),
    "StatutoryHighAge": ("statutory_high_age", INTEGER),
    "NumberOfPupils": ("number_of_pupils", INTEGER),
    "CensusDate": ("census_date", DATE),
    "SchoolCapacity": ("school_capacity", INTEGER),
    "Gender (name)": ("gender", TEXT),
    "ReligiousCharacter (name)": ("religious_character", TEXT),
    "Diocese (name)": ("diocese", TEXT),
    "Trusts (name)": ("trust_name", TEXT),
    "TrustSchoolFlag (name)": ("trust_flag", TEXT),
    "UKPRN": ("ukprn", TEXT),
    "Federations (name)": ("federation_name", TEXT),
    "Street": ("street", TEXT),
    "Locality": ("locality", TEXT),
    "Town": ("town", TEXT),
    "Postcode": ("postcode", TEXT),
    "SchoolWebsite": ("website", TEXT),
    "TelephoneNum": ("telephone", TEXT),
    "HeadTitle (name)": ("head_title", TEXT),
    "HeadFirstName": ("head_first_name", TEXT),
    "HeadLastName": ("head_last_name", TEXT),
    "HeadPreferredJobTitle": ("head_job_title", TEXT),
    "DistrictAdministrative (name)": ("district", TEXT),
    "AdministrativeWard (name)": ("ward", TEXT),
    "ParliamentaryConstituency (name)": ("constituency", TEXT),
    "GOR (name)": ("region", TEXT),
    "UrbanRural (name)": ("urban_rural", TEXT),
    "Easting": ("easting", INTEGER),
    "Northing": ("northing", INTEGER),
    "LastChangedDate": ("last_changed_date", DATE),
}
URN_COLUMN = "URN"
PHASE_COLUMN = "PhaseOfEducation (name)"
TYPE_COLUMN = "TypeOfEstablishment (name)"
TYPE_GROUP_COLUMN = "EstablishmentTypeGroup (name)"
STATUS_COLUMN = "EstablishmentStatus (name)"
# Columns any GIAS establishment download has besides URN: used to recognise the format.
KNOWN_COLUMNS = frozenset(ESTABLISHMENT_COLUMNS) | {
    URN_COLUMN, PHASE_COLUMN, "Linked establishments", "OfstedRating (name)", "PercentageFSM",
    "County (name)", "UPRN",
}
# Without these a URN not yet in the register cannot be added (la_code and name are required).
COLUMNS_TO_ADD = ("LA (code)", "EstablishmentName")
# Derived fields: phase, governance and is_open, kind of value for the database.
FIELD_KINDS: dict[str, str] = {f: kind for f, kind in ESTABLISHMENT_COLUMNS.values()} | {
    "phase": TEXT, "governance": TEXT, "is_open": "boolean",
}

LINK_COLUMNS = ("URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate")
UNKNOWN_DATE = "1900-01-01"



class EstablishmentRow:
    """One valid row. Its values are kept as one line of PostgreSQL COPY text format
    (tab-separated, escaped): what the database receives and what the hash covers. `values`
    splits the line again when asked: only a few rows are ever looked at one by one, and keeping
    a tuple of some 45 strings for each of 25,000 rows costs more time than the COPY itself."""

    __slots__ = ("row_number", "urn", "la_code", "line", "row_hash", "_values")

    def __init__(self, row_number: int, urn: int, la_code: str, line: str, row_hash: str,
                 values: tuple[str, ...] | None = None):
        self.row_number = row_number
        self.urn = urn
        # The row's LA code ("" when the file has no LA column): every row's is needed.
        self.la_code = la_code
        self.line = line
        self.row_hash = row_hash
        # Kept only for a line that needed escaping, which a split cannot undo.
        self._values = values

    @property
    def values(self) -> tuple[str, ...]:
        if self._values is not None:
            return self._values
        return tuple(self.line.split("\t"))

    def value_at(self, at: int, count: int) -> str:
        """One value, without splitting the whole line (`count` fields in all): 25,000 rows
        of 45 fields are split in a fifth of a second, this in a fraction of that."""
        if self._values is not None:
            return self._values[at]
        if at < count // 2:
            return self.line.split("\t", at + 1)[at]
        return self.line.rsplit("\t", count - at)[at - count]

    def __repr__(self) -> str:
        return f"EstablishmentRow(row={self.row_number}, urn={self.urn})"


@dataclass
class EstablishmentFile:
    fields: list[str] = field(default_factory=list)
    rows: list[EstablishmentRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    encoding: str = ""
    total_rows: int = 0
    can_add: bool = True
    is_full: bool = False
    # Rows whose "Linked establishments" spilled into unheaded columns (ignored).
    spilled_rows: int = 0
    # Valid rows of schools that are not open (status Closed or Proposed to open).
    closed_rows: int = 0
    # The temporary table the rows were streamed into while they were read, if any (set by
    # `schools.importing.establishments_read` on PostgreSQL; "" otherwise).
    staged: str = ""

    def value(self, row: EstablishmentRow, field_name: str) -> str:
        return row.values[self.fields.index(field_name)] if field_name in self.fields else ""


@dataclass
class LinkRow:
    row_number: int
    urn: int
    linked_urn: int
    linked_name: str
    link_type: str
    established_date: str


@dataclass
class LinksFile:
    rows: list[LinkRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    encoding: str = ""
    total_rows: int = 0
