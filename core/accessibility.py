"""The accessibility statement: public, no sign-in (a person who cannot sign in must be able
to read it and report the problem)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_scopes import scopes_disabled

from core.models import Membership, Role
from core.selectors import memberships_of_user


def _councils_to_tell(request: HttpRequest) -> list[tuple[str, list[str]]]:
    """(tenant name, its admins' e-mail addresses) for each tenant the signed-in person belongs
    to: the people who can act on a problem in their council's service. Nobody else's."""
    if not request.user.is_authenticated:
        return []
    tenants = [membership.tenant for membership in memberships_of_user(user=request.user)]
    admins: dict[int, list[str]] = {}
    with scopes_disabled():
        for tenant_id, email in (Membership.objects
                                 .filter(tenant__in=tenants, role=Role.ADMIN, is_active=True)
                                 .order_by("user__email").values_list("tenant_id", "user__email")):
            admins.setdefault(tenant_id, []).append(email)
    return [(tenant.name, admins.get(tenant.pk, [])) for tenant in tenants]


@require_GET
def statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {
        "councils": _councils_to_tell(request),
        "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
    })
