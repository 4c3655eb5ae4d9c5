"""A links file (predecessors and successors), analysed, then applied: by the national import
only. Lineage is national data every council reads alike (DESIGN §2: LA codes and links come
only from the national import), so a council's links file writes nothing: each row is left out
with the reason.

A national file can be marked *full* (the whole of GIAS's links extract). Then the national
links it no longer carries have ended — a link GIAS withdrew, a mistake corrected — and are
end-dated, not deleted; a link that reappears is in force again. A file marked full that
touches few of the local authorities whose links are stored is an extract, not the whole
file, and is refused: ending every other LA's links would be the wrong conclusion."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from schools import gias
from schools.gias import DATE, LinksFile
from schools.importing.values import (
    EXAMPLES,
    OUTSIDE_EXAMPLES,
    ImportRefused,
    chunks,
    normal,
    typed,
)
from schools.models import Establishment, EstablishmentLink, GiasImport
from schools.searching import normalise
from schools.services import register_changed

logger = logging.getLogger(__name__)

# A file marked full must touch at least this share of the LAs whose national links are stored.
FULL_FILE_MIN_LA_SHARE = 0.9
LinkKey = tuple[int, int, str]


class NotAFullFile(ValueError):
    """A links file marked full covers too few local authorities to be the whole extract."""


NATIONAL_ONLY = ("Links come only from the national GIAS import, which the platform runs for "
                 "every council")


def _links_in_scope(parsed: LinksFile, tenant: Tenant | None) -> tuple[list, list[dict]]:
    """The link rows this import may write, and those refused (with the reason): every row for
    the national import, none for a council's (a link to another council's school would let
    it borrow that school's history; a link between its own would change the lineage another
    council sharing its LA code reads)."""
    if tenant is None:
        return parsed.rows, []
    return [], [{**_link_example(row), "reason": NATIONAL_ONLY} for row in parsed.rows]


def _links_compare(rows: list[gias.LinkRow]) -> tuple[list, list, int]:
    """Added, changed (an ended link that reappears included) and the unchanged count."""
    stored: dict[LinkKey, tuple[str, str, bool]] = {}
    urns = sorted({row.urn for row in rows})
    for chunk in chunks(urns):
        for urn, linked, link_type, name, established, ended in EstablishmentLink.all_links.filter(
                urn__in=chunk).values_list("urn", "linked_urn", "link_type", "linked_name",
                                           "established_date", "ended_on"):
            stored[(urn, linked, link_type)] = (name, normal(DATE, established), ended is None)
    added, changed, unchanged = [], [], 0
    for row in rows:
        old = stored.get((row.urn, row.linked_urn, row.link_type))
        if old is None:
            added.append(row)
        elif old != (row.linked_name, row.established_date, True):
            changed.append(row)
        else:
            unchanged += 1
    return added, changed, unchanged


def _links_ending(parsed: LinksFile) -> list[EstablishmentLink]:
    """The national links in force that a full file no longer carries.

    Raises NotAFullFile when the file touches too few of the LAs whose links are stored."""
    carried: set[LinkKey] = {(row.urn, row.linked_urn, row.link_type) for row in parsed.rows}
    in_force = list(EstablishmentLink.objects.filter(source=EstablishmentLink.Source.NATIONAL))
    if not in_force:
        return []
    la_of = dict(Establishment.objects.filter(
        urn__in={link.urn for link in in_force} | {row.urn for row in parsed.rows},
    ).values_list("urn", "la_code"))
    stored_las = {la_of[link.urn] for link in in_force if link.urn in la_of}
    file_las = {la_of[row.urn] for row in parsed.rows if row.urn in la_of}
    if stored_las and len(file_las & stored_las) < FULL_FILE_MIN_LA_SHARE * len(stored_las):
        raise NotAFullFile(
            f"This file was marked full, but its links touch {len(file_las & stored_las)} of "
            f"the {len(stored_las)} local authorities whose links are stored: it looks like an "
            "extract. Import it without marking it full, or use the whole national links file.")
    return [link for link in in_force
            if (link.urn, link.linked_urn, link.link_type) not in carried]


def _link_example(row: gias.LinkRow) -> dict:
    return {"row": row.row_number, "urn": row.urn, "linked_urn": row.linked_urn,
            "name": row.linked_name, "link_type": row.link_type}


def _full_file_check(tenant: Tenant | None, full: bool) -> None:
    if full and tenant is not None:
        raise NotAFullFile("Only the national import can take a links file as full: a "
                           "council's file covers its own schools.")


def links_analyse(parsed: LinksFile, *, tenant: Tenant | None = None,
                  full: bool = False) -> tuple[dict, list]:
    _full_file_check(tenant, full)
    rows, outside = _links_in_scope(parsed, tenant)
    added, changed, unchanged = _links_compare(rows)
    ending = _links_ending(parsed) if full else []
    summary = {
        "kind": GiasImport.Kind.LINKS, "encoding": parsed.encoding,
        "total_rows": parsed.total_rows, "full": full,
        "counts": {"added": len(added), "changed": len(changed), "unchanged": unchanged,
                   "outside": len(outside), "errors": len(parsed.errors),
                   "ended": len(ending)},
        "examples": {"added": [_link_example(row) for row in added[:EXAMPLES]],
                     "changed": [_link_example(row) for row in changed[:EXAMPLES]],
                     "outside": outside[:OUTSIDE_EXAMPLES],
                     "ended": [_ended_example(link) for link in ending[:EXAMPLES]]},
    }
    return summary, list(parsed.errors)


def _ended_example(link: EstablishmentLink) -> dict:
    return {"urn": link.urn, "linked_urn": link.linked_urn, "name": link.linked_name,
            "link_type": link.link_type}


@transaction.atomic
def links_apply(parsed: LinksFile, *, tenant: Tenant | None = None, actor: User | None = None,
                progress: gias.ProgressCallback | None = None, full: bool = False) -> dict:
    """Upsert the links by (URN, linked URN, type); a council's file writes none
    (`_links_in_scope`). A national file marked full also ends the national links it no longer
    carries (NotAFullFile when it covers too few LAs to be the whole file)."""
    if parsed.errors:
        raise ImportRefused(parsed.errors)
    _full_file_check(tenant, full)
    rows, outside = _links_in_scope(parsed, tenant)
    added, changed, unchanged = _links_compare(rows)
    ending = _links_ending(parsed) if full else []
    source = (EstablishmentLink.Source.NATIONAL if tenant is None
              else EstablishmentLink.Source.TENANT)
    objects = [EstablishmentLink(urn=row.urn, linked_urn=row.linked_urn,
                                 linked_name=row.linked_name,
                                 linked_search_name=normalise(row.linked_name),
                                 link_type=row.link_type,
                                 established_date=typed(DATE, row.established_date),
                                 source=source)
               for row in added + changed]
    for done, chunk in enumerate(chunks(objects, 2000), start=1):
        EstablishmentLink.objects.bulk_create(
            chunk, update_conflicts=True, unique_fields=["urn", "linked_urn", "link_type"],
            update_fields=["linked_name", "linked_search_name", "established_date", "source",
                           "ended_on"])
        if progress is not None:
            progress(min(done * 2000, len(objects)), len(objects))
    today = timezone.localdate()
    for chunk in chunks([link.pk for link in ending]):
        EstablishmentLink.objects.filter(pk__in=chunk).update(ended_on=today)
    counts = {"added": len(added), "changed": len(changed), "unchanged": unchanged,
              "outside": len(outside), "ended": len(ending)}
    if objects or ending:
        register_changed()  # lineage shows on every tenant's school pages
    if tenant is not None:
        with scope(tenant=tenant):
            audit_record(tenant=tenant, actor=actor, action="gias_import.apply",
                         summary=f"GIAS links import: {len(added)} added, {len(changed)} changed",
                         changes={"counts": counts, "refused": outside[:OUTSIDE_EXAMPLES]})
    return {"kind": GiasImport.Kind.LINKS, "total_rows": parsed.total_rows, "counts": counts}
