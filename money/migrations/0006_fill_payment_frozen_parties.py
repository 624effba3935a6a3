"""Fill what 0005 copied on Payment for the payments recorded before it (issue 16): the
invoice's creator, agency and brand, and the deal's partner in the commission."""

from django.db import migrations
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    Payment = apps.get_model("money", "Payment")
    Invoice = apps.get_model("money", "Invoice")
    DealMoney = apps.get_model("money", "DealMoney")
    invoice = Invoice.objects.filter(pk=OuterRef("invoice_id"))
    # (an UPDATE may not join: the invoice's offer read by a nested subquery)
    offer = Invoice.objects.filter(pk=OuterRef(OuterRef("invoice_id"))).values("offer_id")[:1]
    deal = DealMoney.objects.filter(offer_id=Subquery(offer))
    Payment.objects.update(
        creator_id=Subquery(invoice.values("creator_id")[:1]),
        agency_id=Subquery(invoice.values("agency_id")[:1]),
        brand_id=Subquery(invoice.values("brand_id")[:1]),
    )
    Payment.objects.update(
        shared_with=Coalesce(Subquery(deal.values("split_with")[:1]), Value(""))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("money", "0005_payment_frozen_parties"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
