"""Money as the reader's language writes it, with its currency and its ISO 4217 decimals."""

from decimal import Decimal

from django import template

from money.amounts import minor_units
from money.queries import deal_money as deal_money_card
from talentdesk.lib.numbers import localized

register = template.Library()


@register.filter
def amount(value, currency: str = ""):
    """1050 with "EUR" → "1,050.00 EUR" (« 1 050,00 EUR » in French); JPY has no decimals."""
    if value is None or value == "":
        return "—"
    places = minor_units(currency) if currency else 2
    text = localized(value, places)
    return f"{text} {currency}".strip()


@register.filter
def pct(value):
    """A percentage as the language writes it: 20.00 → "20 %", 12.5 → "12.5 %"."""
    if value is None or value == "":
        return "—"
    number = Decimal(value).normalize()
    places = max(0, -number.as_tuple().exponent)
    return f"{localized(number, places)} %"


@register.simple_tag(takes_context=True)
def deal_money(context):
    """The offer page's money card for the active role (money.queries.deal_money): the offer
    page passes its `offer` and the permission decision `grant` it already made."""
    from access.permissions import decide

    offer, role = context["offer"], context["request"].role
    grant = context.get("grant") or decide(role, offer.creator)
    return deal_money_card(role, offer, grant)
