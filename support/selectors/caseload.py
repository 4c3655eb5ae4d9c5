"""An officer's caseload: the schools they are the link adviser of, and any school where they
hold a visit this year; for each, visits done and due and the days used against the
entitlement of its category. A fixed number of queries, whatever the number of schools."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from categorisation.published import EntitlementInForce, entitlements_in_force
from core.models import Membership, Role, Tenant
from schools.models import School
from support.models import Visit, VisitStatus


@dataclass(frozen=True)
class CaseloadRow:
    school: School
    entitlement: EntitlementInForce | None
    done: int
    due: int  # planned from today on
    overdue: int  # planned before today and not recorded
    days_used: Decimal

    @property
    def days_entitled(self) -> Decimal | None:
        return self.entitlement.days if self.entitlement is not None else None

    @property
    def days_left(self) -> Decimal | None:
        entitled = self.days_entitled
        return None if entitled is None else entitled - self.days_used


def _caseload(*, officer: Membership, academic_year: int) -> QuerySet[School]:
    held = Visit.objects.filter(officer=officer, academic_year=academic_year).values(
        "school_id")
    return (School.objects.filter(Q(link_adviser=officer) | Q(pk__in=held))
            .select_related("establishment").order_by("establishment__name", "pk"))


def caseload_query(*, officer: Membership, academic_year: int) -> QuerySet[School]:
    """The caseload's schools as a query, for a page of them to be read rather than all: the
    columns a row shows (the school's URN and name), not the register's seventy, which the
    database would otherwise sort with every school of the caseload."""
    return _caseload(officer=officer, academic_year=academic_year).only(
        "tenant_id", "establishment_id", "link_adviser_id", "establishment__name")


def caseload_schools(*, officer: Membership, academic_year: int) -> list[School]:
    return list(_caseload(officer=officer, academic_year=academic_year))


def caseload(*, tenant: Tenant, officer: Membership, academic_year: int,
             today: date, schools: list[School] | None = None) -> list[CaseloadRow]:
    """The rows of `schools` (a page of `caseload_schools`), or of the whole caseload."""
    if schools is None:
        schools = caseload_schools(officer=officer, academic_year=academic_year)
    entitlements = entitlements_in_force(tenant=tenant, academic_year=academic_year,
                                         schools=schools) if schools else {}
    counts = {row["school_id"]: row for row in (
        Visit.objects.filter(school__in=schools, academic_year=academic_year)
        .values("school_id").annotate(
            done=Count("pk", filter=Q(status=VisitStatus.DONE)),
            due=Count("pk", filter=Q(status=VisitStatus.PLANNED, planned_on__gte=today)),
            overdue=Count("pk", filter=Q(status=VisitStatus.PLANNED, planned_on__lt=today)))
    )} if schools else {}
    # Days are summed in Python: SQLite sums decimals as floats.
    used: dict[int, Decimal] = {}
    for school_id, days in (Visit.objects.filter(school__in=schools,
                                                 academic_year=academic_year,
                                                 status=VisitStatus.DONE)
                            .values_list("school_id", "days_used") if schools else []):
        used[school_id] = used.get(school_id, Decimal("0")) + days
    rows = []
    for school in schools:
        count = counts.get(school.pk, {})
        rows.append(CaseloadRow(school=school, entitlement=entitlements.get(school.pk),
                                done=count.get("done", 0), due=count.get("due", 0),
                                overdue=count.get("overdue", 0),
                                days_used=used.get(school.pk, Decimal("0"))))
    return rows


def caseload_officers() -> list[Membership]:
    """Officers and admins of the tenant, for the admin's choice of whose caseload to see."""
    return list(Membership.objects.filter(is_active=True, role__in=[Role.OFFICER, Role.ADMIN])
                .select_related("user").order_by("user__full_name", "user__email"))


