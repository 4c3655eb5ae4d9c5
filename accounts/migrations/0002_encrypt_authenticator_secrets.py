"""Encrypt the TOTP and recovery-code seeds stored in clear before encryption began."""

from django.db import migrations

SECRET_FIELDS = {"totp": "secret", "recovery_codes": "seed"}


def encrypt_secrets(apps, schema_editor):
    from accounts.adapters import EncryptedSecretsMFAAdapter

    adapter = EncryptedSecretsMFAAdapter()
    authenticator_model = apps.get_model("mfa", "Authenticator")
    for authenticator in authenticator_model.objects.filter(type__in=SECRET_FIELDS):
        field = SECRET_FIELDS[authenticator.type]
        value = authenticator.data.get(field)
        if value and not value.startswith(adapter.PREFIX):
            authenticator.data[field] = adapter.encrypt(value)
            authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, migrations.RunPython.noop)]
