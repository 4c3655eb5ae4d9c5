"""Hub meetings, notes, priorities, actions and action updates moved onto the boards engine (a
hub is a board, issue 12): boards' migration 0012 copies every row, and runs before this one
(its `run_before`: partnerships may not depend on boards, DESIGN §4), so the old tables are
dropped only once their rows are copied."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('partnerships', '0005_system_leader_designation'),
    ]

    operations = [
        # Each table whole, those pointing at others first (no field by field: a constraint
        # naming a removed field would stop SQLite's table rebuild).
        migrations.DeleteModel(name='HubActionUpdate'),
        migrations.DeleteModel(name='HubAction'),
        migrations.DeleteModel(name='HubMeetingNote'),
        migrations.DeleteModel(name='HubMeeting'),
        migrations.DeleteModel(name='HubPriority'),
    ]
