"""Reading GIAS (Get Information About Schools) CSV files: establishments and links.

Parsing only: bytes in, normalised rows and errors out; nothing here touches the database.
`schools.importing` compares the rows with the register and writes them.

What real GIAS downloads do, and how it is handled:
- Encoding: UTF-8 with or without a byte-order mark, or Windows-1252 (the links extract, and
  files saved again by Excel). Detected per file: BOM, then strict UTF-8, then Windows-1252.
- The last column, "Linked establishments", spills into extra unheaded columns when a school
  has several links: fields beyond the header are ignored.
- Dates are DD-MM-YYYY (DD/MM/YYYY after Excel). 01-01-1900 is GIAS's "unknown", read as empty.
- A "selected fields" download carries URN and a few columns: only the columns in the file are
  imported, and fields the file does not carry are left alone, never blanked.

A normalised row holds strings, one per field in `EstablishmentFile.fields` ("" = empty, dates
ISO, booleans "1"/"0"), so that the same values feed the row hash, PostgreSQL's COPY and the
comparison with stored values.

Modules: `columns` (the columns kept and the parsed shapes), `derive` (phase, governance, open
or closed), `reading` (an establishments file's bytes to rows), `links` (a links file). The
names below are the package's API.
"""

from core.csvfiles import FileRejected, RowError
from schools.gias.columns import (
    DATE,
    ESTABLISHMENT_COLUMNS,
    FIELD_KINDS,
    INTEGER,
    KNOWN_COLUMNS,
    LINK_COLUMNS,
    TEXT,
    UNKNOWN_DATE,
    EstablishmentFile,
    EstablishmentRow,
    LinkRow,
    LinksFile,
    ProgressCallback,
)
from schools.gias.derive import governance_for, is_open_for, phase_for
from schools.gias.links import parse_links
from schools.gias.reading import (
    decode,
    gias_date,
    parse_establishments,
    read_establishments,
)

__all__ = [
    "DATE", "ESTABLISHMENT_COLUMNS", "FIELD_KINDS", "INTEGER", "KNOWN_COLUMNS", "LINK_COLUMNS",
    "TEXT", "UNKNOWN_DATE", "EstablishmentFile", "EstablishmentRow", "FileRejected", "LinkRow",
    "LinksFile", "ProgressCallback", "RowError", "decode", "governance_for", "is_open_for",
    "gias_date", "parse_establishments", "parse_links", "phase_for", "read_establishments",
]
