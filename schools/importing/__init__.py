"""Importing GIAS files: analyse (a dry run with a preview) and apply, with a status record.

Two layers:
- `establishments_analyse` / `establishments_apply` and `links_analyse` / `links_apply` work on
  a parsed file, for a tenant (whose register gains its LA's schools) or nationally (tenant
  None: the management command). They return a summary dict.
- `gias_import_*` drive a `GiasImport` upload by a tenant admin: create (and enqueue the
  analysis), analyse, request apply, apply. Tasks and views call only these.

Rules:
- A file with any error is never applied; apply runs in one transaction, so nothing is ever
  half-saved.
- Idempotent: rows are upserted by URN (links by URN, linked URN and type); a row whose values
  are unchanged is not written, so importing a file twice changes nothing the second time.
- A tenant's import touches only establishments in the tenant's LA codes. Rows of other LAs are
  reported (row, URN, LA) and left out: the establishment table is shared by every tenant, and
  one area's admin must not change another area's reference data. The national import (no
  tenant, from the command line) writes every row.
- Progress is written where another connection sees it: outside any transaction while the file
  is checked for the preview and, on PostgreSQL, through a second short-lived connection while
  it is streamed into the staging table and written.
- Speed (see bench/README.md): on PostgreSQL the file to apply is streamed into a temporary
  staging table while it is read (`establishments_read(stage=True)`), and written from there
  with one upsert statement per 50,000 rows. A national file (the command line, the
  operator's apply task) is read and written in one pass: each chunk of rows is written by a
  second thread while the next is read (`establishments_import`).

Modules: `values` (limits, the refusal, value formats), `establishments` (which rows are the
tenant's, staleness, the preview), `writing` (applying an establishments file), `staging` (the
table it is written from on PostgreSQL), `streamed` (the one-pass national import), `links`,
`records` (a tenant's upload's status record) and `national_records` (the platform operator's
national imports, `/platform/imports/gias/`). The names below are the package's API.
"""

from schools.importing.establishments import establishments_analyse
from schools.importing.links import NotAFullFile, links_analyse, links_apply
from schools.importing.national_records import (
    national_gias_import_analyse,
    national_gias_import_apply,
    national_gias_import_apply_request,
    national_gias_import_create,
)
from schools.importing.records import (
    gias_import_analyse,
    gias_import_apply,
    gias_import_apply_request,
    gias_import_create,
)
from schools.importing.streamed import establishments_import
from schools.importing.values import ImportRefused
from schools.importing.writing import establishments_apply, establishments_read

__all__ = [
    "ImportRefused", "NotAFullFile", "establishments_analyse", "establishments_apply",
    "establishments_import", "establishments_read",
    "gias_import_analyse", "gias_import_apply", "gias_import_apply_request",
    "gias_import_create", "links_analyse", "links_apply", "national_gias_import_analyse",
    "national_gias_import_apply", "national_gias_import_apply_request",
    "national_gias_import_create",
]
