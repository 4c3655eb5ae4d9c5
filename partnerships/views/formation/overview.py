"""The formation overview: an officer's page (returns, proposals) and a headteacher's (their
school's pro-forma, the proposals to answer, the surveys to fill)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.permissions import FORMATION_RESPOND, PARTNERSHIPS_MANAGE
from core.tenancy import tenant_view
from partnerships import selectors
from partnerships.services import pro_forma_closed_by
from partnerships.views.surveys import open_surveys_for
from schools.models import School
from schools.selectors import school_of

NAV = "partnerships"


@tenant_view(PARTNERSHIPS_MANAGE)
def formation_home(request: HttpRequest) -> HttpResponse:
    counts = selectors.pro_forma_counts()
    return render(request, "partnerships/formation/home.html", {
        "nav_section": NAV,
        "proposals": list(selectors.proposal_list()),
        "returned": counts.returned,
        "school_count": counts.schools,
        "support_count": counts.able_to_support,
    })


@tenant_view(FORMATION_RESPOND)
def formation_my_school(request: HttpRequest) -> HttpResponse:
    """A headteacher's formation page: their pro-forma, the proposals to respond to and the
    surveys to answer."""
    school = school_of(request.membership)
    if school is None:
        raise PermissionDenied("Your membership names no school.")
    school = School.objects.select_related("establishment").get(pk=school.pk)
    return render(request, "partnerships/formation/my_school.html", {
        "nav_section": "home",
        "school": school,
        "pro_forma": selectors.pro_forma_of(school=school),
        "closed_by": pro_forma_closed_by(school=school),
        "placements": selectors.proposals_for_school(school=school),
        "surveys": open_surveys_for(request),
    })
