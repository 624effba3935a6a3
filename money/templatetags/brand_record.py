"""The brand's payment record on its new offers (templates/money/_brand_record.html)."""

from django import template

from money.payment_record import brand_record

register = template.Library()


@register.simple_tag(takes_context=True)
def brand_payment_record(context, offer):
    """The record of the offer's brand for the active role, while the offer awaits an answer;
    None (no query) on any other offer, or for the brand's own staff."""
    if offer.tab != "pending":
        return None
    request = context.get("request")
    return brand_record(getattr(request, "role", None), offer.campaign.brand_id, offer.creator)
