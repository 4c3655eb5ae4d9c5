"""Ofsted inspections a council writes to its own layer: the rows of a parsed file about its
schools, and one inspection received through the API."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from categorisation import services
from categorisation.importing.reach import register_urns
from categorisation.layers import Layer
from categorisation.recompute import schedule_recompute
from core.audit import audit_record
from core.csvfiles import RowError
from core.models import Tenant


def inspections_for_tenant(
    tenant: Tenant, inspections: list[dict],
) -> tuple[list[dict], list[tuple[dict, str]]]:
    """The parsed inspections `tenant`'s layer keeps, and those left out with the reason.

    An inspection is kept when the school it is reported for, or the URN it was carried out
    on, is a school of the council's register or a predecessor of one (`register_urns`). Its
    layer is read by it alone, so a row about another council's school would change nothing
    for anyone: it is left out because nobody would read it.
    """
    kept_urns = register_urns(tenant, {urn for item in inspections
                                       for urn in (item["urn"], item.get("inspected_urn"))
                                       if urn is not None})
    kept, left_out = [], []
    for item in inspections:
        if {item["urn"], item.get("inspected_urn")} & kept_urns:
            kept.append(item)
        else:
            left_out.append((item, f"URN {item['urn']} is not a school of {tenant.name}'s "
                                   "register"))
    return kept, left_out


@transaction.atomic
def inspection_receive(
    *, tenant: Tenant, actor: User, row: dict[str, str], today: date | None = None,
) -> services.InspectionImportResult:
    """Store one inspection, given as a row of Ofsted's MI columns, in the council's own layer
    (an inspection entered the day its report is published), with the same rules as a file
    (unknown labels, future dates, malformed URNs refused by row and column), and schedule the
    recompute of the council's schools it affects. Nothing is written on an error.

    It is read by this council alone, shown as entered by it, and superseded when the national
    file carries the same inspection number. An inspection of a school outside the council's
    register is refused (nobody would read it) and the refusal audited.
    """
    parsed = services.inspection_rows_parse([row], today=today or timezone.localdate())
    if not parsed.errors:
        parsed.inspections, refused = inspections_for_tenant(tenant, parsed.inspections)
        if refused:
            result = services.InspectionImportResult(rows=1)
            message = f"{refused[0][1]}: send inspections of your own schools only"
            result.errors.append(RowError(row=1, column="URN", message=message))
            audit_record(tenant=tenant, actor=actor,
                         action="categorisation.inspection_refused",
                         summary=f"Inspection for URN {row.get('URN', '')} through the API "
                                 "refused: not in this council's register",
                         changes={"row": {k: str(v)[:100] for k, v in row.items()},
                                  "reason": message})
            return result
    result = services.inspections_import(parsed=parsed, source="api", today=today,
                                         layer=Layer(tenant=tenant, entered_by=actor))
    if result.errors:
        return result
    if result.affected_urns:
        schedule_recompute(urns=result.affected_urns, tenant=tenant,
                           reason=f"Inspection received through the API by {tenant.slug}")
    national = " (the national data has it already: not stored)" if result.already_national else ""
    audit_record(tenant=tenant, actor=actor, action="categorisation.inspection_received",
                 summary=f"Inspection for URN {row.get('URN', '')} through the API: "
                         f"{result.created} new, {result.updated} changed{national}")
    return result
