"""One way to keep a computed value: under a key naming everything it is computed from.

    figures = kept(f"app:thing:t{tenant.pk}:{thing_version(tenant)}", compute, ttl=3600)

The key names the tenant (so one council's value is never another's) and a version read from
the committed rows the value is computed from (so a write is seen by the next request after
its transaction commits and never before, and no write has to remember to clear anything).
The time to live only bounds what the cache holds. Imports nothing of the project, so any
module may use it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

T = TypeVar("T")


def kept(key: str, compute: Callable[[], T], *, ttl: int) -> T:
    """The value kept under `key`; computed and kept when there is none."""
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, ttl)
    return found


def kept_html(key: str, template: str, context: Callable[[], dict], *, ttl: int,
              request: HttpRequest | None = None) -> SafeString:
    """`template` drawn with `context()` (and the `request`, when given), kept under `key` as
    `kept` keeps a value: for long tables that take longer to draw than to read. The key names,
    besides the version, what the drawing shows that the version does not cover (the tenant's
    slug in its addresses; with a request, what of it the drawing shows)."""
    drawn = kept(key, lambda: render_to_string(template, context(), request=request), ttl=ttl)
    return mark_safe(drawn)  # noqa: S308 - drawn by one of our templates, escaped there
