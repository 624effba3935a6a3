from decimal import Decimal

from django import template
from django.utils.translation import pgettext

from talentdesk.lib.numbers import localized, rounded

register = template.Library()


@register.filter
def compact_number(value):
    """12_400 → "12.4K", 1_250_000 → "1.3M", with the active language's decimal separator."""
    try:
        number = Decimal(value or 0)
    except (TypeError, ValueError, ArithmeticError):
        return value
    for size, suffix in (
        (10**9, pgettext("billions", "B")),
        (10**6, pgettext("millions", "M")),
        (10**3, pgettext("thousands", "K")),
    ):
        if abs(number) >= size:
            return _short(number / size) + suffix
    return localized(number, 0)


def _short(number: Decimal) -> str:
    tenths = rounded(number, 1)
    return localized(tenths, 0 if tenths == tenths.to_integral_value() else 1)
