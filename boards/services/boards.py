"""A board's terms of reference, its seats and who holds them. Officers (BOARDS_MANAGE) only.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from boards.models import Board, BoardKind, HoldingKind, QuorumKind, Seat, SeatHolding, SeatKind
from boards.services._common import check, save
from core.audit import audit_record, field_changes
from core.models import Membership, Tenant
from core.permissions import BOARDS_MANAGE, has
from core.selectors import membership_for
from core.tenancy import ensure_same_tenant
from partnerships.models import Partnership

TERMS_FIELDS = ["name", "terms", "quorum_kind", "quorum_number", "quorum_numerator",
                "quorum_denominator", "remote_attendance_counts", "minutes_readers",
                "papers_notice_days", "attendance_window", "partnership"]


def _check_manager(tenant: Tenant, actor: User | None) -> None:
    membership = membership_for(user=actor, tenant=tenant) if actor is not None else None
    if membership is None or not has(membership, BOARDS_MANAGE):
        raise PermissionDenied("Only an officer can set up a board.")


def _check_name(tenant: Tenant, name: str, exclude: int | None = None) -> None:
    clash = Board.objects.filter(tenant=tenant, kind=BoardKind.BOARD, name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"name": f"There is already a board called {name}."})


@transaction.atomic
def board_create(*, tenant: Tenant, actor: User | None, name: str, terms: str = "",
                 quorum_kind: str = QuorumKind.FRACTION, quorum_number: int | None = None,
                 quorum_numerator: int = 1, quorum_denominator: int = 3,
                 remote_attendance_counts: bool = False, minutes_readers: str = "members",
                 papers_notice_days: int = 5, partnership: Partnership | None = None,
                 attendance_window: int = 6) -> Board:
    ensure_same_tenant(tenant, partnership=partnership)
    _check_manager(tenant, actor)
    name = name.strip()
    _check_name(tenant, name)
    board = Board(tenant=tenant, name=name, terms=terms.strip(), quorum_kind=quorum_kind,
                  quorum_number=quorum_number if quorum_kind == QuorumKind.NUMBER else None,
                  quorum_numerator=quorum_numerator, quorum_denominator=quorum_denominator,
                  remote_attendance_counts=remote_attendance_counts,
                  minutes_readers=minutes_readers, papers_notice_days=papers_notice_days,
                  attendance_window=attendance_window,
                  partnership=partnership, created_by=actor)
    save(board)
    audit_record(tenant=tenant, actor=actor, action="board.create", obj=board,
                 summary=f"Set up the board {name}",
                 changes={"quorum": board.quorum_label, "minutes_readers": minutes_readers})
    return board


@transaction.atomic
def board_update(*, tenant: Tenant, actor: User | None, board: Board, **values) -> Board:
    """Change the terms of reference (any of TERMS_FIELDS)."""
    unknown = set(values) - set(TERMS_FIELDS)
    if unknown:
        raise ValidationError(f"Not a term of a board: {', '.join(sorted(unknown))}.")
    check(tenant=tenant, actor=actor, board=board, manage=True,
          partnership=values.get("partnership"))
    if "name" in values:
        values["name"] = values["name"].strip()
        _check_name(tenant, values["name"], exclude=board.pk)
    if values.get("quorum_kind", board.quorum_kind) != QuorumKind.NUMBER:
        values["quorum_number"] = None
    changes = field_changes(board, list(values), values)
    for name, value in values.items():
        setattr(board, name, value)
    save(board)
    audit_record(tenant=tenant, actor=actor, action="board.update", obj=board,
                 summary=f"Changed the terms of reference of {board.name}", changes=changes)
    return board


@transaction.atomic
def seat_create(*, tenant: Tenant, actor: User | None, board: Board, label: str,
                kind: str = SeatKind.MEMBER, nominating_partnership: Partnership | None = None,
                nominating_group: str = "", co_opted_until: date | None = None,
                co_opted_purpose: str = "") -> Seat:
    check(tenant=tenant, actor=actor, board=board, manage=True,
          nominating_partnership=nominating_partnership)
    label = label.strip()
    if Seat.objects.filter(board=board, label__iexact=label).exists():
        raise ValidationError({"label": f"{board.name} already has a seat called {label}."})
    if kind in (SeatKind.LA_REPRESENTATIVE, SeatKind.INDEPENDENT_CHAIR) and Seat.objects.filter(
            board=board, kind=kind).exists():
        raise ValidationError({"kind": f"{board.name} already has its "
                                       f"{SeatKind(kind).label.lower()} seat: a board has one."})
    last = Seat.objects.filter(board=board).order_by("-position").values_list("position",
                                                                              flat=True).first()
    seat = Seat(tenant=tenant, board=board, label=label, kind=kind,
                nominating_partnership=nominating_partnership,
                nominating_group=nominating_group.strip(), co_opted_until=co_opted_until,
                co_opted_purpose=co_opted_purpose.strip(), position=(last or 0) + 1)
    save(seat)
    audit_record(tenant=tenant, actor=actor, action="board.seat_create", obj=seat,
                 summary=f"{board.name}: new seat {label}",
                 changes={"kind": kind, "nominated_by": seat.nominated_by})
    return seat


def _overlapping(seat: Seat, kind: str, start: date, end: date | None):
    holdings = SeatHolding.objects.filter(seat=seat, kind=kind).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=start))
    if end is not None:
        holdings = holdings.filter(start_date__lt=end)
    return holdings


@transaction.atomic
def seat_holding_add(*, tenant: Tenant, actor: User | None, seat: Seat, holder: Membership,
                     kind: str = HoldingKind.MEMBER, start_date: date,
                     end_date: date | None = None) -> SeatHolding:
    """Appoint a person of the tenant to a seat, as its member or its designated substitute,
    for a term of office. One member and one substitute at a time; the same person cannot be
    both; the clerk's seat has no substitute."""
    check(tenant=tenant, actor=actor, board=seat.board, manage=True, seat=seat, holder=holder)
    if not holder.is_active:
        raise ValidationError({"holder": f"{holder.user} is no longer a member of the tenant."})
    if kind == HoldingKind.SUBSTITUTE and seat.kind == SeatKind.CLERK:
        raise ValidationError({"kind": "The clerk's seat has no vote, so no substitute."})
    if _overlapping(seat, kind, start_date, end_date).exists():
        who = "member" if kind == HoldingKind.MEMBER else "substitute"
        raise ValidationError({"start_date": f"The seat {seat.label} already has a {who} then; "
                                             "end their term first."})
    other = HoldingKind.SUBSTITUTE if kind == HoldingKind.MEMBER else HoldingKind.MEMBER
    if _overlapping(seat, other, start_date, end_date).filter(holder=holder).exists():
        raise ValidationError({"holder": f"{holder.user} cannot be both the member and the "
                                         f"substitute of {seat.label}."})
    holding = SeatHolding(tenant=tenant, seat=seat, holder=holder, kind=kind,
                          start_date=start_date, end_date=end_date)
    save(holding)
    audit_record(tenant=tenant, actor=actor, action="board.seat_holding_add", obj=holding,
                 summary=f"{seat.board.name}: {holder.user} appointed "
                         f"{holding.get_kind_display().lower()} for {seat.label}",
                 changes={"seat": seat.pk, "holder": holder.pk, "kind": kind,
                          "start_date": str(start_date), "end_date": str(end_date or "")})
    return holding


@transaction.atomic
def seat_holding_end(*, tenant: Tenant, actor: User | None, holding: SeatHolding,
                     end_date: date | None = None, reason: str = "") -> SeatHolding:
    """End a term of office on a date (the first day it no longer holds). Kept, not deleted."""
    check(tenant=tenant, actor=actor, board=holding.seat.board, manage=True, holding=holding)
    end_date = end_date or timezone.localdate()
    if holding.end_date is not None and holding.end_date <= end_date:
        raise ValidationError({"end_date": "That term of office has already ended."})
    if end_date <= holding.start_date:
        raise ValidationError({"end_date": "A term of office must end after the day it "
                                           "started."})
    changes = field_changes(holding, ["end_date"], {"end_date": end_date})
    holding.end_date = end_date
    holding.end_reason = reason.strip()
    save(holding)
    audit_record(tenant=tenant, actor=actor, action="board.seat_holding_end", obj=holding,
                 summary=f"{holding.seat.board.name}: {holding.holder.user}'s term as "
                         f"{holding.get_kind_display().lower()} for {holding.seat.label} ends",
                 changes={**changes, "reason": holding.end_reason})
    return holding
