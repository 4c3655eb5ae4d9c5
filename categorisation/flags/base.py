"""The two shapes every flag shares: the rule version that made it and the flag itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from categorisation.derived import long_date


@dataclass(frozen=True)
class RuleVersion:
    """One version of a rule: what it is called, its version string, the day it took effect and
    where it comes from (a person can look the source up)."""

    name: str
    version: str
    effective: date
    source: str

    @property
    def text(self) -> str:
        return (f"{self.name}, rule version {self.version}, in effect from "
                f"{long_date(self.effective)} ({self.source})")


@dataclass(frozen=True)
class Flag:
    """A flag of one school: `value` is what rules read as a fact; `raised` says whether the
    flag calls for attention; `conclusion` and `inputs` are what a person reads."""

    rule: RuleVersion
    value: Any
    conclusion: str
    inputs: tuple[str, ...] = ()
    raised: bool = False

    @property
    def text(self) -> str:
        """The reason a fact cites: the conclusion, then the inputs it read."""
        inputs = "; ".join(self.inputs)
        return f"{self.conclusion}" + (f" ({inputs})" if inputs else "")
