from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from access.models import AuditEvent, AuditEventType, Representation
from creators.models import (
    CreatorHandle,
    CreatorProfile,
    Rate,
    RateChange,
    SourceMetric,
    StatSnapshot,
    Video,
)
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
# The latest audience is read once for the panel and the brand fit; her other platforms (handles,
# totals, videos) come in the row that brings her categories, their source figures with TikTok's.
PAGE_QUERIES = 15


@pytest.fixture
def maya_rep(cast):
    return Representation.objects.active().get(creator=cast.maya)


def page_url(rep, **params):
    url = reverse("creators:creator", args=[rep.creator.public_id])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_manager_sees_stats_rates_audience_and_charts(cast, login, maya_rep):
    text = login(cast.manager).get(page_url(maya_rep)).text
    expected = [
        "At a glance",
        "Median views",
        "Engagement rate",
        "Rates",
        "Video series of 3",
        "Suggested video rate",
        "Audience",
        "Snapshot of",
        "Rate history",
    ]
    assert [e for e in expected if e not in text] == []
    assert reverse("creators:creator-chart", args=[maya_rep.creator.public_id, "followers"]) in text
    assert "Save the rate" in text  # Maya granted manage_rates


def test_each_chart_is_an_svg_document(cast, login, maya_rep):
    client = login(cast.manager)
    for name in ("followers", "views", "engagement", "genders", "ages", "countries", "devices"):
        response = client.get(
            reverse("creators:creator-chart", args=[maya_rep.creator.public_id, name])
        )
        assert response.status_code == 200, name
        assert response["Content-Type"] == "image/svg+xml"
        assert response.content.lstrip().startswith(b"<?xml") and b"<svg" in response.content
        assert b"kozea" not in response.content  # no external script
    missing = reverse("creators:creator-chart", args=[maya_rep.creator.public_id, "secrets"])
    assert client.get(missing).status_code == 404


def test_window_selector_changes_the_window(cast, login, maya_rep):
    client = login(cast.manager)
    assert 'aria-current="page">90 days' in client.get(page_url(maya_rep, window=90)).text
    assert 'aria-current="page">Last 30 videos' in client.get(page_url(maya_rep, window="v30")).text


def test_editing_a_rate_updates_the_panel_and_the_history(cast, login, maya_rep):
    client = login(cast.manager)
    response = client.post(
        reverse("creators:creator-rate", args=[maya_rep.creator.public_id]),
        {"deliverable": "live", "amount": "640.50", "currency": "EUR"},
        headers={"HX-Request": "true", "HX-Target": "rate-card"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section class="card" id="rate-card">')
    assert "640.50 EUR" in response.text and "Marco Bianchi" in response.text
    rate = Rate.objects.get(creator=cast.maya, deliverable="live")
    assert str(rate.amount) == "640.50"
    change = RateChange.objects.filter(creator=cast.maya).first()
    assert (change.old_amount, str(change.new_amount), change.changed_by) == (
        None,
        "640.50",
        cast.manager,
    )
    event = AuditEvent.objects.filter(event_type=AuditEventType.RATE_CHANGED).latest("id")
    assert event.actor == cast.manager and event.acting_as == "agency"
    assert event.on_behalf_of == cast.maya


def test_a_bad_rate_is_explained_and_changes_nothing(cast, login, maya_rep):
    before = list(Rate.objects.filter(creator=cast.maya).values_list("deliverable", "amount"))
    response = login(cast.manager).post(
        reverse("creators:creator-rate", args=[maya_rep.creator.public_id]),
        {"deliverable": "video", "amount": "-5", "currency": "EUR"},
        headers={"HX-Request": "true", "HX-Target": "rate-card"},
    )
    assert response.status_code == 200  # htmx swaps in 2xx answers only: the errors must show
    assert "Ensure this value is greater than or equal to 0." in response.text
    assert (
        list(Rate.objects.filter(creator=cast.maya).values_list("deliverable", "amount")) == before
    )


def test_without_manage_rates_there_is_no_edit_control_and_a_post_is_refused(cast, login, maya_rep):
    Representation.objects.filter(pk=maya_rep.pk).update(scopes=["view_insights"])
    client = login(cast.manager)
    text = client.get(page_url(maya_rep)).text
    assert "Save the rate" not in text and ">Edit<" not in text
    assert "Rates" in text  # still visible with view_insights
    response = client.post(
        reverse("creators:creator-rate", args=[maya_rep.creator.public_id]),
        {"deliverable": "video", "amount": "1", "currency": "EUR"},
    )
    assert response.status_code == 403
    assert Rate.objects.get(creator=cast.maya, deliverable="video").amount != 1


def test_without_view_insights_the_insights_and_charts_are_closed(cast, login, maya_rep):
    Representation.objects.filter(pk=maya_rep.pk).update(scopes=["negotiate"])
    client = login(cast.manager)
    text = client.get(page_url(maya_rep)).text
    assert "Insights withheld" in text and "has not shared their insights" in text
    chart = reverse("creators:creator-chart", args=[maya_rep.creator.public_id, "followers"])
    assert client.get(chart).status_code == 403


def test_brand_fit_explains_each_line(cast, login, maya_rep):
    text = (
        login(cast.manager)
        .get(page_url(maya_rep, fit=1, countries="GB,US", genders="female", ages="18-24"))
        .text
    )
    assert "of the audience is in GB, US" in text
    assert "product of the lines above" in text and "Matching share" in text


def test_outsiders_get_404_on_the_page_charts_and_rates(cast, login, maya_rep):
    for user in (cast.lumen_manager, cast.manager2, cast.brand, cast.creator2):
        client = login(user)
        assert client.get(page_url(maya_rep)).status_code == 404
        chart = reverse("creators:creator-chart", args=[maya_rep.creator.public_id, "followers"])
        assert client.get(chart).status_code == 404
        rate = reverse("creators:creator-rate", args=[maya_rep.creator.public_id])
        assert (
            client.post(
                rate, {"deliverable": "video", "amount": "1", "currency": "EUR"}
            ).status_code
            == 404
        )


def test_page_query_count_is_the_same_with_10_and_1000_videos(cast, login, maya_rep):
    client = login(cast.manager)
    creator = CreatorProfile.objects.get(pk=cast.maya.pk)
    Video.objects.filter(creator=creator).delete()

    def add(n, offset):
        Video.objects.bulk_create(
            Video(
                creator=creator,
                video_id=f"q{offset + i}",
                views=1000 + i,
                likes=i,
                comments=1,
                shares=1,
                posted_at=datetime.now(UTC) - timedelta(hours=i % 600),
            )
            for i in range(n)
        )

    def add_instagram(n, offset):
        today = datetime.now(UTC).date()
        Video.objects.bulk_create(
            Video(
                creator=creator,
                platform="instagram",
                video_id=f"q{offset + i}",
                views=10 + i,
                posted_at=datetime.now(UTC) - timedelta(hours=i % 600),
            )
            for i in range(n)
        )
        StatSnapshot.objects.bulk_create(
            StatSnapshot(
                creator=creator,
                platform="instagram",
                day=today - timedelta(days=offset + i),
                followers=5000 - offset - i,
                following=None if i % 2 else 10,
            )
            for i in range(n)
        )
        SourceMetric.objects.bulk_create(
            SourceMetric(
                creator=creator,
                platform="instagram",
                day=today - timedelta(days=offset + i),
                source="instagram_insights",
                name=f"rate_{(offset + i) % 7}",
                value="0.5",
            )
            for i in range(n)
        )

    CreatorHandle.objects.create(creator=creator, platform="instagram", handle="maya.insta")
    add(10, 0)
    add_instagram(10, 0)
    url = page_url(maya_rep, fit=1, countries="GB")
    client.get(url)
    small = count_queries(lambda: client.get(url))
    add(990, 10)
    add_instagram(990, 10)
    large = count_queries(lambda: client.get(url))
    assert small == large == PAGE_QUERIES


def test_editing_a_line_opens_with_its_price_and_currency(cast, login, maya_rep):
    Rate.objects.filter(creator=cast.maya, deliverable="video").update(
        amount=Decimal("150"), currency="GBP"
    )
    text = login(cast.manager).get(page_url(maya_rep, edit="video")).text
    assert '<option value="GBP" selected>GBP</option>' in text
    assert 'value="150.00"' in text or 'value="150"' in text


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        ("-50", "Ensure this value is greater than or equal to 0."),
        ("abc", "Enter a number."),
        ("12,50", "Enter a number."),  # English: never read as 1250
        ("99999999999999", "Ensure that there are no more than 12 digits in total."),
        ("", "Give a price. To take this line off the rate card"),
    ],
)
def test_18_a_refused_rate_shows_why_and_keeps_the_line(cast, login, maya_rep, amount, error):
    before = list(Rate.objects.filter(creator=cast.maya).values_list("deliverable", "amount"))
    response = login(cast.manager).post(
        reverse("creators:creator-rate", args=[maya_rep.creator.public_id]),
        {"deliverable": "video", "amount": amount, "currency": "EUR"},
        headers={"HX-Request": "true", "HX-Target": "rate-card"},
    )
    assert response.status_code == 200 and error in response.text
    after = list(Rate.objects.filter(creator=cast.maya).values_list("deliverable", "amount"))
    assert after == before


def test_a_french_reader_types_the_price_with_a_comma(cast, login, maya_rep):
    client = login(cast.manager)
    client.post(reverse("accounts:language"), {"language": "fr"})
    client.post(
        reverse("creators:creator-rate", args=[maya_rep.creator.public_id]),
        {"deliverable": "live", "amount": "12,50", "currency": "EUR"},
    )
    assert Rate.objects.get(creator=cast.maya, deliverable="live").amount == Decimal("12.50")


def test_remove_this_line_takes_it_off_the_card(cast, login, maya_rep):
    client = login(cast.manager)
    assert "Remove this line" in client.get(page_url(maya_rep, edit="video")).text
    client.post(
        reverse("creators:creator-rate", args=[maya_rep.creator.public_id]),
        {"deliverable": "video", "amount": "", "currency": "EUR", "remove": "1"},
    )
    assert not Rate.objects.filter(creator=cast.maya, deliverable="video").exists()
    change = RateChange.objects.filter(creator=cast.maya, deliverable="video").first()
    assert change.new_amount is None


def test_18_brand_fit_reads_as_a_sentence(cast, login, maya_rep):
    """It said "53.0 % of the audience is in female"."""
    text = login(cast.manager).get(page_url(maya_rep, fit=1, genders="female", ages="18-24")).text
    assert "of the audience is female" in text and "is in female" not in text
    assert "of the audience is aged 18-24" in text
    assert "of the audience is in" not in text  # no country line: none was named


def test_18_the_age_chart_is_in_age_order():
    from creators.charts import audience_shares

    svg = audience_shares(
        "Age", {"25-34": "0.5", "55+": "0.05", "18-24": "0.3", "35-44": "0.15"}, in_order=True
    )
    text = svg.decode()
    positions = [text.rindex(f">{bucket}<") for bucket in ("55+", "35-44", "25-34", "18-24")]
    assert positions == sorted(positions)  # drawn bottom up: 55+ first, 18-24 on top
