"""What the support pages share: the form page, a visit's address, the current year."""

from __future__ import annotations

from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from core.tenancy import TenantRequest
from core.years import AcademicYear
from support.models import Visit
from support.services.visits import current_year

NAV = "support"


def this_year() -> int:
    return current_year(timezone.localdate())


def year_label(year: int) -> str:
    return AcademicYear(year).label


def visit_url(request: TenantRequest, visit: Visit) -> str:
    return reverse("support:visit-detail", args=[request.tenant.slug, visit.pk])


def school_url(request: TenantRequest, urn: int) -> str:
    return reverse("support:school-visits", args=[request.tenant.slug, urn])


def not_allowed(allowed: str) -> HttpResponse:
    return HttpResponse(status=405, headers={"Allow": allowed})


def form_page(request: TenantRequest, form: Form, *, heading: str, button: str,
              back_url: str, visit: Visit | None = None, school=None,
              intro: str = "", template: str = "support/form_page.html") -> HttpResponse:
    """One form on a page, under the support breadcrumbs; 400 when it holds errors."""
    return render(request, template, {
        "form": form, "heading": heading, "button": button, "visit": visit,
        "school": school or (visit.school if visit else None), "back_url": back_url,
        "intro": intro, "nav_section": NAV,
    }, status=400 if form.errors else 200)
