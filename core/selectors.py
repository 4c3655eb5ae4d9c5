from datetime import date

from django_scopes import scopes_disabled

from accounts.models import User
from core.models import Membership, SchoolCalendarYear, Tenant
from core.years import AcademicYear, SchoolCalendar


def membership_for(*, user: User, tenant: Tenant) -> Membership | None:
    """The user's active membership of the tenant, or None. Safe to call with no scope."""
    if not user.is_authenticated:
        return None
    with scopes_disabled():
        return (
            Membership.objects.select_related("tenant", "user")
            .filter(user=user, tenant=tenant, is_active=True)
            .first()
        )


def memberships_of_user(*, user: User) -> list[Membership]:
    """Every tenant the user belongs to: a named cross-tenant read for the home page."""
    with scopes_disabled():
        return list(
            Membership.objects.select_related("tenant")
            .filter(user=user, is_active=True)
            .order_by("tenant__name")
        )


def tenants_for_operator() -> list[dict]:
    """The operator's view of the platform: tenants, their admins and usage — members,
    schools, the last time anyone did anything and the file imports run (how many, how many
    failed, the last one's date). Counts and dates only: no tenant's data."""
    from django.apps import apps
    from django.db.models import Count, Max, Q

    from core.models import AuditEvent, FileImport, LaCodeShare

    with scopes_disabled():
        tenants = list(Tenant.objects.order_by("name"))
        shares: dict[int, list[str]] = {}
        for share in LaCodeShare.objects.select_related("tenant", "shares_with"):
            shares.setdefault(share.tenant_id, []).append(
                f"LA {share.la_code} with {share.shares_with.name}: {share.reason}")
            shares.setdefault(share.shares_with_id, []).append(
                f"LA {share.la_code} with {share.tenant.name}: {share.reason}")
        admins: dict[int, list[str]] = {}
        for tenant_id, email in Membership.objects.filter(role="admin", is_active=True).values_list(
            "tenant_id", "user__email"
        ):
            admins.setdefault(tenant_id, []).append(email)
        member_counts = dict(
            Membership.objects.filter(is_active=True).values("tenant_id")
            .annotate(n=Count("id")).values_list("tenant_id", "n")
        )
        school_model = apps.get_model("schools", "School")
        school_counts = dict(
            school_model.objects.values("tenant_id").annotate(n=Count("id"))
            .values_list("tenant_id", "n")
        )
        last_activity = dict(
            AuditEvent.objects.values("tenant_id").annotate(last=Max("created_at"))
            .values_list("tenant_id", "last")
        )
        imports: dict[int, dict] = {}
        for model in apps.get_models():
            if not issubclass(model, FileImport):
                continue
            for row in model.objects.values("tenant_id").annotate(
                runs=Count("id"), failed=Count("id", filter=Q(status=FileImport.Status.FAILED)),
                last=Max("created_at"),
            ):
                totals = imports.setdefault(row["tenant_id"], {"runs": 0, "failed": 0,
                                                               "last": None})
                totals["runs"] += row["runs"]
                totals["failed"] += row["failed"]
                if totals["last"] is None or row["last"] > totals["last"]:
                    totals["last"] = row["last"]
    return [
        {
            "tenant": tenant,
            "admins": admins.get(tenant.id, []),
            "members": member_counts.get(tenant.id, 0),
            "schools": school_counts.get(tenant.id, 0),
            "last_activity": last_activity.get(tenant.id),
            "imports": imports.get(tenant.id, {"runs": 0, "failed": 0, "last": None}),
            "shares": shares.get(tenant.id, []),
        }
        for tenant in tenants
    ]


def school_calendar(*, tenant: Tenant, year: AcademicYear) -> SchoolCalendar:
    """The tenant's half-terms for the year, or England's default pattern (`core.years`)."""
    with scopes_disabled():
        record = SchoolCalendarYear.objects.filter(
            tenant=tenant, academic_year=year.start_year).first()
    if record is None:
        return SchoolCalendar.default(year)
    return SchoolCalendar(year=year, is_default=False, half_terms=tuple(
        (date.fromisoformat(start), date.fromisoformat(end)) for start, end in record.half_terms))
