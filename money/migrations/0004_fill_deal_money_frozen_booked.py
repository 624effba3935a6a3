"""Fill what 0003 froze on DealMoney for the deals signed before it (issue 16): the creator and
the cancellation from the offer, the price and currency from the deal's milestones (their sum:
exactly what the booked ledger summed before). Deals with no milestones keep price NULL."""

from django.db import migrations
from django.db.models import Exists, OuterRef, Subquery, Sum


def fill(apps, schema_editor):
    DealMoney = apps.get_model("money", "DealMoney")
    Milestone = apps.get_model("money", "Milestone")
    Offer = apps.get_model("campaigns", "Offer")
    offer = Offer.objects.filter(pk=OuterRef("offer_id"))
    milestones = Milestone.objects.filter(offer_id=OuterRef("offer_id")).order_by()
    DealMoney.objects.update(
        creator_id=Subquery(offer.values("creator_id")[:1]),
        cancelled=Exists(offer.filter(status="cancelled")),
        price=Subquery(milestones.values("offer_id").annotate(total=Sum("amount")).values("total")),
    )
    DealMoney.objects.filter(price__isnull=False).update(
        currency=Subquery(milestones.values("currency")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("money", "0003_deal_money_frozen_booked"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
