"""Issue 20: the agency's rate benchmarks are the median and range of the prices per unit it
signed in the last 12 months, signed deals only, per currency: checked against
statistics.median over the test's own deals."""

import statistics
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns import actions
from campaigns.actions import today
from campaigns.contracts import sign_contract
from campaigns.models import Contract
from money.models import DealMoney
from pipeline.benchmarks import band_of, benchmarks
from tests.campaigns.conftest import role_of, terms
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal(cast, settings, tmp_path):
    """deal(price, lines, currency="EUR", sign=True) → an offer to Maya, accepted by her and,
    with `sign`, signed by both sides (so Northstar, representing her, closed it)."""
    settings.MEDIA_ROOT = tmp_path
    brand, creator = role_of(cast.brand, "brand"), role_of(cast.creator, "creator")
    counter = iter(range(100))
    # The demo world's own deals would count too: the test's are the only ones of the year.
    DealMoney.objects.filter(agency=cast.northstar).update(
        sealed_at=timezone.now() - timedelta(days=800)
    )

    def make(price, lines, currency="EUR", sign=True):
        campaign = actions.create_campaign(
            cast.glowskin,
            actor=cast.brand,
            name=f"Benchmark {next(counter)}",
            budget=Decimal("50000"),
            currency=currency,
            starts_on=today(),
            ends_on=today() + timedelta(days=60),
        )
        due = (today() + timedelta(days=20)).isoformat()
        deliverables = [{"type": kind, "count": count, "due": due} for kind, count in lines]
        offer = actions.send_offer(
            campaign,
            role=brand,
            actor=cast.brand,
            creator=cast.maya,
            terms=terms(price=Decimal(price), currency=currency, deliverables=deliverables),
        )
        actions.accept_offer(offer, role=creator, actor=cast.creator, seen_version=1)
        if sign:
            contract = Contract.objects.get(offer=offer)
            sign_contract(contract, role=brand, actor=cast.brand, full_name="Camille Roux", ip=None)
            sign_contract(
                contract, role=creator, actor=cast.creator, full_name="Maya Okafor", ip=None
            )
        offer.refresh_from_db()
        return offer

    return make


def test_20_benchmark_equals_an_independent_median_of_signed_deals(cast, deal):
    lumen_before = benchmarks(cast.lumen)
    counted = [("1500", 2), ("900", 1), ("1800", 3), ("1200", 1)]  # per unit: 750 900 600 1200
    for price, count in counted:
        deal(price, [("video", count)])
    deal("2000", [("video", 1), ("carousel", 1)])  # two types: no price per type
    deal("5000", [("video", 1)], sign=False)  # accepted, never signed
    cancelled = deal("7000", [("video", 1)])
    actions.decide_offer(
        cancelled,
        "cancel_creator",
        role=role_of(cast.creator, "creator"),
        actor=cast.creator,
        reason="Brand pulled out.",
    )
    old = deal("9000", [("video", 1)])
    DealMoney.objects.filter(offer=old).update(sealed_at=timezone.now() - timedelta(days=370))
    deal("3000", [("video", 1)], currency="USD")  # its own currency's benchmark

    rows = {
        (row.deliverable, row.currency): row
        for row in benchmarks(cast.northstar, band=band_of(cast.maya.followers))
    }
    unit = [Decimal(price) / count for price, count in counted]
    eur = rows[("video", "EUR")]
    assert eur.category == cast.glowskin.category_id  # the campaign has none: the brand's
    assert eur.deals == 4
    assert eur.median == Decimal(statistics.median(unit)).quantize(Decimal("0.01"))
    assert (eur.low, eur.high) == (min(unit), max(unit))
    quartiles = statistics.quantiles(unit, n=4)
    assert (eur.p25, eur.p75) == tuple(Decimal(q).quantize(Decimal("0.01")) for q in quartiles[::2])
    assert rows[("video", "USD")].median == Decimal("3000.00")
    assert rows[("video", "USD")].deals == 1
    assert set(rows) == {("video", "EUR"), ("video", "USD")}
    assert benchmarks(cast.lumen) == lumen_before  # another agency's hold none of these


def test_20_the_creator_page_shows_the_benchmark_to_her_agency(cast, login, deal):
    deal("1500", [("video", 2)])
    deal("900", [("video", 1)])
    client = login(cast.manager, role_of(cast.manager, "agency").key)
    page = client.get(reverse("creators:creator", args=[cast.maya.public_id])).content.decode()
    url = reverse("pipeline:benchmarks", args=[cast.maya.public_id])
    assert f'data-hx-get="{url}"' in page  # loaded beside the rate card
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "825.00" in partial and "750.00" in partial and "900.00" in partial
    assert "<html" not in partial


@pytest.mark.parametrize(("who", "key"), [("brand", "brand"), ("creator", "creator")])
def test_20_benchmarks_are_the_agencys_only(cast, login, who, key):
    client = login(getattr(cast, who), role_of(getattr(cast, who), key).key)
    url = reverse("pipeline:benchmarks", args=[cast.maya.public_id])
    assert client.get(url).status_code == 404
    lumen = login(cast.lumen_manager, role_of(cast.lumen_manager, "agency").key)
    assert lumen.get(url).status_code == 404


def test_20_benchmark_partial_reads_the_same_queries_at_two_sizes(cast, login, deal):
    client = login(cast.manager, role_of(cast.manager, "agency").key)
    url = reverse("pipeline:benchmarks", args=[cast.maya.public_id])
    deal("1500", [("video", 2)])
    small = count_queries(lambda: client.get(url, HTTP_HX_REQUEST="true"))
    for price in ("900", "1100", "1300"):
        deal(price, [("video", 1)])
    large = count_queries(lambda: client.get(url, HTTP_HX_REQUEST="true"))
    assert small == large == PINNED


PINNED = 8  # session, user, roles, the decision, her categories, the deals
