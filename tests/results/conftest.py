"""Results tests: a campaign with deals to three creators, posted and (some) imported."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from campaigns import actions
from campaigns.actions import today
from campaigns.contracts import sign_contract
from campaigns.models import Contract
from creators.importing import write_batch
from creators.models import CreatorProfile
from creators.sources.records import Batch, VideoRecord
from deliverables import actions as deliverable_actions
from tests.campaigns.conftest import role_of, terms


def tiktok(handle: str, video_id: str) -> str:
    return f"https://www.tiktok.com/@{handle}/video/{video_id}"


@pytest.fixture
def third(cast):
    """A third listed creator with her own account (neither Maya nor Leo)."""
    return (
        CreatorProfile.objects.public()
        .exclude(handle__in=["mayamoves", "leo.eats"])
        .select_related("user")
        .first()
    )


def deal(cast, campaign, creator, user, price, videos=1):
    """A deal sent, accepted and signed by the creator herself and the brand; its `videos`
    deliverables drafted and approved."""
    brand = {"role": role_of(cast.brand, "brand"), "actor": cast.brand}
    due = (today() + timedelta(days=20)).isoformat()
    offer = actions.send_offer(
        campaign,
        creator=creator,
        terms=terms(
            price=Decimal(price), deliverables=[{"type": "video", "count": videos, "due": due}]
        ),
        **brand,
    )
    side = {"role": role_of(user, "creator"), "actor": user}
    actions.accept_offer(offer, seen_version=1, **side)
    contract = Contract.objects.get(offer=offer)
    sign_contract(contract, full_name="Camille Roux", ip=None, **brand)
    sign_contract(contract, full_name=user.name or "Creator", ip=None, **side)
    for item in offer.deliverables.order_by("number"):
        deliverable_actions.submit_draft(item, link="https://drive.example.com/v", **side)
        deliverable_actions.give_feedback(item, body="", kind="approval", **brand)
    offer.refresh_from_db()
    return offer


@pytest.fixture
def make_deal(cast, settings, tmp_path):
    """make_deal(campaign, creator, user, price, videos=n): see `deal`."""
    settings.MEDIA_ROOT = tmp_path

    def make(campaign, creator, user, price, videos=1):
        return deal(cast, campaign, creator, user, price, videos)

    return make


def post(offer, user, number, video_id, *, views=None, caption=""):
    """The creator marks deliverable `number` as posted (her video `video_id`)."""
    item = offer.deliverables.get(number=number)
    return deliverable_actions.mark_posted(
        item,
        role=role_of(user, "creator"),
        actor=user,
        url=tiktok(offer.creator.handle, video_id),
        first_views=views,
        caption=caption,
    )


def import_video(creator, video_id, *, views, likes, comments, shares, caption="", posted_at=None):
    """Her video as an import writes it (creators.importing, a TikTok payload's source)."""
    record = VideoRecord(
        video_id=video_id,
        handle=creator.handle,
        posted_at=posted_at or datetime.now(UTC),
        views=views,
        likes=likes,
        comments=comments,
        shares=shares,
        caption=caption,
    )
    write_batch(Batch(source="tiktok-business", videos=[record]))


@pytest.fixture
def campaign_of(cast):
    def make(name="Autumn launch", **extra):
        return actions.create_campaign(
            cast.glowskin,
            actor=cast.brand,
            name=name,
            budget=Decimal("50000"),
            currency="EUR",
            starts_on=today(),
            ends_on=today() + timedelta(days=60),
            **extra,
        )

    return make
