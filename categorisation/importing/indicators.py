"""Writing performance indicators from a parsed performance file into a layer (the national
store, or one council's own), and a school's headline indicators over its last years."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from categorisation import performance
from categorisation.derived import RELEASE_ORDER
from categorisation.importing.reach import CHUNK
from categorisation.layers import NATIONAL, STAMPED_FIELDS, Layer
from categorisation.models import PerformanceIndicator
from core.csvfiles import RowError

COMPARED_FIELDS = ("value", "national", "suppression", "higher_is_better", "cohort", "ci_low",
                   "ci_high")


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
    # A council's rows whose URN, measure and year the national store has: not written.
    already_national: int = 0
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
    layer: Layer = NATIONAL,
) -> IndicatorImportResult:
    """Upsert the indicators of a parsed performance file (or parse `file` first) into `layer`.

    Contract: all or nothing (any error: nothing written, no affected URN); idempotent (an
    unchanged indicator is not written); `affected_urns` are the schools with a new or changed
    indicator. Into a council's layer, an indicator whose URN, measure and year the national
    store has, in any release, is not written (counted in `already_national`): the published figure
    supersedes a council's provisional one.
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

    def stored_rows(model):
        for start in range(0, len(urns), CHUNK):
            yield from model.objects.filter(
                urn__in=urns[start:start + CHUNK], measure__in=measures, year__in=years)

    published = (set() if layer.is_national else
                 {_key(row)[:3] for row in stored_rows(PerformanceIndicator)})
    model = layer.indicators
    with layer.scoped():
        stored = {_key(indicator): indicator for indicator in stored_rows(model)}
        to_create, to_update = [], []
        now = timezone.now()
        for values in parsed.indicators:
            if _key(values)[:3] in published:
                result.already_national += 1
                continue
            current = stored.get(_key(values))
            if current is not None and _same(current, values):
                result.unchanged += 1
                continue
            if current is None:
                current = layer.stamp(model())
                to_create.append(current)
            else:
                to_update.append(current)
            for name_, value in values.items():
                setattr(current, name_, value)
            current.imported_at = now
            current.full_clean(exclude=list(STAMPED_FIELDS), validate_unique=False,
                               validate_constraints=False)
            result.affected_urns.add(values["urn"])
        model.objects.bulk_create(to_create, batch_size=500)
        model.objects.bulk_update(
            to_update, [*COMPARED_FIELDS, "source", "imported_at"], batch_size=500)
    result.created, result.updated = len(to_create), len(to_update)
    return result


def indicator_trend_rows(*, urn: int, years: int = 3) -> list[dict]:
    """A school's headline indicators over its last `years` years, one row per measure and
    year from the best release (final > revised > provisional), oldest first: for a page.
    The categorisation trend itself is `derived.indicator_trend`."""
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
