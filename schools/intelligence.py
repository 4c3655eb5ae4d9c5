"""Local intelligence: services (writes) and selectors (reads).

Local intelligence is tenant-private and confidential to officers: the pages and API that show
it ask for INTELLIGENCE_VIEW, which no headteacher holds, so a school never sees what is known
about it or about another school. Items are never deleted: a withdrawal keeps the item, who
withdrew it, when and why.

It is an input to categorisation, so entering or withdrawing an item schedules the recompute of
that school (the one hook categorisation gives every data arrival).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from core.tenancy import ensure_same_tenant
from schools.models import LocalIntelligence, School
from schools.signals import school_data_changed


def _changed(tenant: Tenant, school: School, reason: str) -> None:
    # Categorisation (which reads schools) subscribes and schedules the recompute.
    school_data_changed.send(sender=LocalIntelligence, tenant=tenant,
                             urns=[school.establishment_id], reason=reason)


@transaction.atomic
def intelligence_record(
    *, tenant: Tenant, actor: User, school: School, kind: str, occurred_on: date, source: str,
    severity: str, summary: str, today: date | None = None,
) -> LocalIntelligence:
    """Record an item of local intelligence about a school of the tenant's register.

    Refused (ValidationError naming the field) for a school of another tenant, a date in the
    future, or an unknown kind or severity.
    """
    ensure_same_tenant(tenant, school=school)
    today = today or timezone.localdate()
    if occurred_on and occurred_on > today:
        raise ValidationError({"occurred_on": "The date must be today or in the past."})
    item = LocalIntelligence(
        tenant=tenant, school=school, kind=kind, occurred_on=occurred_on,
        source=source.strip(), severity=severity, summary=summary.strip(),
        entered_by=actor if actor is not None and actor.is_authenticated else None,
    )
    item.full_clean()
    item.save()
    audit_record(tenant=tenant, actor=actor, action="schools.intelligence_recorded", obj=item,
                 summary=f"{school.establishment_id}: {item.get_kind_display()} "
                         f"({item.get_severity_display()})")
    _changed(tenant, school, f"Local intelligence recorded for {school.establishment_id}")
    return item


@transaction.atomic
def intelligence_withdraw(
    *, tenant: Tenant, actor: User, item: LocalIntelligence, reason: str,
) -> LocalIntelligence:
    """Withdraw an item with a reason (required). The item is kept; withdrawing twice is
    refused, so the first reason stands."""
    ensure_same_tenant(tenant, item=item)
    item = LocalIntelligence.objects.select_for_update().select_related("school").get(
        pk=item.pk)
    if item.is_withdrawn:
        raise ValidationError({"withdrawn_reason": "This item has already been withdrawn."})
    if not reason.strip():
        raise ValidationError({"withdrawn_reason": "Enter why the item is withdrawn."})
    item.withdrawn_at = timezone.now()
    item.withdrawn_by = actor if actor is not None and actor.is_authenticated else None
    item.withdrawn_reason = reason.strip()
    item.full_clean()
    item.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    audit_record(tenant=tenant, actor=actor, action="schools.intelligence_withdrawn", obj=item,
                 summary=f"{item.school.establishment_id}: {item.get_kind_display()} withdrawn",
                 changes={"withdrawn_reason": ["", item.withdrawn_reason]})
    _changed(tenant, item.school,
             f"Local intelligence withdrawn for {item.school.establishment_id}")
    return item


# --- Selectors ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IntelligenceFilters:
    kind: str = ""
    severity: str = ""
    date_from: date | None = None
    date_to: date | None = None
    include_withdrawn: bool = False
    urn: int | None = None


def intelligence_list(*, filters: IntelligenceFilters | None = None) -> QuerySet:
    """The tenant's intelligence (call inside its scope), newest first, in a fixed number of
    queries whatever the number of items."""
    filters = filters or IntelligenceFilters()
    items = LocalIntelligence.objects.select_related(
        "school__establishment", "entered_by", "withdrawn_by")
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.severity:
        items = items.filter(severity=filters.severity)
    if filters.date_from:
        items = items.filter(occurred_on__gte=filters.date_from)
    if filters.date_to:
        items = items.filter(occurred_on__lte=filters.date_to)
    if filters.urn:
        items = items.filter(school__establishment_id=filters.urn)
    if not filters.include_withdrawn:
        items = items.filter(withdrawn_at__isnull=True)
    return items.order_by("-occurred_on", "-created_at")


def intelligence_for_school(*, school: School) -> list[LocalIntelligence]:
    """Every item about one school, withdrawn ones included (shown as withdrawn)."""
    return list(LocalIntelligence.objects.filter(school=school)
                .select_related("entered_by", "withdrawn_by")
                .order_by("-occurred_on", "-created_at"))


@dataclass(frozen=True)
class IntelligenceFact:
    """What a categorisation rule may read of one item: its kind, severity and date. The
    summary and source stay on the officers' pages: a reason quoting them would reach the
    school, which must never see what is known about it (DESIGN §5)."""

    kind: str
    kind_label: str
    severity: str
    occurred_on: date


def intelligence_for_rules(*, school_ids: list[int]) -> dict[int, list[IntelligenceFact]]:
    """The items in force (not withdrawn) about these schools, by school id, newest first, in
    one query: the published read categorisation's rules take local intelligence from.

    Called by the recompute inside its own cross-tenant read (scopes disabled), so it keeps
    only items whose tenant is their school's tenant, as every tenant-owned row there must."""
    found: dict[int, list[IntelligenceFact]] = {}
    labels = dict(LocalIntelligence.Kind.choices)
    for row in (LocalIntelligence.objects
                .filter(school_id__in=school_ids, withdrawn_at__isnull=True)
                .values_list("school_id", "school__tenant_id", "tenant_id", "kind", "severity",
                             "occurred_on")
                .order_by("school_id", "-occurred_on", "-created_at")):
        school_id, school_tenant, tenant, kind, severity, occurred_on = row
        if school_tenant == tenant:
            found.setdefault(school_id, []).append(
                IntelligenceFact(kind, labels.get(kind, kind), severity, occurred_on))
    return found
