"""The world `make faults` writes into (run inside Django by bench/faults.py, after `talentdesk
demo`): GlowSkin's campaigns (one per offer the load will send, since a creator gets one offer per
campaign), a write token for GlowSkin and one for Maya, GlowSkin's webhook endpoint pointing at
the harness's receiver, and signed deals whose deliverables take the draft uploads. Prints one
JSON line."""

import json
import os
from datetime import timedelta
from decimal import Decimal

from access.hats import roles_for
from accounts.models import User
from api import actions as api_actions
from campaigns import actions
from campaigns.actions import today
from campaigns.contracts import sign_contract
from campaigns.models import Campaign, Contract
from creators.models import CreatorProfile

BRAND_EMAIL = "brand@glowskin.example"
CREATOR_EMAIL = "creator@creators.example"


def _role(user, kind):
    return next(r for r in roles_for(user) if r.kind == kind)


def _terms(count: int) -> dict:
    return {
        "price": Decimal("900.00"),
        "currency": "EUR",
        "deliverables": [
            {"type": "video", "count": count, "due": (today() + timedelta(days=20)).isoformat()}
        ],
        "upfront_pct": Decimal("0"),
        "net_days": 30,
        "usage_days": 30,
        "paid_ads_days": 0,
        "exclusivity_categories": [],
        "exclusivity_days": 0,
        "revision_rounds": 2,
        "response_deadline": today() + timedelta(days=7),
    }


def build(campaigns: int, receiver_url: str, signed_deals: int = 4) -> dict:
    brand_user = User.objects.get(email=BRAND_EMAIL)
    creator_user = User.objects.get(email=CREATOR_EMAIL)
    brand_role, creator_role = _role(brand_user, "brand"), _role(creator_user, "creator")
    maya = CreatorProfile.objects.get(handle="mayamoves")
    glowskin = brand_role.brand

    def campaign(name):
        return actions.create_campaign(
            glowskin,
            actor=brand_user,
            name=name,
            budget=Decimal("5000"),
            currency="EUR",
            starts_on=today(),
            ends_on=today() + timedelta(days=60),
        )

    # Signed deals first: their events are sent before the receiver's endpoint exists.
    deliverables = []
    for n in range(signed_deals):
        offer = actions.send_offer(
            campaign(f"Faults uploads {n}"),
            role=brand_role,
            actor=brand_user,
            creator=maya,
            terms=_terms(10),
        )
        actions.accept_offer(offer, role=creator_role, actor=creator_user, seen_version=1)
        contract = Contract.objects.get(offer=offer)
        sign_contract(
            contract, role=brand_role, actor=brand_user, full_name=brand_user.name, ip=None
        )
        sign_contract(
            contract, role=creator_role, actor=creator_user, full_name=creator_user.name, ip=None
        )
        deliverables += [str(d.public_id) for d in offer.deliverables.order_by("number")]
    # The load's campaigns, made in bulk (no event: they are the stage, not the test).
    first = Campaign.objects.filter(brand=glowskin).order_by("-id").first()
    model = {
        f.attname: getattr(first, f.attname)
        for f in Campaign._meta.concrete_fields
        if f.attname not in ("id", "public_id", "name", "created_at", "updated_at")
    }
    made = Campaign.objects.bulk_create(
        Campaign(**model, name=f"Faults load {n:05d}") for n in range(campaigns)
    )
    made_ids = [str(c.public_id) for c in Campaign.objects.filter(pk__in=[c.pk for c in made])]
    endpoint = api_actions.create_endpoint(
        brand_role, actor=brand_user, url=receiver_url, events=["offer.received"]
    )
    brand_token = api_actions.create_token(
        brand_user, name="faults load", scope="write", role_key=brand_role.key
    )[1]
    creator_token = api_actions.create_token(
        creator_user, name="faults uploads", scope="write", role_key=creator_role.key
    )[1]
    return {
        "brand_token": brand_token,
        "creator_token": creator_token,
        "creator": str(maya.public_id),
        "campaigns": made_ids,
        "deliverables": deliverables,
        "webhook_secret": endpoint.secret,
    }


def main() -> None:
    """`FAULTS_CAMPAIGNS=N FAULTS_RECEIVER=url talentdesk shell -c "from bench import
    faults_world; faults_world.main()"`"""
    built = build(int(os.environ["FAULTS_CAMPAIGNS"]), os.environ["FAULTS_RECEIVER"])
    print("FAULTS-WORLD " + json.dumps(built))
