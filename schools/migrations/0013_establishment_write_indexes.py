"""Indexes a national GIAS import no longer pays for: the establishment's search name had a
btree and (on PostgreSQL) a trigram index that no query used (the search reaches
establishments through a tenant's schools, by primary key), and the provisional holder is
indexed only where one is set. The links' trigram index stays: the predecessor search uses it."""

import django.db.models.deletion
from django.db import migrations, models


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0011_membership_ended_at'),
        ('schools', '0012_search_names'),
    ]

    operations = [
        migrations.RunPython(
            _on_postgresql("DROP INDEX IF EXISTS establishment_search_name_trgm"),
            _on_postgresql("CREATE INDEX IF NOT EXISTS establishment_search_name_trgm ON "
                           "schools_establishment USING gin (search_name gin_trgm_ops)")),
        migrations.RemoveIndex(
            model_name='establishment',
            name='establishment_search_name_idx',
        ),
        migrations.AlterField(
            model_name='establishment',
            name='provisional_for',
            field=models.ForeignKey(blank=True, db_index=False, help_text='The council whose register extract added it, until the national file has it.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.tenant'),
        ),
        migrations.AddIndex(
            model_name='establishment',
            index=models.Index(condition=models.Q(('provisional_for__isnull', False)), fields=['provisional_for'], name='establishment_provisional_idx'),
        ),
    ]
