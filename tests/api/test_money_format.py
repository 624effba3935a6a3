"""Money in every API answer is a decimal string with its currency's decimal places (SPEC §9):
a JPY price has none, a EUR one two, whatever endpoint carries it."""

from decimal import Decimal

import pytest

from api.schemas import money
from campaigns.models import TermsVersion

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "currency", "shown"),
    [
        (Decimal("150000.00"), "JPY", "150000"),
        (Decimal("1500"), "EUR", "1500.00"),
        (Decimal("0.01"), "GBP", "0.01"),
        (Decimal("12.5"), "KWD", "12.500"),
        (None, "EUR", None),
    ],
)
def test_money_has_its_currencys_decimal_places(value, currency, shown):
    assert money(value, currency) == shown


def test_a_jpy_offer_lists_and_shows_its_price_without_decimals(cast, bearer, signed):
    TermsVersion.objects.filter(offer=signed).update(currency="JPY", price=Decimal("150000"))
    client = bearer(cast.manager, "agency")
    listed = {o["id"]: o for o in client.get("/api/v1/offers?page_size=100").json()["results"]}
    shown = client.get(f"/api/v1/offers/{signed.public_id}").json()
    assert (shown["price"], shown["currency"]) == ("150000", "JPY")
    assert shown["terms"]["price"] == "150000"
    versions = client.get(f"/api/v1/offers/{signed.public_id}/versions").json()
    assert versions and all(v["price"] == "150000" for v in versions)
    if str(signed.public_id) in listed:
        assert listed[str(signed.public_id)]["price"] == "150000"
