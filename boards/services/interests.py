"""Interests: the standing register of each member's interests on a board, and declarations on
agenda items. A member keeps their own register and declares for themselves; whoever runs the
board (its chair, its clerk, an officer) may do both on a member's behalf and records
dispensations. The vote bar for a disclosable pecuniary interest is enforced where votes are
recorded (`boards.services.decisions.vote_record`)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from boards.models import (
    AgendaItem,
    Board,
    Declaration,
    InterestKind,
    Minutes,
    RegisteredInterest,
    SeatHolding,
)
from boards.permissions import BoardAccess
from boards.services._common import check, save
from core.audit import audit_record
from core.models import Membership, Tenant
from core.selectors import membership_for


def _holds_a_seat(board: Board, person: Membership, on: date) -> bool:
    return SeatHolding.objects.current(on).filter(seat__board=board, holder=person).exists()


def _check_for_self_or_runner(tenant: Tenant, actor: User | None, access: BoardAccess,
                              person: Membership) -> None:
    if access.can_run:
        return
    membership = membership_for(user=actor, tenant=tenant) if actor is not None else None
    if membership is None or membership.pk != person.pk:
        raise PermissionDenied("Members keep their own register and make their own "
                               "declarations; the chair, the clerk or an officer may do it "
                               "for them.")


def _check_kind(kind: str) -> None:
    if kind not in InterestKind.values:
        raise ValidationError({"kind": "Choose a disclosable pecuniary, other registrable or "
                                       "non-registrable interest."})


@transaction.atomic
def interest_register(*, tenant: Tenant, actor: User | None, board: Board, holder: Membership,
                      kind: str, description: str,
                      registered_on: date | None = None) -> RegisteredInterest:
    """Add an entry to a member's standing register on the board. The holder must hold a
    seat (as member or substitute) on the day it is registered."""
    access = check(tenant=tenant, actor=actor, board=board, holder=holder)
    _check_for_self_or_runner(tenant, actor, access, holder)
    _check_kind(kind)
    registered_on = registered_on or timezone.localdate()
    if not _holds_a_seat(board, holder, registered_on):
        raise ValidationError({"holder": f"{holder.user} holds no seat on {board.name} on "
                                         f"{registered_on:%d %B %Y}."})
    description = description.strip()
    if not description:
        raise ValidationError({"description": "Say what the interest is."})
    if RegisteredInterest.objects.filter(board=board, holder=holder, ended_on__isnull=True,
                                         description__iexact=description).exists():
        raise ValidationError({"description": f"{holder.user} has already registered that "
                                             "interest."})
    interest = RegisteredInterest(tenant=tenant, board=board, holder=holder, kind=kind,
                                  description=description, registered_on=registered_on,
                                  created_by=actor)
    save(interest)
    audit_record(tenant=tenant, actor=actor, action="board.interest_register", obj=interest,
                 summary=f"{board.name}: an interest registered for {holder.user}",
                 changes={"kind": kind})
    return interest


@transaction.atomic
def interest_end(*, tenant: Tenant, actor: User | None, interest: RegisteredInterest,
                 ended_on: date | None = None) -> RegisteredInterest:
    """End a register entry (from `ended_on`, today by default). Kept, never deleted."""
    access = check(tenant=tenant, actor=actor, board=interest.board, interest=interest)
    _check_for_self_or_runner(tenant, actor, access, interest.holder)
    ended_on = ended_on or timezone.localdate()
    if interest.ended_on is not None:
        raise ValidationError({"ended_on": "That interest is already ended."})
    if ended_on <= interest.registered_on:
        raise ValidationError({"ended_on": "The end must be after the day it was registered "
                                           f"({interest.registered_on:%d %B %Y})."})
    interest.ended_on = ended_on
    save(interest)
    audit_record(tenant=tenant, actor=actor, action="board.interest_end", obj=interest,
                 summary=f"{interest.board.name}: an interest of {interest.holder.user} ended",
                 changes={"ended_on": ended_on.isoformat()})
    return interest


@transaction.atomic
def declaration_record(*, tenant: Tenant, actor: User | None, item: AgendaItem,
                       person: Membership, kind: str, note: str) -> Declaration:
    """Record a member's declaration of an interest in an item (replacing any earlier one).
    The person must hold a seat, as member or substitute, on the meeting's day; the agenda of
    approved minutes is the record and cannot take new declarations."""
    meeting = item.meeting
    access = check(tenant=tenant, actor=actor, board=meeting.board, item=item, person=person)
    _check_for_self_or_runner(tenant, actor, access, person)
    if meeting.is_cancelled:
        raise ValidationError({"item": "That meeting was cancelled."})
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.is_locked:
        raise ValidationError({"item": "The meeting's minutes are approved: its declarations "
                                       "are part of the record and cannot change."})
    _check_kind(kind)
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Say what the interest is."})
    on = timezone.localtime(meeting.starts_at).date()
    if not _holds_a_seat(meeting.board, person, on):
        raise ValidationError({"person": f"{person.user} holds no seat on "
                                         f"{meeting.board.name} at that meeting."})
    declaration = Declaration.objects.filter(item=item, person=person).first() or Declaration(
        tenant=tenant, item=item, person=person)
    before = declaration.kind
    declaration.kind, declaration.note, declaration.recorded_by = kind, note, actor
    if kind != InterestKind.DISCLOSABLE_PECUNIARY:
        declaration.dispensation, declaration.dispensation_recorded_by = "", None
    save(declaration)
    # The audit row names the kind, never the note: an exempt item's declarations are exempt.
    audit_record(tenant=tenant, actor=actor, action="board.declaration", obj=declaration,
                 summary=f"{meeting}: a declaration on item {item.number}",
                 changes={"kind": [before, kind], "person": person.pk})
    return declaration


@transaction.atomic
def dispensation_record(*, tenant: Tenant, actor: User | None, declaration: Declaration,
                        dispensation: str) -> Declaration:
    """Record the dispensation granted (by the council's monitoring officer or standards
    committee) that lets a member with a disclosable pecuniary interest vote on the item."""
    meeting = declaration.item.meeting
    check(tenant=tenant, actor=actor, board=meeting.board, run=True, declaration=declaration)
    if declaration.kind != InterestKind.DISCLOSABLE_PECUNIARY:
        raise ValidationError({"dispensation": "Only a disclosable pecuniary interest bars a "
                                               "vote; this declaration needs no dispensation."})
    dispensation = dispensation.strip()
    if not dispensation:
        raise ValidationError({"dispensation": "Say who granted the dispensation, when, and "
                                               "for what."})
    declaration.dispensation, declaration.dispensation_recorded_by = dispensation, actor
    save(declaration)
    audit_record(tenant=tenant, actor=actor, action="board.dispensation", obj=declaration,
                 summary=f"{meeting}: a dispensation on item {declaration.item.number}",
                 changes={"person": declaration.person_id})
    return declaration
