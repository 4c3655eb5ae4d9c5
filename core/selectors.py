from django_scopes import scopes_disabled

from accounts.models import User
from core.models import Membership, Tenant


def membership_for(*, user: User, tenant: Tenant) -> Membership | None:
    """The user's active membership of the tenant, or None. Safe to call with no scope."""
    if not user.is_authenticated:
        return None
    with scopes_disabled():
        return (
            Membership.objects.select_related("tenant", "school__establishment")
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
    """The operator's view of the platform: tenants, their admins and usage counts only."""
    from schools.models import School

    with scopes_disabled():
        tenants = list(Tenant.objects.order_by("name"))
        admins: dict[int, list[str]] = {}
        for tenant_id, email in Membership.objects.filter(role="admin", is_active=True).values_list(
            "tenant_id", "user__email"
        ):
            admins.setdefault(tenant_id, []).append(email)
        from django.db.models import Count

        member_counts = dict(
            Membership.objects.filter(is_active=True).values("tenant_id")
            .annotate(n=Count("id")).values_list("tenant_id", "n")
        )
        school_counts = dict(
            School.objects.values("tenant_id").annotate(n=Count("id")).values_list("tenant_id", "n")
        )
    return [
        {
            "tenant": tenant,
            "admins": admins.get(tenant.id, []),
            "members": member_counts.get(tenant.id, 0),
            "schools": school_counts.get(tenant.id, 0),
        }
        for tenant in tenants
    ]
