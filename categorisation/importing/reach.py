"""Which rows of a file a council's own layer keeps, and who holds a file's schools.

A council's upload keeps the rows of its register's schools and their predecessors
(`register_urns`); the others are left out and reported (`reach_summary`: "rows not for your
council"), and so are the council's schools the file does not report on
(`schools.selectors.open_schools_not_in`:
"your schools not in this file").
"""

from __future__ import annotations

from collections.abc import Iterable

from django_scopes import scope

from core.models import Tenant
from schools.models import EstablishmentLink, School

EXAMPLES = 20
CHUNK = 2000


def register_urns(tenant: Tenant, urns: Iterable[int]) -> set[int]:
    """Of `urns`, those a council's own layer keeps: the schools of its register and their
    predecessors by the national links (a converter academy is categorised from its
    predecessor's inspections). Its rows are read by it alone, so this is about relevance, not
    protection: a row of any other school would never be read."""
    urns = sorted(set(urns))
    if not urns:
        return set()
    with scope(tenant=tenant):
        held = set(School.objects.values_list("establishment_id", flat=True))
    kept = {urn for urn in urns if urn in held}
    rest = [urn for urn in urns if urn not in held]
    for start in range(0, len(rest), CHUNK):
        for link in EstablishmentLink.objects.filter(
            linked_urn__in=rest[start:start + CHUNK], urn__in=held,
            source=EstablishmentLink.Source.NATIONAL,
        ):
            if link.is_predecessor:
                kept.add(link.linked_urn)
    return kept


def reach_summary(tenant: Tenant, found: dict[int, tuple[int, str]], allowed: set[int],
                  ) -> dict:
    """How many of the file's schools are in the council's register, how many it keeps, and
    the rows not for the council: how many, and the first of them (row, URN, name)."""
    with scope(tenant=tenant):
        held = set(School.objects.filter(establishment_id__in=list(found))
                   .values_list("establishment_id", flat=True))
    outside = sorted((urn for urn in found if urn not in allowed), key=lambda urn: found[urn])
    return {
        "schools": len(found),
        "in_your_register": len(held),
        "written": len(found) - len(outside),
        "outside": len(outside),
        "outside_examples": [{"row": found[urn][0], "urn": urn, "name": found[urn][1]}
                             for urn in outside[:EXAMPLES]],
    }
