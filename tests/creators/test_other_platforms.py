"""Issue 15 item 9: her handles on Instagram and YouTube are hers to set, and the creator page
shows each platform's figures apart from the TikTok insights."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from access.models import AuditEvent, AuditEventType, Representation
from creators import queries
from creators.metrics import compute
from creators.models import CreatorHandle, SourceMetric, StatSnapshot, Video
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
EDIT = reverse("creators:profile-edit")


def page(cast):
    return reverse("creators:creator", args=[cast.maya.public_id])


def profile_post(**handles):
    return {"display_name": "Maya Moves", "country": "GB", "categories": ["dance"], **handles}


def instagram_handles(profile):
    return list(
        CreatorHandle.objects.filter(creator=profile, platform="instagram").values_list(
            "handle", flat=True
        )
    )


def updates(profile):
    return AuditEvent.objects.filter(
        event_type=AuditEventType.CREATOR_PROFILE_UPDATED, on_behalf_of=profile
    )


@pytest.fixture
def instagram(cast):
    """Maya's Instagram: a handle, two snapshots (following given only on the older one), two
    days of one source figure and three stored videos."""
    maya = cast.maya
    CreatorHandle.objects.create(creator=maya, platform="instagram", handle="maya.insta")
    StatSnapshot.objects.create(
        creator=maya,
        platform="instagram",
        day=date(2026, 11, 1),
        followers=7_000_001,
        following=321,
        source="instagram_csv",
    )
    StatSnapshot.objects.create(
        creator=maya,
        platform="instagram",
        day=date(2026, 11, 20),
        followers=7_654_321,
        source="instagram_csv",
    )
    for day, value in ((date(2026, 11, 1), "0.011"), (date(2026, 11, 20), "0.0425")):
        SourceMetric.objects.create(
            creator=maya,
            platform="instagram",
            day=day,
            source="instagram_csv",
            name="reach_rate",
            value=Decimal(value),
        )
    Video.objects.bulk_create(
        Video(
            creator=maya,
            platform="instagram",
            video_id=f"ig-{i}",
            views=99_000_000,
            likes=1,
            comments=1,
            shares=1,
            posted_at=datetime.now(UTC) - timedelta(days=1),
        )
        for i in range(3)
    )


def test_issue15_item9_the_creator_sets_and_clears_her_instagram_handle_audited(cast, login):
    client = login(cast.creator)
    response = client.post(EDIT, profile_post(instagram_handle="@Maya.Insta", youtube_handle=""))
    assert response.status_code == 302
    assert instagram_handles(cast.maya) == ["maya.insta"]
    assert updates(cast.maya).latest("id").changes["instagram_handle"] == [None, "maya.insta"]
    assert 'value="maya.insta"' in client.get(EDIT).text

    before = updates(cast.maya).count()
    client.post(EDIT, profile_post(instagram_handle="maya.insta", youtube_handle=""))
    assert updates(cast.maya).count() == before  # unchanged: nothing to audit

    response = client.post(EDIT, profile_post(instagram_handle="", youtube_handle=""))
    assert response.status_code == 302
    assert instagram_handles(cast.maya) == []
    event = updates(cast.maya).latest("id")
    assert event.changes == {"instagram_handle": ["maya.insta", None]}
    assert event.actor == cast.creator and event.acting_as == "creator"


def test_issue15_item9_a_handle_on_another_profile_is_refused_and_nothing_is_saved(cast, login):
    CreatorHandle.objects.create(creator=cast.leo, platform="instagram", handle="leo.gram")
    before = updates(cast.maya).count()
    response = login(cast.creator).post(
        EDIT,
        {
            **profile_post(instagram_handle="@Leo.Gram", youtube_handle="maya-moves"),
            "display_name": "Changed",
        },
    )
    assert response.status_code == 200
    assert "This Instagram handle is on another profile." in response.text
    cast.maya.refresh_from_db()
    assert cast.maya.display_name != "Changed"
    assert not CreatorHandle.objects.filter(creator=cast.maya).exists()
    assert updates(cast.maya).count() == before
    assert instagram_handles(cast.leo) == ["leo.gram"]


def test_issue15_item9_handle_syntax_is_checked_like_the_tiktok_handle(cast, login):
    client = login(cast.creator)
    response = client.post(EDIT, profile_post(instagram_handle="maya insta!"))
    assert "An Instagram handle has only letters, digits, dots and underscores." in response.text
    assert not CreatorHandle.objects.filter(creator=cast.maya).exists()
    # YouTube handles may hold hyphens too.
    assert client.post(EDIT, profile_post(youtube_handle="@Maya-Moves")).status_code == 302
    handle = CreatorHandle.objects.get(creator=cast.maya, platform="youtube")
    assert handle.handle == "maya-moves"


def test_issue15_item9_agency_staff_cannot_change_her_other_handles(cast, login):
    for user in (cast.owner, cast.manager, cast.assistant):
        client = login(user)
        assert client.get(EDIT).status_code == 404
        assert client.post(EDIT, profile_post(instagram_handle="agency.pick")).status_code == 404
    assert not CreatorHandle.objects.filter(handle="agency.pick").exists()
    assert 'name="instagram_handle"' not in login(cast.manager).get(page(cast)).text


def test_issue15_item9_creator_page_shows_instagram_figures_apart(cast, login, instagram):
    text = login(cast.manager).get(page(cast)).text
    assert 'href="https://www.instagram.com/maya.insta/"' in text
    card = text[text.index('id="other-platforms"') :]
    card = card[: card.index("</section>")]
    assert "Instagram" in card and "@maya.insta" in card
    assert "7.7M" in card  # the newest followers, not the older 7,000,001
    assert "321" in card  # following: known on the older snapshot only, shown with its day
    assert "not available from this source" in card  # total likes and video count never given
    assert "reach_rate: 0.0425" in card and "0.0110" not in card  # the latest figure only
    assert "Videos stored here</dt><dd>3</dd>" in card
    assert "YouTube" not in card  # no handle and no figures there
    tiktok_block = text[: text.index('id="other-platforms"')]
    assert "reach_rate" not in tiktok_block and "7.7M" not in tiktok_block


def test_issue15_item9_tiktok_metrics_and_followers_ignore_other_platforms(cast, login):
    maya = cast.maya
    metrics_before = compute(maya, days=30)
    series_before = queries.follower_series(maya, "30")
    sources_before = queries.insights(maya, "30")["source_metrics"]
    StatSnapshot.objects.create(
        creator=maya, platform="instagram", day=date.today(), followers=9_999_999
    )
    SourceMetric.objects.create(
        creator=maya,
        platform="instagram",
        day=date.today(),
        source="instagram_csv",
        name="engagement_rate",
        value=Decimal("0.9"),
    )
    Video.objects.create(
        creator=maya,
        platform="instagram",
        video_id="ig-big",
        views=500_000_000,
        likes=1,
        comments=1,
        shares=1,
        posted_at=datetime.now(UTC) - timedelta(hours=1),
    )
    metrics = compute(maya, days=30)
    assert metrics.followers == metrics_before.followers
    assert metrics.median_views == metrics_before.median_views
    assert metrics.video_count == metrics_before.video_count
    assert queries.follower_series(maya, "30") == series_before
    assert queries.insights(maya, "30")["source_metrics"] == sources_before


def test_issue15_item9_the_card_follows_the_insights_permission(cast, login, instagram):
    Representation.objects.filter(creator=cast.maya, status="active").update(scopes=["negotiate"])
    text = login(cast.manager).get(page(cast)).text
    assert 'id="other-platforms"' not in text and "7.7M" not in text
    assert 'href="https://www.instagram.com/maya.insta/"' in text  # the handle is public


def test_issue15_item9_without_other_platforms_the_card_says_how_one_is_added(cast, login):
    text = login(cast.manager).get(page(cast)).text
    assert "No other platform yet." in text


def test_issue15_item9_the_new_labels_speak_french(cast, login, instagram):
    cast.manager.language = "fr"
    cast.manager.save(update_fields=["language"])
    text = login(cast.manager).get(page(cast)).text
    assert "Autres plateformes" in text and "Vidéos enregistrées ici" in text
    assert "non disponible pour cette source" in text
    cast.creator.language = "fr"
    cast.creator.save(update_fields=["language"])
    client = login(cast.creator)
    form = client.get(EDIT).text
    assert "Nom Instagram" in form and "Nom YouTube" in form
    CreatorHandle.objects.create(creator=cast.leo, platform="youtube", handle="leo.tube")
    refused = client.post(EDIT, profile_post(youtube_handle="leo.tube")).text
    assert "Ce nom YouTube est sur un autre profil." in refused


def test_issue15_item9_platform_figures_take_the_same_queries_at_any_size(cast, instagram):
    maya = cast.maya

    def add(n, offset):
        StatSnapshot.objects.bulk_create(
            StatSnapshot(
                creator=maya,
                platform="youtube",
                day=date(2025, 1, 1) + timedelta(days=offset + i),
                followers=i,
                total_likes=None if i == n - 1 else i,
            )
            for i in range(n)
        )
        Video.objects.bulk_create(
            Video(
                creator=maya,
                platform="youtube",
                video_id=f"yt-{offset + i}",
                posted_at=datetime.now(UTC),
            )
            for i in range(n)
        )

    def read():
        return queries.platform_figures(maya, source_metrics=queries.source_figures(maya))

    add(5, 0)
    small = count_queries(read)
    add(500, 5)
    large = count_queries(read)
    assert small == large == 2  # one for the handles, totals and videos; one for source figures
    youtube = next(p for p in queries.platform_figures(maya) if p.platform == "youtube")
    assert youtube.videos_stored == 505 and youtube.handle is None
    assert youtube.totals["followers"].value == 499
    likes = youtube.totals["total_likes"]
    assert likes.value == 498 and likes.day < youtube.totals["followers"].day  # its own day
    assert youtube.totals["following"].value is None
