"""What is waiting for a person, and their weekly digest: one registry every app feeds.

Each app registers a `Source` in its AppConfig.ready():

    notifications.register(notifications.Source(
        key="categorisation", waiting=proposals_waiting, digest=category_news))

- `waiting(membership, permissions)` lists the things that need this person's action now,
  each a `Waiting` with a sentence, a link and a count, or [] when there is nothing (or the
  person's role has nothing to do with it). It runs inside the tenant's scope. Keep it to a
  query or two: the home page calls every source.
- `digest(membership, permissions, since)` lists the `DigestLine`s of what happened since
  the last digest that this person should hear of (a category confirmed for their school),
  each with a link. Optional.

`waiting_for(membership)` and `digest_for(membership, since)` ask every source; the weekly
digest task (`core.tasks.weekly_digest`) e-mails each member who has something, in each of their
tenants, with links back to the things.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from core.models import Membership
from core.permissions import permissions_of
from core.waiting import cached_count


@dataclass(frozen=True)
class Waiting:
    text: str
    url: str
    count: int = 1


@dataclass(frozen=True)
class DigestLine:
    text: str
    url: str


@dataclass(frozen=True)
class Source:
    key: str
    waiting: Callable[[Membership, frozenset[str]], list[Waiting]]
    digest: Callable[[Membership, frozenset[str], datetime], list[DigestLine]] | None = None


_sources: dict[str, Source] = {}


def register(source: Source) -> None:
    _sources[source.key] = source


def waiting_for(membership: Membership) -> list[Waiting]:
    """Everything waiting for this member's action, source by source. Call inside the
    membership's tenant scope."""
    permissions = permissions_of(membership)
    items = []
    for key in sorted(_sources):
        items += _sources[key].waiting(membership, permissions)
    return items


def waiting_count(membership: Membership) -> int:
    """How many things wait for this member (the sum of the items' counts), for the header:
    cached per person per tenant and forgotten when the tenant's data change (core.waiting).
    Call inside the membership's tenant scope."""
    return cached_count(membership, lambda: sum(item.count for item in waiting_for(membership)))


def digest_for(membership: Membership, since: datetime) -> list[DigestLine]:
    permissions = permissions_of(membership)
    lines: list[DigestLine] = []
    for key in sorted(_sources):
        digest = _sources[key].digest
        if digest is not None:
            lines += digest(membership, permissions, since)
    return lines


def absolute(url: str) -> str:
    """A link for an e-mail: the site's address in front of a path."""
    return f"{settings.SITE_URL.rstrip('/')}{url}"
