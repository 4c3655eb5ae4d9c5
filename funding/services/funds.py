"""Strategic funds: a fund of a year with its base sum, fixed costs taken first, and
contributions into it. Only the tenant admin (FUNDING_MANAGE) writes; every write is atomic,
validated in full and audited. A fund is locked while it changes, so two writes cannot both
pass a check on what remains."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from funding.models import (
    ContributionBasis,
    ContributorKind,
    FundContribution,
    FundCost,
    FundingYear,
    StrategicFund,
)
from funding.selectors.funds import fund_for, fund_summary
from funding.selectors.pupils import pupils_on
from funding.services.codes import ledger_codes
from funding.services.dedelegation import _check, _rate, _save
from schools.models import School


def _money(value: Decimal) -> str:
    return f"£{value:,.2f}"


@transaction.atomic
def strategic_fund_create(*, tenant: Tenant, actor: User | None, year: FundingYear, name: str,
                          base_amount: object, description: str = "", cost_centre: str = "",
                          ledger_code: str = "") -> StrategicFund:
    """A fund of the year with the council's base sum. Refused: no name, a name the year
    already has, a base sum that is negative or not pounds and pence."""
    _check(tenant, actor, year=year)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Name the fund, for example Strategic School "
                                       "Improvement Fund."})
    if StrategicFund.objects.filter(year=year, name__iexact=name).exists():
        raise ValidationError({"name": f"{year.label} already has a fund called {name}."})
    fund = StrategicFund(tenant=tenant, year=year, name=name,
                         base_amount=_rate(base_amount, "base_amount", "budget"),
                         description=description.strip(), created_by=actor)
    fund.cost_centre, fund.ledger_code = ledger_codes(cost_centre, ledger_code)
    _save(fund)
    audit_record(tenant=tenant, actor=actor, action="funding.fund_create", obj=fund,
                 summary=f"Added the fund {fund} with {_money(fund.base_amount)}",
                 changes={"base_amount": str(fund.base_amount)})
    return fund


@transaction.atomic
def fund_cost_add(*, tenant: Tenant, actor: User | None, fund: StrategicFund, name: str,
                  amount: object, cost_centre: object = "",
                  ledger_code: object = "") -> FundCost:
    """A fixed cost taken first ("Independent chair £4,500"), booked to the codes given or the
    fund's. Refused: no name, a name the fund already has, a bad amount, codes the ledger cannot
    take, or a cost the fund cannot meet after what it has shared."""
    _check(tenant, actor, fund=fund)
    fund = fund_for(fund.pk, lock=True)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Name the cost, for example Independent chair."})
    if FundCost.objects.filter(fund=fund, name__iexact=name).exists():
        raise ValidationError({"name": f"{fund.name} already has a cost called {name}."})
    cost = FundCost(tenant=tenant, fund=fund, name=name, amount=_rate(amount, "amount",
                                                                      "amount"),
                    recorded_by=actor)
    cost.cost_centre, cost.ledger_code = ledger_codes(cost_centre or fund.cost_centre,
                                                      ledger_code or fund.ledger_code)
    remaining = fund_summary(fund.pk).remaining
    if cost.amount > remaining:
        raise ValidationError({"amount": f"{_money(cost.amount)} is more than the "
                                         f"{_money(remaining)} that remains in {fund.name}."})
    _save(cost)
    audit_record(tenant=tenant, actor=actor, action="funding.fund_cost_add", obj=cost,
                 summary=f"Took {cost.name} ({_money(cost.amount)}) from {fund}",
                 changes={"name": cost.name, "amount": str(cost.amount)})
    return cost


def _pupils(year: FundingYear, kind: str, school: School | None, pupils: object
            ) -> tuple[int, date | None, str]:
    """Pro rata: a school's census number, or the pupils a council or body declared."""
    if school is not None:
        number = pupils_on([school], year).get(school.pk)
        if number is None:
            raise ValidationError({"school": f"{school.establishment.name} has no pupil "
                                             "number: record a fixed amount, or wait for the "
                                             "census."})
        return number.pupils, number.census_date, number.source
    try:
        count = int(str(pupils).strip())
    except ValueError:
        count = 0
    if count <= 0:
        raise ValidationError({"pupils": "Give the number of pupils of the contributing "
                                         "schools, a whole number above 0."})
    label = "As declared by the council" if kind == ContributorKind.COUNCIL else "As declared"
    return count, None, label


@transaction.atomic
def fund_contribution_record(*, tenant: Tenant, actor: User | None, fund: StrategicFund,
                             contributor_kind: str, basis: str, received_on: date,
                             reference: str, contributor_name: str = "",
                             school: School | None = None, amount: object = None,
                             rate: object = None, pupils: object = None,
                             notes: str = "", cost_centre: object = "",
                             ledger_code: object = "") -> FundContribution:
    """Money paid into the fund by a school of the register or a named body, fixed or pro rata
    (rate x pupils: a school's census number, a body's declared pupils), with its date and
    reference, booked to the codes given or the fund's. Refused, naming the field: a school of
    another tenant, a body with no name, a missing or bad amount or rate, no pupils, no
    reference, codes the ledger cannot take."""
    _check(tenant, actor, fund=fund, school=school)
    fund = fund_for(fund.pk, lock=True)
    if contributor_kind not in ContributorKind.values:
        raise ValidationError({"contributor_kind": "Say who contributes: a school, a "
                                                   "neighbouring council or another body."})
    if basis not in ContributionBasis.values:
        raise ValidationError({"basis": "Say whether it is a fixed amount or pro rata to "
                                        "pupils."})
    if contributor_kind == ContributorKind.SCHOOL:
        if school is None:
            raise ValidationError({"school": "Give the URN of the contributing school."})
        name = school.establishment.name
    else:
        school = None
        name = contributor_name.strip()
        if not name:
            raise ValidationError({"contributor_name": "Name the council or body that "
                                                       "contributes."})
    if not reference.strip():
        raise ValidationError({"reference": "Give the reference, for example the invoice or "
                                            "remittance number."})
    contribution = FundContribution(
        tenant=tenant, fund=fund, contributor_kind=contributor_kind, contributor_name=name,
        school=school, basis=basis, received_on=received_on, reference=reference.strip(),
        notes=notes.strip(), recorded_by=actor)
    contribution.cost_centre, contribution.ledger_code = ledger_codes(
        cost_centre or fund.cost_centre, ledger_code or fund.ledger_code)
    if basis == ContributionBasis.FIXED:
        contribution.amount = _rate(amount, "amount", "amount")
        if contribution.amount == 0:
            raise ValidationError({"amount": "A contribution of £0 adds nothing: give the "
                                             "amount."})
    else:
        contribution.rate = _rate(rate, "rate", "rate per pupil")
        if contribution.rate == 0:
            raise ValidationError({"rate": "A rate of £0 per pupil adds nothing: give the "
                                           "rate."})
        (contribution.pupils, contribution.census_date,
         contribution.pupils_source) = _pupils(fund.year, contributor_kind, school, pupils)
        contribution.amount = contribution.rate * contribution.pupils  # exact: pence x pupils
    _save(contribution)
    how = (f"{contribution.pupils:,} pupils x {_money(contribution.rate)}"
           if contribution.rate is not None else "fixed")
    audit_record(tenant=tenant, actor=actor, action="funding.fund_contribution_record",
                 obj=contribution,
                 summary=f"Recorded {name}'s contribution of {_money(contribution.amount)} "
                         f"({how}) to {fund}",
                 changes={"amount": str(contribution.amount), "basis": basis,
                          "reference": contribution.reference,
                          "received_on": str(received_on)})
    return contribution
