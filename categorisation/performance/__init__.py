"""Reading DfE performance tables: rows in, indicator values (dicts of `PerformanceIndicator`
fields) and errors out. Nothing here touches the database; `categorisation.importing` writes.

Two families of file are read, recognised by their header:
- The per-LA "final" downloads of the performance tables (Compare school and college
  performance), key stage 2 and key stage 4, 2016/17 to 2018/19: one row per school with a
  `RECTYPE` column, `URN`, and upper-case measure columns (`PTRWM_EXP`, `ATT8SCR`, `P8MEA`).
  The column set changes every year (290 / 326 / 318 KS2 columns), so columns are found by
  name, never by position. The files carry no year: it comes from the file name
  ("2018-2019_936_ks2final.csv") or from the person importing it.
  Record types, as the DfE metadata files define them:
    KS2: 1 mainstream school, 2 special school, 3 LA, 4 national (all schools),
         5 national (state-funded schools);
    KS4: 1 mainstream school, 2 special school, 4 LA, 5 national (all schools),
         7 national (maintained schools).
  The national comparator is the state-funded row (KS2 5, KS4 7), falling back to the
  all-schools row where the state-funded one publishes nothing for a measure.
- Explore Education Statistics school-level files (tidy lower-case columns: `time_period`
  "202324", `geographic_level`, `school_urn`, `version` Final / Provisional / Revised). Any
  "National" rows give the comparators.

What real files do, and how it is handled:
- Suppression and "no value" codes (SUPP, NE, NA, LOWCOV, NP, NEW, "x", "c", "z", ...) become
  an indicator with no value and the code kept: never a zero.
- Percentages carry a "%" sign ("72%").
- Schools with no published results have short rows: the missing trailing columns are empty,
  and an empty measure stores nothing. A row with *more* fields than the header is an error.
- A UTF-8 byte order mark, CRLF or LF.
- An unknown code or a value out of the measure's range is an error naming the row and column;
  it is never guessed. So is an academic year that has not ended yet.

Modules: `measures` (formats and their columns, measures and their ranges, suppression codes,
one value against its measure) and `parsing` (a file to indicators and row errors). The names
below are the package's API.
"""

from categorisation.performance.measures import (
    FORMAT_EES,
    FORMAT_KS2_FINAL,
    FORMAT_KS4_FINAL,
    FORMAT_LABELS,
    HEADLINE_MEASURES,
    MEASURES,
    SUPPRESSION_CODES,
    Measure,
    parse_value,
)
from categorisation.performance.parsing import (
    PerformanceParse,
    detect_format,
    parse_file,
    release_from_name,
    year_from_name,
)

__all__ = [
    "FORMAT_EES", "FORMAT_KS2_FINAL", "FORMAT_KS4_FINAL", "FORMAT_LABELS", "HEADLINE_MEASURES",
    "MEASURES", "SUPPRESSION_CODES", "Measure", "PerformanceParse", "detect_format",
    "parse_file", "parse_value", "release_from_name", "year_from_name",
]
