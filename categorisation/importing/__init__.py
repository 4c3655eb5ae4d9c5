"""Bringing Ofsted and performance data in, to one of two layers (DESIGN §2,
`categorisation.layers`): the national files, every row, into the national store
(`national`, run only from the platform's side), and a council's uploads and API calls into its
own layer (`uploads`, `inspections`), read by it alone and superseded by the national data.

Rules:
- A file with any error is never applied; apply runs in one transaction, so nothing is ever
  half-saved. The errors name the row and the column.
- Idempotent: indicators are upserted by (URN, measure, year, release), inspections by their
  number; an unchanged value is not written again, so a re-import changes nothing and schedules
  no recompute.
- A council's upload keeps the rows of its register's schools and their predecessors by the
  national links (`register_urns`; a converter academy is categorised from its predecessor's
  inspections). The other rows are left out and reported ("rows not for your council"), and
  so are its schools the file does not report on ("your schools not in this file"). Nothing a
  council writes is read by another: one council can never change the data behind another
  council's categories.
- After apply, `categorisation.recompute.schedule_recompute` is called with exactly the URNs
  whose data changed, inside the same transaction (with the council, for its own layer: only
  its schools are recomputed); the recompute runs after commit.

Modules: `reach` (which rows a council's layer keeps; who holds a file's schools),
`inspections` (a council's Ofsted rows; one inspection from the API), `indicators` (writing
performance indicators to a layer), `national` (the national files), `national_records` (the
platform operator's national imports, `/platform/imports/data/`: check, apply) and `uploads`
(the upload's status record: create, check, apply). The names below are the package's API.
"""

from categorisation.importing.indicators import (
    IndicatorImportResult,
    indicator_trend_rows,
    indicators_import,
)
from categorisation.importing.inspections import inspection_receive, inspections_for_tenant
from categorisation.importing.national import (
    NationalImport,
    national_ofsted_import,
    national_performance_import,
)
from categorisation.importing.national_records import (
    national_data_import_analyse,
    national_data_import_apply,
    national_data_import_apply_request,
    national_data_import_create,
)
from categorisation.importing.reach import register_urns
from categorisation.importing.uploads import (
    data_import_analyse,
    data_import_apply,
    data_import_apply_request,
    data_import_create,
)

__all__ = [
    "IndicatorImportResult", "NationalImport", "data_import_analyse", "data_import_apply",
    "data_import_apply_request", "data_import_create", "indicator_trend_rows",
    "indicators_import", "inspection_receive", "inspections_for_tenant",
    "national_data_import_analyse", "national_data_import_apply",
    "national_data_import_apply_request", "national_data_import_create",
    "national_ofsted_import", "national_performance_import", "register_urns",
]
