"""Bringing public data in: performance indicators, and the `DataImport` uploads (Ofsted MI or
performance files) a tenant admin checks and then applies.

Rules:
- A file with any error is never applied; apply runs in one transaction, so nothing is ever
  half-saved. The errors name the row and the column.
- Idempotent: indicators are upserted by (URN, measure, year, release), inspections by their
  number; an unchanged value is not written again, so a re-import changes nothing and schedules
  no recompute.
- The stores are public and shared by every tenant, so a tenant's upload writes only the rows
  of its own schools (`tenant_urns`): stored with an LA code only it covers, or the predecessor
  of such a school by the national links (a converter academy is categorised from its
  predecessor's inspections). The other rows are
  left out and reported (how many, and the first with their row, URN and name), saying which
  are another council's schools and which are in no council's register; one council can never
  change the data behind another council's categories.
- After apply, `categorisation.recompute.schedule_recompute` is called with exactly the URNs
  whose data changed, inside the same transaction; the recompute runs after commit.

The national files, every row, are written only by `national` (the platform's commands).

Modules: `reach` (which URNs a tenant may write; who holds a file's schools), `inspections`
(the Ofsted rows a tenant may write; one inspection from the API), `indicators` (writing
performance indicators) and `uploads` (the upload's status record: create, check, apply). The
names below are the package's API.
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
from categorisation.importing.reach import tenant_urns, urns_in_registers
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
    "national_ofsted_import", "national_performance_import", "tenant_urns", "urns_in_registers",
]
