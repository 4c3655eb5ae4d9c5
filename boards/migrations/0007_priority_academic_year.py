"""A board's priorities belong to an academic year: existing ones take the year their start
date falls in (1 September to 31 August), and a title is unique among the current priorities
of one year (the same area of focus may come back the next year)."""

from django.db import migrations, models


def year_from_start(apps, schema_editor):
    BoardPriority = apps.get_model("boards", "BoardPriority")
    for priority in BoardPriority.objects.all().only("pk", "start_date"):
        day = priority.start_date
        year = day.year if day.month >= 9 else day.year - 1
        BoardPriority.objects.filter(pk=priority.pk).update(academic_year=year)


class Migration(migrations.Migration):

    dependencies = [
        ('boards', '0006_agenda_published'),
    ]

    operations = [
        migrations.AddField(
            model_name='boardpriority',
            name='academic_year',
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.RunPython(year_from_start, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='boardpriority',
            name='academic_year',
            field=models.PositiveSmallIntegerField(help_text='The year the academic year starts in: 2025 for 2025/26.'),
        ),
        migrations.RemoveConstraint(
            model_name='boardpriority',
            name='boardpriority_one_current_title',
        ),
        migrations.AlterModelOptions(
            name='boardpriority',
            options={'ordering': ['-academic_year', 'position', 'id'], 'verbose_name_plural': 'board priorities'},
        ),
        migrations.AddConstraint(
            model_name='boardpriority',
            constraint=models.UniqueConstraint(condition=models.Q(('end_date__isnull', True)), fields=('tenant', 'board', 'academic_year', 'title'), name='boardpriority_one_current_title_a_year'),
        ),
    ]
