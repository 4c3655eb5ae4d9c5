"""Traded days: the council's day rate for a year, purchases of days by academies and trusts,
and marking a purchase's invoice request as sent to the council's ledger. Only the funding
admin (FUNDING_MANAGE) writes; every write is atomic, validated in full and audited. The year
is locked while a purchase is recorded, so two requests cannot both pass the duplicate check
or take the same reference."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from funding.models import (
    CustomerKind,
    FundingYear,
    TradedDayPurchase,
    TradedDayRate,
    day_amount,
)
from funding.selectors.traded import day_rate_of
from funding.services.codes import ledger_codes
from funding.services.dedelegation import _check, _rate, _save
from partnerships.published import days_purchased_on
from schools.models import Governance, School

# Academies (converters, sponsored) and free schools, which are academies in law: those who
# buy what maintained schools de-delegate (DESIGN §3 funding/: "traded days bought by
# academies and small trusts").
BUYERS = (Governance.ACADEMY, Governance.FREE_SCHOOL)
MAX_DAYS = Decimal("999.9")


def _name(actor: User | None) -> str:
    return (actor.get_full_name() or actor.email) if actor is not None else ""


@transaction.atomic
def traded_day_rate_set(*, tenant: Tenant, actor: User | None, year: FundingYear,
                        day_rate: object, vat: bool = True, cost_centre: object = "",
                        ledger_code: object = "") -> TradedDayRate:
    """The price of a day of support in the year, with the codes its income is booked to and
    whether VAT is charged on top. Setting it again changes it for purchases recorded after;
    those recorded before keep the rate they were bought at. Refused, naming the field: a rate
    that is negative, not a number or not pounds and pence; codes the ledger cannot take."""
    _check(tenant, actor, year=year)
    rate = _rate(day_rate, "day_rate", "day rate")
    centre, code = ledger_codes(cost_centre, ledger_code)
    current = day_rate_of(year)
    current_rate = None if current is None else current.day_rate
    before = (None if current is None else
              {"day_rate": str(current.day_rate), "vat": current.vat,
               "cost_centre": current.cost_centre, "ledger_code": current.ledger_code})
    price = current or TradedDayRate(tenant=tenant, year=year)
    price.day_rate, price.vat, price.cost_centre, price.ledger_code = rate, bool(vat), centre, code
    price.set_by = actor
    _save(price)
    after = {"day_rate": str(rate), "vat": price.vat, "cost_centre": centre,
             "ledger_code": code}
    audit_record(tenant=tenant, actor=actor, action="funding.day_rate_set", obj=price,
                 summary=f"Set the traded day rate for {year.label} to £{rate:,}"
                         + ("" if current_rate is None else f" (was £{current_rate:,})"),
                 changes={"before": before, "after": after})
    return price


def _days(value: object) -> Decimal:
    try:
        days = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"days": "Give the number of days, for example 3 or "
                                       "2.5."}) from None
    if not days.is_finite():
        raise ValidationError({"days": "Give the number of days, for example 3 or 2.5."})
    if days <= 0:
        raise ValidationError({"days": "Give a number of days above 0."})
    if days > MAX_DAYS:
        raise ValidationError({"days": f"Give at most {MAX_DAYS} days in one purchase."})
    if days != days.quantize(Decimal("0.1")):
        raise ValidationError({"days": "Give the days to a tenth of a day at most, for "
                                       "example 2.5."})
    return days.quantize(Decimal("0.1"))


def _customer(kind: str, school: School | None, trust_name: str,
              ukprn: str) -> tuple[School | None, str, str]:
    if kind == CustomerKind.SCHOOL:
        if school is None:
            raise ValidationError({"school": "Give the URN of the academy that buys the days."})
        if school.establishment.governance not in BUYERS:
            raise ValidationError({"school": (
                f"{school.establishment.name} is "
                f"{school.establishment.get_governance_display().lower()}: only academies, "
                "free schools and trusts buy traded days. Maintained schools fund the "
                "service through de-delegation.")})
        return school, school.establishment.name, ""
    if kind != CustomerKind.TRUST:
        raise ValidationError({"customer_kind": "Say who buys the days: an academy in the "
                                                "register or a trust."})
    name = (trust_name or "").strip()
    if not name:
        raise ValidationError({"trust_name": "Give the trust's name, as it is invoiced."})
    if len(name) > 300:
        raise ValidationError({"trust_name": "Keep the trust's name to 300 characters."})
    number = (ukprn or "").strip()
    if number and not (number.isdigit() and len(number) == 8):
        raise ValidationError({"ukprn": "A UKPRN is 8 digits, for example 10012345."})
    return None, name, number


def _next_reference(year: FundingYear) -> str:
    prefix = f"TD{year.label}-"
    taken = set(TradedDayPurchase.objects.filter(reference__startswith=prefix)
                .values_list("reference", flat=True))
    number = len(taken) + 1
    while f"{prefix}{number:04d}" in taken:
        number += 1
    return f"{prefix}{number:04d}"


@transaction.atomic
def traded_day_purchase_record(
        *, tenant: Tenant, actor: User | None, year: FundingYear, customer_kind: str,
        purchased_on: date, school: School | None = None, trust_name: str = "",
        ukprn: str = "", days: object = None, rate: object = None, vat: bool | None = None,
        cost_centre: object = None, ledger_code: object = None,
        notes: str = "") -> TradedDayPurchase:
    """Days of support bought by an academy of the register or by a trust, on a date of the
    financial year. The days default to those the academy bought with its partnership
    membership on that date (partnerships' published read); the rate, the VAT flag and the
    ledger codes default to the year's day rate. The amount is days x rate, to the penny (half
    up). Refused, naming the field: a school of another tenant or a maintained (or any
    non-academy) school; a trust with no name or a UKPRN that is not 8 digits; days that are
    not a positive number; a rate that is negative or not pounds and pence, or none when the
    year has no day rate; a date outside the year; the same customer buying the same days on
    the same date again (a duplicate); codes the ledger cannot take."""
    _check(tenant, actor, year=year, school=school)
    year = FundingYear.objects.select_for_update().get(pk=year.pk)
    if not year.financial_year.contains(purchased_on):
        raise ValidationError({"purchased_on": f"Give a date in the financial year "
                                               f"{year.label}."})
    school, name, number = _customer(customer_kind, school, trust_name, ukprn)
    if days in (None, "") and school is not None:
        days = days_purchased_on(tenant=tenant, on=purchased_on, schools=[school]).get(school.pk)
        if days is None:
            raise ValidationError({"days": f"{name} bought no days with a partnership "
                                           "membership on that date: give the days."})
    bought = _days("" if days is None else days)
    price = day_rate_of(year)
    if rate in (None, ""):
        if price is None:
            raise ValidationError({"rate": f"{year.label} has no day rate yet: set it, or give "
                                           "the rate of this purchase."})
        unit = price.day_rate
    else:
        unit = _rate(rate, "rate", "day rate")
    centre, code = ledger_codes(
        price.cost_centre if cost_centre in (None, "") and price else cost_centre,
        price.ledger_code if ledger_code in (None, "") and price else ledger_code)
    same = TradedDayPurchase.objects.filter(year=year, purchased_on=purchased_on, days=bought)
    same = same.filter(school=school) if school is not None else same.filter(
        school__isnull=True, customer_name__iexact=name)
    duplicate = same.first()
    if duplicate is not None:
        raise ValidationError({"purchased_on": (
            f"{name} already bought {bought} days on {purchased_on:%-d %B %Y} "
            f"({duplicate.reference}): this would record it twice.")})
    purchase = TradedDayPurchase(
        tenant=tenant, reference=_next_reference(year), year=year, customer_kind=customer_kind,
        school=school, customer_name=name, ukprn=number, days=bought, rate=unit,
        amount=day_amount(bought, unit),
        vat=(price.vat if price is not None else True) if vat is None else bool(vat),
        purchased_on=purchased_on, cost_centre=centre, ledger_code=code,
        notes=(notes or "").strip(), recorded_by=actor, recorded_by_name=_name(actor))
    _save(purchase)
    audit_record(tenant=tenant, actor=actor, action="funding.traded_day_purchase_record",
                 obj=purchase,
                 summary=f"Recorded {purchase.reference}: {bought} days for {name} at "
                         f"£{unit:,} a day, £{purchase.amount:,}",
                 changes={"days": str(bought), "rate": str(unit),
                          "amount": str(purchase.amount), "vat": purchase.vat,
                          "purchased_on": str(purchased_on), "cost_centre": centre,
                          "ledger_code": code})
    return purchase


@transaction.atomic
def traded_day_request_mark_sent(*, tenant: Tenant, actor: User | None,
                                 purchase: TradedDayPurchase) -> TradedDayPurchase:
    """Record that the purchase's invoice request went to the council's ledger: who and when.
    Refused when it was marked before (the first sending stands)."""
    _check(tenant, actor, purchase=purchase)
    locked = TradedDayPurchase.objects.select_for_update().get(pk=purchase.pk)
    if locked.request_sent_at is not None:
        raise ValidationError(
            f"The invoice request for {locked.reference} was marked as sent on "
            f"{timezone.localtime(locked.request_sent_at):%-d %B %Y} by "
            f"{locked.request_sent_by_name or 'someone'}.")
    locked.request_sent_at = timezone.now()
    locked.request_sent_by = actor
    locked.request_sent_by_name = _name(actor)
    locked.save(update_fields=["request_sent_at", "request_sent_by", "request_sent_by_name"])
    audit_record(tenant=tenant, actor=actor, action="funding.traded_day_request_sent",
                 obj=locked,
                 summary=f"Marked the invoice request for {locked.reference} "
                         f"({locked.customer_name}, £{locked.amount:,}) as sent to the ledger")
    return locked
