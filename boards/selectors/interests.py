"""Reads of the register of interests and of declarations. Fixed queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from boards.models import (
    AgendaItem,
    Board,
    Declaration,
    HoldingKind,
    Meeting,
    RegisteredInterest,
    SeatHolding,
)
from boards.selectors.meetings import MeetingDay
from core.models import Membership


@dataclass
class RegisterEntry:
    """One person's standing register on a board."""

    person: Membership
    seats: list[str] = field(default_factory=list)
    current: list[RegisteredInterest] = field(default_factory=list)
    ended: list[RegisteredInterest] = field(default_factory=list)


def register_of(*, board: Board, holders: list[tuple[Membership, str]],
                on: date | None = None) -> list[RegisterEntry]:
    """The register of each person holding a seat (given with the seat's label, as a board's
    page or a meeting day has them), current entries and ended ones. One query."""
    on = on or timezone.localdate()
    entries: dict[int, RegisterEntry] = {}
    for person, seat in holders:
        entries.setdefault(person.pk, RegisterEntry(person)).seats.append(seat)
    for interest in (RegisteredInterest.objects.filter(board=board, holder__in=list(entries))
                     .order_by("registered_on", "pk")):
        entry = entries[interest.holder_id]
        if interest.ended_on is None or interest.ended_on > on:
            entry.current.append(interest)
        else:
            entry.ended.append(interest)
    return list(entries.values())


def current_holdings(*, board: Board, on: date | None = None) -> list[SeatHolding]:
    """The board's seats' terms of office in force today (members' and substitutes'), seats
    in order, with their holder and seat (and who nominates to it). One query."""
    return list(SeatHolding.objects.current(on or timezone.localdate()).filter(seat__board=board)
                .select_related("holder__user", "seat__nominating_partnership")
                .order_by("seat__position", "seat_id", "kind"))


def current_holders(*, board: Board, on: date | None = None,
                    holdings: list[SeatHolding] | None = None) -> list[tuple[Membership, str]]:
    """Everyone holding a seat of the board today (member or substitute), with the seat's
    label. One query, or none given `current_holdings`."""
    if holdings is None:
        holdings = current_holdings(board=board, on=on)
    return [(holding.holder, holding.seat.label if holding.kind == HoldingKind.MEMBER
             else f"substitute, {holding.seat.label}") for holding in holdings]


def holders_on_the_day(day: MeetingDay) -> list[tuple[Membership, str]]:
    """Everyone who may sit for a seat at the meeting: its member and its substitute."""
    people = []
    for seat in day.seats:
        if seat.member:
            people.append((seat.member.holder, seat.seat.label))
        if seat.substitute:
            people.append((seat.substitute.holder, f"substitute, {seat.seat.label}"))
    return people


def interests_on(*, board: Board, on: date, people: list[int]) -> dict[int, list[
        RegisteredInterest]]:
    """{membership id: the interests registered and in force on the day}. One query."""
    found: dict[int, list[RegisteredInterest]] = {}
    for interest in (RegisteredInterest.objects
                     .filter(board=board, holder__in=people, registered_on__lte=on)
                     .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
                     .select_related("holder__user").order_by("registered_on", "pk")):
        found.setdefault(interest.holder_id, []).append(interest)
    return found


@dataclass
class ItemDeclarations:
    item: AgendaItem
    declarations: list[Declaration] = field(default_factory=list)


def declarations_by_item(*, meeting: Meeting) -> list[ItemDeclarations]:
    """Each agenda item with the declarations made on it. Two queries."""
    rows = {item.pk: ItemDeclarations(item)
            for item in AgendaItem.objects.filter(meeting=meeting).order_by("number")}
    for declaration in (Declaration.objects.filter(item__meeting=meeting)
                        .select_related("person__user").order_by("person__user__full_name",
                                                                  "pk")):
        rows[declaration.item_id].declarations.append(declaration)
    return list(rows.values())
