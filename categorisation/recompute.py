"""The contract between data arrival and recompute.

Every path that brings new inspections or indicators (import, API, an officer's entry) calls
`schedule_recompute(urns=...)` inside its transaction; the recompute runs after commit.
"""

from collections.abc import Iterable


def schedule_recompute(*, urns: Iterable[int], reason: str) -> None:
    """Recompute the categories of these schools in every tenant whose register holds them,
    once the current transaction commits. Filled in by the recompute pipeline."""
    raise NotImplementedError("The recompute pipeline is being built")
