"""Figures are rounded, never truncated (issue 18): 20.1988 % showed as 20.19 %, 9.258 % as
9.2 %, so 14 of 32 engagement rates on the demo roster were one unit low."""

from decimal import Decimal

import pytest
from django.utils import translation

from creators.templatetags.insights import percent
from money.templatetags.invoices import amount
from talentdesk.lib.numbers import localized
from talentdesk.templatetags.humanize_numbers import compact_number


@pytest.mark.parametrize(
    ("fraction", "places", "shown"),
    [
        (Decimal("0.201988"), 2, "20.20 %"),
        (Decimal("0.09258"), 1, "9.3 %"),
        (Decimal("0.09249"), 1, "9.2 %"),
        (Decimal("0.00005"), 2, "0.01 %"),  # halves away from zero
    ],
)
def test_18_percentages_are_rounded_not_truncated(fraction, places, shown):
    with translation.override("en"):
        assert percent(fraction, places) == shown


def test_18_thousands_are_grouped_in_both_languages():
    with translation.override("en"):
        assert localized(932500, 0) == "932,500"
        assert amount(Decimal("1650"), "EUR") == "1,650.00 EUR"
        assert amount(Decimal("150000"), "JPY") == "150,000 JPY"
    with translation.override("fr"):
        assert localized(Decimal("1250.5"), 2).replace("\u202f", " ").replace("\xa0", " ") == (
            "1 250,50"
        )


def test_compact_numbers_round_to_a_tenth():
    with translation.override("en"):
        assert compact_number(12_450) == "12.5K"
        assert compact_number(1_000_000) == "1M"
        assert compact_number(950) == "950"
