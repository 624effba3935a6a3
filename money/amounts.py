"""Money arithmetic: amounts rounded to their currency's minor unit (ISO 4217: JPY has none,
EUR two), and splits whose parts always sum exactly to the whole.

Every split rounds running totals and takes each part as the difference, so a 33.33 % share of
0.01 EUR, or three milestones of 1,000,000.01, never lose or invent a cent.
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

# ISO 4217 minor units of the currencies the product offers (campaigns.models.CURRENCIES);
# any other three-letter code has two.
MINOR_UNITS = {"JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "BHD": 3, "KWD": 3, "JOD": 3}
HUNDRED = Decimal(100)


def minor_units(currency: str) -> int:
    return MINOR_UNITS.get(currency.upper(), 2)


def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def rounded(amount: Decimal, currency: str) -> Decimal:
    """`amount` to the currency's smallest unit, halves away from zero."""
    return Decimal(amount).quantize(quantum(currency), rounding=ROUND_HALF_UP)


def is_exact(amount: Decimal, currency: str) -> bool:
    """Whether `amount` needs no rounding in its currency (no cents for JPY)."""
    return rounded(amount, currency) == amount


def share(amount: Decimal, percent: Decimal, currency: str) -> Decimal:
    """`percent` % of `amount`, rounded to the currency's unit."""
    return rounded(Decimal(amount) * Decimal(percent) / HUNDRED, currency)


def split(amount: Decimal, percents: Sequence[Decimal], currency: str) -> list[Decimal]:
    """`amount` in parts of these percentages (summing to 100), each exact in the currency.
    Each part is the rounded running total minus the one before it, so the parts sum exactly to
    `amount` and none is negative (rounding each part alone could give 0.01 + 0.01 - 0.01)."""
    if not percents:
        return []
    if sum(Decimal(p) for p in percents) != HUNDRED:
        raise ValueError(f"shares must add up to 100 %, not {sum(percents)}")
    amount = rounded(amount, currency)
    parts, done, running = [], Decimal(0), Decimal(0)
    for percent in percents[:-1]:
        running += Decimal(percent)
        upto = share(amount, running, currency)
        parts.append(upto - done)
        done = upto
    return [*parts, amount - done]


def commission_parts(
    amount: Decimal, commission_pct: Decimal, currency: str, *, vat_rate: Decimal | None = None
) -> tuple[Decimal, Decimal]:
    """(the agency's commission, the creator's net) of a paid `amount`. The commission is
    taken on the amount before VAT (VAT is the creator's to remit); the two parts sum to the
    paid amount exactly."""
    amount = rounded(amount, currency)
    base = amount
    if vat_rate:
        base = rounded(amount * HUNDRED / (HUNDRED + Decimal(vat_rate)), currency)
    commission = share(base, commission_pct, currency)
    return commission, amount - commission


def vat_of(subtotal: Decimal, vat_rate: Decimal | None, currency: str) -> Decimal:
    """The VAT on `subtotal` at `vat_rate` %, rounded; 0 without a rate."""
    return (
        share(subtotal, vat_rate, currency) if vat_rate else Decimal(0).quantize(quantum(currency))
    )
