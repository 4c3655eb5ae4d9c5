"""Formula allocation: formulas (a new version per change, never edited in place), runs made
as drafts with their snapshot rows, and confirming a run. A confirmed run is never altered:
every service here that would touch a run refuses a confirmed one, with the reason."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from categorisation.published import categories_last_changed
from core.audit import audit_record
from core.models import Tenant
from core.years import FinancialYear
from funding.formulas import Parameters, Result, compute
from funding.models import (
    AllocationFormula,
    AllocationRun,
    AllocationRunPartnership,
    AllocationRunSchool,
    FormulaMode,
    FundingYear,
    RunPeriod,
    RunStatus,
    StrategicFund,
)
from funding.selectors.allocations import allocation_inputs
from funding.selectors.funds import fund_for, fund_summary
from funding.selectors.spending import funding_settings
from funding.services.codes import ledger_codes
from funding.services.dedelegation import _check, _save
from funding.services.formula_values import formula_values, parse_amount

CONFIRMED_REFUSAL = ("This run is confirmed: a confirmed run is never changed. Make a new run "
                     "instead.")


def _formula(*, tenant: Tenant, actor: User | None, name: str, version: int, level_name: str,
             rates: object, triggering_codes: object, minimum_pupils: int, change_note: str,
             mode: object, amount: object, cost_centre: object = "",
             ledger_code: object = "") -> AllocationFormula:
    level_name = level_name.strip()
    if not level_name:
        raise ValidationError({"level_name": "Name the partnership level the formula funds, "
                                             "for example Consortium."})
    clean_mode, clean_rates, clean_amount, codes = formula_values(
        tenant=tenant, mode=mode, rates=rates, amount=amount, triggering_codes=triggering_codes)
    if minimum_pupils is None or int(minimum_pupils) < 0:
        raise ValidationError({"minimum_pupils": "The minimum number of pupils cannot be "
                                                 "negative."})
    centre, code = ledger_codes(cost_centre, ledger_code)
    formula = AllocationFormula(
        tenant=tenant, name=name.strip(), version=version, mode=clean_mode,
        cost_centre=centre, ledger_code=code,
        level_name=level_name, rates=clean_rates, amount=clean_amount, triggering_codes=codes,
        minimum_pupils=int(minimum_pupils), change_note=change_note.strip(), created_by=actor)
    _save(formula)
    return formula


def _formula_changes(formula: AllocationFormula) -> dict:
    return {"mode": formula.mode, "rates": formula.rates,
            "amount": None if formula.amount is None else str(formula.amount),
            "triggering_codes": formula.triggering_codes,
            "minimum_pupils": formula.minimum_pupils, "cost_centre": formula.cost_centre,
            "ledger_code": formula.ledger_code}


@transaction.atomic
def allocation_formula_create(*, tenant: Tenant, actor: User | None, name: str,
                              level_name: str, rates: object = None,
                              triggering_codes: object = (), minimum_pupils: int = 0,
                              change_note: str = "", mode: object = FormulaMode.CATEGORY_RATES,
                              amount: object = None, cost_centre: object = "",
                              ledger_code: object = "") -> AllocationFormula:
    """Version 1 of a formula. Refused: a name the tenant already uses, a negative or
    non-numeric value or amount, a pot of 0, a band for a code not in the scheme, a triggering
    category with no value (`funding.services.formula_values`), codes the ledger cannot
    take."""
    _check(tenant, actor)
    if not name.strip():
        raise ValidationError({"name": "Name the formula, for example Consortium funding."})
    if AllocationFormula.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": f"There is already a formula called {name.strip()}: "
                                       "change it to make a new version."})
    formula = _formula(tenant=tenant, actor=actor, name=name, version=1, level_name=level_name,
                       rates=rates, triggering_codes=triggering_codes,
                       minimum_pupils=minimum_pupils, change_note=change_note, mode=mode,
                       amount=amount, cost_centre=cost_centre, ledger_code=ledger_code)
    audit_record(tenant=tenant, actor=actor, action="funding.formula_create", obj=formula,
                 summary=f"Added the allocation formula {formula}",
                 changes=_formula_changes(formula))
    return formula


@transaction.atomic
def allocation_formula_revise(*, tenant: Tenant, actor: User | None,
                              formula: AllocationFormula, level_name: str,
                              rates: object = None, triggering_codes: object = (),
                              minimum_pupils: int = 0, change_note: str = "",
                              mode: object = None, amount: object = None,
                              cost_centre: object = None,
                              ledger_code: object = None) -> AllocationFormula:
    """A new version of the formula (the newest + 1); the old versions stay as they were, for
    the runs that used them. Codes not given (None) are the newest version's."""
    _check(tenant, actor, formula=formula)
    latest = (AllocationFormula.objects.select_for_update().filter(name=formula.name)
              .order_by("-version").first())
    assert latest is not None
    revised = _formula(tenant=tenant, actor=actor, name=formula.name,
                       version=latest.version + 1, level_name=level_name, rates=rates,
                       triggering_codes=triggering_codes, minimum_pupils=minimum_pupils,
                       change_note=change_note, mode=mode or formula.mode, amount=amount,
                       cost_centre=latest.cost_centre if cost_centre is None else cost_centre,
                       ledger_code=latest.ledger_code if ledger_code is None else ledger_code)
    audit_record(tenant=tenant, actor=actor, action="funding.formula_revise", obj=revised,
                 summary=f"Made version {revised.version} of the allocation formula "
                         f"{revised.name}",
                 changes=_formula_changes(revised))
    return revised


def formula_parameters(formula: AllocationFormula) -> Parameters:
    return Parameters.from_json({"level_name": formula.level_name, "rates": formula.rates,
                                 "triggering_codes": formula.triggering_codes,
                                 "minimum_pupils": formula.minimum_pupils, "mode": formula.mode,
                                 "amount": formula.amount})


def _write_snapshot(*, tenant: Tenant, run: AllocationRun, result: Result) -> None:
    """The run's rows, in two bulk inserts: one per partnership, one per school."""
    partnerships = AllocationRunPartnership.objects.bulk_create([
        AllocationRunPartnership(
            tenant=tenant, run=run, partnership_id_then=group.partnership_id, name=group.name,
            schools=len(group.schools), funded_schools=len(group.funded),
            funded_pupils=group.funded_pupils, amount=group.amount)
        for group in result.partnerships])
    AllocationRunSchool.objects.bulk_create([
        AllocationRunSchool(
            tenant=tenant, run=run, partnership=row_group if group.partnership_id else None,
            school_id=row.input.school_id, urn=row.input.urn, school_name=row.input.name,
            category_step_id=row.input.step_id, category_code=row.input.code,
            category_label=row.input.label, category_status=row.input.status,
            triggers=row.triggers, pupils=row.input.pupils, census_date=row.input.census_date,
            pupils_source=row.input.pupils_source, rate=row.rate, days=row.days,
            weight=row.weight, amount=row.amount, reason=row.reason[:400])
        for group, row_group in zip(result.partnerships, partnerships, strict=True)
        for row in group.schools])


def _pot(*, formula: AllocationFormula, year: FundingYear, fund: StrategicFund | None,
         pot: object) -> Decimal | None:
    """The pot a run shares: the one asked for, else what remains of the fund, else the
    formula's. Refused: a pot for a formula that shares none, a fund of another year, a pot
    larger than what remains in the fund (the fund is locked until the run is saved)."""
    if formula.mode != FormulaMode.POT:
        if fund is not None or pot not in (None, ""):
            raise ValidationError({"fund": f"Only a formula that shares a pot draws on a fund; "
                                           f"{formula} does not."})
        return None
    clean = None if pot in (None, "") else parse_amount(pot, FormulaMode.POT)
    if fund is None:
        return clean if clean is not None else formula.amount
    if fund.year_id != year.pk:
        raise ValidationError({"fund": f"{fund.name} is a fund of {fund.year.label}, not of "
                                       f"{year.label}."})
    fund_for(fund.pk, lock=True)
    remaining = fund_summary(fund.pk).remaining_for(formula.name)
    clean = remaining if clean is None else clean
    if clean > remaining:
        raise ValidationError({"pot": f"The pot of £{clean:,} is larger than the £{remaining:,} "
                                      f"that remains in {fund.name} after its fixed costs and "
                                      "what it has already shared."})
    if clean <= 0:
        raise ValidationError({"pot": f"Nothing remains in {fund.name} to share."})
    return clean


def _period(period: object, months: object,
            fund: StrategicFund | None) -> tuple[str, int | None]:
    """The run's period and, for an academic year, the months of it in the first financial
    year (the tenant's setting unless given). Refused: an unknown period, months outside 1-11,
    an academic-year run sharing a strategic fund (a fund is a financial year's money)."""
    period = str(period or RunPeriod.FINANCIAL)
    if period not in RunPeriod.values:
        raise ValidationError({"period": "Choose the financial year or the academic year."})
    if period == RunPeriod.FINANCIAL:
        return period, None
    if fund is not None:
        raise ValidationError({"period": f"{fund.name} is money of one financial year: a run "
                                         "sharing it funds that financial year, not an "
                                         "academic year."})
    if months in (None, ""):
        return period, funding_settings().first_year_months
    try:
        clean = int(str(months).strip())
    except ValueError:
        clean = 0
    if not 1 <= clean <= 11:
        raise ValidationError({"first_year_months": "Give the months of the academic year in "
                                                    "its first financial year as a whole "
                                                    "number from 1 to 11 (7 is September to "
                                                    "March)."})
    return period, clean


def _run_codes(formula: AllocationFormula, fund: StrategicFund | None) -> dict[str, str]:
    """The codes a run's allocations are booked to: the formula's, or, where it has none, the
    fund's whose money a pot run shares."""
    if not (formula.cost_centre or formula.ledger_code) and fund is not None:
        return {"cost_centre": fund.cost_centre, "ledger_code": fund.ledger_code}
    return {"cost_centre": formula.cost_centre, "ledger_code": formula.ledger_code}


def _make_run(*, tenant: Tenant, actor: User | None, year: FundingYear,
              formula: AllocationFormula, inputs_on: date, origin: str,
              fund: StrategicFund | None = None, pot: object = None,
              period: object = None, first_year_months: object = None) -> AllocationRun:
    period, months = _period(period, first_year_months, fund)
    parameters = formula_parameters(formula)
    amount = _pot(formula=formula, year=year, fund=fund, pot=pot)
    if amount is not None:
        parameters = replace(parameters, amount=amount)
    inputs = allocation_inputs(tenant=tenant, level_name=parameters.level_name, on=inputs_on)
    result = compute(inputs, parameters, inputs_on)
    if result.unshared:
        raise ValidationError({"inputs_on": f"No school qualifies for a share of the "
                                            f"£{parameters.amount:,} pot on "
                                            f"{inputs_on:%-d %B %Y}: there is nothing to "
                                            "share it by. Check the weights and the categories "
                                            "that trigger funding."})
    snapshot = parameters.as_json() | {
        "formula": formula.name, "formula_version": formula.version,
        # What the scheme said of each code, so a what-if from the snapshot decides alike.
        "scheme_triggers": {row.code: row.scheme_triggers for row in inputs if row.code},
        "scheme_days": {row.code: row.support_days for row in inputs
                        if row.code and row.support_days is not None}}
    run = AllocationRun(tenant=tenant, year=year, formula=formula, inputs_on=inputs_on,
                        parameters=snapshot, total=result.total, origin=origin, fund=fund,
                        period=period, first_year_months=months, created_by=actor,
                        **_run_codes(formula, fund))
    _save(run)
    _write_snapshot(tenant=tenant, run=run, result=result)
    audit_record(tenant=tenant, actor=actor, action="funding.run_create", obj=run,
                 summary=f"Made a draft allocation run for {year.label} with {formula} "
                         f"(inputs on {inputs_on:%-d %B %Y}): £{run.total}",
                 changes={"total": str(run.total), "origin": origin, "period": period,
                          "first_year_months": months})
    return run


@transaction.atomic
def allocation_run_create(*, tenant: Tenant, actor: User | None, year: FundingYear,
                          formula: AllocationFormula, inputs_on: date, origin: str = "",
                          fund: StrategicFund | None = None, pot: object = None,
                          period: object = None,
                          first_year_months: object = None) -> AllocationRun:
    """A draft run of the formula on the inputs of `inputs_on`, with its snapshot rows. A
    pot-mode run may share a strategic fund: its pot is what remains of the fund unless a
    smaller `pot` is asked for; a pot larger than what remains is refused (`_pot`).

    `period` "academic" makes the run fund the academic year starting in September of `year`,
    profiled across `year` and the next financial year: `first_year_months` twelfths in the
    first (the tenant's setting, 7 by default, unless given), the rest in the second."""
    _check(tenant, actor, year=year, formula=formula, fund=fund)
    return _make_run(tenant=tenant, actor=actor, year=year, formula=formula,
                     inputs_on=inputs_on, origin=origin.strip() or "Made by hand", fund=fund,
                     pot=pot, period=period, first_year_months=first_year_months)


def ensure_draft(run: AllocationRun) -> None:
    """Every change to a run passes here first."""
    if run.status != RunStatus.DRAFT:
        raise ValidationError(CONFIRMED_REFUSAL)


@transaction.atomic
def allocation_run_confirm(*, tenant: Tenant, actor: User | None,
                           run: AllocationRun) -> AllocationRun:
    """Confirm a draft: who and when are recorded, and from then on no service changes it."""
    _check(tenant, actor, run=run)
    # Locked and re-read, so two admins confirming at once cannot both pass.
    locked = AllocationRun.objects.select_for_update().get(pk=run.pk)
    ensure_draft(locked)
    if locked.fund_id is not None:
        fund_for(locked.fund_id, lock=True)
        remaining = fund_summary(locked.fund_id).remaining_for(locked.formula.name)
        if locked.total > remaining:
            raise ValidationError(f"This run shares £{locked.total:,}, more than the "
                                  f"£{remaining:,} that now remains in the fund: make a new "
                                  "draft.")
    locked.status = RunStatus.CONFIRMED
    locked.confirmed_by = actor
    locked.confirmed_by_name = (actor.get_full_name() or actor.email) if actor else ""
    locked.confirmed_at = timezone.now()
    _save(locked)
    audit_record(tenant=tenant, actor=actor, action="funding.run_confirm", obj=locked,
                 summary=f"Confirmed allocation run {locked.pk} for {locked.year.label}: "
                         f"£{locked.total}")
    return locked


@transaction.atomic
def allocation_run_discard(*, tenant: Tenant, actor: User | None, run: AllocationRun) -> None:
    """Delete a draft nobody will confirm. A confirmed run is refused."""
    _check(tenant, actor, run=run)
    ensure_draft(AllocationRun.objects.select_for_update().get(pk=run.pk))
    audit_record(tenant=tenant, actor=actor, action="funding.run_discard", obj=run,
                 summary=f"Discarded draft allocation run {run.pk}")
    run.delete()


@transaction.atomic
def allocation_run_redraft(*, tenant: Tenant, origin: str) -> AllocationRun | None:
    """The system's new draft after categories changed: for the current financial year, when
    the tenant has confirmed a run for it, with the newest version of that run's formula and
    today's inputs. No person acts (the audit row has no actor); the confirmed run is left
    as it was. None when there is nothing to redraft.

    An earlier draft the system made for the year and nobody confirmed is replaced: it is out
    of date, and a batch of category decisions (a round, a demo seed) must leave one draft to
    check, not one per decision."""
    today = timezone.localdate()
    start_year = FinancialYear.of(today).start_year
    stale = AllocationRun.objects.filter(year__start_year=start_year, status=RunStatus.DRAFT,
                                         created_by__isnull=True)
    # Already up to date: a draft the system made after the last category step. A batch of
    # decisions committed together (a round, a demo seed) sends one signal per decision; the
    # first redraft covers them all and the rest stop here, after two queries, instead of each
    # reading everything.
    changed_at = categories_last_changed(tenant=tenant)
    current = stale.order_by("-created_at").first()
    if current is not None and changed_at is not None and current.created_at >= changed_at:
        return current
    year = FundingYear.objects.filter(start_year=start_year).first()
    if year is None:
        return None
    confirmed = (AllocationRun.objects.filter(year=year, status=RunStatus.CONFIRMED)
                 .select_related("formula").order_by("-confirmed_at", "-pk").first())
    if confirmed is None:
        return None
    formula = (AllocationFormula.objects.filter(name=confirmed.formula.name)
               .order_by("-version").first())
    assert formula is not None
    for old in stale:
        audit_record(tenant=tenant, actor=None, action="funding.run_discard", obj=old,
                     summary=f"Replaced draft allocation run {old.pk}: categories changed "
                             "again")
    stale.delete()
    # A run sharing a fund shares it again, with the pot the confirmed run used.
    pot = confirmed.parameters.get("amount") if formula.mode == FormulaMode.POT else None
    # ... and funds the same period, profiled as the confirmed run was.
    return _make_run(tenant=tenant, actor=None, year=year, formula=formula, inputs_on=today,
                     origin=origin, fund=confirmed.fund, pot=pot, period=confirmed.period,
                     first_year_months=confirmed.first_year_months)
