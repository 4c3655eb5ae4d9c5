"""Boards' reactions to partnerships' hooks (`partnerships.signals`): a new partnership gets its
hub, and a hub's seats follow its member schools and its chair (`boards.services.hubs`)."""

from boards.services.hubs import sync_hubs


def on_partnerships_changed(sender, *, tenant, partnership_ids, **kwargs) -> None:
    sync_hubs(tenant=tenant, partnership_ids=partnership_ids)
