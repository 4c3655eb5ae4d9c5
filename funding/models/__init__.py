"""Funding's models, one module per stream: de-delegation (years, lines, votes, buy-backs),
formula allocation (formulas, runs, snapshot rows), strategic funds (fixed costs,
contributions) and spending (commitments and spend against a budget, the approval limit,
actuals imports). Import them from here."""

from funding.models.allocations import (
    AllocationFormula,
    AllocationRun,
    AllocationRunPartnership,
    AllocationRunSchool,
    FormulaMode,
    RunPeriod,
    RunStatus,
)
from funding.models.census import CensusPupils, CensusReturn
from funding.models.dedelegation import (
    BuyBack,
    ChargeBasis,
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
from funding.models.spending import (
    BUDGET_FIELDS,
    DEFAULT_APPROVAL_LIMIT,
    CarryForward,
    Commitment,
    CommitmentStatus,
    ConversionRule,
    FundingSettings,
    Spend,
    SpendImport,
    SpendSource,
)
from funding.models.traded import CustomerKind, TradedDayPurchase, TradedDayRate, day_amount

__all__ = [
    "NO_PENCE", "CensusPupils", "CensusReturn",
    "AllocationFormula", "AllocationRun", "AllocationRunPartnership",
    "AllocationRunSchool", "BuyBack", "DeDelegationLine", "FormulaMode", "ForumPhase",
    "FundingYear", "PhaseVote", "RunPeriod", "RunStatus", "VoteOutcome", "ChargeBasis",
    "ConversionRule",
    "BUDGET_FIELDS", "DEFAULT_APPROVAL_LIMIT", "CarryForward", "Commitment", "CommitmentStatus",
    "FundingSettings", "Spend", "SpendImport", "SpendSource", "ContributionBasis",
    "ContributorKind", "FundContribution", "FundCost", "StrategicFund",
    "CustomerKind", "TradedDayPurchase", "TradedDayRate", "day_amount",
]
