"""Numbers as the reader's language writes them, rounded, never truncated.

Django's `number_format(decimal_pos=…)` cuts the digits off (20.1988 % showed as 20.19 %, 9.258 %
as 9.2 %: 14 of 32 engagement rates on the demo roster one unit low, issue 18). Every figure the
product shows goes through `localized`, which rounds half away from zero first.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format


def rounded(value, places: int) -> Decimal:
    """`value` to `places` decimals, halves away from zero (2.25 → 2.3, -2.25 → -2.3)."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def localized(value, places: int, *, grouping: bool = True) -> str:
    """`value` rounded to `places` decimals, with the active language's separators
    ("1,250.50" in English, « 1 250,50 » in French)."""
    return number_format(
        rounded(value, places), decimal_pos=places, use_l10n=True, force_grouping=grouping
    )
