"""Funding years, de-delegation lines and their rates, the schools forum's votes by phase, and
academies buying a line's service back. Only the tenant admin (FUNDING_MANAGE) writes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record, field_changes
from core.models import Tenant
from core.selectors import membership_for
from core.tenancy import ensure_same_tenant
from funding.models import (
    BuyBack,
    ChargeBasis,
    DeDelegationLine,
    ForumPhase,
    FundingYear,
    PhaseVote,
    VoteOutcome,
)
from funding.permissions import ensure_manager
from funding.selectors.charges import placement_of
from funding.services.codes import ledger_code_text
from schools.models import Governance, School

LINE_FIELDS = ["name", "description", "primary_rate", "secondary_rate", "primary_basis",
               "secondary_basis", "cost_centre", "ledger_code"]


def _check(tenant: Tenant, actor: User | None, **objects: models.Model | None) -> None:
    """Refuse objects of another tenant, then an actor who may not set funding."""
    ensure_same_tenant(tenant, **objects)
    ensure_manager(membership_for(user=actor, tenant=tenant) if actor is not None else None)


def _save(obj: models.Model) -> None:
    obj.full_clean()
    obj.save()


def _rate(value: object, field: str, what: str = "rate") -> Decimal:
    """An amount in pounds and pence: refused, naming the field, when it is not a number, is
    negative or has fractions of a penny."""
    try:
        rate = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"Give the {what} in pounds and pence, for "
                                      "example 12.50."}) from None
    if not rate.is_finite():
        raise ValidationError({field: f"Give the {what} in pounds and pence, for example "
                                      "12.50."})
    if rate < 0:
        raise ValidationError({field: f"The {what} cannot be negative."})
    if rate >= Decimal("1e12"):  # past any ledger's figures, and past exact pence arithmetic
        raise ValidationError({field: f"The {what} is too large: give it in pounds and pence."})
    if rate != rate.quantize(Decimal("0.01")):
        raise ValidationError({field: f"Give the {what} to the penny (two decimal places)."})
    return rate.quantize(Decimal("0.01"))


@transaction.atomic
def funding_year_create(*, tenant: Tenant, actor: User | None, start_year: int,
                        notes: str = "") -> FundingYear:
    _check(tenant, actor)
    if FundingYear.objects.filter(tenant=tenant, start_year=start_year).exists():
        raise ValidationError({"start_year": f"There is already a funding year "
                                             f"{FundingYear(start_year=start_year).label}."})
    year = FundingYear(tenant=tenant, start_year=start_year, notes=notes.strip(),
                       created_by=actor)
    _save(year)
    audit_record(tenant=tenant, actor=actor, action="funding.year_create", obj=year,
                 summary=f"Added the funding year {year.label}")
    return year


def _check_line_name(year: FundingYear, name: str, exclude: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the line a name, for example School "
                                       "improvement."})
    clash = DeDelegationLine.objects.filter(year=year, name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"name": f"{year.label} already has a line called {name}."})
    return name


def _basis(value: object, field: str) -> str:
    if value in (None, ""):
        return ChargeBasis.PER_PUPIL
    if value not in ChargeBasis.values:
        raise ValidationError({field: "Choose what the rate is per: per pupil, per school or "
                                      "per EAL pupil."})
    return str(value)


@transaction.atomic
def dedelegation_line_create(*, tenant: Tenant, actor: User | None, year: FundingYear,
                             name: str, primary_rate: object, secondary_rate: object,
                             description: str = "", cost_centre: str = "",
                             ledger_code: str = "", primary_basis: object = None,
                             secondary_basis: object = None) -> DeDelegationLine:
    """A service line of the year with a rate for each phase, per pupil (the default), per
    school or per EAL pupil. Refused: a name the year already has (in any case), a rate that is
    negative or not in pounds and pence, a basis that is none of the three."""
    _check(tenant, actor, year=year)
    line = DeDelegationLine(
        tenant=tenant, year=year, name=_check_line_name(year, name),
        description=description.strip(), primary_rate=_rate(primary_rate, "primary_rate"),
        secondary_rate=_rate(secondary_rate, "secondary_rate"),
        primary_basis=_basis(primary_basis, "primary_basis"),
        secondary_basis=_basis(secondary_basis, "secondary_basis"),
        cost_centre=ledger_code_text(cost_centre, "cost_centre"),
        ledger_code=ledger_code_text(ledger_code, "ledger_code"))
    _save(line)
    audit_record(tenant=tenant, actor=actor, action="funding.line_create", obj=line,
                 summary=f"Added the de-delegation line {line.name} for {year.label}",
                 changes={"primary_rate": str(line.primary_rate),
                          "secondary_rate": str(line.secondary_rate),
                          "primary_basis": line.primary_basis,
                          "secondary_basis": line.secondary_basis})
    return line


@transaction.atomic
def dedelegation_line_update(*, tenant: Tenant, actor: User | None, line: DeDelegationLine,
                             **values: object) -> DeDelegationLine:
    """Change a line's name, description, rates or ledger codes (any of LINE_FIELDS)."""
    unknown = set(values) - set(LINE_FIELDS)
    if unknown:
        raise ValidationError(f"Not a field of a line: {', '.join(sorted(unknown))}.")
    _check(tenant, actor, line=line)
    if "name" in values:
        values["name"] = _check_line_name(line.year, str(values["name"]), exclude=line.pk)
    for rate in ("primary_rate", "secondary_rate"):
        if rate in values:
            values[rate] = _rate(values[rate], rate)
    for basis in ("primary_basis", "secondary_basis"):
        if basis in values:
            values[basis] = _basis(values[basis], basis)
    if "description" in values:
        values["description"] = str(values["description"]).strip()
    for code in ("cost_centre", "ledger_code"):
        if code in values:
            values[code] = ledger_code_text(values[code], code)
    changes = field_changes(line, list(values), values)
    for name, value in values.items():
        setattr(line, name, value)
    _save(line)
    audit_record(tenant=tenant, actor=actor, action="funding.line_update", obj=line,
                 summary=f"Changed the de-delegation line {line.name}", changes=changes)
    return line


@transaction.atomic
def phase_vote_record(*, tenant: Tenant, actor: User | None, line: DeDelegationLine,
                      phase: str, outcome: str, decided_on: date,
                      votes_for: int | None = None, votes_against: int | None = None,
                      minute_reference: str = "") -> PhaseVote:
    """The schools forum's decision on a line for one phase. Refused: a phase the forum does
    not vote in, a second vote for the same line and phase, numbers that contradict the
    outcome."""
    _check(tenant, actor, line=line)
    if phase not in ForumPhase.values:
        raise ValidationError({"phase": "The schools forum votes on de-delegation by primary "
                                        "and by secondary phase only."})
    if outcome not in VoteOutcome.values:
        raise ValidationError({"outcome": "Say whether the line was agreed or not."})
    # Locks the line, so two officers recording the same vote at once cannot both pass.
    DeDelegationLine.objects.select_for_update().filter(pk=line.pk).first()
    if PhaseVote.objects.filter(line=line, phase=phase, superseded_at__isnull=True).exists():
        raise ValidationError({"phase": f"The {ForumPhase(phase).label.lower()} vote on "
                                        f"{line.name} is already recorded: correct it "
                                        "instead."})
    vote = PhaseVote(tenant=tenant, line=line, phase=phase, outcome=outcome,
                     decided_on=decided_on, votes_for=votes_for, votes_against=votes_against,
                     minute_reference=minute_reference.strip(), recorded_by=actor)
    _save(vote)
    audit_record(tenant=tenant, actor=actor, action="funding.vote_record", obj=vote,
                 summary=f"Recorded the {vote.get_phase_display().lower()} vote on {line.name} "
                         f"({line.year.label}): {vote.get_outcome_display().lower()}",
                 changes={"phase": phase, "outcome": outcome, "decided_on": str(decided_on),
                          "votes_for": votes_for, "votes_against": votes_against})
    return vote


@transaction.atomic
def phase_vote_correct(*, tenant: Tenant, actor: User | None, vote: PhaseVote, reason: str,
                       outcome: str, decided_on: date, votes_for: int | None = None,
                       votes_against: int | None = None,
                       minute_reference: str = "") -> PhaseVote:
    """Correct a vote recorded wrongly: the old vote is kept, superseded (now, by `actor`, with
    the reason), and a new vote for the same line and phase points at it, so the history shows
    both. Refused: no reason, a vote already superseded, numbers that contradict the outcome."""
    _check(tenant, actor, vote=vote)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the vote is corrected, for example the minutes "
                                         "record 8 votes for, not 9."})
    if outcome not in VoteOutcome.values:
        raise ValidationError({"outcome": "Say whether the line was agreed or not."})
    locked = PhaseVote.objects.select_for_update().filter(pk=vote.pk).first()
    if locked is None or locked.superseded_at is not None:
        raise ValidationError({"reason": "This vote has already been corrected: correct the "
                                         "current one."})
    new = PhaseVote(tenant=tenant, line=locked.line, phase=locked.phase, outcome=outcome,
                    decided_on=decided_on, votes_for=votes_for, votes_against=votes_against,
                    minute_reference=minute_reference.strip(), recorded_by=actor,
                    corrects=locked)
    new.full_clean(exclude=["corrects"], validate_constraints=False)
    locked.superseded_at = timezone.now()
    locked.superseded_by = actor
    locked.superseded_reason = reason
    locked.save(update_fields=["superseded_at", "superseded_by", "superseded_reason"])
    _save(new)
    line = locked.line
    audit_record(tenant=tenant, actor=actor, action="funding.vote_correct", obj=new,
                 summary=f"Corrected the {new.get_phase_display().lower()} vote on {line.name} "
                         f"({line.year.label}): {new.get_outcome_display().lower()}",
                 changes={"reason": reason, "corrects": locked.pk,
                          "outcome": [locked.outcome, outcome],
                          "decided_on": [str(locked.decided_on), str(decided_on)],
                          "votes_for": [locked.votes_for, votes_for],
                          "votes_against": [locked.votes_against, votes_against],
                          "minute_reference": [locked.minute_reference,
                                               new.minute_reference]})
    return new


@transaction.atomic
def buy_back_record(*, tenant: Tenant, actor: User | None, line: DeDelegationLine,
                    school: School, amount: object, agreed_on: date,
                    notes: str = "") -> BuyBack:
    """An academy buys back a line's service at an agreed price. Refused: a school that is not
    an open academy or free school (a maintained school pays through de-delegation), a second
    buy-back of the same line, a negative price."""
    _check(tenant, actor, line=line, school=school)
    establishment = school.establishment
    if establishment.governance not in (Governance.ACADEMY, Governance.FREE_SCHOOL):
        raise ValidationError({"school": f"{establishment.name} is not an academy: "
                                         "a maintained school pays through de-delegation."})
    if not establishment.is_open:
        raise ValidationError({"school": f"{establishment.name} is closed."})
    if placement_of(establishment).charged:  # defensive: academies are never in scope
        raise ValidationError({"school": "This school is charged through de-delegation."})
    if BuyBack.objects.filter(line=line, school=school).exists():
        raise ValidationError({"school": f"{establishment.name} already buys back "
                                         f"{line.name}."})
    buy_back = BuyBack(tenant=tenant, line=line, school=school,
                       amount=_rate(amount, "amount", "price"), agreed_on=agreed_on,
                       notes=notes.strip(), recorded_by=actor)
    _save(buy_back)
    audit_record(tenant=tenant, actor=actor, action="funding.buy_back_record", obj=buy_back,
                 summary=f"{establishment.name} buys back {line.name} ({line.year.label}) "
                         f"for £{buy_back.amount}",
                 changes={"amount": str(buy_back.amount), "agreed_on": str(agreed_on)})
    return buy_back
