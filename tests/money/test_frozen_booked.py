"""Issue 16: the booked ledger reads the signed deals alone (creator, price, currency and the
cancellation frozen on DealMoney), the paid ledger the payments alone (creator, agency, brand
and partner copied on Payment), and the figures are the ones they gave before: on a generated
data set, for the migrations that fill the rows written before them, and when a deal is
cancelled."""

import importlib
from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest
from django.apps import apps
from django.db.models import Sum

from access.models import Representation
from accounts.models import User
from bench.generate import Generator
from bench.targets import PERSONAS
from campaigns import actions as offer_actions
from campaigns.models import Offer
from campaigns.transitions import OfferStatus
from creators.models import CreatorProfile
from money import earnings
from money.amounts import rounded
from money.earnings import By, Period
from money.models import DealMoney, Milestone, Payment
from talentdesk import demo
from tests.bench.test_generated_data import tiny
from tests.campaigns.conftest import role_of
from tests.money.test_earnings import invoice_upfront, signed_deal  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db
ALL_TIME = Period(date(2000, 1, 1), date(2100, 12, 31))
fill_deals = importlib.import_module("money.migrations.0004_fill_deal_money_frozen_booked").fill
fill_payments = importlib.import_module("money.migrations.0006_fill_payment_frozen_parties").fill


def figures(role, ids=None) -> dict:
    """Every grouping's rows and totals, and one creator's statement, as plain values."""
    seen = {}
    for by in By:
        found = earnings.earnings(role, by, ALL_TIME, ids=ids)
        seen[by] = (
            [(r.key, r.currency, r.figures.as_dict()) for r in found.rows],
            {c: f.as_dict() for c, f in found.totals.items()},
            found.shares,
        )
    return seen


def booked_from_milestones(agency, ids) -> dict:
    """Booked per (creator id, currency) as the ledger read it before issue 16: the milestones
    of the signed deals whose offer is not cancelled."""
    rows = (
        Milestone.objects.filter(
            offer__money__sealed_at__isnull=False,
            offer__money__agency=agency,
            offer__creator__in=ids,
        )
        .exclude(offer__status=OfferStatus.CANCELLED)
        .values("offer__creator", "currency")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {
        (row["offer__creator"], row["currency"]): rounded(row["total"], row["currency"])
        for row in rows
    }


def test_16_booked_invoiced_paid_identical_before_and_after_freezing_the_deals():
    demo.reset()
    Generator(tiny(24), log=lambda _line: None, sequences=False).run()
    # A few signed deals cancelled, as older data may hold them.
    signed = list(DealMoney.objects.order_by("pk").values_list("offer_id", flat=True))
    assert len(signed) > 10
    Offer.objects.filter(pk__in=signed[::7]).update(status=OfferStatus.CANCELLED)
    DealMoney.objects.filter(offer_id__in=signed[::7]).update(cancelled=True)
    owner = role_of(User.objects.get(email=PERSONAS["agency_owner"]), "agency")
    ids = earnings.reach(owner)
    after = figures(owner, ids)
    creator = Representation.objects.filter(creator_id__in=ids).first().creator
    her = role_of(creator.user, "creator")
    statement = earnings.statement(her, ALL_TIME)
    own = [(r.key, r.currency, r.figures.as_dict()) for r in statement.by_month]

    # Booked is what the milestones of the deals not cancelled sum to, creator by creator.
    pks = dict(CreatorProfile.objects.values_list("public_id", "pk"))
    booked = {
        (pks[UUID(key)], currency): sums["booked"]
        for key, currency, sums in after[By.CREATOR][0]
        if sums["booked"]
    }
    assert booked == booked_from_milestones(owner.agency, ids)
    assert sum(f["booked"] for f in after[By.CREATOR][1].values()) > 0
    assert sum(f["paid"] for f in after[By.CREATOR][1].values()) > 0

    # The deals and payments as they were before the migrations: nothing frozen or copied. The
    # migrations fill them and every figure is the same.
    DealMoney.objects.update(creator=None, price=None, currency="", cancelled=False)
    Payment.objects.update(creator=None, agency=None, brand=None, shared_with="")
    fill_deals(apps, None)
    fill_payments(apps, None)
    assert figures(owner, ids) == after
    assert DealMoney.objects.filter(cancelled=True).count() == len(signed[::7])
    again = earnings.statement(her, ALL_TIME)
    assert [(r.key, r.currency, r.figures.as_dict()) for r in again.by_month] == own


def test_16_a_cancelled_deal_leaves_booked(cast, signed_deal):  # noqa: F811 - the fixture
    manager = role_of(cast.manager, "agency")
    kept, cancelled = signed_deal("1000.00"), signed_deal("400.00")
    invoice_upfront(cast, cancelled)
    deal = DealMoney.objects.get(offer=cancelled)
    assert (deal.creator, deal.price, deal.currency, deal.cancelled) == (
        cast.maya,
        Decimal("400.00"),
        "EUR",
        False,
    )

    def booked():
        found = earnings.earnings(manager, By.CREATOR, Period.default())
        her = earnings.statement(role_of(cast.creator, "creator"), Period.default())
        return found.totals["EUR"].booked, her.totals["EUR"].booked

    agency, her = booked()
    offer_actions.decide_offer(
        cancelled,
        "cancel_brand",
        role=role_of(cast.brand, "brand"),
        actor=cast.brand,
        reason="Budget cut.",
    )
    assert DealMoney.objects.get(offer=cancelled).cancelled
    assert not DealMoney.objects.get(offer=kept).cancelled
    assert booked() == (agency - Decimal("400.00"), her - Decimal("400.00"))


def test_16_a_payment_copies_its_invoices_parties(cast, signed_deal):  # noqa: F811 - the fixture
    offer = signed_deal("800.00")
    invoice = invoice_upfront(cast, offer)
    payment = Payment.objects.get(invoice=invoice)
    assert (payment.creator, payment.agency, payment.brand) == (
        invoice.creator,
        invoice.agency,
        invoice.brand,
    )
    assert payment.creator == cast.maya and payment.agency == cast.northstar
    assert payment.shared_with == offer.money.split_with
