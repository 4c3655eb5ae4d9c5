"""Bringing public data in: performance indicators, and the `DataImport` uploads (Ofsted MI or
performance files) a tenant admin checks and then applies.

Rules:
- A file with any error is never applied; apply runs in one transaction, so nothing is ever
  half-saved. The errors name the row and the column.
- Idempotent: indicators are upserted by (URN, measure, year, release), inspections by their
  number; an unchanged value is not written again, so a re-import changes nothing and schedules
  no recompute.
- The data is public: an import writes the shared stores for every tenant. A URN in no
  tenant's register is not an error: it is counted and listed in the summary, and kept (the
  school may join a register later).
- After apply, `categorisation.recompute.schedule_recompute` is called with exactly the URNs
  whose data changed, inside the same transaction; the recompute runs after commit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from accounts.models import User
from categorisation import ofsted, performance, services
from categorisation.models import DataImport, PerformanceIndicator
from categorisation.recompute import schedule_recompute
from core.models import Tenant
from core.services import audit_record
from schools.models import Establishment, School

logger = logging.getLogger(__name__)

EXAMPLES = 20
MAX_STORED_ERRORS = 200
CHUNK = 2000
COMPARED_FIELDS = ("value", "national", "suppression", "higher_is_better")


# --- Performance indicators (public data) ---------------------------------------------------


@dataclass
class IndicatorImportResult:
    format: str = ""
    year: int | None = None
    release: str = ""
    rows: int = 0
    schools: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    by_measure: dict[str, dict[str, int]] = field(default_factory=dict)
    suppression: dict[str, int] = field(default_factory=dict)
    national: dict[str, str] = field(default_factory=dict)
    errors: list[ofsted.RowError] = field(default_factory=list)
    affected_urns: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.errors


def _key(values) -> tuple:
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    return (get("urn"), get("measure"), get("year"), get("release"))


def _same(stored: PerformanceIndicator, values: dict) -> bool:
    for name in COMPARED_FIELDS:
        old, new = getattr(stored, name), values[name]
        if isinstance(old, Decimal) or isinstance(new, Decimal):
            if (old is None) != (new is None) or (old is not None and Decimal(old) != new):
                return False
        elif old != new:
            return False
    return True


@transaction.atomic
def indicators_import(
    *, parsed: performance.PerformanceParse | None = None, file: bytes | str | None = None,
    name: str = "", year: int | None = None, today: date | None = None,
) -> IndicatorImportResult:
    """Upsert the indicators of a parsed performance file (or parse `file` first).

    Contract: all or nothing (any error: nothing written, no affected URN); idempotent (an
    unchanged indicator is not written); `affected_urns` are the schools with a new or changed
    indicator.
    """
    if parsed is None:
        if file is None:
            raise ValueError("Pass parsed or file.")
        parsed = performance.parse_file(file, today=today or timezone.localdate(), name=name,
                                        year=year)
    result = IndicatorImportResult(
        format=parsed.format, year=parsed.year, release=parsed.release, rows=parsed.rows,
        schools=parsed.schools, errors=list(parsed.errors), by_measure=parsed.count_by_measure(),
        suppression=parsed.suppression_counts(),
        national={code: str(value) for code, value in parsed.national.items()},
    )
    if parsed.errors:
        return result
    urns = sorted({item["urn"] for item in parsed.indicators})
    measures = {item["measure"] for item in parsed.indicators}
    years = {item["year"] for item in parsed.indicators}
    stored: dict[tuple, PerformanceIndicator] = {}
    for start in range(0, len(urns), CHUNK):
        for indicator in PerformanceIndicator.objects.filter(
            urn__in=urns[start:start + CHUNK], measure__in=measures, year__in=years,
        ):
            stored[_key(indicator)] = indicator
    to_create, to_update = [], []
    now = timezone.now()
    for values in parsed.indicators:
        current = stored.get(_key(values))
        if current is not None and _same(current, values):
            result.unchanged += 1
            continue
        if current is None:
            current = PerformanceIndicator()
            to_create.append(current)
        else:
            to_update.append(current)
        for name_, value in values.items():
            setattr(current, name_, value)
        current.imported_at = now
        current.full_clean(validate_unique=False, validate_constraints=False)
        result.affected_urns.add(values["urn"])
    PerformanceIndicator.objects.bulk_create(to_create, batch_size=500)
    PerformanceIndicator.objects.bulk_update(
        to_update, [*COMPARED_FIELDS, "source", "imported_at"], batch_size=500)
    result.created, result.updated = len(to_create), len(to_update)
    return result


def indicator_trend_rows(*, urn: int, years: int = 3) -> list[dict]:
    """A school's headline indicators over its last `years` years, one row per measure and
    year from the best release (final > revised > provisional), oldest first: for a page.
    The categorisation trend itself is `derived.indicator_trend`."""
    from categorisation.derived import RELEASE_ORDER

    best: dict[tuple[str, int], PerformanceIndicator] = {}
    for item in PerformanceIndicator.objects.filter(
        urn=urn, measure__in=performance.HEADLINE_MEASURES,
    ):
        kept = best.get((item.measure, item.year))
        if kept is None or RELEASE_ORDER[item.release] > RELEASE_ORDER[kept.release]:
            best[(item.measure, item.year)] = item
    rows = []
    for measure in sorted({m for m, _ in best}):
        items = sorted((i for (m, _), i in best.items() if m == measure), key=lambda i: i.year)
        for item in items[-years:]:
            rows.append({"measure": measure, "label": performance.MEASURES[measure].label,
                         "year": item.academic_year, "value": item.value,
                         "national": item.national, "suppression": item.suppression,
                         "release": item.get_release_display()})
    return rows


# --- Who holds these URNs (named cross-tenant read) -----------------------------------------


def urns_in_registers(urns: Iterable[int]) -> dict[int, set[int]]:
    """{URN: ids of the tenants whose register holds it}, for the URNs held by any.

    A cross-tenant read on purpose: public data arrives once for every tenant, and the summary
    must say which schools no register holds. It returns tenant ids only, never their data.
    """
    urns = sorted(set(urns))
    held: dict[int, set[int]] = {}
    with scopes_disabled():
        for start in range(0, len(urns), CHUNK):
            for urn, tenant_id in School.objects.filter(
                establishment_id__in=urns[start:start + CHUNK]
            ).values_list("establishment_id", "tenant_id"):
                held.setdefault(urn, set()).add(tenant_id)
    return held


def _reach(urns: Iterable[int], tenant: Tenant) -> dict:
    urns = sorted(set(urns))
    held = urns_in_registers(urns)
    outside = [urn for urn in urns if urn not in held]
    return {
        "schools": len(urns),
        "in_your_register": sum(1 for urn in urns if tenant.pk in held.get(urn, ())),
        "in_any_register": len(held),
        "in_no_register": len(outside),
        "in_no_register_examples": outside[:EXAMPLES],
    }


# --- Uploads by a tenant admin (status records) ----------------------------------------------


class _Rollback(Exception):
    def __init__(self, result):
        super().__init__("dry run")
        self.result = result


def _dry_run(work):
    """Run a writing service and roll it back: the preview counts exactly what apply would do."""
    try:
        with transaction.atomic():
            raise _Rollback(work())
    except _Rollback as rollback:
        return rollback.result


def _errors_as_dicts(errors: list[ofsted.RowError]) -> list[dict]:
    return [{"row": error.row or None, "column": error.column, "message": error.message}
            for error in errors[:MAX_STORED_ERRORS]]


def _run_import(data_import: DataImport, data: bytes, today: date):
    """The service for this kind of file, writing; returns its result."""
    if data_import.kind == DataImport.Kind.OFSTED:
        return services.inspections_import(file=data, source=data_import.original_name,
                                           today=today)
    return indicators_import(file=data, name=data_import.original_name,
                             year=data_import.academic_year, today=today)


def _summary(data_import: DataImport, result) -> tuple[dict, set[int]]:
    if data_import.kind == DataImport.Kind.OFSTED:
        summary = {
            "format": result.format, "total_rows": result.rows,
            "by_era": result.by_era,
            "counts": {"created": result.created, "updated": result.updated,
                       "unchanged": result.unchanged, "errors": len(result.errors)},
        }
    else:
        summary = {
            "format": result.format,
            "format_label": performance.FORMAT_LABELS.get(result.format, ""),
            "academic_year": (performance.academic_year_text(result.year)
                              if result.year else ""),
            "release": result.release, "total_rows": result.rows,
            "schools_in_file": result.schools,
            "by_measure": [
                {"measure": code, "label": performance.MEASURES[code].label,
                 "national": result.national.get(code, ""), **counts}
                for code, counts in sorted(result.by_measure.items())
            ],
            "suppression": result.suppression,
            "counts": {"created": result.created, "updated": result.updated,
                       "unchanged": result.unchanged, "errors": len(result.errors)},
        }
    urns = set(result.affected_urns)
    summary["affected_urns"] = len(urns)
    return summary, urns


def _file_urns(data_import: DataImport, data: bytes, today: date) -> set[int]:
    """Every school URN the file reports on (for the register reach), parsed once more."""
    if data_import.kind == DataImport.Kind.OFSTED:
        from categorisation import selectors

        parsed = ofsted.parse_file(data, labels=selectors.label_book(), today=today)
        return {inspection["urn"] for inspection in parsed.inspections}
    parsed = performance.parse_file(data, today=today, name=data_import.original_name,
                                    year=data_import.academic_year)
    return {item["urn"] for item in parsed.indicators}


def _read(data_import: DataImport) -> bytes:
    with data_import.file.open("rb") as handle:
        return handle.read()


def _progress(data_import: DataImport, *, note: str, processed: int | None = None,
              total: int | None = None) -> None:
    data_import.progress_note = note
    if processed is not None:
        data_import.processed_rows = processed
    if total is not None:
        data_import.total_rows = total
    DataImport.objects.filter(pk=data_import.pk).update(
        progress_note=data_import.progress_note, processed_rows=data_import.processed_rows,
        total_rows=data_import.total_rows)


@transaction.atomic
def data_import_create(
    *, tenant: Tenant, actor: User, kind: str, uploaded_file: UploadedFile,
    academic_year: int | None = None,
) -> DataImport:
    """Store an uploaded Ofsted or performance file and enqueue its check (after commit)."""
    if kind not in DataImport.Kind.values:
        raise ValidationError({"kind": "Choose Ofsted inspections or performance tables."})
    if uploaded_file.size == 0:
        raise ValidationError({"file": "The selected file is empty."})
    if uploaded_file.size > settings.GIAS_UPLOAD_MAX_BYTES:
        raise ValidationError({"file": (
            f"The selected file must be smaller than "
            f"{settings.GIAS_UPLOAD_MAX_BYTES / 1_048_576:.0f} MB.")})
    data_import = DataImport(tenant=tenant, kind=kind, uploaded_by=actor,
                             original_name=uploaded_file.name[:255], file=uploaded_file,
                             academic_year=academic_year)
    data_import.full_clean()
    data_import.save()
    audit_record(tenant=tenant, actor=actor, action="categorisation.data_import_created",
                 obj=data_import, summary=f"Uploaded {data_import.original_name} "
                                          f"({data_import.get_kind_display()})")
    from categorisation import import_tasks

    transaction.on_commit(lambda: import_tasks.data_import_analyse.delay(data_import.pk))
    return data_import


def data_import_analyse(*, data_import: DataImport, today: date | None = None) -> DataImport:
    """Check the file and store the preview (what apply would write), writing nothing. Not
    one transaction on purpose: the progress must be visible to the page that polls it."""
    if data_import.status not in (DataImport.Status.PENDING, DataImport.Status.ANALYSING):
        return data_import  # checked already: running the task twice is harmless
    today = today or timezone.localdate()
    data_import.status = DataImport.Status.ANALYSING
    data_import.save(update_fields=["status"])
    data = _read(data_import)
    lines = max(data.count(b"\n") - 1, 0)
    _progress(data_import, note="Checking the file", processed=0, total=lines)
    result = _dry_run(lambda: _run_import(data_import, data, today))
    summary, _urns = _summary(data_import, result)
    _progress(data_import, note="Finding the schools in registers", processed=lines)
    if not result.errors:
        summary["reach"] = _reach(_file_urns(data_import, data, today), data_import.tenant)
    data_import.summary = summary
    data_import.errors = _errors_as_dicts(result.errors)
    data_import.total_rows = data_import.processed_rows = summary["total_rows"]
    data_import.status = (DataImport.Status.FAILED if result.errors
                          else DataImport.Status.PREVIEWED)
    data_import.progress_note = ""
    if result.errors:
        data_import.finished_at = timezone.now()
    data_import.save()
    return data_import


@transaction.atomic
def data_import_apply_request(*, data_import: DataImport, actor: User) -> DataImport:
    """The admin confirms the preview: mark the import as applying and enqueue the work."""
    data_import = DataImport.objects.select_for_update().get(pk=data_import.pk)
    if data_import.status != DataImport.Status.PREVIEWED or data_import.errors:
        raise PermissionDenied("Only a checked import without errors can be applied.")
    data_import.status = DataImport.Status.APPLYING
    data_import.processed_rows = 0
    data_import.progress_note = "Waiting to start"
    data_import.save(update_fields=["status", "processed_rows", "progress_note"])
    audit_record(tenant=data_import.tenant, actor=actor,
                 action="categorisation.data_import_apply_requested", obj=data_import,
                 summary=f"Applying {data_import.original_name}")
    from categorisation import import_tasks

    transaction.on_commit(lambda: import_tasks.data_import_apply.delay(data_import.pk))
    return data_import


def data_import_apply(*, data_import: DataImport, today: date | None = None) -> DataImport:
    """Write a checked import in one transaction, and schedule the recompute of exactly the
    schools whose data changed. The file is read again: the stores may have changed since."""
    if data_import.status != DataImport.Status.APPLYING:
        return data_import  # applied already, or never confirmed: nothing to do
    today = today or timezone.localdate()
    data = _read(data_import)
    _progress(data_import, note="Writing the changes", processed=0)
    kind = data_import.get_kind_display().split(" (")[0]
    with transaction.atomic():
        result = _run_import(data_import, data, today)
        if not result.errors:
            summary, urns = _summary(data_import, result)
            arrival = schedule_recompute(
                urns=urns, reason=f"{kind} import {data_import.original_name}"[:200])
            summary["recompute"] = {
                "arrival": arrival.pk if arrival is not None else None,
                "schools": len(urns),
                "in_your_register": _reach(urns, data_import.tenant)["in_your_register"],
            }
            audit_record(tenant=data_import.tenant, actor=data_import.uploaded_by,
                         action="categorisation.data_import_applied", obj=data_import,
                         summary=f"Applied {data_import.original_name}: {result.created} new, "
                                 f"{result.updated} changed, {result.unchanged} unchanged")
    if result.errors:
        data_import.errors = _errors_as_dicts(result.errors)
        data_import.status = DataImport.Status.FAILED
    else:
        data_import.summary = {**data_import.summary, "applied": summary["counts"],
                               "recompute": summary["recompute"]}
        data_import.status = DataImport.Status.DONE
    data_import.processed_rows = data_import.total_rows
    data_import.progress_note = ""
    data_import.finished_at = timezone.now()
    data_import.save()
    return data_import


def data_import_fail(*, data_import: DataImport, message: str) -> DataImport:
    """Record an unexpected failure (the task's last resort), so the page stops waiting."""
    DataImport.objects.filter(pk=data_import.pk).update(
        status=DataImport.Status.FAILED, finished_at=timezone.now(), progress_note="",
        errors=[{"row": None, "column": "", "message": message}])
    data_import.refresh_from_db()
    return data_import


# --- One inspection from the API -------------------------------------------------------------


def _urn_is_the_tenants(tenant: Tenant, urn: int) -> bool:
    with scope(tenant=tenant):
        if School.objects.filter(establishment_id=urn).exists():
            return True
    return Establishment.objects.filter(urn=urn, la_code__in=tenant.la_codes).exists()


@transaction.atomic
def inspection_receive(
    *, tenant: Tenant, actor: User, row: dict[str, str], today: date | None = None,
) -> services.InspectionImportResult:
    """Store one inspection given as a row of Ofsted's MI columns, with the same rules as a
    file (unknown labels, future dates, malformed URNs refused by row and column), and
    schedule the recompute of the schools it affects. Nothing is written on an error.

    The store is shared by every tenant, so a tenant may only send inspections of schools in
    its own register (or in its LA codes): one council's officer cannot change the data
    behind another council's categories.
    """
    urn_text = str(row.get("URN", "")).strip()
    if urn_text.isdigit() and not _urn_is_the_tenants(tenant, int(urn_text)):
        result = services.InspectionImportResult(rows=1)
        result.errors.append(ofsted.RowError(
            row=1, column="URN",
            message=f"URN {urn_text} is not a school of {tenant.name}: send inspections of "
                    "your own schools only"))
        return result
    result = services.inspections_import(rows=[row], source="api", today=today)
    if result.errors:
        return result
    if result.affected_urns:
        schedule_recompute(urns=result.affected_urns,
                           reason=f"Inspection received through the API by {tenant.slug}")
    audit_record(tenant=tenant, actor=actor, action="categorisation.inspection_received",
                 summary=f"Inspection for URN {row.get('URN', '')} through the API: "
                         f"{result.created} new, {result.updated} changed")
    return result
