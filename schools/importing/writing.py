"""Writing an establishments file (`establishments_apply`): in Python on SQLite; on PostgreSQL
streamed into a staging table while it is read and upserted from there in large statements
(`staging`; see bench/README.md)."""

from __future__ import annotations

import logging

from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scope

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from schools import gias
from schools.gias import EstablishmentFile
from schools.importing.establishments import (
    compare_rows,
    drop_older,
    register_missing,
    scope_rows,
    stored_matches,
)
from schools.importing.staging import (
    CopyLines,
    derived_columns,
    gias_write_lock,
    stage_create,
    stage_sift,
    upsert_statement,
)
from schools.importing.values import (
    OUTSIDE_EXAMPLES,
    WRITE_CHUNK,
    ImportRefused,
    chunks,
    typed,
)
from schools.models import Establishment, GiasImport, Governance, School
from schools.searching import normalise
from schools.services import register_changed

logger = logging.getLogger(__name__)


def _full_values(parsed: EstablishmentFile, row: gias.EstablishmentRow,
                 stored_governance: dict[int, str]) -> dict:
    values = {name: typed(gias.FIELD_KINDS[name], value)
              for name, value in zip(parsed.fields, row.values, strict=True)}
    if values.get("governance") == "":
        values["governance"] = stored_governance.get(row.urn, Governance.OTHER)
    if "name" in values:
        values["search_name"] = normalise(values["name"])
    return values


def _write_python(parsed: EstablishmentFile, rows: list[gias.EstablishmentRow],
                  provisional_for: Tenant | None = None) -> dict:
    """Upsert with the ORM (SQLite, the embedded default): only added and changed rows. New
    rows of a council's extract are its provisional establishments."""
    added, changed, closed, unchanged = compare_rows(parsed, rows)
    now = timezone.now()
    stored_governance: dict[int, str] = {}
    if "governance" in parsed.fields:
        urns = [row.urn for row, _ in changed + closed]
        for chunk in chunks(urns):
            stored_governance.update(
                Establishment.objects.filter(urn__in=chunk).values_list("urn", "governance"))
    new = [Establishment(urn=row.urn, row_hash=row.row_hash, imported_at=now,
                         provisional_for=provisional_for,
                         **_full_values(parsed, row, stored_governance)) for row, _ in added]
    for item in new:
        item.clean_fields(exclude=["urn"])
    Establishment.objects.bulk_create(new, batch_size=500)
    updates = [Establishment(urn=row.urn, row_hash=row.row_hash, imported_at=now,
                             **_full_values(parsed, row, stored_governance))
               for row, _ in changed + closed]
    if updates:
        Establishment.objects.bulk_update(
            updates, [*parsed.fields, *derived_columns(parsed), "row_hash", "imported_at"],
            batch_size=500)
    return {"added": len(added), "changed": len(changed), "closed": len(closed),
            "unchanged": unchanged}


def establishments_read(
    data: bytes, *, stage: bool = False, max_bytes: int | None = None,
    progress: gias.ProgressCallback | None = None,
) -> EstablishmentFile:
    """Read a GIAS establishments file (see `gias.read_establishments`).

    With `stage=True`, on PostgreSQL, the valid rows also go into a temporary staging table of
    this database session *while* the file is read, streamed through COPY, and `parsed.staged`
    names it; `establishments_apply` then writes from it instead of copying the rows after the
    reading. Only for a caller about to apply: the table lives as long as the session (apply
    drops it). A file with errors is not staged. Progress reports made while the rows stream
    are inside a transaction, so `core.file_imports.ProgressRecorder` sends them through its
    own connection.
    """
    parsed, rows = gias.read_establishments(data, max_bytes=max_bytes, progress=progress)
    if not stage or connection.vendor != "postgresql":
        for _row in rows:
            pass
        return parsed
    # A savepoint inside a caller's transaction: a file rejected half-way (FileRejected from
    # within the COPY) rolls the staging table back with it.
    with transaction.atomic(), connection.cursor() as cursor:
        name = stage_create(cursor, parsed.fields)
        CopyLines(rows, parsed.errors, parsed.fields).copy_into(cursor, name)
    if parsed.errors:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {name}")
    else:
        parsed.staged = name
    return parsed


def _stage_take(cursor, parsed: EstablishmentFile,
                rows: list[gias.EstablishmentRow]) -> tuple[str, int]:
    """The staging table holding `rows`, and the end of its `seq` numbers: the one the file
    was streamed into when it is still there, else a new one filled from the rows in memory."""
    name, parsed.staged = parsed.staged, ""
    if name:
        cursor.execute("SELECT to_regclass(%s)", [f"pg_temp.{name}"])
        if cursor.fetchone()[0] is None:
            name = ""  # another session (the connection was closed since the file was read)
    if name:
        if len(rows) != len(parsed.rows):
            # Rows this import may not write (another LA's, for a tenant) leave the stage.
            cursor.execute(f"DELETE FROM {name} WHERE NOT (urn = ANY(%s))",
                           [[row.urn for row in rows]])
        return name, len(parsed.rows)
    name = stage_create(cursor, parsed.fields)
    CopyLines(rows, [], parsed.fields).copy_into(cursor, name)
    return name, len(rows)


def _write_postgresql(parsed: EstablishmentFile, rows: list[gias.EstablishmentRow],
                      progress: gias.ProgressCallback | None,
                      provisional_for: Tenant | None = None, any_stored: bool = True) -> dict:
    """Upsert by URN, in chunks (`upsert_statement`), from a staging table holding the
    normalised rows (streamed into it while the file was read, or copied now). `any_stored`:
    False when none of the rows' URNs is stored (a first import), so none can be unchanged or
    closed.
    """
    total = len(rows)
    with connection.cursor() as cursor:
        stage, span = _stage_take(cursor, parsed, rows)
        unchanged_by_hash, _older, closed = (stage_sift(cursor, stage, parsed.fields)
                                             if any_stored else (0, 0, 0))
        sql, defaults = upsert_statement(parsed, stage, provisional_for)
        added = updated = 0
        if unchanged_by_hash == len(rows):
            span = 0
        for start in range(0, span, WRITE_CHUNK):
            cursor.execute(sql, [*defaults, start, start + WRITE_CHUNK])
            inserted, changed = cursor.fetchone()
            added += inserted
            updated += changed
            if progress is not None:
                progress(min(start + WRITE_CHUNK, span), span)
        cursor.execute(f"DROP TABLE {stage}")
    return written_counts(total, added, updated, closed)


def written_counts(considered: int, added: int, updated: int, closed: int) -> dict:
    """What writing `considered` rows did, as the summary counts it: an update that closes a
    school is a closing, not a change, and a row neither inserted nor updated is unchanged."""
    return {"added": added, "changed": updated - closed, "closed": closed,
            "unchanged": considered - added - updated}


def written_summary(parsed: EstablishmentFile, counts: dict) -> dict:
    """The summary of a written establishments file. When shared reference data changed,
    every tenant's cached register pages are stale: they are marked so here."""
    if counts["added"] or counts["changed"] or counts["closed"]:
        register_changed()
    return {"kind": GiasImport.Kind.ESTABLISHMENTS, "total_rows": parsed.total_rows,
            "counts": counts}


def take_over_provisional(urns: list[int]) -> None:
    """The national register has these URNs now: no council holds them provisionally. The
    provisional establishments are few (schools not yet in GIAS), so they are listed and
    matched here rather than 25,000 URNs sent in IN lists to find them."""
    held = set(Establishment.objects.filter(provisional_for__isnull=False)
               .values_list("urn", flat=True))
    taken = [urn for urn in urns if urn in held] if held else []
    for chunk in chunks(taken):
        Establishment.objects.filter(urn__in=chunk, provisional_for__isnull=False).update(
            provisional_for=None)


@transaction.atomic
def establishments_apply(
    parsed: EstablishmentFile, *, tenant: Tenant | None = None, actor: User | None = None,
    progress: gias.ProgressCallback | None = None,
) -> dict:
    """Write the file: nationally, establishments upserted by URN (taking over any council's
    provisional row of the same URN); for a tenant, its provisional establishments (URNs the
    national register does not have) and its register entries for its schools in the file.
    Raises ImportRefused, writing nothing, if the file has any error."""
    rows, outside, errors, national = scope_rows(parsed, tenant=tenant)
    errors = parsed.errors + errors
    if errors:
        raise ImportRefused(errors)
    gias_write_lock()
    matches = stored_matches(rows)
    any_stored = bool(matches[0] or matches[1])
    rows, older = drop_older(parsed, rows, national=tenant is None, matches=matches)
    if connection.vendor == "postgresql":
        counts = _write_postgresql(parsed, rows, progress, provisional_for=tenant,
                                   any_stored=any_stored)
    else:
        counts = _write_python(parsed, rows, provisional_for=tenant)
        if progress is not None:
            progress(len(rows), len(rows))
    if tenant is None and any_stored:
        # (A held URN is a stored one: when none of the file's URNs was stored, none is held.)
        take_over_provisional([row.urn for row in rows])
    counts["outside"] = len(outside)
    counts["older"] = len(older)
    counts["national"] = len(national)
    summary = written_summary(parsed, counts)
    if tenant is not None:
        missing = register_missing(tenant, [row.urn for row in rows] + national)
        if missing:
            register_changed(tenant_ids=[tenant.pk])
        with scope(tenant=tenant):
            School.objects.bulk_create(
                [School(tenant=tenant, establishment_id=urn) for urn in missing],
                batch_size=1000, ignore_conflicts=True)
            counts["register_added"] = len(missing)
            audit_record(
                tenant=tenant, actor=actor, action="gias_import.apply",
                summary=(f"GIAS import: {counts['added']} added, {counts['changed']} changed, "
                         f"{counts['closed']} closed (the council's provisional schools), "
                         f"{len(national)} in the national register, {len(missing)} added "
                         f"to the register, {len(outside)} rows not for this council refused"),
                changes={"counts": counts, "refused": outside[:OUTSIDE_EXAMPLES]},
            )
    return summary
