"""The academies of the register that may buy back a de-delegated service, for the buy-back
form."""

from __future__ import annotations

from django.db.models import QuerySet

from core.kept import kept
from core.models import Tenant
from funding.selectors.totals import TOTALS_TTL
from schools.models import Governance, School


def open_academies(tenant: Tenant) -> QuerySet[School]:
    """The tenant's open academies and free schools: who may buy back a de-delegated service."""
    return School.objects.filter(
        tenant=tenant, establishment__is_open=True,
        establishment__governance__in=[Governance.ACADEMY, Governance.FREE_SCHOOL])


def academy_choices(tenant: Tenant) -> list[tuple[int, str, int]]:
    """(school id, name, URN) of each open academy, by name, as plain values (a model row per
    academy took most of the buy-back form's time), kept per version of the register (bumped
    by every register write and GIAS import)."""
    return kept(f"funding:open-academies:t{tenant.pk}:{tenant.register_version}",
                lambda: list(open_academies(tenant).order_by("establishment__name").values_list(
                    "pk", "establishment__name", "establishment_id")), ttl=TOTALS_TTL)
