"""Budgets for the commitment and spend tests: a confirmed run with two partnership
allocations (£20,000 and £6,000) and a draft run, straight into the tables (the allocation
tests cover how runs are made), and a second admin to approve what the first requests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone
from django_scopes import scopes_disabled

from funding.models import (
    AllocationFormula,
    AllocationRun,
    AllocationRunPartnership,
    FundingYear,
    RunStatus,
)
from funding.services import spending

ON = date(2025, 6, 2)


def make_budgets(tenant, year: FundingYear | None = None) -> SimpleNamespace:
    with scopes_disabled():
        year = year or FundingYear.objects.create(tenant=tenant, start_year=2025)
        formula, _ = AllocationFormula.objects.get_or_create(
            tenant=tenant, name="Consortium funding", version=1, defaults={
                "level_name": "Consortium", "rates": {"3A": "25.00"},
                "triggering_codes": ["3A"]})
        confirmed = AllocationRun.objects.create(
            tenant=tenant, year=year, formula=formula, inputs_on=date(2025, 4, 1),
            status=RunStatus.CONFIRMED, total=Decimal("26000.00"),
            confirmed_at=timezone.now())
        draft = AllocationRun.objects.create(
            tenant=tenant, year=year, formula=formula, inputs_on=date(2025, 5, 1))
        north = AllocationRunPartnership.objects.create(
            tenant=tenant, run=confirmed, name="North Consortium", amount=Decimal("20000.00"))
        south = AllocationRunPartnership.objects.create(
            tenant=tenant, run=confirmed, name="South Consortium", amount=Decimal("6000.00"))
        drafted = AllocationRunPartnership.objects.create(
            tenant=tenant, run=draft, name="North Consortium", amount=Decimal("20000.00"))
    return SimpleNamespace(year=year, run=confirmed, north=north, south=south,
                           draft=drafted)


def commit(tenant, actor, budget, amount="1000.00", **values):
    values = {"description": "Hub leader release time", "supplier": "Hill Top Primary",
              "on": ON, **values}
    return spending.commitment_create(tenant=tenant, actor=actor, budget=budget,
                                      amount=amount, **values)
