"""The what-if beside a draft run: the draft's own snapshot recomputed with other parameters, or
supposing one school's category were another, shown as differences per school and per
partnership, each with its reason. Nothing is saved."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.exceptions import ValidationError

from core.kept import kept
from core.models import Tenant
from funding.formulas import Parameters, compute, suppose
from funding.models import AllocationRun, AllocationRunSchool
from funding.selectors.allocations import run_schools, snapshot_inputs
from funding.services.formula_values import parse_amount, parse_codes, parse_rates


@dataclass(frozen=True)
class SchoolDifference:
    urn: int
    name: str
    partnership: str
    before: Decimal
    after: Decimal
    reason_before: str
    reason_after: str

    @property
    def difference(self) -> Decimal:
        return self.after - self.before


@dataclass(frozen=True)
class PartnershipDifference:
    name: str
    before: Decimal
    after: Decimal

    @property
    def difference(self) -> Decimal:
        return self.after - self.before


@dataclass(frozen=True)
class WhatIf:
    """The totals and the differences only (not every school's computation): small enough to
    keep in the cache (`cached_what_if`)."""

    parameters: Parameters
    before_total: Decimal
    after_total: Decimal
    schools: list[SchoolDifference]
    partnerships: list[PartnershipDifference]
    supposed: str

    @property
    def difference(self) -> Decimal:
        return self.after_total - self.before_total


def what_if(run: AllocationRun, rows: list[AllocationRunSchool], *, rates: object = None,
            triggering_codes: object = None, minimum_pupils: int | None = None,
            suppose_urn: int | None = None, suppose_code: str = "",
            amount: object = None) -> WhatIf:
    """Refused (ValidationError, naming the field) for a bad value, amount or code, or a
    supposed school that is not in the run. `rates` and `amount` mean what the run's mode says
    (rates per pupil, weights, days or bands; the pot, day rate or amount per school)."""
    base = Parameters.from_json(run.parameters)
    changed = base
    if rates:
        changed = replace(changed, rates={code: Decimal(rate) for code, rate in
                                          parse_rates(rates, base.mode).items()})
    if amount not in (None, ""):
        if base.amount is None:
            raise ValidationError({"amount": "This run's formula has no pot, day rate or "
                                             "amount per school to change."})
        changed = replace(changed, amount=parse_amount(amount, base.mode))
    if triggering_codes:
        changed = replace(changed, triggering_codes=frozenset(
            parse_codes(triggering_codes, "triggering_codes")))
    if minimum_pupils is not None:
        changed = replace(changed, minimum_pupils=minimum_pupils)
    drafted = snapshot_inputs(run, rows)
    inputs = drafted
    supposed = ""
    if suppose_urn:
        code = (suppose_code or "").strip()
        if not code:
            raise ValidationError({"suppose_code": "Give the category to suppose."})
        index = next((n for n, s in enumerate(inputs) if s.urn == suppose_urn), None)
        if index is None:
            raise ValidationError({"suppose_urn": "No school with that URN is in this run."})
        label = next((row.category_label for row in rows if row.category_code == code), "")
        triggers = bool(run.parameters.get("scheme_triggers", {}).get(code))
        inputs = list(inputs)
        inputs[index] = replace(suppose(inputs[index], code=code, label=label),
                                scheme_triggers=triggers,
                                support_days=run.parameters.get("scheme_days", {}).get(code))
        supposed = f"{inputs[index].name} supposed in category {code}"
    before = compute(drafted, base, run.inputs_on)
    after = compute(inputs, changed, run.inputs_on)
    was = {row.input.school_id: row for row in before.schools}
    schools = [SchoolDifference(
        urn=row.input.urn, name=row.input.name,
        partnership=row.input.partnership_name or "None", before=was[row.input.school_id].amount,
        after=row.amount, reason_before=was[row.input.school_id].reason, reason_after=row.reason)
        for row in after.schools
        if row.amount != was[row.input.school_id].amount
        or row.reason != was[row.input.school_id].reason]
    totals = {group.name: group.amount for group in before.partnerships}
    partnerships = [PartnershipDifference(group.name, totals.get(group.name, Decimal("0.00")),
                                          group.amount) for group in after.partnerships]
    return WhatIf(parameters=changed, before_total=before.total, after_total=after.total,
                  schools=schools, partnerships=partnerships, supposed=supposed)


WHAT_IF_TTL = 60 * 60


def what_if_key(tenant: Tenant, run: AllocationRun, changes: dict[str, object]) -> str:
    """The what-if's name in the cache: the tenant, the run and the changes asked for (the
    page also keeps its rendered tables under it)."""
    digest = hashlib.sha256(repr(sorted(changes.items())).encode()).hexdigest()[:24]
    return f"funding:what-if:t{tenant.pk}:r{run.pk}:{digest}"


def cached_what_if(tenant: Tenant, run: AllocationRun, **changes: object) -> WhatIf:
    """`what_if` on the run's own snapshot, once per run and set of changes: a run's snapshot
    rows and parameters are written with it and never changed (confirming changes only who and
    when), so the answer cannot go stale; an officer paging through the differences, or going
    back to them, is not made to wait for the whole register again. The key names the tenant
    and the run. A refusal is not kept."""
    key = what_if_key(tenant, run, changes)
    return kept(key, lambda: what_if(run, run_schools(run), **changes),  # type: ignore[arg-type]
                ttl=WHAT_IF_TTL)
