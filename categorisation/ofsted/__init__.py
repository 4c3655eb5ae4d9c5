"""Reading Ofsted's "state-funded schools inspections and outcomes" management information CSV.

Parsing only: rows in, inspections (dicts of `Inspection` field values) and errors out. Nothing
here touches the database; the labels come in as a `LabelBook` (built from `GradeLabel` rows by
`categorisation.selectors.label_book`), and `categorisation.services.inspections_import` writes.

One row per school; each row carries up to three inspections, each in its own block of columns:
- February 2026 format (85 columns): the latest *full* inspection under the renewed framework
  (report card, "Inspection number of latest full inspection", evaluation areas graded
  exceptional ... urgent improvement, "Safeguarding standards" Met / Not met); the latest OEIF
  graded inspection ("... of latest OEIF graded inspection", "Latest OEIF overall
  effectiveness" 1-4, or "Not judged" for the 2024-25 inspections that gave sub-judgements
  only); and the latest ungraded inspection ("Ungraded inspection overall outcome").
- The older format (to August 2024): "Inspection number", "Overall effectiveness", the key
  judgements, "Safeguarding is effective?", and the "Previous ..." inspection beside it.

What real files do, and how it is handled:
- Missing values are the literal `NULL` (also accepted: empty). "Not judged", "9" and
  "Not applicable" are labels that are not judgements: read as empty.
- Dates are DD/MM/YYYY or DD-MM-YYYY (ISO YYYY-MM-DD accepted for the API). A date after
  `today` is an error: Ofsted does not publish future inspections.
- Header names are matched ignoring case and runs of spaces (the real file has "Latest OEIF
  safeguarding is effective?" with two spaces).
- An unknown label is an error naming the row and column; it is never guessed.
- The same inspection may be reported on two rows (a predecessor and its successor); it is kept
  once, preferring the row of the URN it was carried out on.

Modules: `columns` (formats, grade words, the blocks of columns of each era) and `parsing`
(a file to inspections and row errors). The names below are the package's API.
"""

from categorisation.ofsted.columns import (
    FORMAT_2026,
    FORMAT_LEGACY,
    FORMATS,
    INSPECTION_FIELDS,
    LEGACY_LATEST_BLOCK,
    LEGACY_PREVIOUS_BLOCK,
    NULL_VALUES,
    OEIF_BLOCK,
    REPORT_CARD_BLOCK,
    SCHOOL_NAME_COLUMN,
    UNGRADED_BLOCK,
    URN_COLUMN,
    Block,
    Label,
    LabelBook,
    normalise,
)
from categorisation.ofsted.parsing import (
    ParseResult,
    detect_format,
    parse_file,
    parse_rows,
    row_hash,
)

__all__ = [
    "FORMATS", "FORMAT_2026", "FORMAT_LEGACY", "INSPECTION_FIELDS", "LEGACY_LATEST_BLOCK",
    "LEGACY_PREVIOUS_BLOCK", "NULL_VALUES", "OEIF_BLOCK", "REPORT_CARD_BLOCK",
    "SCHOOL_NAME_COLUMN", "UNGRADED_BLOCK", "URN_COLUMN", "Block", "Label", "LabelBook",
    "ParseResult", "detect_format", "normalise", "parse_file", "parse_rows", "row_hash",
]
