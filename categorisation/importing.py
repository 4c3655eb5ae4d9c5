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
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.models import User
from categorisation import ofsted, performance, selectors, services
from categorisation.models import DataImport, Inspection, PerformanceIndicator
from categorisation.recompute import schedule_recompute
from core.audit import audit_record
from core.csvfiles import RowError
from core.models import Tenant
from core.tasks import enqueue_on_commit
from core.years import AcademicYear
from schools.models import Establishment, EstablishmentLink, School

logger = logging.getLogger(__name__)

EXAMPLES = 20
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
    errors: list[RowError] = field(default_factory=list)
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


def _own_schools(tenant: Tenant, urns: Iterable[int], own_codes: set[str]) -> set[int]:
    """Of `urns`, the establishments stored with an LA code only this tenant covers. Stored
    data decides, not a register entry or a file: a register entry could have been made
    before the rule, and a file says whatever its writer wants."""
    urns = sorted(set(urns))
    own: set[int] = set()
    for start in range(0, len(urns), CHUNK):
        own.update(Establishment.objects.filter(urn__in=urns[start:start + CHUNK],
                                                la_code__in=sorted(own_codes))
                   .values_list("urn", flat=True))
    return own


def _other_tenants_reach(tenant: Tenant, urns: Iterable[int]) -> set[int]:
    """Of `urns`, those whose data another tenant reads: stored with an LA code another tenant
    covers, or linked (either way, by any link) to such an establishment, since a
    predecessor's inspections count for its successor."""
    others = sorted(tenant.la_codes_of_other_tenants())
    urns = sorted(set(urns))
    if not others or not urns:
        return set()
    reached: set[int] = set()
    partners: dict[int, set[int]] = defaultdict(set)
    for start in range(0, len(urns), CHUNK):
        chunk = urns[start:start + CHUNK]
        reached.update(Establishment.objects.filter(urn__in=chunk, la_code__in=others)
                       .values_list("urn", flat=True))
        for urn, linked in EstablishmentLink.objects.filter(
            Q(urn__in=chunk) | Q(linked_urn__in=chunk),
        ).values_list("urn", "linked_urn"):
            partners[linked].add(urn)
            partners[urn].add(linked)
    partner_urns = sorted(set(partners) - set(urns))
    for start in range(0, len(partner_urns), CHUNK):
        for partner in Establishment.objects.filter(
            urn__in=partner_urns[start:start + CHUNK], la_code__in=others,
        ).values_list("urn", flat=True):
            reached |= partners[partner] & set(urns)
    return reached


def tenant_urns(tenant: Tenant, urns: Iterable[int]) -> set[int]:
    """Of `urns`, those whose public data `tenant` may write.

    Contract: its own schools (stored LA code that only it covers) and their predecessors
    through links of the *national* import (a converter academy is categorised from its
    predecessor's inspections), less anything another tenant reads: a URN stored in another
    tenant's LA codes or linked to one of its schools. Links a tenant uploaded never give a
    right, and nothing here reads a file's LA codes.
    """
    urns = sorted(set(urns))
    own_codes = tenant.exclusive_la_codes()
    own = _own_schools(tenant, urns, own_codes)
    rest = [urn for urn in urns if urn not in own]
    predecessors: dict[int, set[int]] = defaultdict(set)  # successor URN -> its predecessors
    for start in range(0, len(rest), CHUNK):
        for link in EstablishmentLink.objects.filter(
            linked_urn__in=rest[start:start + CHUNK], source=EstablishmentLink.Source.NATIONAL,
        ):
            if link.is_predecessor:
                predecessors[link.urn].add(link.linked_urn)
    for successor in _own_schools(tenant, predecessors, own_codes):
        own |= predecessors[successor]
    return own - _other_tenants_reach(tenant, own)


@dataclass
class _Narrowed:
    """A file parsed and narrowed to the tenant's rows, and what was left out."""

    parsed: ofsted.ParseResult | performance.PerformanceParse
    reach: dict = field(default_factory=dict)
    urns: set[int] = field(default_factory=set)  # every school URN the file reports on


def _narrow(data_import: DataImport, data: bytes, today: date) -> _Narrowed:
    """Parse the upload and keep only the rows of the tenant's schools (`tenant_urns`); the
    others are counted and named in `reach`. A file with errors is not narrowed: it is never
    applied, and its errors are reported whichever school they concern."""
    tenant = data_import.tenant
    if data_import.kind == DataImport.Kind.OFSTED:
        parsed = ofsted.parse_file(data, labels=selectors.label_book(), today=today)
    else:
        parsed = performance.parse_file(data, today=today, name=data_import.original_name,
                                        year=data_import.academic_year)
    narrowed = _Narrowed(parsed=parsed, urns=set(parsed.found))
    if parsed.errors:
        return narrowed
    if isinstance(parsed, ofsted.ParseResult):
        parsed.inspections, _refused = inspections_for_tenant(tenant, parsed.inspections)
        allowed = {item["urn"] for item in parsed.inspections}
    else:
        allowed = tenant_urns(tenant, narrowed.urns)
        parsed.indicators = [item for item in parsed.indicators if item["urn"] in allowed]
    narrowed.reach = _reach(tenant, parsed.found, allowed)
    return narrowed


def _unknown_inspected_urns(tenant: Tenant, inspections: list[dict]) -> set[int]:
    """The URNs inspections were carried out on that no establishment has (a predecessor the
    register never held): Ofsted's file names them, no council reads them, so they do not
    stop the tenant's own school's inspection — unless a link ties them to another tenant's
    school."""
    inspected = sorted({item["inspected_urn"] for item in inspections
                        if item.get("inspected_urn") is not None})
    stored: set[int] = set()
    for start in range(0, len(inspected), CHUNK):
        stored.update(Establishment.objects.filter(urn__in=inspected[start:start + CHUNK])
                      .values_list("urn", flat=True))
    unknown = set(inspected) - stored
    return unknown - _other_tenants_reach(tenant, unknown)


def inspections_for_tenant(
    tenant: Tenant, inspections: list[dict],
) -> tuple[list[dict], list[tuple[dict, str]]]:
    """The parsed inspections `tenant` may write, and those refused with the reason.

    Every URN an inspection touches must be the tenant's (`tenant_urns`): the school it is
    reported for, the URN it was carried out on (a predecessor's inspection counts for its
    successor, so a foreign "URN at time of inspection" would reach another council's school)
    and, when the inspection number is stored already, the URNs stored with it (else a row
    reusing another council's inspection number would move that inspection away). A URN
    carried out on that no establishment has is let through (`_unknown_inspected_urns`).
    """
    numbers = sorted({item["inspection_number"] for item in inspections})
    stored: dict[str, tuple[int, int]] = {}
    for start in range(0, len(numbers), CHUNK):
        for number, urn, inspected in Inspection.objects.filter(
            inspection_number__in=numbers[start:start + CHUNK],
        ).values_list("inspection_number", "urn", "inspected_urn"):
            stored[number] = (urn, inspected)

    def touched(item: dict) -> set[int]:
        urns = {item["urn"], item.get("inspected_urn")}
        urns.update(stored.get(item["inspection_number"], ()))
        return {urn for urn in urns if urn is not None}

    allowed = tenant_urns(tenant, {urn for item in inspections for urn in touched(item)})
    unknown = _unknown_inspected_urns(tenant, inspections)
    kept, refused = [], []
    for item in inspections:
        # Only the URN an inspection was carried out on may be one nobody knows; the school
        # it is reported for must be the tenant's.
        foreign = sorted((touched(item) - allowed) - (unknown - {item["urn"]}))
        if foreign:
            refused.append((item, "URN " + ", ".join(map(str, foreign))
                            + f" {'is not a school' if len(foreign) == 1 else 'are not schools'}"
                            + f" of {tenant.name}"))
        else:
            kept.append(item)
    return kept, refused


def _reach(tenant: Tenant, found: dict[int, tuple[int, str]], allowed: set[int]) -> dict:
    """How many of the file's schools are the tenant's, and the rows left out: how many are
    another council's schools or in no council's register, and the first of them."""
    held = urns_in_registers(found)
    outside = sorted((urn for urn in found if urn not in allowed), key=lambda urn: found[urn])
    others = {urn for urn in outside if held.get(urn)}
    return {
        "schools": len(found),
        "in_your_register": sum(1 for urn in found if tenant.pk in held.get(urn, ())),
        "written": len(found) - len(outside),
        "outside": len(outside),
        "outside_in_other_registers": len(others),
        "outside_in_no_register": len(outside) - len(others),
        "outside_examples": [
            {"row": found[urn][0], "urn": urn, "name": found[urn][1],
             "in_other_register": urn in others}
            for urn in outside[:EXAMPLES]
        ],
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



def _run_import(data_import: DataImport, narrowed: _Narrowed, today: date):
    """The service for this kind of file, writing the tenant's rows; returns its result."""
    if data_import.kind == DataImport.Kind.OFSTED:
        return services.inspections_import(parsed=narrowed.parsed,
                                           source=data_import.original_name, today=today)
    return indicators_import(parsed=narrowed.parsed)


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
                       "unchanged": result.unchanged, "errors": len(result.errors)},
        }
    urns = set(result.affected_urns)
    summary["affected_urns"] = len(urns)
    return summary, urns


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
    narrowed = _narrow(data_import, data, today)
    _progress(data_import, note="Counting what would change", processed=lines)
    result = _dry_run(lambda: _run_import(data_import, narrowed, today))
    summary, _urns = _summary(data_import, result)
    if not result.errors:
        summary["reach"] = narrowed.reach
    data_import.record_preview(summary=summary, errors=DataImport.stored_errors(result.errors),
                               total_rows=summary["total_rows"])
    return data_import


@transaction.atomic
def data_import_apply_request(*, data_import: DataImport, actor: User) -> DataImport:
    """The admin confirms the preview: mark the import as applying and enqueue the work."""
    data_import = DataImport.objects.select_for_update().get(pk=data_import.pk)
    if data_import.status != DataImport.Status.PREVIEWED or data_import.errors:
        raise PermissionDenied("Only a checked import without errors can be applied.")
    data_import.start_applying()
    audit_record(tenant=data_import.tenant, actor=actor,
                 action="categorisation.data_import_apply_requested", obj=data_import,
                 summary=f"Applying {data_import.original_name}")
    enqueue_on_commit("categorisation.import_tasks.data_import_apply", data_import.pk)
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
    narrowed = _narrow(data_import, data, today)
    with transaction.atomic():
        result = _run_import(data_import, narrowed, today)
        if not result.errors:
            summary, urns = _summary(data_import, result)
            arrival = schedule_recompute(
                urns=urns, reason=f"{kind} import {data_import.original_name}"[:200])
            held = urns_in_registers(urns)
            summary["recompute"] = {
                "arrival": arrival.pk if arrival is not None else None,
                "schools": len(urns),
                "in_your_register": sum(1 for urn in urns
                                        if data_import.tenant.pk in held.get(urn, ())),
            }
            audit_record(tenant=data_import.tenant, actor=data_import.uploaded_by,
                         action="categorisation.data_import_applied", obj=data_import,
                         summary=f"Applied {data_import.original_name}: {result.created} new, "
                                 f"{result.updated} changed, {result.unchanged} unchanged; "
                                 f"{narrowed.reach['outside']} schools of the file left out "
                                 "(not this council's)")
    if result.errors:
        data_import.errors = DataImport.stored_errors(result.errors)
        data_import.status = DataImport.Status.FAILED
    else:
        data_import.summary = {**data_import.summary, "applied": summary["counts"],
                               "recompute": summary["recompute"], "reach": narrowed.reach}
        data_import.status = DataImport.Status.DONE
    data_import.processed_rows = data_import.total_rows
    data_import.progress_note = ""
    data_import.finished_at = timezone.now()
    data_import.save()
    return data_import



# --- One inspection from the API -------------------------------------------------------------


@transaction.atomic
def inspection_receive(
    *, tenant: Tenant, actor: User, row: dict[str, str], today: date | None = None,
) -> services.InspectionImportResult:
    """Store one inspection given as a row of Ofsted's MI columns, with the same rules as a
    file (unknown labels, future dates, malformed URNs refused by row and column), and
    schedule the recompute of the schools it affects. Nothing is written on an error.

    The store is shared by every tenant, so a tenant may only send inspections of its own
    schools (`tenant_urns`: stored LA codes only it covers, or their predecessors by the
    national links): one council's officer cannot change the data behind another council's
    categories. A refusal is audited.
    """
    parsed = services.inspection_rows_parse([row], today=today or timezone.localdate())
    if not parsed.errors:
        parsed.inspections, refused = inspections_for_tenant(tenant, parsed.inspections)
        if refused:
            result = services.InspectionImportResult(rows=1)
            message = (f"{refused[0][1]}: send inspections of your own schools only")
            result.errors.append(RowError(row=1, column="URN", message=message))
            audit_record(tenant=tenant, actor=actor,
                         action="categorisation.inspection_refused",
                         summary=f"Inspection for URN {row.get('URN', '')} through the API "
                                 "refused: not this council's school",
                         changes={"row": {k: str(v)[:100] for k, v in row.items()},
                                  "reason": message})
            return result
    result = services.inspections_import(parsed=parsed, source="api", today=today)
    if result.errors:
        return result
    if result.affected_urns:
        schedule_recompute(urns=result.affected_urns,
                           reason=f"Inspection received through the API by {tenant.slug}")
    audit_record(tenant=tenant, actor=actor, action="categorisation.inspection_received",
                 summary=f"Inspection for URN {row.get('URN', '')} through the API: "
                         f"{result.created} new, {result.updated} changed")
    return result
