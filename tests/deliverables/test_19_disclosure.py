"""The disclosure check of a posted caption (issue 19): the brief's hashtags and mentions and an
ad disclosure, as whole tags, in any case and order; flagged to both sides when posted."""

import pytest
from django.urls import reverse

from access.models import AuditEventType
from creators.models import Video
from deliverables.disclosure import check, check_deliverable, required_of
from messaging.models import Notification
from tests.results.conftest import campaign_of, import_video, make_deal, post

# The results tests' deal fixtures, used here as they are.
__all__ = ["campaign_of", "make_deal"]

pytestmark = pytest.mark.django_db
REQUIRED = {"hashtags": ["#glowskin", "#summerglow"], "mentions": ["@glowskin"]}


def test_19_a_caption_with_everything_and_ad_passes():
    result = check("Glowing all summer #glowskin #summerglow @glowskin #ad", **REQUIRED)
    assert result.missing_hashtags == result.missing_mentions == []
    assert result.ad_disclosed


def test_19_a_caption_without_ad_lacks_the_disclosure():
    result = check("Glowing #glowskin #summerglow @glowskin", **REQUIRED)
    assert not result.ad_disclosed
    assert result.missing_hashtags == result.missing_mentions == []


def test_19_sponsored_counts_as_a_disclosure():
    assert check("#Sponsored #glowskin #summerglow @glowskin", **REQUIRED).ad_disclosed


def test_19_a_missing_mention_is_named():
    result = check("#ad #glowskin #summerglow thanks glowskin!", **REQUIRED)
    assert result.missing_mentions == ["@glowskin"]
    assert result.ad_disclosed and result.missing_hashtags == []


def test_19_case_and_order_do_not_matter():
    result = check("@GlowSkin. #AD, #SummerGlow #GLOWSKIN", **REQUIRED)
    assert result.missing_hashtags == result.missing_mentions == []
    assert result.ad_disclosed


def test_19_adventure_is_not_ad_and_a_longer_tag_is_not_the_tag():
    result = check("#adventure #glowskinfan #summerglow @glowskinofficial", **REQUIRED)
    assert not result.ad_disclosed
    assert result.missing_hashtags == ["#glowskin"]
    assert result.missing_mentions == ["@glowskin"]


def test_19_the_paid_partnership_label_is_a_disclosure():
    result = check("#glowskin #summerglow @glowskin", **REQUIRED, paid_partnership=True)
    assert result.ad_disclosed and result.by_label


def test_19_the_brief_is_normalised(cast, campaign_of):
    campaign = campaign_of(hashtags=["GlowSkin", "#glowskin", "#Summer"], mentions=["GlowSkin"])
    assert required_of(campaign) == (["#glowskin", "#summer"], ["@glowskin"])


def test_19_a_post_lacking_items_is_flagged_to_both_sides(cast, campaign_of, make_deal, login):
    campaign = campaign_of(hashtags=["#glowskin"], mentions=["@glowskin"])
    offer = make_deal(campaign, cast.maya, cast.creator, "1500")
    before = Notification.objects.filter(event=AuditEventType.DISCLOSURE_MISSING).count()
    item = post(offer, cast.creator, 1, "7400000000000000011", caption="New look #adventure")
    told = Notification.objects.filter(
        event=AuditEventType.DISCLOSURE_MISSING, offer=offer
    ).values_list("user__email", flat=True)
    assert Notification.objects.filter(event=AuditEventType.DISCLOSURE_MISSING).count() > before
    assert cast.brand.email in told  # the brand
    assert cast.manager.email in told  # and the creator's side (her manager)
    page = login(cast.brand).get(reverse("deliverables:deliverable", args=[item.public_id]))
    text = page.content.decode()
    assert "Missing from the post" in text and "#glowskin" in text and "@glowskin" in text


def test_19_a_complete_caption_is_not_flagged(cast, campaign_of, make_deal):
    campaign = campaign_of(hashtags=["#glowskin"])
    offer = make_deal(campaign, cast.maya, cast.creator, "1500")
    post(offer, cast.creator, 1, "7400000000000000012", caption="#GlowSkin love #ad")
    assert not Notification.objects.filter(
        event=AuditEventType.DISCLOSURE_MISSING, offer=offer
    ).exists()


def test_19_the_imported_caption_replaces_the_typed_one(cast, campaign_of, make_deal):
    campaign = campaign_of(hashtags=["#glowskin"])
    offer = make_deal(campaign, cast.maya, cast.creator, "1500")
    item = post(offer, cast.creator, 1, "7400000000000000013", caption="#glowskin #ad")
    assert item.video_id == "7400000000000000013"
    import_video(
        cast.maya, item.video_id, views=10, likes=1, comments=0, shares=0, caption="#glowskin"
    )
    video = Video.objects.get(video_id=item.video_id)
    result = check_deliverable(item, video)
    assert result.caption_source == "imported" and not result.ad_disclosed
    Video.objects.filter(pk=video.pk).update(paid_partnership=True)
    video.refresh_from_db()
    assert check_deliverable(item, video).ok


def test_19_a_tiktok_payload_brings_the_paid_partnership_label():
    from datetime import UTC, datetime

    from creators.sources.tiktok_json import parse_payload

    video = {
        "id": "7400000000000000014",
        "create_time": 1700000000,
        "title": "#glowskin",
        "duration": 15,
        "view_count": 10,
        "like_count": 1,
        "comment_count": 0,
        "share_count": 0,
        "brand_content_toggle": True,
    }
    payload = {
        "data": {"videos": [video], "cursor": 0, "has_more": False},
        "error": {"code": "ok", "message": "", "log_id": "x"},
    }
    batch = parse_payload(payload, fetched_at=datetime.now(UTC), handle="mayamoves")
    assert batch.videos[0].paid_partnership is True


def test_19_mark_as_posted_takes_the_caption_in_the_form(cast, campaign_of, make_deal, login):
    campaign = campaign_of(hashtags=["#glowskin"])
    offer = make_deal(campaign, cast.maya, cast.creator, "1500")
    item = offer.deliverables.get(number=1)
    url = reverse("deliverables:deliverable", args=[item.public_id])
    response = login(cast.creator).post(
        url,
        {
            "step": "posted",
            "url": "https://www.tiktok.com/@mayamoves/video/7400000000000000015",
            "caption": "so fresh #glowskin #ad",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.video_id, item.caption) == ("7400000000000000015", "so fresh #glowskin #ad")
    assert item.posted_at is not None
