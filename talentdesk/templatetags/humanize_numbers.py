from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import pgettext

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
    return number_format(number, decimal_pos=0)


def _short(number: Decimal) -> str:
    rounded = round(number, 1)
    if rounded == rounded.to_integral_value():
        return number_format(rounded, decimal_pos=0)
    return number_format(rounded, decimal_pos=1)
