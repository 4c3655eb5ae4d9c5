"""Which public rows a tenant may write, and who holds a file's schools.

The stores are public and shared by every tenant, so a tenant's upload writes only the rows of
its own schools (`tenant_urns`); the others are left out and reported (`reach_summary`), saying
which are another council's schools and which are in no council's register.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django_scopes import scopes_disabled

from core.models import Tenant
from schools.models import Establishment, EstablishmentLink, School

EXAMPLES = 20
CHUNK = 2000


def urns_in_registers(urns: Iterable[int]) -> dict[int, set[int]]:
    """{URN: ids of the tenants whose register holds it}, for the URNs held by any.

    A cross-tenant read on purpose: public data arrives once for every tenant, and the summary
    must say which schools no register holds. It returns tenant ids only, never their data.
    """
    urns = sorted(set(urns))
    held: dict[int, set[int]] = {}
    with scopes_disabled():
        for start in range(0, len(urns), CHUNK):
            for urn, tenant_id in School.objects.filter(
                establishment_id__in=urns[start:start + CHUNK]
            ).values_list("establishment_id", "tenant_id"):
                held.setdefault(urn, set()).add(tenant_id)
    return held


def _own_schools(tenant: Tenant, urns: Iterable[int], own_codes: set[str]) -> set[int]:
    """Of `urns`, the establishments stored with an LA code only this tenant covers. Stored
    data decides, not a register entry or a file: a register entry could have been made
    before the rule, and a file says whatever its writer wants."""
    urns = sorted(set(urns))
    own: set[int] = set()
    for start in range(0, len(urns), CHUNK):
        own.update(Establishment.objects.filter(urn__in=urns[start:start + CHUNK],
                                                la_code__in=sorted(own_codes))
                   .values_list("urn", flat=True))
    return own


def other_tenants_reach(tenant: Tenant, urns: Iterable[int]) -> set[int]:
    """Of `urns`, those whose data another tenant reads: stored with an LA code another tenant
    covers, or linked (either way, by any link) to such an establishment, since a
    predecessor's inspections count for its successor."""
    others = sorted(tenant.la_codes_of_other_tenants())
    urns = sorted(set(urns))
    if not others or not urns:
        return set()
    reached: set[int] = set()
    partners: dict[int, set[int]] = defaultdict(set)
    for start in range(0, len(urns), CHUNK):
        chunk = urns[start:start + CHUNK]
        reached.update(Establishment.objects.filter(urn__in=chunk, la_code__in=others)
                       .values_list("urn", flat=True))
        for urn, linked in EstablishmentLink.objects.filter(
            Q(urn__in=chunk) | Q(linked_urn__in=chunk),
        ).values_list("urn", "linked_urn"):
            partners[linked].add(urn)
            partners[urn].add(linked)
    partner_urns = sorted(set(partners) - set(urns))
    for start in range(0, len(partner_urns), CHUNK):
        for partner in Establishment.objects.filter(
            urn__in=partner_urns[start:start + CHUNK], la_code__in=others,
        ).values_list("urn", flat=True):
            reached |= partners[partner] & set(urns)
    return reached


def tenant_urns(tenant: Tenant, urns: Iterable[int]) -> set[int]:
    """Of `urns`, those whose public data `tenant` may write.

    Contract: its own schools (stored LA code that only it covers) and their predecessors
    through links of the *national* import (a converter academy is categorised from its
    predecessor's inspections), less anything another tenant reads: a URN stored in another
    tenant's LA codes or linked to one of its schools. Links a tenant uploaded never give a
    right, and nothing here reads a file's LA codes.
    """
    urns = sorted(set(urns))
    own_codes = tenant.exclusive_la_codes()
    own = _own_schools(tenant, urns, own_codes)
    rest = [urn for urn in urns if urn not in own]
    predecessors: dict[int, set[int]] = defaultdict(set)  # successor URN -> its predecessors
    for start in range(0, len(rest), CHUNK):
        for link in EstablishmentLink.objects.filter(
            linked_urn__in=rest[start:start + CHUNK], source=EstablishmentLink.Source.NATIONAL,
        ):
            if link.is_predecessor:
                predecessors[link.urn].add(link.linked_urn)
    for successor in _own_schools(tenant, predecessors, own_codes):
        own |= predecessors[successor]
    return own - other_tenants_reach(tenant, own)


def reach_summary(tenant: Tenant, found: dict[int, tuple[int, str]], allowed: set[int],
                  ) -> dict:
    """How many of the file's schools are the tenant's, and the rows left out: how many are
    another council's schools or in no council's register, and the first of them."""
    held = urns_in_registers(found)
    outside = sorted((urn for urn in found if urn not in allowed), key=lambda urn: found[urn])
    others = {urn for urn in outside if held.get(urn)}
    return {
        "schools": len(found),
        "in_your_register": sum(1 for urn in found if tenant.pk in held.get(urn, ())),
        "written": len(found) - len(outside),
        "outside": len(outside),
        "outside_in_other_registers": len(others),
        "outside_in_no_register": len(outside) - len(others),
        "outside_examples": [
            {"row": found[urn][0], "urn": urn, "name": found[urn][1],
             "in_other_register": urn in others}
            for urn in outside[:EXAMPLES]
        ],
    }
