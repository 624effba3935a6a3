"""Issue 20: a creator's offer rules flag an arriving offer that breaks them and, when she chose
so, answer it once, audited as the rule's, never an offer already answered."""

from decimal import Decimal

import pytest

from access.models import AuditEvent, AuditEventType
from campaigns import actions
from campaigns.models import Offer
from campaigns.transitions import OfferStatus
from pipeline.models import Answer, OfferRuleCheck, Rule, RuleBreach
from pipeline.rules import check_offer
from tests.campaigns.conftest import role_of, terms

pytestmark = pytest.mark.django_db


def send(cast, campaign, **overrides):
    """The brand sends Maya an offer (terms: 2 videos, 1,500 EUR, 30 days of usage, 60 days of
    exclusivity, 30 % upfront); the rules run inside the send."""
    offer = actions.send_offer(
        campaign,
        role=role_of(cast.brand, "brand"),
        actor=cast.brand,
        creator=cast.maya,
        terms=terms(**overrides),
    )
    offer.refresh_from_db()
    return offer


def rules_found(offer) -> list[str]:
    return list(RuleBreach.objects.filter(offer=offer).values_list("rule", flat=True))


@pytest.mark.parametrize(
    ("rule", "fields"),
    [
        (Rule.PRICE_FLOOR, {"floors": {"video": "1000"}}),  # 2 videos: floor 2,000 > 1,500
        (Rule.USAGE, {"max_usage_days": 14}),
        (Rule.EXCLUSIVITY, {"max_exclusivity_days": 30}),
        (Rule.UPFRONT, {"min_upfront_pct": Decimal("50")}),
    ],
)
def test_20_an_offer_breaking_a_rule_is_flagged_with_it(cast, campaign, set_rules, rule, fields):
    set_rules(**fields)
    offer = send(cast, campaign)
    assert rules_found(offer) == [rule]
    assert offer.status == OfferStatus.OFFERED  # flagged only: she chose no answer
    assert Offer.objects.filter(pk=offer.pk, status=OfferStatus.OFFERED).exists()


def test_20_blocked_category_is_flagged(cast, campaign, set_rules):
    set_rules(categories=[cast.glowskin.category_id])  # GlowSkin is a beauty brand
    assert rules_found(send(cast, campaign)) == [Rule.BLOCKED_CATEGORY]


def test_20_blocked_brand_is_flagged(cast, campaign, set_rules):
    set_rules(brands=[cast.glowskin])
    assert rules_found(send(cast, campaign)) == [Rule.BLOCKED_BRAND]


def test_20_an_offer_within_every_rule_is_not_flagged(cast, campaign, set_rules):
    set_rules(
        floors={"video": "700"},
        max_usage_days=30,
        max_exclusivity_days=60,
        min_upfront_pct=Decimal("30"),
        answer=Answer.COUNTER,
    )
    offer = send(cast, campaign)
    assert rules_found(offer) == []
    assert offer.status == OfferStatus.OFFERED and offer.version == 1


def test_20_a_floor_in_another_currency_is_not_comparable_and_not_flagged(
    cast, campaign, set_rules
):
    set_rules(floor_currency="USD", floors={"video": "5000"})
    assert rules_found(send(cast, campaign)) == []


def test_20_auto_counter_at_the_floor_happens_once_audited_as_the_rule(cast, campaign, set_rules):
    set_rules(floors={"video": "1000"}, max_usage_days=14, answer=Answer.COUNTER)
    offer = send(cast, campaign)
    assert offer.status == OfferStatus.COUNTERED_BY_CREATOR
    assert offer.version == 2
    counter = offer.versions.get(number=2)
    assert counter.price == Decimal("2000.00") and counter.usage_days == 14
    assert counter.proposed_by is None and counter.proposed_by_name == "Offer rule: price floor"
    audit = AuditEvent.objects.filter(
        event_type=AuditEventType.OFFER_COUNTERED, target_id=str(offer.public_id)
    )
    assert audit.count() == 1
    row = audit.get()
    assert row.actor_name == "Offer rule: price floor"
    assert row.actor is None and row.acting_as == "creator" and row.on_behalf_of == cast.maya
    # The same offer meeting the rules again (a repeated event, a second worker): nothing more.
    assert check_offer(offer) is None
    offer.refresh_from_db()
    assert offer.version == 2 and audit.count() == 1
    assert OfferRuleCheck.objects.filter(offer=offer).count() == 1


def test_20_auto_decline_happens_once_audited_as_the_rule(cast, campaign, set_rules):
    set_rules(max_exclusivity_days=30, answer=Answer.DECLINE, decline_message="Not this time.")
    offer = send(cast, campaign)
    assert offer.status == OfferStatus.DECLINED
    assert offer.decided_reason == "Not this time."
    audit = AuditEvent.objects.filter(
        event_type=AuditEventType.OFFER_DECLINED, target_id=str(offer.public_id)
    )
    assert list(audit.values_list("actor_name", flat=True)) == ["Offer rule: longest exclusivity"]
    assert check_offer(offer) is None
    assert audit.count() == 1


def test_20_a_blocked_brand_is_declined_even_when_she_chose_to_counter(cast, campaign, set_rules):
    set_rules(brands=[cast.glowskin], floors={"video": "1000"}, answer=Answer.COUNTER)
    offer = send(cast, campaign)
    assert offer.status == OfferStatus.DECLINED
    assert offer.versions.count() == 1
    row = AuditEvent.objects.get(
        event_type=AuditEventType.OFFER_DECLINED, target_id=str(offer.public_id)
    )
    assert row.actor_name == "Offer rule: blocked brand"
    assert "blocked brand" in offer.decided_reason


@pytest.mark.parametrize("answer", [Answer.COUNTER, Answer.DECLINE])
def test_20_rules_never_act_on_an_offer_already_declined(cast, campaign, set_rules, answer):
    offer = send(cast, campaign)  # no rules yet
    manager = role_of(cast.manager, "agency")
    actions.decide_offer(
        offer, "decline_creator", role=manager, actor=cast.manager, reason="Busy month."
    )
    set_rules(floors={"video": "1000"}, answer=answer)
    check_offer(offer)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED and offer.decided_reason == "Busy month."
    assert not OfferRuleCheck.objects.filter(offer=offer, answered=True).exists()


@pytest.mark.parametrize("answer", [Answer.COUNTER, Answer.DECLINE])
def test_20_rules_never_act_on_an_offer_already_countered(cast, campaign, set_rules, answer):
    offer = send(cast, campaign)
    manager = role_of(cast.manager, "agency")
    actions.counter_offer(
        offer, role=manager, actor=cast.manager, terms=terms(price=Decimal("1800")), seen_version=1
    )
    actions.counter_offer(
        offer,
        role=role_of(cast.brand, "brand"),
        actor=cast.brand,
        terms=terms(price=Decimal("1600")),
        seen_version=2,
    )
    set_rules(floors={"video": "1000"}, answer=answer)
    check_offer(offer)  # the offer-sent event handled late: version 3 is the brand's answer
    offer.refresh_from_db()
    assert offer.status == OfferStatus.COUNTERED_BY_BRAND and offer.version == 3
    assert not OfferRuleCheck.objects.filter(offer=offer, answered=True).exists()


def test_20_flags_are_stored_and_queryable_by_rule(cast, campaign, set_rules):
    set_rules(floors={"video": "1000"}, min_upfront_pct=Decimal("50"))
    offer = send(cast, campaign)
    assert set(rules_found(offer)) == {Rule.PRICE_FLOOR, Rule.UPFRONT}
    floors = RuleBreach.objects.filter(rule=Rule.PRICE_FLOOR, offer__creator=cast.maya)
    assert [(b.found, b.limit) for b in floors] == [("1500.00 EUR", "2000 EUR")]


def test_20_the_brand_sending_through_the_api_reads_the_rules_answer(
    cast, bearer, campaign, set_rules
):
    from tests.api.test_deal_flow import terms_json

    set_rules(floors={"video": "1000"}, answer=Answer.COUNTER)
    response = bearer(cast.brand, "brand").post(
        f"/api/v1/campaigns/{campaign.public_id}/offers",
        {"creator": str(cast.maya.public_id), "terms": terms_json(price="900.00")},
        content_type="application/json",
    )
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == OfferStatus.COUNTERED_BY_CREATOR and data["version"] == 2


def test_20_no_counter_when_it_could_change_nothing(cast, campaign, set_rules):
    set_rules(min_upfront_pct=Decimal("50"), answer=Answer.COUNTER)
    milestones = [{"on": "posted", "percent": 70}]  # 30 % upfront + 70 %: fixed by milestones
    offer = send(cast, campaign, milestones=milestones)
    assert rules_found(offer) == [Rule.UPFRONT]
    assert offer.status == OfferStatus.OFFERED and offer.version == 1
