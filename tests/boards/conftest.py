"""Fixtures for the boards tests: a School Improvement Board set up from Dorset's terms of
reference (seed 002, appendix 1) in tenant A, through the services — an independent chair, a
seat per alliance with a designated substitute, the LA representative and a clerk — and a
meeting held an hour ago."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django_scopes import scope

from boards.models import AttendanceMode, HoldingKind, SeatKind
from boards.services import boards as board_services
from boards.services import meetings as meeting_services
from core.models import Role
from tests.factories import MembershipFactory, UserFactory

START = date(2024, 9, 1)
ALLIANCES = ["Chesil", "Purbeck", "Blackmore Vale"]


@pytest.fixture
def in_a(tenant_a):
    with scope(tenant=tenant_a):
        yield tenant_a


def person(tenant, name: str, role: str = Role.HEADTEACHER):
    email = name.lower().replace(" ", ".") + f"@{tenant.slug}.example.org"
    return MembershipFactory(tenant=tenant, role=role,
                             user=UserFactory(email=email, full_name=name))


@pytest.fixture
def board(in_a):
    """The board, its people by seat, and helpers to hold a meeting."""
    tenant = in_a
    officer = person(tenant, "Olive Officer", Role.OFFICER)
    actor = officer.user
    dorset = board_services.board_create(
        tenant=tenant, actor=actor, name="School Improvement Board",
        terms="The Schools-led partnership will meet half-termly.", quorum_numerator=1,
        quorum_denominator=2, minutes_readers="members")
    people = SimpleNamespace(officer=officer, seats={}, members={}, substitutes={})

    def seat(label, kind=SeatKind.MEMBER, member=None, substitute=None):
        made = board_services.seat_create(tenant=tenant, actor=actor, board=dorset, label=label,
                                          kind=kind)
        people.seats[label] = made
        if member:
            people.members[label] = person(tenant, member, Role.BOARD_MEMBER
                                           if kind != SeatKind.MEMBER else Role.HEADTEACHER)
            board_services.seat_holding_add(tenant=tenant, actor=actor, seat=made,
                                            holder=people.members[label], start_date=START)
        if substitute:
            people.substitutes[label] = person(tenant, substitute)
            board_services.seat_holding_add(tenant=tenant, actor=actor, seat=made,
                                            holder=people.substitutes[label],
                                            kind=HoldingKind.SUBSTITUTE, start_date=START)
        return made

    seat("Independent chair", SeatKind.INDEPENDENT_CHAIR, member="Ruth Ellery")
    for alliance in ALLIANCES:
        seat(f"{alliance} alliance", member=f"{alliance} Head",
             substitute=f"{alliance} Deputy")
    seat("Local authority", SeatKind.LA_REPRESENTATIVE, member="Lara Council")
    seat("Clerk", SeatKind.CLERK, member="Colin Clerk")
    return SimpleNamespace(tenant=tenant, board=dorset, actor=actor, **vars(people),
                           chair=people.members["Independent chair"],
                           clerk=people.members["Clerk"])


def hold_meeting(board, *, ago: timedelta = timedelta(hours=1), present=(), substitutes=(),
                 remote=()):
    """A meeting of `board` that started `ago`, with the members of the seats in `present`
    there in person, those in `remote` joining remotely, and the substitutes of the seats in
    `substitutes` standing in."""
    meeting = meeting_services.meeting_create(
        tenant=board.tenant, actor=board.actor, board=board.board,
        starts_at=timezone.now() - ago, location="County Hall, Dorchester")
    for label in present:
        attend(board, meeting, label)
    for label in remote:
        attend(board, meeting, label, mode=AttendanceMode.REMOTE)
    for label in substitutes:
        attend(board, meeting, label, substitute=True)
    return meeting


def attend(board, meeting, label, *, substitute=False, mode=AttendanceMode.IN_PERSON,
           reason=""):
    who = (board.substitutes if substitute else board.members)[label]
    return meeting_services.attendance_record(
        tenant=board.tenant, actor=board.actor, meeting=meeting, seat=board.seats[label],
        person=who, mode=mode, apology_reason=reason)


def at(days: int) -> datetime:
    return timezone.now() + timedelta(days=days)
