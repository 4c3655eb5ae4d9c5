"""One search across the product: each app registers a source, so core names no app above it.

An app registers its source in its AppConfig.ready():

    search.register(search.Source(key="schools", title="Schools", order=10, find=find_schools))

`find(request, text)` returns up to `LIMIT` results for this person, or None when the source is
not theirs (their permissions). Each source reads inside the request's tenant scope and costs
a fixed number of queries whatever it finds, so the results page does not grow with them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

LIMIT = 20


@dataclass(frozen=True)
class Result:
    title: str
    url: str
    hint: str = ""


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    order: int
    find: Callable[[Any, str], list[Result] | None]  # given the TenantRequest and the text
    # The tenant permission without which the source is not this person's ("" for anyone):
    # the header offers the search box only to those with at least one source.
    permission: str = ""


_sources: dict[str, Source] = {}


def register(source: Source) -> None:
    # Keyed, so a second ready() (tests reloading apps) does not add it twice.
    _sources[source.key] = source


def offered(permissions: frozenset[str] | set[str]) -> bool:
    """Whether this person has anything to search: no query, so every page can ask."""
    return any(not source.permission or source.permission in permissions
               for source in _sources.values())


def clean_query(text: str | None) -> str:
    """The text without control characters (a NUL byte is refused by PostgreSQL), trimmed and
    at most 200 characters."""
    return "".join(char for char in (text or "") if char.isprintable()).strip()[:200]


def search_all(request: Any, text: str) -> list[tuple[Source, list[Result]]]:
    """(source, results) of each source this person may search, in order; a source that is
    theirs appears even when it found nothing."""
    found = []
    for source in sorted(_sources.values(), key=lambda source: (source.order, source.key)):
        results = source.find(request, text)
        if results is not None:
            found.append((source, results[:LIMIT]))
    return found


def _find_people(request: Any, text: str) -> list[Result] | None:
    """The tenant's current members whose name or e-mail holds every word typed (admins and
    officers: PEOPLE_VIEW). Links to the People page for those who manage people."""
    from django.db.models import Q
    from django.urls import reverse

    from core.models import Membership
    from core.permissions import MEMBERS_MANAGE, PEOPLE_VIEW

    if PEOPLE_VIEW not in request.tenant_permissions:
        return None
    words = text.split()
    if not words:
        return []
    condition = Q()
    for word in words:
        condition &= Q(user__full_name__icontains=word) | Q(user__email__icontains=word)
    members = (Membership.objects.filter(condition, is_active=True).select_related("user")
               .order_by("user__full_name", "user__email")[:LIMIT])
    url = (reverse("core:member-list", args=[request.tenant.slug])
           if MEMBERS_MANAGE in request.tenant_permissions else "")
    return [Result(title=str(member.user.full_name or member.user.email), url=url,
                   hint=f"{member.get_role_display()}{', ' + member.title if member.title else ''}"
                        f" · {member.user.email}")
            for member in members]


PEOPLE = Source(key="people", title="People", order=30, find=_find_people,
                permission="people.view")  # core.permissions.PEOPLE_VIEW
