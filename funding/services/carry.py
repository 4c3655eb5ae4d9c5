"""The year-end step: carrying an underspend forward to the next financial year. Only the
tenant admin (FUNDING_MANAGE: the finance officer) carries money; every carry is audited.

The rules:
- Only once the financial year has ended (after 31 March): the underspend is known then.
- Into the next financial year, which must have been added.
- At most what the budget can spare: its amount less the larger of what is committed and
  what is spent (money committed stays with its commitment), less what has been carried
  from it already (`Budget.carryable`). Never more than the underspend.
- With a reason, kept with who carried it and when.
The carried money leaves the budget's remaining and underspend in its year and is a budget of
the next year, which commitments may draw on (and which may itself be carried on).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from core.years import FinancialYear
from funding.models import CarryForward, FundingYear
from funding.selectors.spending import budgets_of, commitments_of, with_balances
from funding.services.dedelegation import _check, _save
from funding.services.spending import _budget, _text, money


def next_year_of(year: FundingYear) -> FundingYear | None:
    return FundingYear.objects.filter(start_year=year.start_year + 1).first()


@transaction.atomic
def carry_forward(*, tenant: Tenant, actor: User | None, year: FundingYear, budget_key: str,
                  amount: object, reason: str, today: date | None = None) -> CarryForward:
    """Carry `amount` of the underspend of the year's budget `budget_key` ("line:4",
    "allocation:12", "fund:3", "carry_forward:7") into the next financial year."""
    _check(tenant, actor, year=year)
    locked = FundingYear.objects.select_for_update().get(pk=year.pk)
    today = today or timezone.localdate()
    fy = locked.financial_year
    if today <= fy.end:
        raise ValidationError(f"{fy.label} runs until {fy.end:%-d %B %Y}: carry its "
                              "underspend forward once the year has ended.")
    to_year = next_year_of(locked)
    if to_year is None:
        raise ValidationError(f"Add the funding year {FinancialYear(fy.start_year + 1).label} "
                              "first: the underspend is carried into it.")
    found = next((b for b in budgets_of(locked) if b.key == budget_key), None)
    if found is None:
        raise ValidationError({"budget": f"Choose a budget of {locked.label}."})
    _budget(found.target, locked)  # locks it, as a commitment against it does
    [budget] = with_balances([found], [c for c in commitments_of(locked)
                                       if c.budget_key == budget_key])
    value = money(amount, "amount")
    if value <= 0:
        raise ValidationError({"amount": "The amount must be more than £0.00."})
    if value > budget.carryable:
        raise ValidationError({"amount": (
            f"At most £{budget.carryable:,} of {budget.name} can be carried forward: its "
            f"budget of £{budget.amount:,} less the larger of what is committed "
            f"(£{budget.committed:,}) and what is spent (£{budget.spent:,}), less "
            f"£{budget.carried:,} carried forward already.")})
    carried = CarryForward(
        tenant=tenant, from_year=locked, to_year=to_year, source_key=budget.key,
        source_name=budget.name[:300], source_kind=budget.kind_label, amount=value,
        reason=_text(reason, "reason", "why the money is carried forward", 2000),
        cost_centre=budget.cost_centre, ledger_code=budget.ledger_code, carried_by=actor,
        carried_by_name=(actor.get_full_name() or actor.email) if actor else "")
    _save(carried)
    audit_record(tenant=tenant, actor=actor, action="funding.carry_forward", obj=carried,
                 summary=f"Carried £{value:,} of {budget.name} forward from {locked.label} "
                         f"to {to_year.label}",
                 changes={"amount": str(value), "budget": budget.key,
                          "carryable": str(budget.carryable), "reason": carried.reason})
    return carried
