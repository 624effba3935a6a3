from datetime import timedelta

import pytest
from django.urls import reverse

from campaigns.actions import today
from campaigns.models import Campaign, Offer
from tests.campaigns.conftest import role_of, terms
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
OFFERS = reverse("campaigns:offers")


def terms_post(price="1500", **extra):
    data = {
        "price": price,
        "currency": "EUR",
        "upfront_pct": "30",
        "net_days": "30",
        "usage_days": "30",
        "paid_ads_days": "30",
        "exclusivity_days": "0",
        "revision_rounds": "2",
        "response_deadline": (today() + timedelta(days=7)).isoformat(),
        "d0_type": "video",
        "d0_count": "2",
        "d0_due": (today() + timedelta(days=20)).isoformat(),
    }
    return data | extra


def test_brand_creates_a_campaign_and_sends_an_offer(cast, login):
    client = login(cast.brand)
    response = client.post(
        reverse("campaigns:campaign-create"),
        {
            "name": "Autumn launch",
            "budget": "10000",
            "currency": "EUR",
            "starts_on": today().isoformat(),
            "ends_on": (today() + timedelta(days=60)).isoformat(),
            "requirements": "Show the serum on camera; #autumnglow",
            "usage_days": "90",
            "exclusivity_days": "30",
            "target_genders": ["female"],
            "target_ages": ["18-24"],
        },
    )
    campaign = Campaign.objects.get(name="Autumn launch")
    assert response.status_code == 302
    assert (campaign.usage_days, campaign.target_genders) == (90, ["female"])
    brief = client.get(reverse("campaigns:campaign", args=[campaign.public_id])).text
    assert "Show the serum on camera" in brief and 'value="90"' in brief  # the offer's default
    url = reverse("campaigns:campaign", args=[campaign.public_id])
    response = client.post(url, terms_post(creator="@SofiaGlow"))
    offer = Offer.objects.get(campaign=campaign)
    assert response["Location"] == reverse("campaigns:offer", args=[offer.public_id])
    assert offer.status == "offered" and offer.creator.handle == "sofiaglow"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("price", "0", "Ensure this value is greater than or equal to 0.01."),
        ("price", "12.345", "Ensure that there are no more than 2 decimal places."),
        ("currency", "XYZ", "Select a valid choice."),
        ("upfront_pct", "120", "Ensure this value is less than or equal to 100."),
        ("creator", "@nobody.here", "No listed creator has this handle."),
    ],
)
def test_bad_offer_input_is_explained_and_nothing_saved(
    cast, login, campaign, field, value, message
):
    url = reverse("campaigns:campaign", args=[campaign.public_id])
    response = login(cast.brand).post(url, terms_post(creator="sofiaglow") | {field: value})
    assert message in response.text
    assert not Offer.objects.filter(campaign=campaign).exists()


def test_script_in_free_text_is_escaped(cast, login, campaign):
    url = reverse("campaigns:campaign", args=[campaign.public_id])
    login(cast.brand).post(url, terms_post(creator="sofiaglow", note="<script>alert(1)</script>"))
    offer = Offer.objects.get(campaign=campaign)
    page = login(cast.brand).get(reverse("campaigns:offer", args=[offer.public_id])).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_manager_counters_and_the_brand_sees_the_diff_and_accepts(cast, login, offer):
    url = reverse("campaigns:offer", args=[offer.public_id])
    manager = login(cast.manager)
    assert "Propose changes" in manager.get(url).text
    # The form itself comes on request (a link, or HTMX in place), prefilled with the terms.
    assert 'name="price"' not in manager.get(url).text
    form = manager.get(url, {"counter": "1"}).text
    assert 'name="price"' in form and 'value="1500.00"' in form
    manager.post(url, terms_post(price="2000") | {"verb": "counter_creator", "version": "1"})
    offer.refresh_from_db()
    assert (offer.status, offer.version) == ("countered_by_creator", 2)
    brand = login(cast.brand)
    page = brand.get(url).text
    assert "<del>1,500.00 EUR</del>" in page and "<ins>2,000.00 EUR</ins>" in page
    stale = brand.post(
        url, {"verb": "accept_brand", "version": "1", "confirmed": "on"}, follow=True
    )
    assert "version 2 is current" in stale.text
    brand.post(url, {"verb": "accept_brand", "version": "2", "confirmed": "on"})
    offer.refresh_from_db()
    assert offer.status == "accepted"
    assert url in brand.get(OFFERS, {"tab": "active"}).text
    assert url not in brand.get(OFFERS, {"tab": "pending"}).text


def test_18_an_irreversible_step_asks_first_and_says_to_whom(cast, login, offer):
    """Decline, withdraw, cancel and accept were taken on one click."""
    from access.models import AuditEvent

    url = reverse("campaigns:offer", args=[offer.public_id])
    brand = login(cast.brand)
    before = AuditEvent.objects.count()
    asked = brand.post(url, {"verb": "withdraw", "reason": "Budget cut", "status": offer.status})
    assert asked.status_code == 200
    assert "Withdraw the offer?" in asked.text and "@mayamoves" in asked.text
    assert "cannot be reopened" in asked.text and "Budget cut" in asked.text
    assert 'name="confirmed" value="on"' in asked.text
    offer.refresh_from_db()
    assert offer.status == "offered" and AuditEvent.objects.count() == before
    brand.post(
        url, {"verb": "withdraw", "reason": "Budget cut", "status": "offered", "confirmed": "on"}
    )
    offer.refresh_from_db()
    assert offer.status == "withdrawn"


def test_tab_counts_for_each_side(cast, login, offer):
    for user in (cast.brand, cast.manager, cast.creator):
        text = login(user).get(OFFERS).text
        assert 'Pending <span class="badge">' in text and "Summer glow" in text, user.email


def test_outsiders_get_404_on_the_offer(cast, login, offer):
    url = reverse("campaigns:offer", args=[offer.public_id])
    for user in (cast.outsider_brand, cast.lumen_manager, cast.creator2, cast.manager2):
        assert login(user).get(url).status_code == 404, user.email
        assert login(user).post(url, {"verb": "accept", "version": "1"}).status_code == 404
    offer.refresh_from_db()
    assert offer.status == "offered"


def test_offer_list_query_count_is_the_same_at_two_sizes(cast, login, campaign):
    from campaigns import actions
    from creators.models import CreatorProfile

    client = login(cast.brand)
    creators = list(CreatorProfile.objects.public().exclude(handle="mayamoves")[:30])

    def send(group):
        for creator in group:
            actions.send_offer(
                campaign,
                role=role_of(cast.brand, "brand"),
                actor=cast.brand,
                creator=creator,
                terms=terms(),
            )

    send(creators[:3])
    client.get(OFFERS)
    small = count_queries(lambda: client.get(OFFERS))
    send(creators[3:30])
    assert count_queries(lambda: client.get(OFFERS)) == small


def test_brand_finds_listed_creators_by_filters_and_audience_match(cast, login, campaign):
    campaign.target_countries = ["GB", "US"]
    campaign.save()
    client = login(cast.brand)
    url = reverse("campaigns:campaign", args=[campaign.public_id])
    page = client.get(url, {"search": 1, "category": "beauty", "min_followers": 1000}).text
    assert "@sofiaglow" in page and "@dj.kofi" not in page
    assert "Audience match" in page and "Make an offer" in page
    strict = client.get(url, {"search": 1, "min_match": 101}).text
    assert "Ensure this value is less than or equal to 100." in strict
    prefilled = client.get(url, {"creator": "sofiaglow"}).text
    assert 'value="sofiaglow"' in prefilled


def test_agency_tabs_filter_sort_and_keep_their_query_count(cast, login, campaign):
    from campaigns import actions
    from creators.models import CreatorProfile

    client = login(cast.owner)
    first = client.get(OFFERS, {"status": "offered", "sort": "newest"})
    assert first.status_code == 200 and "Who acts next" in first.text
    small = count_queries(lambda: client.get(OFFERS))
    northstar = CreatorProfile.objects.filter(
        representations__agency=cast.northstar, representations__status="active"
    ).exclude(handle="mayamoves")[:15]
    for creator in northstar:
        actions.send_offer(
            campaign,
            role=role_of(cast.brand, "brand"),
            actor=cast.brand,
            creator=creator,
            terms=terms(),
        )
    assert count_queries(lambda: client.get(OFFERS)) == small
