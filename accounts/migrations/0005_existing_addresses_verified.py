"""Accounts from before allauth keep signing in: each address they signed in with is their
verified primary address in allauth's table, and the demo world's logins (the reserved
`.example` domain, RFC 2606, which no real mailbox has) are marked as demo accounts."""

from django.db import migrations


def mark_existing_addresses_verified(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    known = set(EmailAddress.objects.values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=pk, email=email, verified=True, primary=True)
            for pk, email in User.objects.values_list("pk", "email").iterator()
            if pk not in known
        ],
        batch_size=1000,
    )
    User.objects.filter(email__endswith=".example").update(is_demo=True)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_user_is_demo"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.RunPython(mark_existing_addresses_verified, migrations.RunPython.noop),
    ]
