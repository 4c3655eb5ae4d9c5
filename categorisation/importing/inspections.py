"""Ofsted inspections a tenant may write: the rows of a parsed file that touch only its own
schools, and one inspection received through the API."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from categorisation import services
from categorisation.importing.reach import CHUNK, other_tenants_reach, tenant_urns
from categorisation.models import Inspection
from categorisation.recompute import schedule_recompute
from core.audit import audit_record
from core.csvfiles import RowError
from core.models import Tenant
from schools.models import Establishment


def _unknown_inspected_urns(tenant: Tenant, inspections: list[dict]) -> set[int]:
    """The URNs inspections were carried out on that no establishment has (a predecessor the
    register never held): Ofsted's file names them, no council reads them, so they do not
    stop the tenant's own school's inspection — unless a link ties them to another tenant's
    school."""
    inspected = sorted({item["inspected_urn"] for item in inspections
                        if item.get("inspected_urn") is not None})
    stored: set[int] = set()
    for start in range(0, len(inspected), CHUNK):
        stored.update(Establishment.objects.filter(urn__in=inspected[start:start + CHUNK])
                      .values_list("urn", flat=True))
    unknown = set(inspected) - stored
    return unknown - other_tenants_reach(tenant, unknown)


def inspections_for_tenant(
    tenant: Tenant, inspections: list[dict],
) -> tuple[list[dict], list[tuple[dict, str]]]:
    """The parsed inspections `tenant` may write, and those refused with the reason.

    Every URN an inspection touches must be the tenant's (`tenant_urns`): the school it is
    reported for, the URN it was carried out on (a predecessor's inspection counts for its
    successor, so a foreign "URN at time of inspection" would reach another council's school)
    and, when the inspection number is stored already, the URNs stored with it (else a row
    reusing another council's inspection number would move that inspection away). A URN
    carried out on that no establishment has is let through (`_unknown_inspected_urns`).
    """
    numbers = sorted({item["inspection_number"] for item in inspections})
    stored: dict[str, tuple[int, int]] = {}
    for start in range(0, len(numbers), CHUNK):
        for number, urn, inspected in Inspection.objects.filter(
            inspection_number__in=numbers[start:start + CHUNK],
        ).values_list("inspection_number", "urn", "inspected_urn"):
            stored[number] = (urn, inspected)

    def touched(item: dict) -> set[int]:
        urns = {item["urn"], item.get("inspected_urn")}
        urns.update(stored.get(item["inspection_number"], ()))
        return {urn for urn in urns if urn is not None}

    allowed = tenant_urns(tenant, {urn for item in inspections for urn in touched(item)})
    unknown = _unknown_inspected_urns(tenant, inspections)
    kept, refused = [], []
    for item in inspections:
        # Only the URN an inspection was carried out on may be one nobody knows; the school
        # it is reported for must be the tenant's.
        foreign = sorted((touched(item) - allowed) - (unknown - {item["urn"]}))
        if foreign:
            refused.append((item, "URN " + ", ".join(map(str, foreign))
                            + f" {'is not a school' if len(foreign) == 1 else 'are not schools'}"
                            + f" of {tenant.name}"))
        else:
            kept.append(item)
    return kept, refused


@transaction.atomic
def inspection_receive(
    *, tenant: Tenant, actor: User, row: dict[str, str], today: date | None = None,
) -> services.InspectionImportResult:
    """Store one inspection given as a row of Ofsted's MI columns, with the same rules as a
    file (unknown labels, future dates, malformed URNs refused by row and column), and
    schedule the recompute of the schools it affects. Nothing is written on an error.

    The store is shared by every tenant, so a tenant may only send inspections of its own
    schools (`tenant_urns`: stored LA codes only it covers, or their predecessors by the
    national links): one council's officer cannot change the data behind another council's
    categories. A refusal is audited.
    """
    parsed = services.inspection_rows_parse([row], today=today or timezone.localdate())
    if not parsed.errors:
        parsed.inspections, refused = inspections_for_tenant(tenant, parsed.inspections)
        if refused:
            result = services.InspectionImportResult(rows=1)
            message = (f"{refused[0][1]}: send inspections of your own schools only")
            result.errors.append(RowError(row=1, column="URN", message=message))
            audit_record(tenant=tenant, actor=actor,
                         action="categorisation.inspection_refused",
                         summary=f"Inspection for URN {row.get('URN', '')} through the API "
                                 "refused: not this council's school",
                         changes={"row": {k: str(v)[:100] for k, v in row.items()},
                                  "reason": message})
            return result
    result = services.inspections_import(parsed=parsed, source="api", today=today)
    if result.errors:
        return result
    if result.affected_urns:
        schedule_recompute(urns=result.affected_urns,
                           reason=f"Inspection received through the API by {tenant.slug}")
    audit_record(tenant=tenant, actor=actor, action="categorisation.inspection_received",
                 summary=f"Inspection for URN {row.get('URN', '')} through the API: "
                         f"{result.created} new, {result.updated} changed")
    return result
