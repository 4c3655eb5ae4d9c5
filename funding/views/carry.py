"""The year-end step's page: the finance officer (the admin, FUNDING_MANAGE) carries a
budget's underspend into the next financial year, with a reason; the reconciliations of both
years then show it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from core.permissions import FUNDING_MANAGE
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from funding.forms import CarryForwardForm
from funding.selectors.kept import balances_for
from funding.selectors.years import funding_year
from funding.services.carry import carry_forward
from funding.views._common import form_page


@tenant_view(FUNDING_MANAGE)
def carry_forward_create(request: TenantRequest, funding_year_id: int) -> HttpResponse:
    year = funding_year(funding_year_id)
    budgets, _ = balances_for(request, year)
    form = CarryForwardForm(request.POST or None,
                            budgets=[b for b in budgets if b.carryable > 0])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            carried = carry_forward(tenant=request.tenant, actor=request.user, year=year,
                                    budget_key=data["budget"], amount=data["amount"],
                                    reason=data["reason"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Carried £{carried.amount:,} of {carried.source_name} "
                                      f"forward to {carried.to_year.label}.")
            return redirect("funding:reconciliation", request.tenant.slug, year.pk)
    return form_page(
        request, form, heading=f"Carry an underspend forward from {year.label}",
        button="Carry forward", year=year,
        back_url=reverse("funding:reconciliation", args=[request.tenant.slug, year.pk]),
        intro="Once the financial year has ended, what a budget has neither committed nor "
              "spent can be carried into the next year, where it is a budget of its own. "
              "Money committed stays with its commitment.")
