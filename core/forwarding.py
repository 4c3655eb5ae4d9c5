"""Extension point: addresses that moved to an app above the one that made them.

Hub meetings, notes, priorities and actions began in partnerships and now live on the boards
engine (issue 12, "one engine, not two"). Links saved from the old pages must keep working,
but partnerships may not import boards (DESIGN §4): so partnerships keeps its old URL names and
answers each with a permanent redirect to wherever the registered forwarder says, and boards
registers the forwarder in its AppConfig.ready():

    from core import forwarding
    forwarding.register("partnerships.hub", forwarder)

A forwarder takes the tenant's slug, the old page's name and its URL arguments and answers the
new address, or None when the tenant has no such object (the old page then answers 404, as it
would have). With no forwarder registered every old address is 404.
"""

from collections.abc import Callable

KINDS = ("partnerships.hub",)

Forwarder = Callable[..., str | None]
_forwarders: dict[str, Forwarder] = {}


def register(kind: str, forwarder: Forwarder | None) -> None:
    """Install (or with None remove) the forwarder of one kind."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind {kind!r}; expected one of {KINDS}.")
    if forwarder is None:
        _forwarders.pop(kind, None)
    else:
        _forwarders[kind] = forwarder


def new_address(kind: str, *, tenant_slug: str, page: str, **kwargs) -> str | None:
    """Where the old page `page` of `kind` now lives (call inside the tenant's scope)."""
    forwarder = _forwarders.get(kind)
    return forwarder(tenant_slug=tenant_slug, page=page, **kwargs) if forwarder else None
