"""Writes for categorisation: the public inspection store, each tenant's schemes and its
officers' judgements. The recompute is `categorisation.recompute`, the proposals and the
confirm/agree/moderate workflow `categorisation.workflow`, the imports
`categorisation.importing`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from categorisation import ofsted, recompute, selectors
from categorisation.layers import NATIONAL, STAMPED_FIELDS, Layer
from categorisation.models import (
    CategorisationScheme,
    CategoryProposal,
    Inspection,
    SchemeCategory,
)
from categorisation.schemes import engine
from categorisation.schemes.presets import PRESETS
from core.audit import audit_record
from core.csvfiles import RowError
from core.models import Tenant
from core.tenancy import ensure_same_tenant
from schools.models import School

# --- Inspections (public data) --------------------------------------------------------------


@dataclass
class InspectionImportResult:
    format: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # A council's rows the national store has already (same inspection number): not written.
    already_national: int = 0
    errors: list[RowError] = field(default_factory=list)
    affected_urns: set[int] = field(default_factory=set)
    by_era: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def inspection_rows_parse(rows: Iterable[Mapping[str, str]], *, today: date,
                          ) -> ofsted.ParseResult:
    """Row dicts in Ofsted's MI column names (e.g. one inspection from the API), parsed as a
    file would be (the first row is numbered 2, as under a header)."""
    rows = list(rows)
    header = list(rows[0]) if rows else []
    return ofsted.parse_rows(((number, row) for number, row in enumerate(rows, start=2)),
                             header=header, labels=selectors.label_book(), today=today)


CHUNK = 2000  # inspection numbers per query


def _stored_by_number(model, numbers: list[str]) -> dict:
    stored = {}
    for start in range(0, len(numbers), CHUNK):
        for inspection in model.objects.filter(inspection_number__in=numbers[start:start + CHUNK]):
            stored[inspection.inspection_number] = inspection
    return stored


@transaction.atomic
def inspections_import(
    *, file: bytes | str | None = None, rows: Iterable[Mapping[str, str]] | None = None,
    parsed: ofsted.ParseResult | None = None, source: str = "", today: date | None = None,
    layer: Layer = NATIONAL,
) -> InspectionImportResult:
    """Upsert the inspections of an Ofsted MI file (`file`), of row dicts in its column
    names (`rows`, e.g. one inspection from the API) or of a file parsed already (`parsed`,
    e.g. narrowed to one tenant's schools by `categorisation.importing`), into `layer`: the
    national store, or one council's own layer (`categorisation.layers`).

    Contract: all or nothing. With any error (reported by row and column) nothing is written
    and `affected_urns` is empty. Idempotent: an unchanged inspection is not written again, so
    a re-import reports every row unchanged and no affected URN. `affected_urns` holds both the
    school an inspection is reported for and the URN it was carried out on: the schools whose
    category may change. Into a council's layer, an inspection the national store has already
    is not written (counted in `already_national`): the national data supersedes it.
    """
    if sum(given is not None for given in (file, rows, parsed)) != 1:
        raise ValueError("Pass one of file, rows or parsed.")
    today = today or timezone.localdate()
    if file is not None:
        parsed = ofsted.parse_file(file, labels=selectors.label_book(), today=today)
    elif rows is not None:
        parsed = inspection_rows_parse(rows, today=today)
    result = InspectionImportResult(format=parsed.format, rows=parsed.rows, errors=parsed.errors,
                                    by_era=parsed.count_by_era())
    if parsed.errors:
        return result
    numbers = [values["inspection_number"] for values in parsed.inspections]
    national = set() if layer.is_national else set(_stored_by_number(Inspection, numbers))
    model = layer.inspections
    with layer.scoped():
        existing = _stored_by_number(model, numbers)
        to_create, to_update = [], []
        for values in parsed.inspections:
            if values["inspection_number"] in national:
                result.already_national += 1
                continue
            digest = ofsted.row_hash(values)
            current = existing.get(values["inspection_number"])
            if current is not None and current.row_hash == digest:
                result.unchanged += 1
                continue
            if current is None:
                current = layer.stamp(model())
                to_create.append(current)
            else:
                result.affected_urns |= {current.urn, current.inspected_urn}
                to_update.append(current)
            for name, value in values.items():
                setattr(current, name, value)
            current.row_hash = digest
            current.source = source[:200]
            # The label came from the database a moment ago: skip a query per row to re-check
            # it.
            current.full_clean(exclude=["ungraded_outcome_label", *STAMPED_FIELDS],
                               validate_unique=False, validate_constraints=False)
            result.affected_urns |= {current.urn, current.inspected_urn}
        model.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            now = timezone.now()
            for inspection in to_update:
                inspection.updated_at = now
            model.objects.bulk_update(
                to_update, [*ofsted.INSPECTION_FIELDS[1:], "row_hash", "source", "updated_at"],
                batch_size=500,
            )
    result.created, result.updated = len(to_create), len(to_update)
    return result


# --- Schemes (tenant data) ------------------------------------------------------------------


class SchemeRefused(ValidationError):
    """A scheme version that is unsound, or would leave schools with no category."""

    def __init__(self, problems: list[str]):
        super().__init__(problems)
        self.problems = problems


@transaction.atomic
def scheme_preset_load(*, tenant: Tenant, actor: User | None, preset: str) -> CategorisationScheme:
    """Load a preset as the tenant's next version of that scheme (version 1 the first time),
    and make it the tenant's one active scheme: the scheme in use before is retired (its
    versions, proposals and categories stay as history).

    A preset is a starting point, so it is loaded even if some schools fall to its placeholder
    category; `scheme_version_create` is the door that refuses edits leaving a school without
    any category.
    """
    data = PRESETS[preset]
    scheme = _scheme_version_write(
        tenant=tenant, actor=actor, key=data["key"], name=data["name"],
        description=data["description"], preset=preset, definition=data["definition"],
        categories=[
            {"code": code, "label": label, "description": description, "colour": colour,
             "attributes": attributes}
            for code, label, description, colour, attributes in data["categories"]
        ],
        change_note=f"Loaded the {data['name']} preset.",
    )
    audit_record(tenant=tenant, actor=actor, action="categorisation.scheme_preset_loaded",
                 obj=scheme, summary=f"Loaded preset {preset} as version {scheme.version}")
    return scheme


@transaction.atomic
def scheme_version_create(
    *, tenant: Tenant, actor: User | None, scheme: CategorisationScheme, definition: dict,
    categories: list[dict] | None = None, change_note: str = "",
) -> CategorisationScheme:
    """A scheme edit: create the next version from `definition` (and `categories`, default the
    current ones) and make it the tenant's one active scheme (editing a retired scheme brings
    it back into use and retires the one in use).

    Refused (SchemeRefused, nothing written) when the definition is unsound, or when the new
    version, run over every school in the tenant's register, matches no rule for a school; the
    problems name each such school and why.
    """
    ensure_same_tenant(tenant, scheme=scheme)
    if categories is None:
        categories = [
            {"code": c.code, "label": c.label, "description": c.description, "colour": c.colour,
             "attributes": c.attributes}
            for c in scheme.categories.all()
        ]
    _refuse_unsound(tenant=tenant, key=scheme.key, definition=definition, categories=categories)
    new = _scheme_version_write(
        tenant=tenant, actor=actor, key=scheme.key, name=scheme.name,
        description=scheme.description, preset=scheme.preset, definition=definition,
        categories=categories, change_note=change_note,
    )
    audit_record(tenant=tenant, actor=actor, action="categorisation.scheme_version_created",
                 obj=new, summary=f"{new.name}: version {new.version}. {change_note}",
                 changes={"version": [str(scheme.version), str(new.version)]})
    return new


def _refuse_unsound(*, tenant: Tenant, key: str, definition: dict, categories: list[dict]) -> None:
    problems = engine.definition_problems(definition, {c["code"] for c in categories})
    if problems:
        raise SchemeRefused(problems)
    candidate = CategorisationScheme(tenant=tenant, key=key, definition=definition)
    labels = {c["code"]: c["label"] for c in categories}
    unmatched = scheme_uncategorised(tenant=tenant, scheme=candidate, labels=labels)
    if unmatched:
        raise SchemeRefused([
            f"{school.establishment.name} (URN {school.urn}) would have no category. "
            f"{outcome.summary}" for school, outcome in unmatched
        ])


@transaction.atomic
def scheme_import(
    *, tenant: Tenant, actor: User | None, name: str, description: str, definition: dict,
    categories: list[dict], change_note: str,
) -> CategorisationScheme:
    """A scheme from another council's file (`schemes.transfer`) as a new scheme of this
    tenant, version 1, in use at once (as a preset is loaded). Refused as an edit is: unsound,
    or leaving a school of the register without a category (naming each). A file imported into
    an existing scheme is an edit: `scheme_version_create`."""
    key = slugify(name)[:60].strip("-")
    if not key:
        raise SchemeRefused(["name: enter a name for the new scheme."])
    if CategorisationScheme.objects.filter(tenant=tenant).filter(
            models.Q(key=key) | models.Q(name__iexact=name)).exists():
        raise SchemeRefused([f"name: you have a scheme called “{name}” already: import the "
                             "file as a new version of it, or choose another name."])
    _refuse_unsound(tenant=tenant, key=key, definition=definition, categories=categories)
    new = _scheme_version_write(
        tenant=tenant, actor=actor, key=key, name=name, description=description,
        preset=CategorisationScheme.Preset.CUSTOM, definition=definition,
        categories=categories, change_note=change_note)
    audit_record(tenant=tenant, actor=actor, action="categorisation.scheme_imported", obj=new,
                 summary=f"Imported {new.name} as a new scheme. {change_note}")
    return new


def scheme_uncategorised(
    *, tenant: Tenant, scheme: CategorisationScheme, labels: dict[str, str],
) -> list[tuple[School, engine.Outcome]]:
    """Schools of the register for which `scheme` (saved or not) matches no rule (a rule that
    leaves the choice to an officer is a result: the officer is told what is missing)."""
    outcomes = selectors.scheme_outcomes(tenant=tenant, scheme=scheme, labels=labels)
    return [(school, outcome) for school, outcome in outcomes.items()
            if not outcome.matched and not outcome.undetermined]


def _scheme_version_write(
    *, tenant: Tenant, actor: User | None, key: str, name: str, description: str, preset: str,
    definition: dict, categories: list[dict], change_note: str,
) -> CategorisationScheme:
    problems = engine.definition_problems(definition, {c["code"] for c in categories})
    if problems:
        raise SchemeRefused(problems)
    # One active scheme per tenant (DESIGN section 3: "a scheme is per tenant"): a school has
    # one category in force, so two schemes in use would end each other's categories. Locking
    # every version of the tenant serialises two admins loading schemes at once.
    versions = list(CategorisationScheme.objects.select_for_update()
                    .filter(tenant=tenant).order_by("-version"))
    previous = next((scheme for scheme in versions if scheme.key == key), None)
    retired = [scheme.pk for scheme in versions if scheme.is_active]
    CategorisationScheme.objects.filter(pk__in=retired).update(is_active=False)
    # Open proposals of a scheme no longer in use can never be confirmed: mark them superseded
    # (kept as history). Those of an earlier version of this scheme are superseded by the
    # recompute, which compares them with the new version's result.
    CategoryProposal.objects.filter(
        tenant=tenant, scheme_id__in=retired, status=CategoryProposal.Status.OPEN,
    ).exclude(scheme__key=key).update(status=CategoryProposal.Status.SUPERSEDED)
    scheme = CategorisationScheme(
        tenant=tenant, key=key, name=name, description=description, preset=preset,
        version=previous.version + 1 if previous else 1, is_active=True, definition=definition,
        change_note=change_note[:300],
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    scheme.full_clean()
    scheme.save()
    for position, data in enumerate(categories):
        category = SchemeCategory(tenant=tenant, scheme=scheme, position=position, **data)
        category.full_clean()
        category.save()
    # A new version recomputes the whole register once it commits.
    recompute.schedule_tenant_recompute(
        tenant=tenant, reason=f"{name}: version {scheme.version}")
    return scheme
