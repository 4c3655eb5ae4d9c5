"""Traded days: a year's purchases of days of support by academies and trusts (the invoice
requests), their download as CSV or XLSX for the council's ledger, and the admin's forms (the
day rate, a purchase, marking a request as sent).

Who sees what: officers and the admin (FUNDING_VIEW) every purchase; a headteacher their own
school's (an academy buys for itself); board members and viewers nothing (the purchases name
schools). Only the admin (FUNDING_MANAGE) writes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.downloads import page_or_download
from core.permissions import FUNDING_MANAGE
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from funding.forms import DayRateForm, TradedDayPurchaseForm
from funding.permissions import funding_access
from funding.selectors.register import school_named_by_urn
from funding.selectors.traded import (
    SENT,
    UNSENT,
    day_rate_of,
    purchase_for,
    purchases_of,
    traded_income,
)
from funding.selectors.years import funding_year
from funding.services import traded as services
from funding.views._common import NAV, form_page
from funding.views.downloads import TRADED_DAYS

CRUMBS = {"crumb_traded": True}


def _list_url(request: TenantRequest, year_id: int) -> str:
    return reverse("funding:traded-day-list", args=[request.tenant.slug, year_id])


@tenant_view()
@require_GET
def traded_day_list(request: TenantRequest, funding_year_id: int,
                    export: bool = False) -> HttpResponse:
    access = funding_access(request.membership)
    if not access.can_see_schools and access.own_school is None:
        raise PermissionDenied("Your role does not show traded-day purchases.")
    year = funding_year(funding_year_id)
    status = request.GET.get("status", "")
    status = status if status in (SENT, UNSENT) else ""
    school = None if access.can_see_schools else access.own_school
    purchases = purchases_of(year, school=school, status=status)
    return page_or_download(request, "funding/traded_day_list.html", {
        "year": year, "access": access, "purchases": purchases, "status": status,
        "own_school": school, "price": day_rate_of(year),
        "income": traded_income(year) if access.can_see_schools else None,
        "nav_section": NAV}, rows=purchases, download=TRADED_DAYS, export=export)


@tenant_view(FUNDING_MANAGE)
def day_rate_set(request: TenantRequest, funding_year_id: int) -> HttpResponse:
    year = funding_year(funding_year_id)
    price = day_rate_of(year)
    initial = ({"day_rate": price.day_rate, "vat": price.vat, "cost_centre": price.cost_centre,
                "ledger_code": price.ledger_code} if price else {"vat": True})
    form = DayRateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            price = services.traded_day_rate_set(tenant=request.tenant, actor=request.user,
                                                 year=year, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"The day rate for {year.label} is £{price.day_rate:,}.")
            return redirect(_list_url(request, year.pk))
    return form_page(request, form, heading="Set the traded day rate", button="Save day rate",
                     year=year, back_url=_list_url(request, year.pk), crumbs=CRUMBS,
                     intro="The price of a day of school-improvement support this financial "
                           "year. Purchases already recorded keep the rate they were bought at.")


@tenant_view(FUNDING_MANAGE)
def traded_day_create(request: TenantRequest, funding_year_id: int) -> HttpResponse:
    year = funding_year(funding_year_id)
    form = TradedDayPurchaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            school = school_named_by_urn(data, "school_urn")
            purchase = services.traded_day_purchase_record(
                tenant=request.tenant, actor=request.user, year=year, school=school, **data)
        except ValidationError as error:
            show_refusal(form, error, aliases={"school": "school_urn"})
        else:
            messages.success(request, f"Recorded {purchase.reference}: {purchase.days} days "
                                      f"for {purchase.customer_name}, £{purchase.amount:,}.")
            return redirect(_list_url(request, year.pk))
    price = day_rate_of(year)
    return form_page(request, form, heading="Record a traded-day purchase", button="Record",
                     year=year, back_url=_list_url(request, year.pk), crumbs=CRUMBS,
                     intro=(f"At the year's day rate of £{price.day_rate:,} unless you give "
                            "another." if price else "The year has no day rate yet: give the "
                            "rate of this purchase, or set the day rate first."))


@tenant_view(FUNDING_MANAGE)
@require_POST
def traded_day_mark_sent(request: TenantRequest, purchase_id: int) -> HttpResponse:
    purchase = purchase_for(purchase_id)
    try:
        services.traded_day_request_mark_sent(tenant=request.tenant, actor=request.user,
                                              purchase=purchase)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Marked the invoice request for {purchase.reference} as "
                                  "sent to the ledger.")
    return redirect(_list_url(request, purchase.year_id))
