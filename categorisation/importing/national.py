"""The national layer's writer for Ofsted and performance data: a whole national file, every
row, run from the platform's side (`manage.py import_ofsted`, `manage.py import_performance`).

A council's upload (`uploads`) writes only to its own layer; this is the one writer of the
national store, so it is never reachable from a tenant's page or token. Like
the uploads it is all or nothing, idempotent, and schedules the recompute of exactly the
schools whose data changed, in every tenant whose register holds them. A dry run does all of it
and rolls it back, so its counts are exactly what the real run would do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from categorisation import ofsted, performance, selectors, services
from categorisation.importing.indicators import IndicatorImportResult, indicators_import
from categorisation.importing.staleness import older_than_stored
from categorisation.recompute import schedule_recompute
from categorisation.services import InspectionImportResult


@dataclass(frozen=True)
class NationalImport:
    result: InspectionImportResult | IndicatorImportResult
    recompute_arrival: int | None  # the DataArrival scheduled (None: nothing changed, or a dry run)
    dry_run: bool
    older: str = ""  # why the file is older than what is stored, if it is


def _write(parsed: ofsted.ParseResult | performance.PerformanceParse, write, *, reason: str,
           dry_run: bool) -> NationalImport:
    """`write(parsed)` upserts the parsed file; the file's age is judged before it does."""
    older = "" if parsed.errors else older_than_stored(parsed)
    with transaction.atomic():
        result = write(parsed)
        arrival = None
        if not result.errors:
            arrival = schedule_recompute(urns=result.affected_urns, reason=reason)
        if dry_run:
            # Rolls back the writes and drops the recompute's on-commit enqueue with them.
            transaction.set_rollback(True)
    return NationalImport(result=result, dry_run=dry_run, older=older,
                          recompute_arrival=None if dry_run or arrival is None else arrival.pk)


def national_ofsted_import(*, data: bytes, source: str, dry_run: bool = False,
                           today: date | None = None) -> NationalImport:
    """Upsert every inspection of an Ofsted management-information file."""
    today = today or timezone.localdate()
    parsed = ofsted.parse_file(data, labels=selectors.label_book(), today=today)

    def write(parsed: ofsted.ParseResult) -> InspectionImportResult:
        return services.inspections_import(parsed=parsed, source=source, today=today)

    return _write(parsed, write, reason=f"National Ofsted file {source}", dry_run=dry_run)


def national_performance_import(*, data: bytes, name: str, year: int | None = None,
                                release: str | None = None, dry_run: bool = False,
                                today: date | None = None) -> NationalImport:
    """Upsert every school's indicators of a performance-tables or EES file. `year` (the start
    of the academic year) and `release` override what the file's name or content says."""
    parsed = performance.parse_file(data, today=today or timezone.localdate(), name=name,
                                    year=year, release=release, source=name)
    return _write(parsed, lambda parsed: indicators_import(parsed=parsed),
                  reason=f"National performance file {name}", dry_run=dry_run)
