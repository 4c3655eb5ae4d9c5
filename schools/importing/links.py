"""A links file (predecessors and successors): the tenant's links only, where both ends are
its own; analysed, then applied."""

from __future__ import annotations

import logging

from django.db import transaction
from django_scopes import scope

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from schools import gias
from schools.gias import DATE, LinksFile
from schools.importing.establishments import stored_la_codes
from schools.importing.values import (
    EXAMPLES,
    OUTSIDE_EXAMPLES,
    ImportRefused,
    chunks,
    normal,
    typed,
)
from schools.models import EstablishmentLink, GiasImport
from schools.services import register_changed

logger = logging.getLogger(__name__)


def _links_in_scope(parsed: LinksFile, tenant: Tenant | None) -> tuple[list, list[dict]]:
    """The link rows this import may write, and those refused (with the reason).

    A tenant's file may link only two establishments that are both its own by their *stored*
    LA codes: otherwise it could make another council's school the "predecessor" of one of
    its own, and borrow that school's history. The national import writes every row.
    """
    if tenant is None:
        return parsed.rows, []
    own_codes = tenant.exclusive_la_codes()
    urns = sorted({row.urn for row in parsed.rows} | {row.linked_urn for row in parsed.rows})
    stored_la = stored_la_codes(urns)
    inside, outside = [], []
    for row in parsed.rows:
        foreign = [urn for urn in (row.urn, row.linked_urn) if stored_la.get(urn) not in own_codes]
        if not foreign:
            inside.append(row)
            continue
        reasons = [f"URN {urn} is another council's school (LA {stored_la[urn]})"
                   if urn in stored_la else f"URN {urn} is not in the register"
                   for urn in foreign]
        outside.append({**_link_example(row), "reason": "; ".join(reasons)})
    return inside, outside


def _links_compare(rows: list[gias.LinkRow]) -> tuple[list, list, int]:
    stored: dict[tuple[int, int, str], tuple[str, str]] = {}
    urns = sorted({row.urn for row in rows})
    for chunk in chunks(urns):
        for urn, linked, link_type, name, established in EstablishmentLink.objects.filter(
                urn__in=chunk).values_list("urn", "linked_urn", "link_type", "linked_name",
                                           "established_date"):
            stored[(urn, linked, link_type)] = (name, normal(DATE, established))
    added, changed, unchanged = [], [], 0
    for row in rows:
        old = stored.get((row.urn, row.linked_urn, row.link_type))
        if old is None:
            added.append(row)
        elif old != (row.linked_name, row.established_date):
            changed.append(row)
        else:
            unchanged += 1
    return added, changed, unchanged


def _link_example(row: gias.LinkRow) -> dict:
    return {"row": row.row_number, "urn": row.urn, "linked_urn": row.linked_urn,
            "name": row.linked_name, "link_type": row.link_type}


def links_analyse(parsed: LinksFile, *, tenant: Tenant | None = None) -> tuple[dict, list]:
    rows, outside = _links_in_scope(parsed, tenant)
    added, changed, unchanged = _links_compare(rows)
    summary = {
        "kind": GiasImport.Kind.LINKS, "encoding": parsed.encoding,
        "total_rows": parsed.total_rows,
        "counts": {"added": len(added), "changed": len(changed), "unchanged": unchanged,
                   "outside": len(outside), "errors": len(parsed.errors)},
        "examples": {"added": [_link_example(row) for row in added[:EXAMPLES]],
                     "changed": [_link_example(row) for row in changed[:EXAMPLES]],
                     "outside": outside[:OUTSIDE_EXAMPLES]},
    }
    return summary, list(parsed.errors)


@transaction.atomic
def links_apply(parsed: LinksFile, *, tenant: Tenant | None = None, actor: User | None = None,
                progress: gias.ProgressCallback | None = None) -> dict:
    """Upsert the links by (URN, linked URN, type). A tenant's import keeps the links that touch
    an establishment of its LA codes."""
    if parsed.errors:
        raise ImportRefused(parsed.errors)
    rows, outside = _links_in_scope(parsed, tenant)
    added, changed, unchanged = _links_compare(rows)
    source = (EstablishmentLink.Source.NATIONAL if tenant is None
              else EstablishmentLink.Source.TENANT)
    objects = [EstablishmentLink(urn=row.urn, linked_urn=row.linked_urn,
                                 linked_name=row.linked_name, link_type=row.link_type,
                                 established_date=typed(DATE, row.established_date),
                                 source=source)
               for row in added + changed]
    for done, chunk in enumerate(chunks(objects, 2000), start=1):
        EstablishmentLink.objects.bulk_create(
            chunk, update_conflicts=True, unique_fields=["urn", "linked_urn", "link_type"],
            update_fields=["linked_name", "established_date", "source"])
        if progress is not None:
            progress(min(done * 2000, len(objects)), len(objects))
    counts = {"added": len(added), "changed": len(changed), "unchanged": unchanged,
              "outside": len(outside)}
    if objects:
        register_changed()  # lineage shows on every tenant's school pages
    if tenant is not None:
        with scope(tenant=tenant):
            audit_record(tenant=tenant, actor=actor, action="gias_import.apply",
                         summary=f"GIAS links import: {len(added)} added, {len(changed)} changed",
                         changes={"counts": counts, "refused": outside[:OUTSIDE_EXAMPLES]})
    return {"kind": GiasImport.Kind.LINKS, "total_rows": parsed.total_rows, "counts": counts}
