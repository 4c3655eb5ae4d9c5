"""Commitments and spend against a budget (a de-delegation line, a confirmed run's partnership
allocation), and the tenant's approval limit. Only the tenant admin (FUNDING_MANAGE) writes:
they commit money, approve, cancel and record spend (the finance officer is an admin by
default; a tenant gives the role to whoever keeps its books).

The rules:
- A commitment is made against a de-delegation line or a partnership's allocation in a
  *confirmed* run (never a draft); it changes nothing of the run.
- Amounts are net of recoverable VAT; with the VAT flag, the VAT charged on top is recorded
  (by default the standard rate, 20%, of the net, rounded to the penny, half up).
- Above the tenant's approval limit (net; default £10,000) a commitment is requested and
  waits for a second person's approval: someone with FUNDING_MANAGE who did not request it.
  At or below the limit it is approved when made.
- A commitment that would take its budget's committed total past the budget is refused
  (`OverspendRefused`, which the form shows as a warning) unless an admin overrides it with a
  reason, recorded on the commitment and in the audit trail. Approving rechecks it.
- Spend is refused on a commitment awaiting approval or cancelled; spend taking a commitment
  past its amount is refused until confirmed (`OverCommitmentWarning`), then recorded.
- A commitment with spend cannot be cancelled.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from core.years import FinancialYear
from funding.models import (
    AllocationRunPartnership,
    CarryForward,
    Commitment,
    CommitmentStatus,
    DeDelegationLine,
    FundingYear,
    Spend,
    SpendSource,
    StrategicFund,
)
from funding.selectors.spending import (
    Budget,
    budget_for,
    committed_against,
    funding_settings,
    spent_against,
)
from funding.services.codes import ledger_code_text
from funding.services.dedelegation import _check, _rate, _save

VAT_STANDARD_RATE = Decimal("0.20")
PENNY = Decimal("0.01")


class OverspendRefused(ValidationError):
    """The commitment would take its budget past the budget; an admin may override it with a
    reason. A ValidationError naming `amount`, so the API answers it as any refusal."""

    def __init__(self, message: str, *, overspend: Decimal):
        super().__init__({"amount": [message]})
        self.overspend = overspend


class OverCommitmentWarning(ValidationError):
    """Spend that takes a commitment past its amount: recorded once the person confirms it."""

    def __init__(self, message: str, *, over_by: Decimal):
        super().__init__({"amount": [message]})
        self.over_by = over_by


MOST = Decimal("9999999999.99")


def money(value: object, field: str, what: str = "amount", *,
          negative: bool = False) -> Decimal:
    """An amount in pounds and pence; `negative` allows a credit. Refused naming the field."""
    try:
        size = abs(value if isinstance(value, Decimal) else Decimal(
            str(value).strip().replace(",", "").replace("£", "")))
        too_large = size.is_finite() and size > MOST
    except (InvalidOperation, ValueError):
        too_large = False
    if too_large:
        raise ValidationError({field: f"The {what} is too large."})
    if negative:
        try:
            amount = value if isinstance(value, Decimal) else Decimal(
                str(value).strip().replace(",", "").replace("£", ""))
        except (InvalidOperation, ValueError):
            raise ValidationError({field: f"Give the {what} in pounds and pence, for example "
                                          "1250.00."}) from None
        if not amount.is_finite() or amount != amount.quantize(PENNY):
            raise ValidationError({field: f"Give the {what} in pounds and pence, to the penny "
                                          "(two decimal places)."})
        return _rate(abs(amount), field, what).copy_sign(amount)
    return _rate(str(value).strip().replace(",", "").replace("£", "")
                 if isinstance(value, str) else value, field, what)


def _text(value: str, field: str, what: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: f"Say {what}."})
    if len(value) > limit:
        raise ValidationError({field: f"Keep {what} to {limit} characters."})
    return value


def vat_at_standard_rate(net: Decimal) -> Decimal:
    return (net * VAT_STANDARD_RATE).quantize(PENNY, rounding=ROUND_HALF_UP)


def _allocation_year(target: AllocationRunPartnership, on: object) -> FundingYear:
    """The financial year of an allocation a commitment dated `on` draws on: an academic-year
    run's allocation is a budget in each of its two financial years, the date choosing; a date
    outside them is refused by the date check with the run's year."""
    run = target.run
    if not run.is_academic or not isinstance(on, date):
        return run.year
    start = FinancialYear.of(on).start_year
    if start != run.year.start_year + 1:
        return run.year
    year = FundingYear.objects.filter(start_year=start).first()
    if year is None:
        raise ValidationError({"on": f"Add the funding year {FinancialYear(start).label} "
                                     "before committing its part of this academic-year "
                                     "allocation."})
    return year


def _budget(target: models.Model, year: FundingYear | None = None) -> Budget:
    """The budget read of `target` (an allocation's part in `year`), locked so two commitments
    at once cannot both pass the overspend check; a draft run's allocation is refused."""
    if isinstance(target, AllocationRunPartnership):
        AllocationRunPartnership.objects.select_for_update().filter(pk=target.pk).first()
        if not target.run.is_confirmed:
            raise ValidationError({"budget": f"Allocation run {target.run_id} is a draft: "
                                             "commit money only against a confirmed run."})
        return budget_for(target, year)
    elif isinstance(target, DeDelegationLine):
        DeDelegationLine.objects.select_for_update().filter(pk=target.pk).first()
    elif isinstance(target, StrategicFund):
        StrategicFund.objects.select_for_update().filter(pk=target.pk).first()
    elif isinstance(target, CarryForward):
        CarryForward.objects.select_for_update().filter(pk=target.pk).first()
    else:
        raise ValidationError({"budget": "Choose a de-delegation line, a partnership's "
                                         "allocation in a confirmed run, a strategic fund or "
                                         "money carried forward."})
    return budget_for(target)


def _overspend_check(budget: Budget, amount: Decimal, override_reason: str,
                     exclude: int | None = None) -> Decimal:
    """Refuse a commitment past the budget without an override reason; the overspend (0 when
    it fits)."""
    committed = committed_against(budget, exclude=exclude)
    # What was carried forward to next year is no longer this year's to commit.
    over = committed + amount + budget.carried - budget.amount
    if over > 0 and not override_reason.strip():
        carried = (f", £{budget.carried:,} is carried forward to next year"
                   if budget.carried else "")
        raise OverspendRefused(
            f"This would overspend {budget.name} by £{over:,}: the budget is "
            f"£{budget.amount:,}, £{committed:,} is committed already{carried} and this is "
            f"£{amount:,}. Give a reason to override the budget, or reduce the amount.",
            overspend=over)
    return max(over, Decimal("0.00"))


def _next_reference(year_label: str) -> str:
    prefix = f"C{year_label}-"
    taken = set(Commitment.objects.filter(reference__startswith=prefix)
                .values_list("reference", flat=True))
    number = len(taken) + 1
    while f"{prefix}{number:04d}" in taken:
        number += 1
    return f"{prefix}{number:04d}"


@transaction.atomic
def commitment_create(*, tenant: Tenant, actor: User | None, budget: models.Model,
                      description: str, supplier: str, amount: object, on: date,
                      vat: bool = False, vat_amount: object = None, reference: str = "",
                      cost_centre: str = "", ledger_code: str = "", source: str = "",
                      override_reason: str = "") -> Commitment:
    """Commit money against `budget` (a `DeDelegationLine`, an `AllocationRunPartnership` of
    a confirmed run or a `StrategicFund`, against what it has not shared out). The service the
    support app calls to turn a brokered deployment's cost into a commitment (support may
    import funding's services; funding never imports support): pass the deployment as
    `source` ("Deployment 12") and its reference.

    `amount` is net of recoverable VAT; `vat` says VAT is charged on top, `vat_amount` how
    much (default: the standard rate). The cost centre and ledger code default to the line's.
    Above the tenant's approval limit the commitment is requested and waits for a second
    person's approval; otherwise it is approved at once. Refused: a draft run, an amount that
    is not positive pounds and pence, a date outside the budget's financial year, a reference
    already used, a budget overspent without `override_reason` (OverspendRefused)."""
    _check(tenant, actor, budget=budget)
    read = _budget(budget, _allocation_year(budget, on)
                   if isinstance(budget, AllocationRunPartnership) else None)
    net = money(amount, "amount")
    if net <= 0:
        raise ValidationError({"amount": "The amount must be more than £0.00."})
    if vat:
        charged = vat_at_standard_rate(net) if vat_amount in (None, "") else money(
            vat_amount, "vat_amount", "VAT")
    else:
        if vat_amount not in (None, "") and money(vat_amount, "vat_amount", "VAT") != 0:
            raise ValidationError({"vat_amount": "Tick that VAT is charged, or leave the VAT "
                                                 "empty."})
        charged = Decimal("0.00")
    if not isinstance(on, date) or not read.year.financial_year.contains(on):
        fy = read.year.financial_year
        raise ValidationError({"on": f"The date must be in the budget's financial year "
                                     f"{fy.label} ({fy.start:%-d %B %Y} to "
                                     f"{fy.end:%-d %B %Y})."})
    reference = (reference or "").strip()
    if len(reference) > 40:
        raise ValidationError({"reference": "Keep the reference to 40 characters."})
    if reference and Commitment.objects.filter(reference__iexact=reference).exists():
        raise ValidationError({"reference": f"The reference {reference} is already used."})
    over = _overspend_check(read, net, override_reason)
    limit = funding_settings().approval_limit
    commitment = Commitment(
        tenant=tenant, year=read.year, reference=reference or _next_reference(read.year.label),
        description=_text(description, "description", "what the money is for", 300),
        supplier=_text(supplier, "supplier", "who is paid", 200), amount=net, vat=bool(vat),
        vat_amount=charged, committed_on=on,
        cost_centre=ledger_code_text(cost_centre, "cost_centre") or read.cost_centre,
        ledger_code=ledger_code_text(ledger_code, "ledger_code") or read.ledger_code,
        source=(source or "").strip()[:200], requested_by=actor, approval_limit=limit,
        override_reason=override_reason.strip() if over else "",
        **{read.kind: budget})
    if not commitment.needs_approval:
        _approve(commitment, actor)
    _save(commitment)
    audit_record(tenant=tenant, actor=actor, action="funding.commitment_create",
                 obj=commitment,
                 summary=f"Committed £{net:,} against {read.name} ({commitment.reference}): "
                         f"{commitment.get_status_display().lower()}",
                 changes={"amount": str(net), "vat_amount": str(charged),
                          "budget": read.key, "status": commitment.status,
                          "approval_limit": str(limit)})
    if over:
        _audit_override(tenant, actor, commitment, read, over)
    return commitment


def _approve(commitment: Commitment, actor: User | None) -> None:
    commitment.status = CommitmentStatus.APPROVED
    commitment.approved_by = actor
    commitment.approved_by_name = (actor.get_full_name() or actor.email) if actor else ""
    commitment.approved_at = timezone.now()


def _audit_override(tenant: Tenant, actor: User | None, commitment: Commitment, read: Budget,
                    over: Decimal) -> None:
    audit_record(tenant=tenant, actor=actor, action="funding.budget_override", obj=commitment,
                 summary=f"Overrode the budget {read.name} by £{over:,} for "
                         f"{commitment.reference}",
                 changes={"overspend": str(over), "reason": commitment.override_reason})


def _locked(commitment: Commitment) -> Commitment:
    return (Commitment.objects.select_for_update(of=("self",))
            .select_related("allocation__run__year", "line__year", "year",
                            "carry_forward__from_year", "carry_forward__to_year")
            .get(pk=commitment.pk))


@transaction.atomic
def commitment_approve(*, tenant: Tenant, actor: User | None, commitment: Commitment,
                       override_reason: str = "") -> Commitment:
    """A second person approves a commitment awaiting approval: someone with FUNDING_MANAGE
    who did not request it. The budget is checked again (others may have committed since)."""
    _check(tenant, actor, commitment=commitment)
    locked = _locked(commitment)
    if locked.status != CommitmentStatus.REQUESTED:
        raise ValidationError(f"{locked.reference} is not awaiting approval: it is "
                              f"{locked.get_status_display().lower()}.")
    if actor is not None and locked.requested_by_id == actor.pk:
        raise ValidationError(f"{locked.reference} needs a second person's approval: someone "
                              "other than who requested it.")
    read = _budget(locked.budget_object, locked.year)
    reason = override_reason.strip() or locked.override_reason
    over = _overspend_check(read, Decimal("0.00"), reason)
    if over and not locked.override_reason:
        locked.override_reason = reason
    _approve(locked, actor)
    _save(locked)
    audit_record(tenant=tenant, actor=actor, action="funding.commitment_approve", obj=locked,
                 summary=f"Approved {locked.reference}: £{locked.amount:,} against {read.name}")
    if over and override_reason.strip():
        _audit_override(tenant, actor, locked, read, over)
    return locked


@transaction.atomic
def commitment_cancel(*, tenant: Tenant, actor: User | None, commitment: Commitment,
                      reason: str) -> Commitment:
    """Cancel a commitment: it no longer counts against its budget. Refused once anything is
    spent against it."""
    _check(tenant, actor, commitment=commitment)
    locked = _locked(commitment)
    if locked.status == CommitmentStatus.CANCELLED:
        raise ValidationError(f"{locked.reference} is already cancelled.")
    spent = spent_against(locked)
    if spent:
        raise ValidationError(f"£{spent:,} is spent against {locked.reference}: a commitment "
                              "with spend cannot be cancelled.")
    locked.status = CommitmentStatus.CANCELLED
    locked.cancelled_by = actor
    locked.cancelled_at = timezone.now()
    locked.cancel_reason = _text(reason, "reason", "why it is cancelled", 1000)
    _save(locked)
    audit_record(tenant=tenant, actor=actor, action="funding.commitment_cancel", obj=locked,
                 summary=f"Cancelled {locked.reference}", changes={"reason": reason.strip()})
    return locked


def spend_problem(commitment: Commitment, amount: Decimal) -> str:
    """Why spend cannot be recorded against the commitment ("" when it can)."""
    if commitment.status == CommitmentStatus.CANCELLED:
        return f"{commitment.reference} is cancelled: no spend can be recorded against it."
    if commitment.status == CommitmentStatus.REQUESTED:
        return f"{commitment.reference} is awaiting approval: record spend once it is approved."
    if amount == 0:
        return "The amount cannot be £0.00."
    return ""


def over_commitment(commitment: Commitment, amount: Decimal, already: Decimal) -> Decimal:
    """How far spend of `amount` takes the commitment past its amount (0 when it does not)."""
    return max(already + amount - commitment.amount, Decimal("0.00"))


@transaction.atomic
def spend_record(*, tenant: Tenant, actor: User | None, commitment: Commitment, amount: object,
                 on: date, description: str = "", ledger_reference: str = "",
                 confirm_over_commitment: bool = False) -> Spend:
    """Record money spent against an approved commitment (net of VAT; negative for a credit).
    Spend that takes the commitment past its amount is refused with a warning
    (OverCommitmentWarning) until `confirm_over_commitment`."""
    _check(tenant, actor, commitment=commitment)
    locked = _locked(commitment)
    value = money(amount, "amount", negative=True)
    already = spent_against(locked)
    problem = spend_problem(locked, value)
    if problem:
        raise ValidationError({"amount": problem})
    if not isinstance(on, date):
        raise ValidationError({"on": "Give the date of the spend."})
    ledger_reference = (ledger_reference or "").strip()[:100]
    if ledger_reference and Spend.objects.filter(ledger_reference=ledger_reference).exists():
        raise ValidationError({"ledger_reference": f"Spend with the ledger reference "
                                                   f"{ledger_reference} is already recorded."})
    over = over_commitment(locked, value, already)
    if over and not confirm_over_commitment:
        raise OverCommitmentWarning(
            f"This takes {locked.reference} £{over:,} past its amount of £{locked.amount:,} "
            f"(£{already:,} spent already). Confirm to record it anyway.", over_by=over)
    spend = Spend(tenant=tenant, commitment=locked, spent_on=on, amount=value,
                  description=(description or "").strip()[:300],
                  ledger_reference=ledger_reference, source=SpendSource.TYPED,
                  recorded_by=actor)
    _save(spend)
    audit_record(tenant=tenant, actor=actor, action="funding.spend_record", obj=spend,
                 summary=f"Recorded £{value:,} spent against {locked.reference}",
                 changes={"amount": str(value), "over_commitment": str(over)})
    return spend
