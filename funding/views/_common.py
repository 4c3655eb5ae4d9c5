"""What the funding pages share: the form page and the year's address."""

from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from core.tenancy import TenantRequest
from funding.models import DeDelegationLine, FundingYear, StrategicFund

NAV = "funding"


def year_url(request: TenantRequest, year: FundingYear) -> str:
    return reverse("funding:year-detail", args=[request.tenant.slug, year.pk])


def line_url(request: TenantRequest, line: DeDelegationLine) -> str:
    return reverse("funding:line-detail", args=[request.tenant.slug, line.pk])


def fund_url(request: TenantRequest, fund: StrategicFund) -> str:
    return reverse("funding:fund-detail", args=[request.tenant.slug, fund.pk])


def form_page(request: TenantRequest, form: Form, *, heading: str, button: str,
              year: FundingYear | None = None, line: DeDelegationLine | None = None,
              fund: StrategicFund | None = None, intro: str = "", warning: str = "",
              back_url: str = "", crumbs: dict | None = None) -> HttpResponse:
    """One form on a page, under the funding breadcrumbs; 400 when it holds errors."""
    back = back_url or (line_url(request, line) if line else fund_url(request, fund) if fund
                        else year_url(request, year) if year
                        else reverse("funding:year-list", args=[request.tenant.slug]))
    return render(request, "funding/form_page.html", {
        "form": form, "heading": heading, "button": button, "year": year, "line": line,
        "fund": fund, "back_url": back, "intro": intro, "warning": warning,
        "nav_section": NAV, **(crumbs or {}),
    }, status=400 if form.errors else 200)
