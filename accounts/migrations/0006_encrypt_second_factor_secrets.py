"""Encrypt the second-factor secrets written before accounts/mfa_secrets.py existed (AU-6): the
TOTP secret and the recovery-code seed (and any migrated codes)."""

from django.db import migrations

from accounts import mfa_secrets

FIELDS = {"totp": ["secret"], "recovery_codes": ["seed"]}


def _convert(apps, convert):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=FIELDS):
        data = authenticator.data
        for field in FIELDS[authenticator.type]:
            if field in data:
                data[field] = convert(data[field])
        if "migrated_codes" in data:
            data["migrated_codes"] = [convert(code) for code in data["migrated_codes"]]
        authenticator.save(update_fields=["data"])


def encrypt(apps, schema_editor):
    _convert(apps, lambda v: v if v.startswith(mfa_secrets.PREFIX) else mfa_secrets.encrypt(v))


def decrypt(apps, schema_editor):
    _convert(apps, mfa_secrets.decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_existing_addresses_verified"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
