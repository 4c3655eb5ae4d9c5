"""Hubs on the boards engine: every partnership has one hub, a board of kind HUB whose seats are
derived from partnerships, never set by hand:

- one member seat per current member school, held by its headteacher (a second head of the
  school, where there are co-heads, is the seat's designated substitute);
- one chair seat (no vote: the chair votes in their school's seat) held by the partnership's
  current chair, which lets them run the hub's meetings (`boards.permissions`).

`sync_hubs` brings the hubs of some partnerships (or all of a tenant's) in step with
`partnerships.published.hub_people_on` on a date: it makes a missing hub, adds seats for new
member schools, appoints the heads now due and ends the terms of those no longer due (a school
that left, a head who changed, a chair replaced). Seats are kept; terms of office are ended,
not deleted (one that would end on the day it started is removed: it never took effect). It is
idempotent, and called by partnerships' hooks (`boards.receivers`) and by the demo seed.
"""

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_scopes import scope

from boards.models import (
    Board,
    BoardKind,
    HoldingKind,
    MinutesReaders,
    Seat,
    SeatHolding,
    SeatKind,
)
from core.audit import audit_record
from core.models import Role, Tenant
from partnerships.published import HubPeople, hub_people_on
from schools.selectors import heads_of

HUB_TERMS = ("The hub's meetings: the headteachers of its member schools, chaired by the hub "
             "chair. Its seats follow the hub's membership and its chair.")
CHAIR_LABEL = "Hub chair"
LEFT = "The school left the hub."
HEAD_CHANGED = "No longer the school's headteacher."
CHAIR_CHANGED = "No longer the hub's chair."


def _wanted_holders(people: HubPeople, heads: dict[int, list[int]]
                    ) -> dict[tuple[str, int | None], dict[str, int]]:
    """(seat kind, school id) -> {holding kind: membership id} the hub should have."""
    wanted: dict[tuple[str, int | None], dict[str, int]] = {}
    for school_id, _ in people.member_schools:
        school_heads = heads.get(school_id, [])
        holders: dict[str, int] = {}
        if school_heads:
            holders[HoldingKind.MEMBER] = school_heads[0]
        if len(school_heads) > 1:
            holders[HoldingKind.SUBSTITUTE] = school_heads[1]
        wanted[(SeatKind.MEMBER, school_id)] = holders
    if people.chair_id is not None:
        wanted[(SeatKind.CHAIR, None)] = {str(HoldingKind.MEMBER): people.chair_id}
    return wanted


def _ensure_boards(tenant: Tenant, hubs: dict[int, HubPeople]) -> dict[int, Board]:
    boards: dict[int, Board] = {board.partnership_id or 0: board for board in
              Board.objects.filter(kind=BoardKind.HUB, partnership_id__in=list(hubs))}
    for pk, people in hubs.items():
        board = boards.get(pk)
        if board is None:
            board = Board(tenant=tenant, kind=BoardKind.HUB, name=people.name, partnership_id=pk,
                          terms=HUB_TERMS, minutes_readers=MinutesReaders.MEMBERS)
            board.full_clean()
            board.save()
            audit_record(tenant=tenant, actor=None, action="board.hub_create", obj=board,
                         summary=f"Made the hub {people.name} on the boards engine",
                         changes={"partnership": pk})
            boards[pk] = board
        elif board.name != people.name:
            board.name = people.name
            board.save(update_fields=["name"])
    return boards


def _ensure_seats(tenant: Tenant, board: Board, people: HubPeople, wanted: dict,
                  seats: dict[tuple[str, int | None], Seat]) -> None:
    """Add the seats the hub lacks: its chair's first, then one per new member school (in one
    query: the rows are checked here, not one by one)."""
    position = Seat.objects.filter(board=board).aggregate(top=Max("position"))["top"] or 0
    labels = set(Seat.objects.filter(board=board).values_list("label", flat=True))
    names = dict(people.member_schools)
    added = []
    for key in wanted:
        if key in seats:
            continue
        kind, school_id = key
        label = CHAIR_LABEL if kind == SeatKind.CHAIR else names[school_id]
        if label in labels:
            label = f"{label} ({school_id})"
        position += 1
        seats[key] = Seat(tenant=tenant, board=board, kind=kind, school_id=school_id,
                          label=label,
                          nominating_group="" if kind == SeatKind.CHAIR else "Member school",
                          position=0 if kind == SeatKind.CHAIR else position)
        added.append(seats[key])
        labels.add(label)
    Seat.objects.bulk_create(added)


def _sync_board(tenant: Tenant, board: Board, people: HubPeople, wanted: dict,
                seats: dict[tuple[str, int | None], Seat], open_holdings: list[SeatHolding],
                on: date) -> tuple[int, int]:
    """End the terms no longer due and start the ones now due; (appointed, ended)."""
    _ensure_seats(tenant, board, people, wanted, seats)
    seat_key = {seat.pk: key for key, seat in seats.items()}
    members = {school_id for school_id, _ in people.member_schools}
    kept: set[tuple[int, str]] = set()
    ended = 0
    for holding in open_holdings:
        key = seat_key.get(holding.seat_id)
        if key is None:  # a seat set by hand: not the sync's business
            continue
        if wanted.get(key, {}).get(holding.kind) == holding.holder_id:
            kept.add((holding.seat_id, holding.kind))
            continue
        if holding.start_date >= on:
            holding.delete()
        else:
            kind, school_id = key
            holding.end_date = on
            holding.end_reason = (CHAIR_CHANGED if kind == SeatKind.CHAIR
                                  else HEAD_CHANGED if school_id in members else LEFT)
            holding.save(update_fields=["end_date", "end_reason"])
        ended += 1
    appointed = [
        SeatHolding(tenant=tenant, seat=seats[key], holder_id=holder_id, kind=kind,
                    start_date=on)
        for key, holders in wanted.items() for kind, holder_id in holders.items()
        if (seats[key].pk, kind) not in kept
    ]
    SeatHolding.objects.bulk_create(appointed)
    if appointed or ended:
        audit_record(tenant=tenant, actor=None, action="board.hub_sync", obj=board,
                     summary=f"{board.name}: seats brought in step with the hub "
                             f"({len(appointed)} appointed, {ended} ended)",
                     changes={"appointed": sorted(h.holder_id for h in appointed),
                              "ended": ended})
    return len(appointed), ended


@transaction.atomic
def sync_hubs(*, tenant: Tenant, partnership_ids=None, on: date | None = None
              ) -> dict[int, Board]:
    """Partnership id -> its hub, each made if missing and its seats brought in step on `on`
    (today when None). A fixed number of queries for the reads, plus the writes needed."""
    on = on or timezone.localdate()
    with scope(tenant=tenant):
        hubs = hub_people_on(tenant=tenant, partnership_ids=partnership_ids, on=on)
        if not hubs:
            return {}
        boards = _ensure_boards(tenant, hubs)
        school_ids = {school_id for people in hubs.values()
                      for school_id, _ in people.member_schools}
        heads: dict[int, list[int]] = defaultdict(list)
        for head in (heads_of(school_ids).filter(role=Role.HEADTEACHER)
                     .order_by("pk")
                     if school_ids else []):
            heads[head.headship.school_id].append(head.pk)
        seats: dict[int, dict[tuple[str, int | None], Seat]] = defaultdict(dict)
        for seat in Seat.objects.filter(board__in=list(boards.values()),
                                        kind__in=[SeatKind.MEMBER, SeatKind.CHAIR]):
            if seat.kind == SeatKind.CHAIR or seat.school_id is not None:
                seats[seat.board_id][(seat.kind, seat.school_id)] = seat
        holdings: dict[int, list[SeatHolding]] = defaultdict(list)
        for holding in (SeatHolding.objects.filter(seat__board__in=list(boards.values()),
                                                   end_date__isnull=True)
                        .select_related("seat")):
            holdings[holding.seat.board_id].append(holding)
        for pk, board in boards.items():
            _sync_board(tenant, board, hubs[pk], _wanted_holders(hubs[pk], heads),
                        seats[board.pk], holdings[board.pk], on)
    return boards


def hub_of(*, partnership_id: int) -> Board | None:
    """The hub of a partnership (inside the active tenant scope)."""
    return Board.objects.filter(kind=BoardKind.HUB, partnership_id=partnership_id).first()
