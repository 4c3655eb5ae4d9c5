"""Hub meetings migrated intact (issue 12): data made with the old partnerships models, before
boards' migration 0012, arrives on the boards engine field by field.

It rolls the test database back to the migrations before the copy and forward again, so it runs
alone: on a database of its own (a transactional test) and as one group under xdist.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_scopes import scopes_disabled

from core.models import Role
from tests.factories import MembershipFactory, SchoolFactory, TenantFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("hub_migration")]

BEFORE = [("boards", "0011_hub_boards"), ("partnerships", "0005_system_leader_designation")]
COPY = ("boards", "0012_hub_data")


def at(day: int, hour: int = 15) -> datetime:
    return datetime(2025, 1, day, hour, 30, tzinfo=UTC)


def stamp(model, pk, **times) -> None:
    """Set creation times by hand: auto_now_add would stamp today."""
    model.objects.filter(pk=pk).update(**times)


@pytest.fixture
def migrator():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor
    # Leave the database as every other test expects it: fully migrated.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def make_old_hub_data(apps):
    """Two tenants' hubs, with every kind of row the old models had and every edge: an online
    meeting with and without a place, a cancelled one with a reason, a note edited twice, an
    achieved and an ended priority, an action of no priority and no meeting, an outsider
    owner, a cancelled action, RAG ratings and updates."""
    get = apps.get_model
    Level, Partnership = get("partnerships", "PartnershipLevel"), get("partnerships",
                                                                      "Partnership")
    Meeting, Note = get("partnerships", "HubMeeting"), get("partnerships", "HubMeetingNote")
    Priority, Action = get("partnerships", "HubPriority"), get("partnerships", "HubAction")
    Update = get("partnerships", "HubActionUpdate")
    tenant, other = TenantFactory(), TenantFactory()
    chair = MembershipFactory(tenant=tenant, role=Role.HEADTEACHER,
                              school=SchoolFactory(tenant=tenant))
    other_head = MembershipFactory(tenant=other, role=Role.HEADTEACHER,
                                   school=SchoolFactory(tenant=other))
    made = {}
    level = Level.objects.create(tenant_id=tenant.pk, name="Hub", rank=1)
    hub = Partnership.objects.create(tenant_id=tenant.pk, level=level, name="Chippenham Hub",
                                     start_date=date(2023, 9, 1))
    quiet = Partnership.objects.create(tenant_id=tenant.pk, level=level, name="Quiet Hub",
                                       start_date=date(2023, 9, 1))
    other_level = Level.objects.create(tenant_id=other.pk, name="Cluster", rank=1)
    elsewhere = Partnership.objects.create(tenant_id=other.pk, level=other_level,
                                           name="Chippenham Hub", start_date=date(2024, 9, 1))
    made["partnerships"] = [hub, quiet, elsewhere]
    user = chair.user_id  # live rows are named by id in the historical models
    meetings = [
        Meeting.objects.create(tenant_id=tenant.pk, partnership=hub, starts_at=at(6),
                               location="Staff room, Abbeyfield", agenda="1. Data\n2. AOB",
                               status="held", created_by_id=user),
        Meeting.objects.create(tenant_id=tenant.pk, partnership=hub, starts_at=at(13),
                               is_online=True, location="Teams: hub channel", status="planned",
                               created_by_id=user),
        Meeting.objects.create(tenant_id=tenant.pk, partnership=hub, starts_at=at(20, 16),
                               is_online=True, agenda="Attendance data", status="cancelled",
                               status_reason="Clashed with the moderation day."),
        Meeting.objects.create(tenant_id=other.pk, partnership=elsewhere, starts_at=at(6),
                               location="Library", status="planned",
                               created_by_id=other_head.user_id),
    ]
    for index, meeting in enumerate(meetings):
        stamp(Meeting, meeting.pk, created_at=at(1 + index, 9))
    first = Note.objects.create(tenant_id=tenant.pk, meeting=meetings[0], author_id=user,
                                text="Agreed the priorities.")
    second = Note.objects.create(tenant_id=tenant.pk, meeting=meetings[0], author_id=user,
                                 text="Agreed the priorities for the year.", replaces=first)
    third = Note.objects.create(tenant_id=tenant.pk, meeting=meetings[0], author_id=None,
                                text="Agreed the three priorities for the year.",
                                replaces=second)
    separate = Note.objects.create(tenant_id=tenant.pk, meeting=meetings[0], author_id=user,
                                   text="The adviser presented the categories.")
    elsewhere_note = Note.objects.create(tenant_id=other.pk, meeting=meetings[3],
                                         author_id=other_head.user_id, text="Started.")
    for index, note in enumerate([first, second, third, separate, elsewhere_note]):
        stamp(Note, note.pk, created_at=at(6, 17) + timedelta(minutes=index))
    priorities = [
        Priority.objects.create(tenant_id=tenant.pk, partnership=hub, title="Reading",
                                description="Every child a reader.",
                                start_date=date(2025, 9, 1), created_by_id=user),
        Priority.objects.create(tenant_id=tenant.pk, partnership=hub, title="Attendance",
                                start_date=date(2025, 9, 1)),
        Priority.objects.create(tenant_id=tenant.pk, partnership=hub, title="Early years",
                                start_date=date(2024, 9, 1), status="achieved",
                                end_date=date(2025, 7, 18), created_by_id=user),
        Priority.objects.create(tenant_id=tenant.pk, partnership=hub, title="Maths",
                                start_date=date(2025, 1, 6), status="ended"),
        Priority.objects.create(tenant_id=other.pk, partnership=elsewhere, title="Reading",
                                start_date=date(2025, 3, 1)),
    ]
    for index, priority in enumerate(priorities):
        stamp(Priority, priority.pk, created_at=at(2, 10 + index))
    actions = [
        Action.objects.create(tenant_id=tenant.pk, partnership=hub, priority=priorities[0],
                              meeting=meetings[0], description="Audit phonics.", owner_id=chair.pk,
                              due_date=date(2025, 2, 1), status="in_progress", rag="amber",
                              progress_note="Half the schools done.", created_by_id=user),
        Action.objects.create(tenant_id=tenant.pk, partnership=hub, priority=None,
                              meeting=meetings[1], description="Book the English hub.",
                              owner_name="English hub lead", status="done", rag="green",
                              completed_at=at(15), created_by_id=user),
        Action.objects.create(tenant_id=tenant.pk, partnership=hub, priority=priorities[2],
                              meeting=None, description="Transition pack.", owner_id=chair.pk,
                              status="cancelled", progress_note="Replaced by the county's."),
        Action.objects.create(tenant_id=other.pk, partnership=elsewhere,
                              priority=priorities[4], description="Reading list.",
                              owner_id=other_head.pk, due_date=date(2025, 4, 1)),
    ]
    for index, action in enumerate(actions):
        stamp(Action, action.pk, created_at=at(7, 9 + index), updated_at=at(8, 9 + index))
    updates = [
        Update.objects.create(tenant_id=tenant.pk, action=actions[0], status="in_progress",
                              rag="red", note="Started late.", author_id=user),
        Update.objects.create(tenant_id=tenant.pk, action=actions[0], status="in_progress",
                              rag="amber", note="Half the schools done.", author_id=None),
        Update.objects.create(tenant_id=tenant.pk, action=actions[1], status="done",
                              rag="green", note="", author_id=user),
        Update.objects.create(tenant_id=tenant.pk, action=actions[2], status="cancelled",
                              rag="", note="Replaced by the county's.", author_id=user),
    ]
    for index, update in enumerate(updates):
        stamp(Update, update.pk, created_at=at(9, 9 + index))
    made.update(meetings=meetings, notes=[first, second, third, separate, elsewhere_note],
                priorities=priorities, actions=actions, updates=updates)
    return made


def test_every_hub_row_arrives_intact_on_the_boards_engine(migrator):
    old_apps = migrator.loader.project_state(BEFORE).apps
    with scopes_disabled():
        old = make_old_hub_data(old_apps)
        # Read the old rows back as stored (creation times included).
        old = {key: [type(row).objects.get(pk=row.pk) for row in rows]
               for key, rows in old.items()}
    migrator.loader.build_graph()
    migrator.migrate([COPY])
    apps = migrator.loader.project_state([COPY]).apps
    get = apps.get_model
    Board, Meeting = get("boards", "Board"), get("boards", "Meeting")
    Note, Item = get("boards", "MeetingNote"), get("boards", "AgendaItem")
    Priority, Action = get("boards", "BoardPriority"), get("boards", "BoardAction")
    Update = get("boards", "BoardActionUpdate")

    with scopes_disabled():
        # One hub per partnership, named after it, in its tenant; no seats (the hooks and
        # `sync_hubs` derive them).
        hubs = {board.partnership_id: board for board in Board.objects.filter(kind="hub")}
        assert {pk: (b.tenant_id, b.name, b.minutes_readers) for pk, b in hubs.items()} == {
            p.pk: (p.tenant_id, p.name, "members") for p in old["partnerships"]}
        assert not get("boards", "Seat").objects.exists()

        # Meetings, field by field.
        status = {"planned": "scheduled", "held": "held", "cancelled": "cancelled"}
        copied = list(Meeting.objects.order_by("pk"))
        assert len(copied) == len(old["meetings"])
        meeting_of = {}
        for was, now in zip(old["meetings"], copied, strict=True):
            meeting_of[was.pk] = now
            place = ("", was.location or "Online") if was.is_online else (was.location, "")
            assert (now.tenant_id, now.board_id, now.starts_at, now.location, now.remote_link,
                    now.status, now.cancel_reason, now.created_by_id, now.created_at,
                    now.hub_copy_of) == (
                was.tenant_id, hubs[was.partnership_id].pk, was.starts_at, *place,
                status[was.status], was.status_reason, was.created_by_id, was.created_at,
                was.pk)
        # The agenda text (and the actions agreed at a meeting) go to its "Agenda" item.
        items = {item.meeting_id: item for item in Item.objects.all()}
        with_actions = {a.meeting_id for a in old["actions"] if a.meeting_id}
        assert {(m.pk, items[meeting_of[m.pk].pk].title, items[meeting_of[m.pk].pk].text,
                 items[meeting_of[m.pk].pk].number)
                for m in old["meetings"] if m.agenda or m.pk in with_actions} == {
            (m.pk, "Agenda", m.agenda, 1) for m in old["meetings"]
            if m.agenda or m.pk in with_actions}
        assert len(items) == 3  # the other tenant's meeting had neither

        # Notes, with their earlier versions.
        copied_notes = list(Note.objects.order_by("pk"))
        note_of = {}
        for was, now in zip(old["notes"], copied_notes, strict=True):
            note_of[was.pk] = now.pk
            assert (now.tenant_id, now.meeting_id, now.author_id, now.text,
                    now.replaces_id, now.created_at, now.hub_copy_of) == (
                was.tenant_id, meeting_of[was.meeting_id].pk, was.author_id, was.text,
                note_of.get(was.replaces_id), was.created_at, was.pk)
        assert len(copied_notes) == len(old["notes"])

        # Priorities with their academic year and end.
        ends = {"active": (None, ""), "achieved": (date(2025, 7, 18), "Achieved"),
                "ended": (date(2025, 1, 6), "Ended")}  # recorded before it started: its start
        priority_of = {}
        copied_priorities = {(p.board_id, p.title, p.academic_year): p
                             for p in Priority.objects.all()}
        assert len(copied_priorities) == len(old["priorities"])
        for was in old["priorities"]:
            year = was.start_date.year if was.start_date.month >= 9 else was.start_date.year - 1
            now = copied_priorities[(hubs[was.partnership_id].pk, was.title, year)]
            priority_of[was.pk] = now.pk
            assert (now.tenant_id, now.description, now.start_date, now.end_date,
                    now.end_reason, now.created_by_id, now.created_at, now.hub_copy_of) == (
                was.tenant_id, was.description, was.start_date, *ends[was.status],
                was.created_by_id, was.created_at, was.pk)
        # The hub's order (start date, then title) within each year.
        hub_pk = hubs[old["partnerships"][0].pk].pk
        assert list(Priority.objects.filter(board_id=hub_pk, academic_year=2025)
                    .order_by("position").values_list("title", flat=True)) == [
            "Attendance", "Reading"]

        # Actions: owner, due date, progress, RAG, notes and times; their meeting's item.
        copied_actions = list(Action.objects.order_by("pk"))
        action_of = {}
        for was, now in zip(old["actions"], copied_actions, strict=True):
            action_of[was.pk] = now.pk
            assert (now.tenant_id, now.board_id, now.priority_id, now.item_id, now.description,
                    now.owner_id, now.owner_name, now.due_date, now.status, now.rag,
                    now.progress_note, now.completed_at, now.created_by_id, now.created_at,
                    now.updated_at, now.hub_copy_of) == (
                was.tenant_id, hubs[was.partnership_id].pk,
                priority_of.get(was.priority_id),
                items[meeting_of[was.meeting_id].pk].pk if was.meeting_id else None,
                was.description, was.owner_id, was.owner_name, was.due_date, was.status,
                was.rag, was.progress_note, was.completed_at, was.created_by_id,
                was.created_at, was.updated_at, was.pk)
        assert len(copied_actions) == len(old["actions"])

        # Every update, in order.
        copied_updates = list(Update.objects.order_by("pk"))
        assert [(u.tenant_id, u.action_id, u.status, u.rag, u.note, u.author_id, u.created_at)
                for u in copied_updates] == [
            (u.tenant_id, action_of[u.action_id], u.status, u.rag, u.note, u.author_id,
             u.created_at) for u in old["updates"]]
