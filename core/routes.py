"""Every route of the project, discovered from the URL resolver: what the isolation matrix
tests and the page benchmark measures, so a new page joins both the day it is routed."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    pattern: str  # e.g. "t/<slug:tenant_slug>/schools/<int:urn>/"
    name: str

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")

    @property
    def arguments(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.pattern) + re.findall(
            r"\(\?P<(\w+)>", self.pattern
        )

    def url(self, values: dict) -> str:
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), self.pattern)

    def __str__(self) -> str:
        return self.name or self.pattern


def discover(patterns=None, prefix: str = "", namespace: str = "") -> list[Route]:
    """Every route, named as `reverse` takes it ("schools:school-list")."""
    routes = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            routes += discover(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = ":".join(part for part in (namespace, entry.name) if part) if entry.name else ""
            routes.append(Route(prefix + str(entry.pattern), name))
    return routes


def tenant_routes() -> list[Route]:
    """The routes of one tenant's data: pages under /t/<slug>/ and the API under /api/t/<slug>/."""
    return [route for route in discover() if "tenant_slug" in route.arguments]
