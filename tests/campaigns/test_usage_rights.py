"""The usage-rights clock: a signed deal's usage and paid-ads windows end on a date; 14 and 3
days before, the creator side is told (once) and may offer the brand a renewal in one click."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from access.models import AuditEvent, AuditEventType, Representation
from campaigns import actions
from campaigns.actions import today
from campaigns.contracts import sign_contract
from campaigns.models import Contract, Offer, UsageReminder
from campaigns.transitions import OfferStatus
from campaigns.usage import remind_usage_rights
from messaging.models import Notification
from money.transitions import MilestoneStatus
from talentdesk.lib.errors import ActionError
from tests.campaigns.conftest import role_of

pytestmark = pytest.mark.django_db


def ending(offer):
    return Notification.objects.filter(offer=offer, event=AuditEventType.USAGE_RIGHTS_ENDING)


def test_sealing_dates_the_windows_from_the_seal(signed):
    contract = signed.contract
    assert contract.usage_ends_on == today() + timedelta(days=30)
    assert contract.paid_ads_ends_on == today() + timedelta(days=30)


def test_the_creator_side_is_told_14_and_3_days_before_once(cast, signed):
    ends = signed.contract.usage_ends_on
    mine = UsageReminder.objects.filter(offer=signed)
    for days_before, expected in [(20, 0), (14, 2), (10, 2), (3, 4), (1, 4)]:
        day = ends - timedelta(days=days_before)
        remind_usage_rights(day)
        assert mine.count() == expected, days_before  # usage and paid ads, 14 and 3 days
        assert remind_usage_rights(day) == 0  # a second tick sends nothing
    told = {n.user for n in ending(signed)}
    assert cast.creator in told and cast.manager in told
    assert not told & set(cast.glowskin.memberships.values_list("user", flat=True))
    assert cast.brand not in told
    rows = AuditEvent.objects.filter(
        event_type=AuditEventType.USAGE_RIGHTS_ENDING, target_id=str(signed.public_id)
    )
    assert rows.count() == 4 and {r.on_behalf_of for r in rows} == {cast.maya}
    assert sorted({r.changes["days_left"] for r in rows}) == [3, 14]


def test_a_cancelled_deal_has_no_rights_to_remind_of(cast, signed):
    actions.decide_offer(
        signed,
        "cancel_brand",
        role=role_of(cast.brand, "brand"),
        actor=cast.brand,
        reason="Launch moved.",
    )
    remind_usage_rights(signed.contract.usage_ends_on - timedelta(days=14))
    assert not UsageReminder.objects.filter(offer=signed).exists()


def test_the_tick_sends_them(cast, signed):
    from django.core.management import call_command

    ends = signed.contract.usage_ends_on
    with time_machine.travel(timezone.now() + timedelta(days=(ends - today()).days - 14)):
        call_command("remind-usage-rights")
    assert ending(signed).exists()


def test_issue16_renewal_in_one_click_through_signature(cast, signed, settings, tmp_path):
    manager = {"role": role_of(cast.manager, "agency"), "actor": cast.manager}
    brand = {"role": role_of(cast.brand, "brand"), "actor": cast.brand}
    renewal = actions.propose_renewal(signed, **manager)
    assert (renewal.status, renewal.renews, renewal.campaign) == (
        OfferStatus.COUNTERED_BY_CREATOR,
        signed,
        signed.campaign,
    )
    terms, accepted = renewal.versions.get(), signed.contract.terms
    assert terms.deliverables == [] and terms.price == accepted.price
    assert (terms.usage_days, terms.usage_channels, terms.paid_ads_days) == (
        accepted.usage_days,
        accepted.usage_channels,
        accepted.paid_ads_days,
    )
    assert terms.upfront_pct == 100 and terms.exclusivity_days == 0
    told = Notification.objects.filter(offer=renewal, event=AuditEventType.RENEWAL_PROPOSED)
    brand_members = set(cast.glowskin.memberships.values_list("user", flat=True))
    assert cast.brand in {n.user for n in told}
    assert {n.user_id for n in told} <= brand_members
    with pytest.raises(ActionError):  # one open renewal at a time
        actions.propose_renewal(signed, **manager)
    actions.accept_offer(renewal, seen_version=1, **brand)
    contract = Contract.objects.get(offer=renewal)
    sign_contract(contract, full_name="Camille Roux", ip=None, **brand)
    sign_contract(contract, full_name="Marco Bianchi", ip=None, **manager)
    renewal.refresh_from_db()
    assert renewal.status == OfferStatus.COMPLETED  # rights only: nothing to deliver
    (milestone,) = renewal.milestones.all()
    assert (milestone.amount, milestone.status) == (accepted.price, MilestoneStatus.DUE)


def test_who_may_offer_a_renewal_and_of_what(cast, signed):
    for user, kind in [
        (cast.brand, "brand"),
        (cast.lumen_manager, "agency"),
        (cast.manager2, "agency"),  # not assigned to Maya
        (cast.assistant, "agency"),  # read-only
    ]:
        with pytest.raises(ActionError):
            actions.propose_renewal(signed, role=role_of(user, kind), actor=user)
    rep = Representation.objects.active().get(creator=cast.maya)
    rep.scopes = [s for s in rep.scopes if s != "negotiate"]
    rep.save()
    with pytest.raises(ActionError):
        actions.propose_renewal(signed, role=role_of(cast.manager, "agency"), actor=cast.manager)
    creator = {"role": role_of(cast.creator, "creator"), "actor": cast.creator}
    pending = Offer.objects.filter(creator=cast.maya, status=OfferStatus.COUNTERED_BY_CREATOR)
    with pytest.raises(ActionError):  # not signed: no rights yet
        actions.propose_renewal(pending.first(), **creator)
    for bad in ("0", "-5", "lots", "NaN", "12,50"):  # a comma is never dropped: not 1250
        with pytest.raises(ActionError) as refused:
            actions.propose_renewal(signed, price=bad, **creator)
        assert refused.value.field == "price"
    renewal = actions.propose_renewal(signed, price="900.00", note="Another 30 days?", **creator)
    assert renewal.versions.get().price == Decimal("900.00")
    assert not signed.renewals.exclude(pk=renewal.pk).exists()


def test_the_brand_hears_of_a_renewal_by_webhook(cast, signed, settings):
    from api import actions as api_actions
    from api.models import WebhookDelivery

    settings.WEBHOOK_ALLOW_PRIVATE = True
    api_actions.create_endpoint(
        role_of(cast.brand, "brand"),
        actor=cast.brand,
        url="http://127.0.0.1:9/hook",
        events=["offer.countered"],
    )
    renewal = actions.propose_renewal(
        signed, role=role_of(cast.creator, "creator"), actor=cast.creator
    )
    delivery = WebhookDelivery.objects.get(event="offer.countered")
    assert delivery.payload["data"]["offer"]["id"] == str(renewal.public_id)
