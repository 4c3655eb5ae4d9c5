"""The header's "Waiting for you (3)": a count cached per person per tenant, so the header does
not ask every app's source on every page. The header asks for it after the page has loaded
(core.views.waiting_count_fragment), so no page's queries depend on what waits.

Why a per-tenant version plus a short time to live, rather than either alone:

- Anything a person does that can change what waits for someone (confirms a category, answers
  a visit note, applies an import, closes an action) writes an audit row in the same
  transaction (core.audit), and `audit_record` calls `waiting_changed`: the tenant's version
  moves on and every count cached under the old one is never read again. One hook covers every
  app, including the ones written later, and a write in one tenant never touches another's
  counts. The version is moved both at once and again after the commit: at once, so a read
  later in the same request (or a test inside one transaction) sees the change; after the
  commit, so a reader who counted the old rows between the two moments cannot keep that stale
  count under the new version.
- Some things start waiting with no write at all: an action falls overdue at midnight. Others
  come from background work that writes no audit row (a GIAS preview finishing). The time to
  live (`COUNT_TTL`) bounds how late the header can be for those; the full list
  (core.views.waiting) and the home page always ask the sources afresh.

Keys name the tenant and the membership (one person in one tenant), never the user alone, so
a count is never shared across tenants or people. A membership without a primary key (a
platform operator's read-only support visit) is never cached.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

from core.kept import kept

COUNT_TTL = 300  # seconds
VERSION_TTL = 60 * 60 * 24 * 30


def _version_key(tenant_id: int) -> str:
    return f"waiting:version:t{tenant_id}"


def waiting_version(tenant_id: int) -> str:
    """The tenant's current version: a fresh token when none is stored (or it was evicted), so
    an eviction can only make counts miss, never revive an old one."""
    key = _version_key(tenant_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, str(time.time_ns()), VERSION_TTL)
        version = cache.get(key) or "0"
    return str(version)


def _bump(tenant_id: int) -> None:
    cache.set(_version_key(tenant_id), str(time.time_ns()), VERSION_TTL)


class _BumpOnCommit:
    """The on-commit bump of one tenant, recognisable among the pending callbacks."""

    def __init__(self, tenant_id: int) -> None:
        self.tenant_id = tenant_id

    def __call__(self) -> None:
        _bump(self.tenant_id)


def _bump_pending(tenant_id: int) -> bool:
    """Whether this transaction already holds a bump for the tenant that only a rollback which
    also undoes the current write could remove (its savepoints are all still open)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return False
    open_savepoints = set(connection.savepoint_ids)
    return any(isinstance(callback, _BumpOnCommit) and callback.tenant_id == tenant_id
               and set(savepoints) <= open_savepoints
               for savepoints, callback, *_ in connection.run_on_commit)


def waiting_changed(tenant_id: int) -> None:
    """Something that may change what waits for this tenant's people was written: forget every
    count of the tenant, now and once the transaction commits. A bulk write (a round's bulk
    confirm, the demo seed) audits hundreds of rows: one bump on commit serves them all."""
    _bump(tenant_id)
    if not _bump_pending(tenant_id):
        transaction.on_commit(_BumpOnCommit(tenant_id))


def count_key(*, tenant_id: int, membership_id: int, version: str) -> str:
    return f"waiting:count:t{tenant_id}:m{membership_id}:v{version}"


def cached_count(membership, count: Callable[[], int]) -> int:
    """This member's count, from the cache when it is fresh, else `count()` stored for
    `COUNT_TTL`. `core.notifications.waiting_count` passes the sum of the waiting items (this
    module imports nothing of core but `core.kept`, which imports nothing of the project, so a
    model may call `waiting_changed`)."""
    if membership.pk is None:
        return count()
    key = count_key(tenant_id=membership.tenant_id, membership_id=membership.pk,
                    version=waiting_version(membership.tenant_id))
    return int(kept(key, count, ttl=COUNT_TTL))
