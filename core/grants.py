"""Object-level rights: what a person may do to one object, beyond their role.

A person's rights in a tenant are their role's permissions (`core.permissions.permissions_of`,
tenant-wide) together with **grants** that come from what they hold, dated: the chair of a hub
manages that hub; later a board seat reads that board's papers, a peer reviewer sees the school
they review, a chair of governors reads their school's visit notes. Each app that makes people
hold things registers a holder in its AppConfig.ready():

    grants.register_holder("partnerships.hub_chair", hub_chair_grants)

`hub_chair_grants(memberships, on)` answers, for a list of members in one query, the `Grant`s
each holds on that date ({membership id: [grants]}), each with the reason a person can read
("Chair of Chippenham hub since 1 September 2024").

`may(membership, permission, obj)` is the one answer to "may this person do X to this object",
for services, views, the API, templates and querysets alike; the `rules` library carries the
same answer to `user.has_perm(permission, obj)` and the `{% has_perm %}` template tag.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

import rules
from django.db import models
from django.utils import timezone
from django_scopes import scopes_disabled

from core.models import Membership
from core.permissions import permissions_of


@dataclass(frozen=True)
class Grant:
    permission: str
    target: models.Model
    reason: str
    starts_on: date | None = None
    ends_on: date | None = None  # the first day it no longer holds

    def covers(self, obj: models.Model) -> bool:
        return type(obj) is type(self.target) and obj.pk == self.target.pk


Holder = Callable[[list[Membership], date], dict[int, list[Grant]]]
_holders: dict[str, Holder] = {}


def register_holder(key: str, holder: Holder) -> None:
    _holders[key] = holder


def grants_of_many(memberships: Iterable[Membership],
                   on: date | None = None) -> dict[int, list[Grant]]:
    """Every grant each member holds on the date (today by default), from every holder: one
    query per holder, whatever the number of members."""
    on = on or timezone.localdate()
    memberships = list(memberships)
    found: dict[int, list[Grant]] = {membership.pk: [] for membership in memberships}
    for key in sorted(_holders):
        for membership_id, held in _holders[key](memberships, on).items():
            found[membership_id] += held
    return found


# Within a request that changes nothing (a GET), each person's grants on a date are read once:
# a page asks `may` from many places (its tiles, its links, the waiting list), and every holder
# is one query each time. Each holder is asked at most once per person and date: what
# `grants_including` asked of one holder is reused when every holder's grants are wanted. A
# request that writes never remembers, so a grant it makes or ends is seen by the next check.
_remembered: ContextVar[dict[tuple, list[Grant]] | None] = ContextVar(
    "remembered_grants", default=None)


@contextmanager
def remembered_while_reading() -> Iterator[None]:
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def _of_holder(memo: dict[tuple, list[Grant]], membership: Membership, key: str,
               on: date) -> list[Grant]:
    remembered = (membership.pk, on, key)
    if remembered not in memo:
        memo[remembered] = _holders[key]([membership], on).get(membership.pk, [])
    return memo[remembered]


def grants_of(membership: Membership, on: date | None = None) -> list[Grant]:
    memo = _remembered.get()
    if memo is None:
        return grants_of_many([membership], on)[membership.pk]
    on = on or timezone.localdate()
    key = (membership.pk, on)
    if key not in memo:
        memo[key] = [grant for holder in sorted(_holders)
                     for grant in _of_holder(memo, membership, holder, on)]
    return memo[key]


def grants_including(membership: Membership, key: str,
                     on: date | None = None) -> list[Grant]:
    """At least the grants the holder registered as `key` gives this member on the date (today
    by default): every holder's when this request has read them already, else that holder's
    alone (one query, not one per holder, and remembered within a reading request). Callers
    filter by permission: a page that asks only "which boards does this person run" need not
    ask every app what they hold."""
    on = on or timezone.localdate()
    memo = _remembered.get()
    if memo is None:
        return _holders[key]([membership], on).get(membership.pk, [])
    everything = memo.get((membership.pk, on))
    return everything if everything is not None else _of_holder(memo, membership, key, on)


def may(membership: Membership | None, permission: str, obj: models.Model | None = None,
        on: date | None = None) -> bool:
    """Whether the member may do `permission`: across the tenant by their role, or on `obj`
    by a grant they hold on that date. Never across tenants."""
    if membership is None or not membership.is_active:
        return False
    if obj is not None and getattr(obj, "tenant_id", membership.tenant_id) != membership.tenant_id:
        return False
    if permission in permissions_of(membership):
        return True
    if obj is None:
        return False
    return any(grant.permission == permission and grant.covers(obj)
               for grant in grants_of(membership, on))


def _membership_for(user, obj) -> Membership | None:
    tenant_id = getattr(obj, "tenant_id", None)
    if tenant_id is None or not user.is_authenticated:
        return None
    with scopes_disabled():
        return (Membership.objects.select_related("tenant")
                .filter(user=user, tenant_id=tenant_id, is_active=True).first())


def define(permission: str) -> None:
    """Let `user.has_perm(permission, obj)` and `{% has_perm %}` answer with `may`."""
    @rules.predicate
    def allowed(user, obj=None) -> bool:
        return obj is not None and may(_membership_for(user, obj), permission, obj)

    rules.set_perm(permission, allowed)
