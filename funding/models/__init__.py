"""Funding's models, one module per stream: de-delegation (years, lines, votes, buy-backs),
formula allocation (formulas, runs, snapshot rows) and strategic funds (fixed costs,
contributions). Import them from here."""

from funding.models.allocations import (
    AllocationFormula,
    AllocationRun,
    AllocationRunPartnership,
    AllocationRunSchool,
    FormulaMode,
    RunStatus,
)
from funding.models.dedelegation import (
    BuyBack,
    DeDelegationLine,
    ForumPhase,
    FundingYear,
    PhaseVote,
    VoteOutcome,
)
from funding.models.funds import (
    ContributionBasis,
    ContributorKind,
    FundContribution,
    FundCost,
    StrategicFund,
)
from funding.models.money import NO_PENCE

__all__ = [
    "NO_PENCE", "AllocationFormula", "AllocationRun", "AllocationRunPartnership",
    "AllocationRunSchool", "BuyBack", "DeDelegationLine", "FormulaMode", "ForumPhase",
    "FundingYear", "PhaseVote", "RunStatus", "VoteOutcome", "ContributionBasis",
    "ContributorKind", "FundContribution", "FundCost", "StrategicFund",
]
