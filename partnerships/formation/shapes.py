"""The generator's inputs and outputs as plain data: a school (`Candidate`), the sizes
(`Constraints`), the result (`ProposedGroup`, `Proposal`), and `Infeasible`."""

from __future__ import annotations

from dataclasses import dataclass, field

PRIMARY_PHASES = frozenset({"primary", "nursery"})
SECONDARY_PHASES = frozenset({"secondary", "all_through", "sixteen_plus"})


@dataclass(frozen=True)
class Candidate:
    key: int
    name: str
    phase: str
    easting: float | None = None
    northing: float | None = None
    can_give_support: bool = False
    accepts_secondary_lead: bool = False
    preferred: frozenset[int] = frozenset()
    pupils: int = 0

    @property
    def is_primary(self) -> bool:
        return self.phase in PRIMARY_PHASES

    @property
    def is_secondary(self) -> bool:
        return self.phase in SECONDARY_PHASES

    @property
    def has_location(self) -> bool:
        return self.easting is not None and self.northing is not None


@dataclass(frozen=True)
class Constraints:
    min_size: int
    max_size: int


@dataclass
class ProposedGroup:
    members: list[int]
    lead: int | None = None
    explanation: str = ""


@dataclass
class Proposal:
    groups: list[ProposedGroup]
    algorithm: str
    seed: int
    metrics: dict = field(default_factory=dict)


class Infeasible(ValueError):
    """The constraints cannot all hold for these schools; the message says why."""
