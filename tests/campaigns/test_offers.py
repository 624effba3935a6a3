import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection

from access.models import AuditEvent, AuditEventType, Representation
from campaigns import actions
from campaigns.actions import today
from campaigns.models import Offer, TermsVersion
from campaigns.queries import price_vs_rate
from campaigns.terms import diff
from talentdesk.lib.errors import ActionError
from tests.campaigns.conftest import role_of, terms

pytestmark = pytest.mark.django_db


def test_counter_creates_a_new_immutable_version_and_the_diff_reads_well(cast, offer):
    manager = role_of(cast.manager, "agency")
    actions.counter_offer(
        offer,
        role=manager,
        actor=cast.manager,
        seen_version=1,
        terms=terms(price=Decimal("2000.00"), revision_rounds=3, paid_ads_days=60),
    )
    offer.refresh_from_db()
    assert (offer.status, offer.version) == ("countered_by_creator", 2)
    v1, v2 = TermsVersion.objects.filter(offer=offer).order_by("number")
    rows = {label: (old, new) for label, old, new in diff(v1, v2)}
    assert rows["Price"] == ("1,500.00 EUR", "2,000.00 EUR")
    assert rows["Revision rounds"] == ("2", "3")
    assert rows["Paid-ads authorisation"] == ("30 days", "60 days")
    assert set(rows) == {"Price", "Revision rounds", "Paid-ads authorisation"}
    with pytest.raises(ValueError, match="immutable"):
        v1.save()
    event = AuditEvent.objects.filter(event_type=AuditEventType.OFFER_COUNTERED).latest("id")
    assert event.changes["Price"] == ["1,500.00 EUR", "2,000.00 EUR"]
    assert event.acting_as == "agency" and event.on_behalf_of == cast.maya


def test_accepting_a_stale_version_is_refused_with_the_newer_one_named(cast, offer):
    manager = role_of(cast.manager, "agency")
    actions.counter_offer(
        offer, role=manager, actor=cast.manager, seen_version=1, terms=terms(price=Decimal("2000"))
    )
    brand = role_of(cast.brand, "brand")
    with pytest.raises(ActionError, match="version 2 is current"):
        actions.accept_offer(offer, role=brand, actor=cast.brand, seen_version=1)
    actions.accept_offer(offer, role=brand, actor=cast.brand, seen_version=2)
    offer.refresh_from_db()
    assert offer.status == "accepted"


def test_manager_acceptance_above_the_ceiling_goes_to_the_creator(cast, offer):
    Representation.objects.filter(creator=cast.maya, status="active").update(
        accept_ceiling=Decimal("1000"), accept_ceiling_currency="EUR"
    )
    actions.accept_offer(
        offer, role=role_of(cast.manager, "agency"), actor=cast.manager, seen_version=1
    )
    offer.refresh_from_db()
    assert offer.status == "awaiting_creator_approval"
    creator = role_of(cast.creator, "creator")
    actions.decide_offer(
        offer,
        "send_back",
        role=creator,
        actor=cast.creator,
        seen_version=offer.version,
        reason="Too low for two videos.",
    )
    offer.refresh_from_db()
    assert offer.status == "offered"  # back to what it was, the manager is told via the audit


def test_manager_without_accept_offers_cannot_accept(cast, offer):
    Representation.objects.filter(creator=cast.maya, status="active").update(scopes=["negotiate"])
    with pytest.raises(ActionError, match="not allowed"):
        actions.accept_offer(
            offer, role=role_of(cast.manager, "agency"), actor=cast.manager, seen_version=1
        )
    offer.refresh_from_db()
    assert offer.status == "offered"


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"price": Decimal("0")}, "price"),
        ({"price": Decimal("-5")}, "price"),
        ({"price": Decimal("10.005")}, "price"),
        ({"currency": "XYZ"}, "currency"),
        ({"currency": "USD"}, "currency"),
        ({"upfront_pct": Decimal("120")}, "upfront_pct"),
        ({"paid_ads_days": 14}, "paid_ads_days"),
        ({"milestones": [{"percent": 20, "on": "posted"}]}, "milestones"),
        ({"milestones": [{"percent": 70, "on": "someday"}]}, "milestones"),
        ({"usage_channels": ["billboards-on-the-moon"]}, "usage_channels"),
        ({"response_deadline": today() - timedelta(days=1)}, "response_deadline"),
        ({"deliverables": []}, "deliverables"),
        (
            {"deliverables": [{"type": "video", "count": 1, "due": today().isoformat()}] * 11},
            "deliverables",
        ),
        (
            {
                "deliverables": [
                    {"type": "video", "count": 1, "due": (today() - timedelta(days=1)).isoformat()}
                ]
            },
            "deliverables",
        ),
        (
            {
                "deliverables": [
                    {
                        "type": "video",
                        "count": 1,
                        "due": (today() + timedelta(days=365)).isoformat(),
                    }
                ]
            },
            "deliverables",
        ),
    ],
)
def test_bad_terms_are_refused_and_nothing_is_saved(cast, campaign, override, field):
    with pytest.raises(ActionError) as error:
        actions.send_offer(
            campaign,
            role=role_of(cast.brand, "brand"),
            actor=cast.brand,
            creator=cast.maya,
            terms=terms(**override),
        )
    assert error.value.field == field
    assert not Offer.objects.filter(campaign=campaign).exists()


def test_pending_offers_expire_after_their_deadline_once(cast, offer):
    Offer.objects.filter(pk=offer.pk).update(response_deadline=today() - timedelta(days=1))
    assert actions.expire_offers() == 1
    assert actions.expire_offers() == 0
    offer.refresh_from_db()
    assert offer.status == "expired"
    assert AuditEvent.objects.filter(event_type=AuditEventType.OFFER_EXPIRED).exists()


def test_price_compares_with_the_rate_card(cast, offer):
    from creators.models import Rate

    Rate.objects.filter(creator=cast.maya, deliverable="video").update(
        amount=Decimal("2000"), currency="EUR"
    )
    comparison = price_vs_rate(offer.versions.get(), list(Rate.objects.filter(creator=cast.maya)))
    video = Rate.objects.get(creator=cast.maya, deliverable="video")
    assert comparison == {
        "comparable": True,
        "percent": Decimal("25"),
        "below": True,
        "rate": video,
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_200_races_accept_against_withdraw_exactly_one_wins(cast_tx):
    """Two people act on the same offer at the same moment, 200 times: exactly one wins."""
    cast, make_offer = cast_tx
    outcomes = []
    for _round in range(200):
        offer = make_offer()
        barrier = threading.Barrier(2)
        results = []

        def accept(offer=offer, barrier=barrier, results=results):
            barrier.wait()
            try:
                actions.accept_offer(
                    offer, role=role_of(cast.creator, "creator"), actor=cast.creator, seen_version=1
                )
                results.append("accepted")
            except ActionError:
                results.append("refused")
            finally:
                connection.close()  # each thread had its own connection

        def withdraw(offer=offer, barrier=barrier, results=results):
            barrier.wait()
            try:
                actions.decide_offer(
                    offer, "withdraw", role=role_of(cast.brand, "brand"), actor=cast.brand
                )
                results.append("withdrawn")
            except ActionError:
                results.append("refused")
            finally:
                connection.close()  # each thread had its own connection

        threads = [threading.Thread(target=accept), threading.Thread(target=withdraw)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        offer.refresh_from_db()
        assert sorted(results).count("refused") == 1, results
        assert offer.status in ("accepted", "withdrawn")
        outcomes.append(offer.status)
    print(
        f"\n200 races: {outcomes.count('accepted')} accepted first, "
        f"{outcomes.count('withdrawn')} withdrawn first, 0 double wins"
    )


def test_the_diff_renders_every_term_field(cast, offer):
    from campaigns.terms import LABELS

    changed = terms(
        price=Decimal("1750.50"),
        upfront_pct=Decimal("50"),
        net_days=45,
        usage_days=90,
        paid_ads_days=365,
        exclusivity_categories=["beauty", "fashion"],
        exclusivity_days=90,
        revision_rounds=4,
        response_deadline=today() + timedelta(days=9),
        deliverables=[
            {
                "type": "live",
                "count": 1,
                "due": str(today() + timedelta(days=30)),
                "requirements": "#glow @glowskin",
            }
        ],
        milestones=[{"percent": 50, "on": "posted"}],
        usage_channels=["tiktok", "website"],
    )
    actions.counter_offer(
        offer,
        role=role_of(cast.creator, "creator"),
        actor=cast.creator,
        seen_version=1,
        terms=changed,
    )
    v1, v2 = TermsVersion.objects.filter(offer=offer).order_by("number")
    rows = {label: (old, new) for label, old, new in diff(v1, v2)}
    assert set(rows) == {str(label) for label in LABELS.values()}
    assert rows["Price"] == ("1,500.00 EUR", "1,750.50 EUR")
    assert rows["Paid upfront"] == ("30 %", "50 %")
    assert rows["Deliverables"][1].startswith("1 × LIVE")
    assert rows["Exclusivity categories"] == ("beauty", "beauty, fashion")
    assert rows["Payment milestones"] == ("—", "50 % posted")
    assert "#glow @glowskin" in rows["Deliverables"][1]
