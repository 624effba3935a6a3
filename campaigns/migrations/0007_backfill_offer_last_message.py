# Fill the offers' last-message columns from the messages already written.

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Offer = apps.get_model("campaigns", "Offer")
    Message = apps.get_model("messaging", "Message")
    latest = Message.objects.filter(offer=OuterRef("pk")).order_by("-created_at", "-id")
    Offer.objects.filter(pk__in=Message.objects.values("offer_id")).update(
        last_message_at=Subquery(latest.values("created_at")[:1]),
        last_message_side=Subquery(latest.values("side")[:1]),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0006_offer_last_message'),
        ('messaging', '0005_attachments'),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
