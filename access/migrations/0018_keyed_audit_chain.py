"""The audit chain becomes keyed (HMAC-SHA256 with AUDIT_KEY, kept outside the database): every
row records the id of the key that made its MAC, and the rows written before are signed now with
the current key — each chain only as far as its old plain SHA-256 still checks out, so a row
changed before the upgrade stays detectable (`talentdesk audit verify`)."""

from django.db import migrations, models


def sign_old_rows(apps, schema_editor):
    from access.audit import rekey_legacy

    rekey_legacy(apps.get_model("access", "AuditEvent"), apps.get_model("access", "AuditHead"))


class Migration(migrations.Migration):
    dependencies = [("access", "0017_creator_invitations")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16),
        ),
        migrations.RunPython(sign_old_rows, migrations.RunPython.noop, elidable=True),
    ]
