"""Money arithmetic on awkward amounts: splits and commission parts always sum exactly to the
whole, every part exact in its currency (JPY has no cents)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from money import amounts
from money.actions import schedule

CURRENCIES = st.sampled_from(["EUR", "USD", "JPY", "GBP"])
PERCENT = st.decimals(min_value=0, max_value=100, places=2)


def amount_in(currency: str):
    places = amounts.minor_units(currency)
    return st.decimals(
        min_value=Decimal(1).scaleb(-places), max_value=Decimal("1000000000"), places=places
    )


@st.composite
def money(draw):
    currency = draw(CURRENCIES)
    return draw(amount_in(currency)), currency


@st.composite
def percents(draw):
    """Shares of 100 % with two decimals, like 33.33 / 33.33 / 33.34."""
    cuts = sorted(draw(st.lists(st.integers(0, 10_000), min_size=0, max_size=5)))
    bounds = [0, *cuts, 10_000]
    return [Decimal(b - a) / 100 for a, b in zip(bounds, bounds[1:], strict=False)]


@given(money(), percents())
def test_split_parts_sum_to_the_whole_and_are_exact(value, shares):
    amount, currency = value
    parts = amounts.split(amount, shares, currency)
    assert sum(parts) == amount
    assert all(amounts.is_exact(part, currency) for part in parts)
    assert all(part >= 0 for part in parts)


@given(money(), PERCENT, st.one_of(st.none(), st.decimals(min_value=0, max_value=30, places=2)))
def test_commission_and_net_sum_to_the_paid_amount(value, pct, vat):
    amount, currency = value
    commission, net = amounts.commission_parts(amount, pct, currency, vat_rate=vat)
    assert commission + net == amount
    assert amounts.is_exact(commission, currency) and amounts.is_exact(net, currency)
    assert 0 <= commission <= amount


@given(money(), st.integers(0, 100), st.lists(st.sampled_from(["draft_approved", "posted"])))
def test_milestones_sum_to_the_price(value, upfront, later):
    price, currency = value
    rest = 100 - upfront
    milestones = []
    if later and rest:
        each = rest // len(later)
        milestones = [{"on": on, "percent": each} for on in later if each]
    parts = schedule(price, currency, Decimal(upfront), milestones)
    assert sum(amount for _trigger, _pct, amount in parts) == price
    assert sum(pct for _trigger, pct, _amount in parts) == 100


@pytest.mark.parametrize(
    ("amount", "shares", "currency", "expected"),
    [
        (
            Decimal("0.01"),
            [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")],
            "EUR",
            [Decimal("0.00"), Decimal("0.01"), Decimal("0.00")],
        ),
        (
            Decimal("1000000.01"),
            [Decimal(30), Decimal(70)],
            "EUR",
            [Decimal("300000.00"), Decimal("700000.01")],
        ),
        (Decimal("100"), [Decimal("33.33"), Decimal("66.67")], "JPY", [Decimal(33), Decimal(67)]),
        (Decimal("1001"), [Decimal(50), Decimal(50)], "JPY", [Decimal(501), Decimal(500)]),
    ],
)
def test_awkward_amounts(amount, shares, currency, expected):
    assert amounts.split(amount, shares, currency) == expected


def test_commission_is_taken_before_vat():
    # 1,200 paid with 20 % VAT: 1,000 before VAT, 20 % commission = 200, the creator 1,000.
    assert amounts.commission_parts(
        Decimal("1200.00"), Decimal(20), "EUR", vat_rate=Decimal(20)
    ) == (
        Decimal("200.00"),
        Decimal("1000.00"),
    )
    assert amounts.commission_parts(Decimal("999"), Decimal("15"), "JPY") == (
        Decimal(150),
        Decimal(849),
    )
