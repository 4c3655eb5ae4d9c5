"""The `DataImport` uploads (Ofsted MI or performance files) a tenant admin checks and then
applies: store and enqueue the check, a preview counted by a dry run, and apply in one
transaction with the recompute of exactly the schools whose data changed.

What an upload writes goes to the council's own layer (`categorisation.layers`): read by it
alone, superseded by the national files. The preview names two different things: the file's
rows not for this council (`reach`), and this council's schools the file does not report on
(`missing`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from categorisation import ofsted, performance, selectors, services
from categorisation.importing.indicators import indicators_import
from categorisation.importing.inspections import inspections_for_tenant
from categorisation.importing.reach import (
    EXAMPLES,
    reach_summary,
    register_urns,
)
from categorisation.importing.staleness import older_than_stored
from categorisation.layers import Layer
from categorisation.models import DataImport
from categorisation.recompute import schedule_recompute
from core.audit import audit_record
from core.file_import_chunks import chunked_step, csv_rows_fine
from core.file_imports import file_import_apply_request
from core.models import Tenant
from core.tasks import enqueue_on_commit
from core.years import AcademicYear
from schools.models import Phase
from schools.selectors import open_schools_not_in


@dataclass
class _Narrowed:
    """A file parsed and narrowed to the tenant's rows, and what was left out."""

    parsed: ofsted.ParseResult | performance.PerformanceParse
    reach: dict = field(default_factory=dict)
    missing: dict = field(default_factory=dict)
    phases: tuple[str, ...] | None = None  # the phases the file reports on (None: all)
    urns: set[int] = field(default_factory=set)  # every school URN the file reports on


# The phases a key stage's results are published for: a primary school is not "missing" from a
# key stage 4 file.
KEY_STAGE_PHASES = {
    "ks2": (Phase.PRIMARY, Phase.MIDDLE, Phase.ALL_THROUGH),
    "ks4": (Phase.SECONDARY, Phase.MIDDLE, Phase.ALL_THROUGH),
}


def _phases_reported(parsed) -> tuple[str, ...] | None:
    """The phases a file reports on: every phase for Ofsted's, by key stage for results."""
    if isinstance(parsed, ofsted.ParseResult):
        return None
    stages = {item["measure"].split("_")[0] for item in parsed.indicators}
    return tuple({phase for stage in stages for phase in KEY_STAGE_PHASES.get(stage, ())})


def _narrow(data_import: DataImport, data: bytes, today: date) -> _Narrowed:
    """Parse the upload and keep only the rows of the council's schools and their
    predecessors (`register_urns`); the others are counted and named in `reach`, and the
    council's schools the file leaves out in `missing`. A file with errors is not narrowed: it
    is never applied, and its errors are reported whichever school they concern."""
    tenant = data_import.tenant
    if data_import.kind == DataImport.Kind.OFSTED:
        parsed = ofsted.parse_file(data, labels=selectors.label_book(), today=today)
    else:
        parsed = performance.parse_file(data, today=today, name=data_import.original_name,
                                        year=data_import.academic_year)
    narrowed = _Narrowed(parsed=parsed, urns=set(parsed.found),
                         phases=_phases_reported(parsed))
    if parsed.errors:
        return narrowed
    if isinstance(parsed, ofsted.ParseResult):
        parsed.inspections, _refused = inspections_for_tenant(tenant, parsed.inspections)
        allowed = {item["urn"] for item in parsed.inspections}
    else:
        allowed = register_urns(tenant, narrowed.urns)
        parsed.indicators = [item for item in parsed.indicators if item["urn"] in allowed]
    narrowed.reach = reach_summary(tenant, parsed.found, allowed)
    narrowed.missing = open_schools_not_in(tenant, narrowed.urns, phases=narrowed.phases,
                                           examples=EXAMPLES)
    return narrowed


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


def _run_import(data_import: DataImport, narrowed: _Narrowed, today: date):
    """The service for this kind of file, writing the council's rows to its own layer; returns
    its result."""
    layer = Layer(tenant=data_import.tenant, entered_by=data_import.uploaded_by,
                  data_import=data_import)
    if data_import.kind == DataImport.Kind.OFSTED:
        return services.inspections_import(parsed=narrowed.parsed, layer=layer,
                                           source=data_import.original_name, today=today)
    return indicators_import(parsed=narrowed.parsed, layer=layer)


def _summary(data_import: DataImport, result) -> tuple[dict, set[int]]:
    return result_summary(data_import.kind, result)


def result_summary(kind: str, result) -> tuple[dict, set[int]]:
    """What a preview or an applied import shows of an Ofsted (`kind` "ofsted") or performance
    import's result, and the URNs whose data changed. Shared with the national imports."""
    if kind == DataImport.Kind.OFSTED:
        summary = {
            "format": result.format, "total_rows": result.rows,
            "by_era": result.by_era,
            "counts": {"created": result.created, "updated": result.updated,
                       "unchanged": result.unchanged, "already_national": result.already_national,
                       "errors": len(result.errors)},
        }
    else:
        summary = {
            "format": result.format,
            "format_label": performance.FORMAT_LABELS.get(result.format, ""),
            "academic_year": (AcademicYear(result.year).label
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
                       "unchanged": result.unchanged, "already_national": result.already_national,
                       "errors": len(result.errors)},
        }
    urns = set(result.affected_urns)
    summary["affected_urns"] = len(urns)
    return summary, urns


def _rows_fine(data_import: DataImport, today: date):
    """A chunk's check for `core.file_import_chunks`: the file's header and the chunk's rows
    parsed alone (its errors are reported, with their rows, by the whole step that follows)."""

    def parse_clean(text: str) -> bool:
        if data_import.kind == DataImport.Kind.OFSTED:
            parsed = ofsted.parse_file(text, labels=selectors.label_book(), today=today)
        else:
            parsed = performance.parse_file(text, today=today, name=data_import.original_name,
                                            year=data_import.academic_year)
        return not parsed.errors

    return csv_rows_fine(parse_clean)


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
    enqueue_on_commit("categorisation.import_tasks.data_import_analyse", data_import.pk)
    return data_import


def data_import_analyse(*, data_import: DataImport, today: date | None = None,
                        chunk_rows: int | None = None) -> DataImport:
    """Check the file and store the preview (what apply would write), writing nothing. Not
    one transaction on purpose: the progress must be visible to the page that polls it. With
    `chunk_rows` (tasks inline), only the next chunk of its rows until the last
    (`core.file_import_chunks`)."""
    if data_import.status not in (DataImport.Status.PENDING, DataImport.Status.ANALYSING):
        return data_import  # checked already: running the task twice is harmless
    today = today or timezone.localdate()
    if chunked_step(data_import, chunk_rows, _rows_fine(data_import, today)):
        return data_import
    data_import.status = DataImport.Status.ANALYSING
    data_import.save(update_fields=["status"])
    data = _read(data_import)
    lines = max(data.count(b"\n") - 1, 0)
    _progress(data_import, note="Checking the file", processed=0, total=lines)
    narrowed = _narrow(data_import, data, today)
    _progress(data_import, note="Counting what would change", processed=lines)
    older = "" if narrowed.parsed.errors else older_than_stored(narrowed.parsed)
    result = _dry_run(lambda: _run_import(data_import, narrowed, today))
    summary, _urns = _summary(data_import, result)
    if not result.errors:
        summary["reach"] = narrowed.reach
        summary["missing"] = narrowed.missing
        summary["older"] = older
    data_import.record_preview(summary=summary, errors=DataImport.stored_errors(result.errors),
                               total_rows=summary["total_rows"])
    return data_import


def data_import_apply_request(*, data_import: DataImport, actor: User) -> DataImport:
    """The admin confirms the preview: mark the import as applying and enqueue the work."""
    return file_import_apply_request(
        data_import, actor=actor, action="categorisation.data_import_apply_requested",
        summary=f"Applying {data_import.original_name}",
        task="categorisation.import_tasks.data_import_apply")


def data_import_apply(*, data_import: DataImport, today: date | None = None,
                      chunk_rows: int | None = None) -> DataImport:
    """Write a checked import in one transaction, and schedule the recompute of exactly the
    schools whose data changed. The file is read again: the stores may have changed since.
    With `chunk_rows` (tasks inline), first read it a chunk of rows at a time
    (`core.file_import_chunks`), writing nothing until the last."""
    if data_import.status != DataImport.Status.APPLYING:
        return data_import  # applied already, or never confirmed: nothing to do
    today = today or timezone.localdate()
    if chunked_step(data_import, chunk_rows, _rows_fine(data_import, today)):
        return data_import
    data = _read(data_import)
    _progress(data_import, note="Writing the changes", processed=0)
    kind = data_import.get_kind_display().split(" (")[0]
    narrowed = _narrow(data_import, data, today)
    with transaction.atomic():
        result = _run_import(data_import, narrowed, today)
        if not result.errors:
            summary, urns = _summary(data_import, result)
            arrival = schedule_recompute(
                urns=urns, tenant=data_import.tenant,
                reason=f"{kind} import {data_import.original_name}"[:200])
            summary["recompute"] = {
                "arrival": arrival.pk if arrival is not None else None,
                "schools": len(urns),
                "in_your_register": len(register_urns(data_import.tenant, urns)),
            }
            audit_record(tenant=data_import.tenant, actor=data_import.uploaded_by,
                         action="categorisation.data_import_applied", obj=data_import,
                         summary=f"Applied {data_import.original_name} to this council's own "
                                 f"data: {result.created} new, {result.updated} changed, "
                                 f"{result.unchanged} unchanged, "
                                 f"{result.already_national} already in the national data; "
                                 f"{narrowed.reach['outside']} schools of the file left out "
                                 "(not this council's)")
    if result.errors:
        data_import.errors = DataImport.stored_errors(result.errors)
        data_import.status = DataImport.Status.FAILED
    else:
        data_import.summary = {**data_import.summary, "applied": summary["counts"],
                               "recompute": summary["recompute"], "reach": narrowed.reach,
                               "missing": narrowed.missing}
        data_import.status = DataImport.Status.DONE
    data_import.processed_rows = data_import.total_rows
    data_import.progress_note = ""
    data_import.finished_at = timezone.now()
    data_import.save()
    return data_import
