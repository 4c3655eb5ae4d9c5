"""Reads of strategic funds: each fund with its fixed costs, contributions and the runs that
share it, and the sums a finance officer reconciles, in a fixed number of queries whatever the
number of funds, costs or contributions. Sums are in Python (`Decimal`), never the database's.

What a fund holds = base + contributions - fixed costs. What it has shared = the total of the
*latest confirmed* run of each formula drawing on it: a later confirmed run of the same formula
(a redraft after categories changed) replaces the earlier one, it does not add to it. What
remains = what it holds - what it has shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from funding.models import (
    NO_PENCE,
    AllocationRun,
    Commitment,
    FundContribution,
    FundCost,
    FundingYear,
    RunStatus,
    StrategicFund,
)


@dataclass(frozen=True)
class FundSummary:
    fund: StrategicFund
    costs: list[FundCost]
    contributions: list[FundContribution]
    runs: list[AllocationRun]
    commitments: list[Commitment]

    @property
    def base(self) -> Decimal:
        return self.fund.base_amount

    @property
    def contributed(self) -> Decimal:
        return sum((c.amount for c in self.contributions), NO_PENCE)

    @property
    def fixed_costs(self) -> Decimal:
        return sum((c.amount for c in self.costs), NO_PENCE)

    @property
    def available(self) -> Decimal:
        """Base + contributions - fixed costs: what may be shared."""
        return self.base + self.contributed - self.fixed_costs

    @property
    def drawn_runs(self) -> list[AllocationRun]:
        return drawn(self.runs)

    @property
    def shared(self) -> Decimal:
        return sum((run.total for run in self.drawn_runs), NO_PENCE)

    @property
    def unshared(self) -> Decimal:
        """What no pot run has shared out: the budget commitments against the fund draw on."""
        return self.available - self.shared

    @property
    def committed(self) -> Decimal:
        """Commitments made against the fund itself (requested or approved, not cancelled)."""
        return sum((c.amount for c in self.commitments if c.counts), NO_PENCE)

    @property
    def remaining(self) -> Decimal:
        return self.unshared - self.committed

    def remaining_for(self, formula_name: str) -> Decimal:
        """What remains for a run of this formula: the same formula's confirmed run would be
        replaced by it, so it is not counted; what is committed against the fund is."""
        return self.available - self.committed - sum(
            (run.total for run in self.drawn_runs if run.formula.name != formula_name),
            NO_PENCE)


def drawn(runs: list[AllocationRun]) -> list[AllocationRun]:
    """The latest confirmed run of each formula (by name) among `runs`."""
    latest: dict[str, AllocationRun] = {}
    for run in sorted((r for r in runs if r.status == RunStatus.CONFIRMED),
                      key=lambda r: (r.confirmed_at, r.pk), reverse=True):
        latest.setdefault(run.formula.name, run)
    return sorted(latest.values(), key=lambda r: r.pk)


def _funds() -> QuerySet[StrategicFund]:
    return (StrategicFund.objects.select_related("year")
            .prefetch_related(
                Prefetch("costs", FundCost.objects.order_by("name", "pk")),
                Prefetch("contributions",
                         FundContribution.objects.order_by("received_on", "pk")),
                Prefetch("runs", AllocationRun.objects.select_related("formula")
                         .order_by("-created_at", "-pk")),
                Prefetch("commitments", Commitment.objects.order_by("pk"))))


def _summary(fund: StrategicFund) -> FundSummary:
    return FundSummary(fund=fund, costs=list(fund.costs.all()),
                       contributions=list(fund.contributions.all()), runs=list(fund.runs.all()),
                       commitments=list(fund.commitments.all()))


def fund_summaries(year: FundingYear | None = None) -> list[FundSummary]:
    """Every fund (or the year's), newest year first. Six queries."""
    funds = _funds()
    if year is not None:
        funds = funds.filter(year=year)
    return [_summary(fund) for fund in funds.order_by("-year__start_year", "name")]


def fund_summary(fund_id: int) -> FundSummary:
    fund = _funds().filter(pk=fund_id).first()
    if fund is None:
        raise Http404("No such fund.")
    return _summary(fund)


def fund_for(fund_id: int, *, lock: bool = False) -> StrategicFund:
    funds = StrategicFund.objects.select_related("year")
    fund = (funds.select_for_update(of=("self",)) if lock else funds).filter(pk=fund_id).first()
    if fund is None:
        raise Http404("No such fund.")
    return fund
