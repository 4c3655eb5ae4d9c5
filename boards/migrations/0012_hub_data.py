"""One engine, not two (issue 12): every partnership gets its hub, a board of kind "hub", and the
hub meetings, notes, priorities, actions and action updates kept so far by partnerships are
copied onto it, every field and date kept:

- a hub meeting becomes a meeting of the hub (planned is "scheduled"); an online meeting's
  place goes to where members join (`remote_link`, "Online" when none was given); the status
  reason goes to `cancel_reason`; a meeting's agenda text, and the actions it agreed, go to its
  first agenda item, "Agenda";
- a note becomes a meeting note, its earlier versions kept (`replaces`);
- a priority belongs to the academic year of its start date, in the order the hub listed them
  (start date, then title); an achieved or ended one ends on its end date (or, with none, the
  day it was recorded, never before its start) with "Achieved" or "Ended" as the reason;
- an action keeps its owner, due date, status, RAG rating, note and dates, and its updates.

Each copy keeps the old row's id (`hub_copy_of`), so the old addresses redirect to the new.
Creation times are kept (set after the rows are made, since `auto_now_add` would stamp today).
The hub's seats come from partnerships' hooks and `manage.py sync_hubs` (run it once after
this migration), not from here: they are derived from who heads the member schools today.
It runs before partnerships' 0006, which drops the old tables (`run_before`: partnerships may
not depend on boards). Reversing it leaves the copies in place.
"""

from collections import defaultdict

from django.db import migrations

HUB_TERMS = ("The hub's meetings: the headteachers of its member schools, chaired by the hub "
             "chair. Its seats follow the hub's membership and its chair.")
MEETING_STATUS = {"planned": "scheduled", "held": "held", "cancelled": "cancelled"}
PRIORITY_END = {"achieved": "Achieved", "ended": "Ended"}


def academic_year(day) -> int:
    return day.year if day.month >= 9 else day.year - 1


def _keep_times(model, pairs, fields) -> None:
    """Give the new rows the old rows' times (bulk_update does not stamp auto_now fields)."""
    for new, old in pairs:
        for field in fields:
            setattr(new, field, getattr(old, field))
    if pairs:
        model.objects.bulk_update([new for new, _ in pairs], fields, batch_size=500)


def copy_hubs(apps, schema_editor):
    Partnership = apps.get_model("partnerships", "Partnership")
    HubMeeting = apps.get_model("partnerships", "HubMeeting")
    HubMeetingNote = apps.get_model("partnerships", "HubMeetingNote")
    HubPriority = apps.get_model("partnerships", "HubPriority")
    HubAction = apps.get_model("partnerships", "HubAction")
    HubActionUpdate = apps.get_model("partnerships", "HubActionUpdate")
    Board = apps.get_model("boards", "Board")
    Meeting = apps.get_model("boards", "Meeting")
    AgendaItem = apps.get_model("boards", "AgendaItem")
    MeetingNote = apps.get_model("boards", "MeetingNote")
    BoardPriority = apps.get_model("boards", "BoardPriority")
    BoardAction = apps.get_model("boards", "BoardAction")
    BoardActionUpdate = apps.get_model("boards", "BoardActionUpdate")

    hubs = {board.partnership_id: board for board in Board.objects.filter(kind="hub")}
    made = []
    for partnership in Partnership.objects.exclude(pk__in=list(hubs)).order_by("pk"):
        made.append(Board(tenant_id=partnership.tenant_id, kind="hub", name=partnership.name,
                          partnership_id=partnership.pk, terms=HUB_TERMS,
                          minutes_readers="members"))
    Board.objects.bulk_create(made)
    hubs.update({board.partnership_id: board for board in made})

    # Meetings, and an "Agenda" item for each with an agenda or actions.
    meetings = {}
    pairs = []
    for old in HubMeeting.objects.order_by("pk"):
        online = old.is_online
        new = Meeting(tenant_id=old.tenant_id, board=hubs[old.partnership_id],
                      starts_at=old.starts_at, location="" if online else old.location,
                      remote_link=(old.location or "Online") if online else "",
                      status=MEETING_STATUS[old.status], cancel_reason=old.status_reason,
                      created_by_id=old.created_by_id, hub_copy_of=old.pk)
        meetings[old.pk] = new
        pairs.append((new, old))
    Meeting.objects.bulk_create([new for new, _ in pairs])
    _keep_times(Meeting, pairs, ["created_at"])
    with_actions = set(HubAction.objects.exclude(meeting__isnull=True)
                       .values_list("meeting_id", flat=True))
    items = {}
    item_pairs = []
    for new, old in pairs:
        if old.agenda or old.pk in with_actions:
            items[old.pk] = AgendaItem(tenant_id=old.tenant_id, meeting=new, number=1,
                                       title="Agenda", text=old.agenda)
            item_pairs.append((items[old.pk], old))
    AgendaItem.objects.bulk_create(list(items.values()))
    _keep_times(AgendaItem, item_pairs, ["created_at"])

    # Notes, oldest first, so an edit's earlier version exists when it is copied.
    notes = {}
    for old in HubMeetingNote.objects.order_by("pk"):
        new = MeetingNote(tenant_id=old.tenant_id, meeting=meetings[old.meeting_id],
                          author_id=old.author_id, text=old.text,
                          replaces=notes[old.replaces_id][0] if old.replaces_id else None,
                          hub_copy_of=old.pk)
        new.save()
        notes[old.pk] = (new, old)
    _keep_times(MeetingNote, list(notes.values()), ["created_at"])

    # Priorities, in the hub's order within each academic year.
    priorities = {}
    positions: dict = defaultdict(int)
    for old in HubPriority.objects.order_by("partnership_id", "start_date", "title", "pk"):
        year = academic_year(old.start_date)
        positions[(old.partnership_id, year)] += 1
        ended = old.status in PRIORITY_END
        new = BoardPriority(
            tenant_id=old.tenant_id, board=hubs[old.partnership_id], academic_year=year,
            title=old.title, description=old.description, start_date=old.start_date,
            end_date=(old.end_date or max(old.start_date, old.created_at.date())) if ended
            else None,
            end_reason=PRIORITY_END.get(old.status, ""),
            position=positions[(old.partnership_id, year)], created_by_id=old.created_by_id,
            hub_copy_of=old.pk)
        priorities[old.pk] = (new, old)
    BoardPriority.objects.bulk_create([new for new, _ in priorities.values()])
    _keep_times(BoardPriority, list(priorities.values()), ["created_at"])

    # Actions and every update of each.
    actions = {}
    for old in HubAction.objects.order_by("pk"):
        new = BoardAction(
            tenant_id=old.tenant_id, board=hubs[old.partnership_id],
            priority=priorities[old.priority_id][0] if old.priority_id else None,
            item=items[old.meeting_id] if old.meeting_id else None,
            description=old.description, owner_id=old.owner_id, owner_name=old.owner_name,
            due_date=old.due_date, status=old.status, rag=old.rag,
            progress_note=old.progress_note, completed_at=old.completed_at,
            created_by_id=old.created_by_id, hub_copy_of=old.pk)
        actions[old.pk] = (new, old)
    BoardAction.objects.bulk_create([new for new, _ in actions.values()])
    _keep_times(BoardAction, list(actions.values()), ["created_at", "updated_at"])
    updates = []
    for old in HubActionUpdate.objects.order_by("pk"):
        updates.append((BoardActionUpdate(
            tenant_id=old.tenant_id, action=actions[old.action_id][0], status=old.status,
            rag=old.rag, note=old.note, author_id=old.author_id), old))
    BoardActionUpdate.objects.bulk_create([new for new, _ in updates])
    _keep_times(BoardActionUpdate, updates, ["created_at"])


class Migration(migrations.Migration):

    dependencies = [
        ('boards', '0011_hub_boards'),
        ('partnerships', '0005_system_leader_designation'),
    ]
    # The old tables are dropped by partnerships' next migration, which may not depend on
    # boards (DESIGN §4): so this copy declares it runs first.
    run_before = [
        ('partnerships', '0006_hub_models_moved_to_boards'),
    ]

    operations = [
        migrations.RunPython(copy_hubs, migrations.RunPython.noop),
    ]
