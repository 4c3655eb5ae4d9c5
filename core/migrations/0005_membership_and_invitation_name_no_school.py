# The headteacher's school moved to schools.Headship and schools.InvitedHeadship (schools
# migration 0006 copies it first: it runs before this one), so core names no school.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_api_tokens'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='invitation',
            name='school',
        ),
        migrations.RemoveField(
            model_name='membership',
            name='school',
        ),
    ]
