"""A hub is a board (issue 12, "one engine, not two"): every partnership gets its hub when it is
made, through partnerships' hook; the hub's seats are its member schools' headteachers and its
chair seat is the hub chair's, kept in step as schools join and leave and chairs change."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from boards.models import Board, BoardKind, HoldingKind, Seat, SeatHolding, SeatKind
from boards.permissions import board_access
from boards.services.hubs import sync_hubs
from core.models import Role
from partnerships import services
from partnerships.models import RoleKind
from tests.factories import MembershipFactory, SchoolFactory

pytestmark = pytest.mark.django_db
START = date(2024, 9, 1)


@pytest.fixture
def hub_world(in_a, django_capture_on_commit_callbacks):
    tenant = in_a
    officer = MembershipFactory(tenant=tenant, role=Role.OFFICER).user
    with django_capture_on_commit_callbacks(execute=True):
        level = services.partnership_level_create(tenant=tenant, actor=officer, name="Hub",
                                                  rank=1, lead_title="Hub chair")
        hub = services.partnership_create(tenant=tenant, actor=officer, level=level,
                                          name="Chippenham Hub", start_date=START)
    schools = [SchoolFactory(tenant=tenant, establishment__name=name)
               for name in ("Abbeyfield School", "Bridge Primary", "Castle Infants")]
    heads = [MembershipFactory(tenant=tenant, role=Role.HEADTEACHER, school=school)
             for school in schools]
    return tenant, officer, level, hub, schools, heads


def current_holders(board, on):
    return sorted((h.seat.label, h.seat.kind, h.kind, h.holder_id)
                  for h in SeatHolding.objects.current(on).filter(seat__board=board)
                  .select_related("seat"))


def test_creating_a_partnership_gives_it_its_hub(hub_world):
    tenant, _, _, hub, _, _ = hub_world
    board = Board.objects.get(partnership=hub)
    assert (board.kind, board.name, board.is_hub) == (BoardKind.HUB, "Chippenham Hub", True)
    assert board.seats.count() == 0


def test_seats_follow_the_member_schools_and_the_chair_through_the_hooks(
        hub_world, django_capture_on_commit_callbacks):
    tenant, officer, _, hub, schools, heads = hub_world
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        for school in schools:
            services.partnership_add_school(tenant=tenant, actor=officer, partnership=hub,
                                            school=school, start_date=START)
        services.partnership_assign_role(tenant=tenant, actor=officer, partnership=hub,
                                         kind=RoleKind.CHAIR, person=heads[1],
                                         start_date=START)
    board = Board.objects.get(partnership=hub)
    assert current_holders(board, today) == sorted([
        ("Abbeyfield School", SeatKind.MEMBER, HoldingKind.MEMBER, heads[0].pk),
        ("Bridge Primary", SeatKind.MEMBER, HoldingKind.MEMBER, heads[1].pk),
        ("Castle Infants", SeatKind.MEMBER, HoldingKind.MEMBER, heads[2].pk),
        ("Hub chair", SeatKind.CHAIR, HoldingKind.MEMBER, heads[1].pk),
    ])
    # The chair seat has no vote: the chair votes in their school's seat.
    assert not Seat.objects.get(board=board, kind=SeatKind.CHAIR).has_vote
    # The chair runs the hub; a member school's head reads it; another school's head cannot.
    assert board_access(membership=heads[1], board=board).can_run
    reader = board_access(membership=heads[0], board=board)
    assert (reader.can_read, reader.can_run) == (True, False)
    outsider = MembershipFactory(tenant=tenant, role=Role.HEADTEACHER,
                                 school=SchoolFactory(tenant=tenant))
    assert not board_access(membership=outsider, board=board).can_read


def test_a_school_leaving_and_a_new_chair_end_terms_and_keep_the_seats(hub_world):
    tenant, officer, _, hub, schools, heads = hub_world
    for school in schools:
        services.partnership_add_school(tenant=tenant, actor=officer, partnership=hub,
                                        school=school, start_date=START)
    chair = services.partnership_assign_role(tenant=tenant, actor=officer, partnership=hub,
                                             kind=RoleKind.CHAIR, person=heads[0],
                                             start_date=START)
    first = date(2025, 1, 6)
    board = sync_hubs(tenant=tenant, on=first)[hub.pk]
    assert len(current_holders(board, first)) == 4
    # Idempotent: the same day again changes nothing.
    sync_hubs(tenant=tenant, on=first)
    assert SeatHolding.objects.filter(seat__board=board).count() == 4

    later = date(2025, 3, 3)
    membership = hub.memberships.get(school=schools[0])
    services.partnership_end_membership(tenant=tenant, actor=officer, membership=membership,
                                        end_date=later - timedelta(days=3))
    chair.refresh_from_db()
    assert chair.end_date is not None  # ending the school's membership ended its chair
    services.partnership_assign_role(tenant=tenant, actor=officer, partnership=hub,
                                     kind=RoleKind.CHAIR, person=heads[2], start_date=later)
    sync_hubs(tenant=tenant, on=later)
    assert current_holders(board, later) == sorted([
        ("Bridge Primary", SeatKind.MEMBER, HoldingKind.MEMBER, heads[1].pk),
        ("Castle Infants", SeatKind.MEMBER, HoldingKind.MEMBER, heads[2].pk),
        ("Hub chair", SeatKind.CHAIR, HoldingKind.MEMBER, heads[2].pk),
    ])
    ended = {(h.seat.label, h.holder_id): (h.start_date, h.end_date, h.end_reason)
             for h in SeatHolding.objects.filter(seat__board=board, end_date__isnull=False)
             .select_related("seat")}
    assert ended == {
        ("Abbeyfield School", heads[0].pk): (first, later, "The school left the hub."),
        ("Hub chair", heads[0].pk): (first, later, "No longer the hub's chair."),
    }
    # Seats are kept: the record of who sat for the school stays.
    assert Seat.objects.filter(board=board, school=schools[0]).count() == 1
    assert board_access(membership=heads[2], board=board, on=later).can_run
    assert not board_access(membership=heads[0], board=board, on=later).can_read


def test_a_new_headteacher_takes_the_school_seat(hub_world):
    tenant, officer, _, hub, schools, heads = hub_world
    services.partnership_add_school(tenant=tenant, actor=officer, partnership=hub,
                                    school=schools[0], start_date=START)
    first, later = date(2025, 1, 6), date(2025, 2, 3)
    board = sync_hubs(tenant=tenant, on=first)[hub.pk]
    heads[0].is_active = False
    heads[0].save()
    successor = MembershipFactory(tenant=tenant, role=Role.HEADTEACHER, school=schools[0])
    sync_hubs(tenant=tenant, partnership_ids=[hub.pk], on=later)
    assert current_holders(board, later) == [
        ("Abbeyfield School", SeatKind.MEMBER, HoldingKind.MEMBER, successor.pk)]
    old = SeatHolding.objects.get(seat__board=board, holder=heads[0])
    assert (old.end_date, old.end_reason) == (later, "No longer the school's headteacher.")


def test_a_hub_is_not_a_board_by_name(hub_world):
    """Two partnerships of different levels may share a name; so may their hubs."""
    tenant, officer, level, hub, _, _ = hub_world
    region = services.partnership_level_create(tenant=tenant, actor=officer, name="Region",
                                               rank=2)
    twin = services.partnership_create(tenant=tenant, actor=officer, level=region,
                                       name="Chippenham Hub", start_date=START)
    boards = sync_hubs(tenant=tenant, on=date(2025, 1, 6))
    assert boards[twin.pk].name == boards[hub.pk].name
    assert Board.objects.filter(kind=BoardKind.HUB).count() == 2


def test_syncing_one_tenants_hubs_leaves_another_tenants_alone(hub_world, tenant_b):
    from io import StringIO

    from django.core.management import call_command
    from django_scopes import scopes_disabled

    tenant, officer, _, hub, schools, heads = hub_world
    services.partnership_add_school(tenant=tenant, actor=officer, partnership=hub,
                                    school=schools[0], start_date=START)
    with scopes_disabled():
        other_level = services.partnership_level_create(tenant=tenant_b, actor=None,
                                                        name="Hub", rank=1)
        other = services.partnership_create(tenant=tenant_b, actor=None, level=other_level,
                                            name="Chippenham Hub", start_date=START)
        before = list(Board.objects.filter(tenant=tenant_b).values_list("pk", "name"))
        sync_hubs(tenant=tenant, on=date(2025, 1, 6))
        assert list(Board.objects.filter(tenant=tenant_b).values_list("pk", "name")) == before
        assert not SeatHolding.objects.filter(tenant=tenant_b).exists()
        assert Seat.objects.filter(tenant=tenant, school=schools[0]).count() == 1
        # The command syncs each tenant with its own partnerships.
        call_command("sync_hubs", stdout=StringIO())
        mine = Board.objects.get(tenant=tenant_b, partnership=other)
        assert mine.tenant_id == tenant_b.pk and not mine.seats.exists()
        assert not Seat.objects.filter(tenant=tenant_b, school__tenant=tenant).exists()


def test_a_new_headteacher_is_seated_by_the_nightly_sync(
        hub_world, django_capture_on_commit_callbacks):
    """An invitation sends no hook boards may hear: the nightly sweep seats the new head."""
    from boards import tasks

    tenant, officer, _, hub, schools, heads = hub_world
    with django_capture_on_commit_callbacks(execute=True):
        services.partnership_add_school(tenant=tenant, actor=officer, partnership=hub,
                                        school=schools[0], start_date=START)
    board = Board.objects.get(partnership=hub)
    today = timezone.localdate()
    seated = {h.holder_id for h in SeatHolding.objects.current(today).filter(seat__board=board)}
    assert seated == {heads[0].pk}
    newcomer = MembershipFactory(tenant=tenant, role=Role.HEADTEACHER, school=schools[0])
    assert tasks.hubs_sync_sweep.apply().get() >= 1
    seated = {h.holder_id for h in SeatHolding.objects.current(today).filter(seat__board=board)}
    assert newcomer.pk in seated
