"""Extension point: who approved or decided an object of a lower app.

A board's decision may approve a funding allocation run or decide a category moderation case
(DESIGN §3 boards/). The link lives with the decision, in boards; funding and categorisation
may not import boards (DESIGN §4), so their pages ask here, and boards registers the reader in
its AppConfig.ready():

    from core import approvals
    approvals.register("funding.run", reader)

A reader takes the tenant and a list of ids and answers `{id: Approval}` for those it knows, in
a fixed number of queries however many ids. With no reader registered the answer is empty.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

KINDS = ("funding.run", "categorisation.moderation")


@dataclass(frozen=True)
class Approval:
    """Who decided, said in a sentence safe for whoever reads the page asking (no exempt
    detail: a board's item is named by its number), and where to read more (its members only
    may open it)."""

    text: str
    url: str = ""


Reader = Callable[..., dict[int, Approval]]
_readers: dict[str, Reader] = {}


def register(kind: str, reader: Reader | None) -> None:
    """Install (or with None remove) the reader of one kind."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind {kind!r}; expected one of {KINDS}.")
    if reader is None:
        _readers.pop(kind, None)
    else:
        _readers[kind] = reader


def approvals_of(kind: str, *, tenant, ids: Iterable[int]) -> dict[int, Approval]:
    reader = _readers.get(kind)
    ids = list(ids)
    if reader is None or not ids:
        return {}
    return reader(tenant=tenant, ids=ids)
