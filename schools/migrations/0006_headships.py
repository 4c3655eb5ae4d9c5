# A headteacher's school, kept on core.Membership and core.Invitation until now, becomes a
# schools-side record (core knows no school, DESIGN §4). Copied here, before core's 0005 drops
# the old columns.

import django.db.models.deletion
from django.db import migrations, models


def copy_schools(apps, schema_editor):
    Membership = apps.get_model("core", "Membership")
    Invitation = apps.get_model("core", "Invitation")
    Headship = apps.get_model("schools", "Headship")
    InvitedHeadship = apps.get_model("schools", "InvitedHeadship")
    Headship.objects.bulk_create(
        Headship(tenant_id=m.tenant_id, membership_id=m.pk, school_id=m.school_id)
        for m in Membership.objects.exclude(school=None).only("tenant_id", "school_id"))
    InvitedHeadship.objects.bulk_create(
        InvitedHeadship(tenant_id=i.tenant_id, invitation_id=i.pk, school_id=i.school_id)
        for i in Invitation.objects.exclude(school=None).only("tenant_id", "school_id"))


def copy_back(apps, schema_editor):
    Membership = apps.get_model("core", "Membership")
    Invitation = apps.get_model("core", "Invitation")
    for headship in apps.get_model("schools", "Headship").objects.all():
        Membership.objects.filter(pk=headship.membership_id).update(school_id=headship.school_id)
    for invited in apps.get_model("schools", "InvitedHeadship").objects.all():
        Invitation.objects.filter(pk=invited.invitation_id).update(school_id=invited.school_id)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_api_tokens'),
        ('schools', '0005_establishmentlink_source'),
    ]
    run_before = [
        ('core', '0005_membership_and_invitation_name_no_school'),
    ]

    operations = [
        migrations.CreateModel(
            name='InvitedHeadship',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('invitation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='headship', to='core.invitation')),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='schools.school')),
                ('tenant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.tenant')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Headship',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('membership', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='headship', to='core.membership')),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='headships', to='schools.school')),
                ('tenant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.tenant')),
            ],
            options={
                'indexes': [models.Index(fields=['tenant', 'school'], name='schools_hea_tenant__f0ea2f_idx')],
            },
        ),
        migrations.RunPython(copy_schools, copy_back),
    ]
