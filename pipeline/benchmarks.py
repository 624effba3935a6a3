"""Rate benchmarks from the agency's own deals: for a deliverable type, a category and a
follower band, the median and range of the prices it signed in the last 12 months, per currency.

A deal counts when it was sealed (both signatures: money.DealMoney.sealed_at, frozen with the
agency that represented the creator then), not cancelled, in the last 365 days, and its signed
terms hold one deliverable type only: its price per unit is the price divided by the units (a
mixed deal says nothing of one type's price). The category is the campaign's, else the brand's;
the band is the creator's follower count now. Computed in Python over the agency's deals of the
year (a few hundred rows at most), so one function serves SQLite and PostgreSQL alike."""

import statistics
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from money.models import DealMoney

WINDOW = timedelta(days=365)
# (lowest followers, label): a creator is in the last band whose lowest she reaches.
BANDS = [
    (0, _("under 10K followers")),
    (10_000, _("10K–100K followers")),
    (100_000, _("100K–1M followers")),
    (1_000_000, _("1M followers or more")),
]


def band_of(followers: int | None) -> int:
    """The index of the follower band."""
    followers = followers or 0
    return max(i for i, (low, _label) in enumerate(BANDS) if followers >= low)


@dataclass
class Benchmark:
    deliverable: str
    category: str
    band: int
    currency: str
    deals: int
    median: Decimal
    low: Decimal
    high: Decimal
    p25: Decimal | None
    p75: Decimal | None

    @property
    def band_label(self):
        return BANDS[self.band][1]


def unit_prices(agency, *, now=None) -> list[dict]:
    """One row per counted deal: deliverable type, category, band, currency, price per unit."""
    now = now or timezone.now()
    deals = (
        DealMoney.objects.filter(
            agency=agency, sealed_at__gte=now - WINDOW, sealed_at__lte=now, cancelled=False
        )
        .exclude(offer__status="cancelled")
        .select_related("offer__campaign__brand", "offer__contract__terms", "offer__creator")
    )
    rows = []
    for deal in deals:
        offer = deal.offer
        terms = offer.contract.terms
        types = {line["type"] for line in terms.deliverables}
        units = sum(int(line.get("count", 1)) for line in terms.deliverables)
        if len(types) != 1 or units < 1:
            continue
        rows.append(
            {
                "deliverable": types.pop(),
                "category": offer.campaign.category_id or offer.campaign.brand.category_id or "",
                "band": band_of(offer.creator.followers),
                "currency": terms.currency,
                "price": terms.price / units,
            }
        )
    return rows


def _money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def benchmarks(agency, *, deliverable=None, category=None, band=None, now=None) -> list[Benchmark]:
    """The benchmarks of every (type, category, band, currency) with signed deals, or only
    those matching the arguments given. Currencies are never mixed (SPEC §9 Money)."""
    groups: dict[tuple, list[Decimal]] = {}
    for row in unit_prices(agency, now=now):
        key = (row["deliverable"], row["category"], row["band"], row["currency"])
        if deliverable is not None and key[0] != deliverable:
            continue
        if category is not None and key[1] != category:
            continue
        if band is not None and key[2] != band:
            continue
        groups.setdefault(key, []).append(row["price"])
    found = []
    for (kind, cat, band_index, currency), prices in sorted(groups.items()):
        quartiles = statistics.quantiles(prices, n=4) if len(prices) >= 4 else None
        found.append(
            Benchmark(
                deliverable=kind,
                category=cat,
                band=band_index,
                currency=currency,
                deals=len(prices),
                median=_money(statistics.median(prices)),
                low=_money(min(prices)),
                high=_money(max(prices)),
                p25=_money(quartiles[0]) if quartiles else None,
                p75=_money(quartiles[2]) if quartiles else None,
            )
        )
    return found
