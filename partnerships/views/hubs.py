"""A headteacher's hubs, and the old addresses of the hub pages.

A hub's meetings, notes, priorities and actions live on the boards engine now (issue 12: a hub
is a board of kind hub). Partnerships keeps its old URL names so saved links keep working: each
answers with a permanent redirect to the boards page `core.forwarding` names (partnerships may
not import boards, DESIGN §4), and 404 when the tenant has no such hub or row.
"""

from collections.abc import Callable

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import forwarding
from core.permissions import OWN_HUB_VIEW
from core.tenancy import TenantRequest, tenant_view
from partnerships.selectors import hubs as selectors
from schools.selectors import school_of

NAV = "my-hub"


@tenant_view(OWN_HUB_VIEW)
@require_GET
def my_hub(request: TenantRequest) -> HttpResponse:
    """The partnerships the headteacher's school is in today, every level listed."""
    school = school_of(request.membership)
    hubs = selectors.hubs_of_school(school=school) if school else []
    rows = [(membership, hub_address(request, membership.partnership_id)) for membership in hubs]
    return render(request, "partnerships/hubs/my_hub.html",
                  {"hubs": rows, "school": school, "nav_section": NAV})


def hub_address(request: TenantRequest, partnership_id: int) -> str | None:
    """The address of the partnership's hub page, where it lives now (a boards page, named
    through `core.forwarding`): linked straight to, not through the old address's redirect.
    None when the tenant has no hub for it yet."""
    return forwarding.new_address("partnerships.hub", tenant_slug=request.tenant.slug,
                                  page="partnership-hub", partnership_id=partnership_id)


def moved(page: str) -> Callable[..., HttpResponse]:
    """The view of an old hub page: a permanent redirect to its boards page (the query string,
    a download's format say, kept)."""

    @tenant_view()
    def view(request: TenantRequest, partnership_id: int, export: bool = False,
             **ids: int) -> HttpResponse:
        name = f"{page}-export" if export else page
        target = forwarding.new_address("partnerships.hub", tenant_slug=request.tenant.slug,
                                        page=name, partnership_id=partnership_id, **ids)
        if target is None:
            raise Http404("No such hub page.")
        query = request.GET.urlencode()
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)

    view.__name__ = view.__qualname__ = page.replace("-", "_")
    return view
