"""The money pages' figures kept per version of funding's data (issue 16).

A year's budgets with their balances (about fourteen queries and the lines' totals), its
reconciliation and the budget history are read by the reconciliation, the commitments list,
the commitment and carry-forward forms, the year report and their API answers. Each is kept
(`core.kept.kept`) under the tenant and `funding_version`, a digest read from the committed
rows in one query: any funding write, or a change to the register, gives a new key, so the next
request after its transaction commits computes afresh and never before.

Only pages read these. A write decides against fresh figures: the services read the budget
again under a lock (`funding.services.spending`, `funding.services.carry`), and a form's POST
reads the balances afresh (`balances_for`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from core.kept import kept
from core.models import Tenant
from funding.models import (
    AllocationRun,
    AllocationRunPartnership,
    CarryForward,
    Commitment,
    FundingYear,
)
from funding.selectors.history import BudgetHistory, budget_history
from funding.selectors.spending import Budget, carried_forward, year_balances
from funding.selectors.totals import tenant_of
from funding.selectors.traded import TradedIncome, income_rows
from funding.selectors.versions import funding_version

MONEY_TTL = 60 * 60 * 24


def _version(year: FundingYear, version: str | None) -> str:
    return version or funding_version(tenant_of(year))


def kept_balances(year: FundingYear, *, version: str | None = None
                  ) -> tuple[list[Budget], list[Commitment]]:
    """`year_balances`, once per version of funding's data (call inside the tenant's
    scope). For pages only: a write checks against `year_balances`."""
    key = f"funding:balances:t{year.tenant_id}:{_version(year, version)}:{year.pk}"
    return kept(key, lambda: _shared(year_balances(year)), ttl=MONEY_TTL)


def _shared(balances: tuple[list[Budget], list[Commitment]]
            ) -> tuple[list[Budget], list[Commitment]]:
    """The balances with one instance of each run: every allocation read its own copy, and a
    hundred copies made the kept balances slow to read back."""
    runs: dict[int, AllocationRun] = {}
    for budget in balances[0]:
        if isinstance(budget.target, AllocationRunPartnership):
            budget.target.run = runs.setdefault(budget.target.run_id, budget.target.run)
    return balances


def balances_for(request: HttpRequest, year: FundingYear) -> tuple[list[Budget],
                                                                   list[Commitment]]:
    """A form's balances: kept to show the form, fresh when it is sent."""
    return kept_balances(year) if request.method in ("GET", "HEAD") else year_balances(year)


@dataclass
class Reconciliation:
    budgets: list[Budget]
    carried: list[CarryForward]  # out of or into the year, oldest first
    income: list[TradedIncome]

    def carried_out(self, year: FundingYear) -> list[CarryForward]:
        return [c for c in self.carried if c.from_year_id == year.pk]

    def carried_in(self, year: FundingYear) -> list[CarryForward]:
        return [c for c in self.carried if c.to_year_id == year.pk]


def _reconciliation(year: FundingYear) -> Reconciliation:
    budgets, _ = _shared(year_balances(year))
    return Reconciliation(budgets=budgets, carried=list(carried_forward(year)),
                          income=income_rows(year))


def kept_reconciliation(year: FundingYear, *, version: str | None = None) -> Reconciliation:
    """The year's budgets with balances, what was carried out of and into it, and its income,
    once per version of funding's data."""
    key = f"funding:reconciliation:t{year.tenant_id}:{_version(year, version)}:{year.pk}"
    return kept(key, lambda: _reconciliation(year), ttl=MONEY_TTL)


def kept_history(tenant: Tenant, *, version: str | None = None) -> BudgetHistory:
    """`budget_history` of the tenant, once per version of funding's data (call inside the
    tenant's scope)."""
    key = f"funding:history:t{tenant.pk}:{version or funding_version(tenant)}"
    return kept(key, budget_history, ttl=MONEY_TTL)
