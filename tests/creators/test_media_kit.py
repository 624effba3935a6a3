"""The media kit (issue 19): off by default (404 for everyone), on it shows exactly the parts
she chose and her rate card only when public, the PDF renders, a brand's "Ask for an offer"
prefills the offer form, and no one else changes her kit."""

import re
import zlib

import pytest
from django.urls import reverse

from access.models import AuditEvent, AuditEventType, Representation
from brands.actions import set_media_kit_consent
from campaigns.models import Offer
from campaigns.transitions import OfferStatus
from creators import actions
from creators.models import MediaKit
from tests.campaigns.conftest import role_of
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
KIT_QUERIES = 7  # the session, the kit with its creator, figures, categories, audience, brands
SETTINGS_AND_ASK_QUERIES = (11, 7)  # the settings page (form, brands, kit), the ask page


def streams(pdf: bytes):
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            yield zlib.decompress(match.group(1))
        except zlib.error:
            continue


def settings_url(creator):
    return reverse("media_kit:settings", args=[creator.public_id])


@pytest.fixture
def kit(cast):
    return MediaKit.objects.get_or_create(creator=cast.maya)[0]


def turn_on(cast, **fields):
    return actions.update_media_kit(
        cast.maya, actor=cast.creator, role=role_of(cast.creator, "creator"), is_on=True, **fields
    )


def test_19_media_kit_is_off_by_default_for_everyone(cast, login, anon, kit):
    url = reverse("media_kit:kit", args=[kit.slug])
    assert not kit.is_on
    for client in (anon, login(cast.creator), login(cast.manager), login(cast.brand)):
        assert client.get(url).status_code == 404
        assert client.get(reverse("media_kit:kit-pdf", args=[kit.slug])).status_code == 404
    assert anon.get(reverse("media_kit:kit", args=["no-such-kit"])).status_code == 404


def test_19_media_kit_shows_exactly_the_fields_chosen(cast, anon, kit):
    cast.maya.bio = "Dance and fitness, daily."
    cast.maya.rates_public = False
    cast.maya.save()
    turn_on(
        cast, show_bio=False, show_categories=True, show_audience=False, metrics=["median_views"]
    )
    text = anon.get(reverse("media_kit:kit", args=[kit.slug])).text
    assert cast.maya.at_handle in text and "verified" in text
    assert 'id="kit-median_views"' in text and "Median views" in text
    assert 'id="kit-engagement_rate"' not in text and 'id="kit-followers"' not in text
    assert "Dance and fitness" not in text and 'id="kit-bio"' not in text
    assert 'id="kit-audience"' not in text
    assert 'id="kit-rates"' not in text  # her rate card is private

    turn_on(cast, show_bio=True, show_audience=True, metrics=["engagement_rate", "followers"])
    text = anon.get(reverse("media_kit:kit", args=[kit.slug])).text
    assert "Dance and fitness" in text and 'id="kit-audience"' in text
    assert 'id="kit-engagement_rate"' in text and 'id="kit-median_views"' not in text


def test_19_media_kit_shows_the_rate_card_only_when_public(cast, anon, kit):
    turn_on(cast)
    url = reverse("media_kit:kit", args=[kit.slug])
    assert 'id="kit-rates"' not in anon.get(url).text
    cast.maya.rates_public = True
    cast.maya.save()
    text = anon.get(url).text
    assert 'id="kit-rates"' in text and "Video series of 3" in text


def test_19_media_kit_names_only_brands_that_agreed(cast, login, anon, kit, offer):
    Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.COMPLETED)
    client = login(cast.creator)
    assert "GlowSkin" not in client.get(settings_url(cast.maya)).text  # not agreed yet
    set_media_kit_consent(cast.glowskin, actor=cast.brand, shown=True)
    assert "GlowSkin" in client.get(settings_url(cast.maya)).text
    response = client.post(
        settings_url(cast.maya),
        {"is_on": "on", "collaborations": [cast.glowskin.pk], "metrics": ["followers"]},
    )
    assert response.status_code == 302
    url = reverse("media_kit:kit", args=[kit.slug])
    assert "GlowSkin" in anon.get(url).text
    set_media_kit_consent(cast.glowskin, actor=cast.brand, shown=False)
    assert "GlowSkin" not in anon.get(url).text


def test_19_brand_consent_is_a_toggle_on_its_home_and_audited(cast, login):
    client = login(cast.brand)
    assert "media-kit-consent" in client.get(reverse("home")).text
    client.post(reverse("brands:media-kit-consent"), {"shown": "1"})
    cast.glowskin.refresh_from_db()
    assert cast.glowskin.shown_in_media_kits
    assert AuditEvent.objects.filter(
        event_type=AuditEventType.PROFILE_UPDATED, brand=cast.glowskin
    ).exists()


def test_19_media_kit_pdf_renders(cast, anon, kit):
    turn_on(cast, metrics=["followers"])
    response = anon.get(reverse("media_kit:kit-pdf", args=[kit.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # WeasyPrint compresses its objects: the document's title is in one of the streams.
    assert any(b"Title (Media kit of @mayamoves)" in s for s in streams(response.content))


def test_19_brand_ask_for_an_offer_prefills_the_offer(cast, login, kit, campaign):
    turn_on(cast)
    client = login(cast.brand)
    page = client.get(reverse("media_kit:kit", args=[kit.slug])).text
    ask = reverse("media_kit:ask", args=[kit.slug])
    assert f'href="{ask}"' in page
    text = client.get(ask).text
    target = reverse("campaigns:campaign", args=[campaign.public_id]) + "?creator=mayamoves#send"
    assert target.replace("&", "&amp;") in text
    form = client.get(target.split("#")[0]).text
    assert 'value="mayamoves"' in form
    # A new campaign started from the kit leads to the same prefilled form.
    new = client.get(ask).context["new_campaign"]
    assert new.endswith("?creator=mayamoves")


def test_19_media_kit_settings_are_hers_and_her_rate_managers(cast, login, kit):
    assert login(cast.creator).get(settings_url(cast.maya)).status_code == 200
    assert login(cast.manager).get(settings_url(cast.maya)).status_code == 200
    assert login(cast.assistant).get(settings_url(cast.maya)).status_code == 403  # read-only
    for outsider in (cast.lumen_owner, cast.creator2, cast.brand):
        assert login(outsider).get(settings_url(cast.maya)).status_code == 404
        response = login(outsider).post(settings_url(cast.maya), {"is_on": "on"})
        assert response.status_code == 404
    kit.refresh_from_db()
    assert not kit.is_on
    Representation.objects.active().filter(creator=cast.maya).update(scopes=["view_insights"])
    assert login(cast.manager).post(settings_url(cast.maya), {"is_on": "on"}).status_code == 403


def test_19_turning_the_kit_on_is_audited(cast, login, kit):
    login(cast.manager).post(settings_url(cast.maya), {"is_on": "on", "metrics": ["followers"]})
    kit.refresh_from_db()
    assert kit.is_on and kit.metrics == ["followers"]
    event = AuditEvent.objects.filter(
        event_type=AuditEventType.CREATOR_PROFILE_UPDATED, on_behalf_of=cast.maya
    ).latest("id")
    assert event.changes["media_kit.is_on"] == [False, True]
    assert event.agency_id == cast.northstar.pk


def test_19_brand_search_and_home_link_to_a_kit_that_is_on(cast, login, kit, campaign):
    # The home lists the twelve largest creators of the brand's category: make hers one.
    cast.glowskin.category = cast.maya.categories.order_by("-creators__followers").first()
    cast.glowskin.save()
    client = login(cast.brand)
    link = reverse("media_kit:kit", args=[kit.slug])
    search = reverse("campaigns:campaign", args=[campaign.public_id]) + "?search=1&q=maya"
    assert link not in client.get(reverse("home")).text
    assert link not in client.get(search).text
    turn_on(cast)
    assert link in client.get(reverse("home")).text
    assert link in client.get(search).text


def test_19_media_kit_query_count_is_pinned(cast, anon, kit):
    turn_on(cast, show_audience=True, metrics=["followers", "median_views"])
    url = reverse("media_kit:kit", args=[kit.slug])
    anon.get(url)
    assert count_queries(lambda: anon.get(url)) == KIT_QUERIES


def test_19_a_closed_account_takes_its_media_kit_down(cast, anon, kit):
    from talentdesk.lifecycle.closure import _anonymise_profile

    turn_on(cast)
    _anonymise_profile(cast.maya)
    assert anon.get(reverse("media_kit:kit", args=[kit.slug])).status_code == 404


def test_19_settings_and_ask_pages_query_counts_are_pinned(cast, login, kit, campaign):
    from campaigns import actions as campaign_actions
    from campaigns.actions import today

    turn_on(cast)
    creator, brand = login(cast.creator), login(cast.brand)
    settings, ask = settings_url(cast.maya), reverse("media_kit:ask", args=[kit.slug])
    creator.get(settings)
    brand.get(ask)
    counts = (count_queries(lambda: creator.get(settings)), count_queries(lambda: brand.get(ask)))
    for n in range(5):
        campaign_actions.create_campaign(
            cast.glowskin,
            actor=cast.brand,
            name=f"More {n}",
            budget=1000,
            currency="EUR",
            starts_on=today(),
            ends_on=today(),
        )
    assert counts == (
        count_queries(lambda: creator.get(settings)),
        count_queries(lambda: brand.get(ask)),
    )
    assert counts == SETTINGS_AND_ASK_QUERIES
