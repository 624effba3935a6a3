"""Demo insights: 181 days of daily statistics, 60–90 videos, an audience snapshot and a rate card
for every demo creator. Deterministic for a given load date; the dates follow the load date so the
30/90/180-day windows always have data. Views, likes, comments and shares follow the real
distributions in `demo_distributions`."""

import random
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from creators.actions import set_rate
from creators.models import AudienceSnapshot, CreatorProfile, Deliverable, StatSnapshot, Video
from creators.rollup import refresh_metrics
from talentdesk.demo_distributions import Creator

DAYS = 181
COUNTRY_SETS = {
    "GB": ["GB", "US", "IE", "AU"],
    "FR": ["FR", "BE", "CH", "CA"],
    "US": ["US", "CA", "GB", "AU"],
    "DE": ["DE", "AT", "CH", "NL"],
    "ES": ["ES", "MX", "AR", "US"],
    "IT": ["IT", "CH", "US", "DE"],
}


def load(seed: int = 2026) -> None:
    rng = random.Random(seed)
    today = timezone.now().astimezone(UTC).date()
    snapshots, videos, audiences = [], [], []
    creators = list(CreatorProfile.objects.order_by("handle"))
    for number, creator in enumerate(creators):
        start_followers = int(creator.followers * rng.uniform(0.7, 0.95))
        for day in range(DAYS):
            progress = day / (DAYS - 1)
            noise = 1 + rng.uniform(-0.004, 0.004) if day < DAYS - 1 else 1
            followers = int(
                (start_followers + (creator.followers - start_followers) * progress) * noise
            )
            snapshots.append(
                StatSnapshot(
                    creator=creator,
                    day=today - timedelta(days=DAYS - 1 - day),
                    followers=followers,
                    source="demo",
                )
            )
        figures = Creator.draw(rng)
        for index in range(rng.randint(60, 90)):
            posted = datetime.combine(
                today - timedelta(days=rng.randint(0, 200)), time(rng.randint(8, 22)), tzinfo=UTC
            )
            views, likes, comments, shares = figures.video(rng, creator.followers, floor=500)
            videos.append(
                Video(
                    creator=creator,
                    video_id=f"73{number:03d}{index:04d}{rng.randint(10**9, 10**10 - 1)}",
                    posted_at=posted,
                    views=views,
                    six_second_views=int(views * rng.uniform(0.42, 0.68)),
                    completed_views=int(views * rng.uniform(0.14, 0.36)),
                    likes=likes,
                    comments=comments,
                    shares=shares,
                    saves=int(views * rng.uniform(0.005, 0.02)),
                    duration=rng.randint(9, 90),
                    caption=f"{creator.display_name} #{index + 1}",
                    source="demo",
                )
            )
        audiences.append(_audience(rng, creator, today))
    StatSnapshot.objects.bulk_create(snapshots, batch_size=2000)
    Video.objects.bulk_create(videos, batch_size=2000)
    AudienceSnapshot.objects.bulk_create(audiences)
    for creator in creators:
        base = Decimal(max(150, creator.followers // 400)).quantize(Decimal("1")) // 10 * 10
        currency = "GBP" if creator.country == "GB" else "USD" if creator.country == "US" else "EUR"
        set_rate(creator, Deliverable.VIDEO, base, currency, actor=None)
        set_rate(creator, Deliverable.SERIES_3, base * Decimal("2.6"), currency, actor=None)
        set_rate(creator, Deliverable.USAGE_30D, base * Decimal("0.3"), currency, actor=None)
        refresh_metrics(creator)


def _audience(rng, creator, today) -> AudienceSnapshot:
    female = Decimal(rng.randint(35, 75)) / 100
    other = Decimal(rng.randint(1, 4)) / 100
    ages_raw = [
        rng.randint(20, 40),
        rng.randint(20, 35),
        rng.randint(8, 20),
        rng.randint(3, 10),
        rng.randint(1, 6),
    ]
    ages = _normalise(dict(zip(["18-24", "25-34", "35-44", "45-54", "55+"], ages_raw, strict=True)))
    codes = COUNTRY_SETS.get(creator.country, [creator.country or "US", "US", "GB", "FR"])
    countries = _normalise({code: rng.randint(5, 60) for code in dict.fromkeys(codes)})
    ios = Decimal(rng.randint(35, 70)) / 100
    return AudienceSnapshot(
        creator=creator,
        day=today - timedelta(days=2),
        source="demo",
        genders={"female": str(female), "male": str(1 - female - other), "other": str(other)},
        ages={k: str(v) for k, v in ages.items()},
        countries={k: str(v) for k, v in countries.items()},
        devices={"ios": str(ios), "android": str(1 - ios)},
    )


def _normalise(values: dict) -> dict:
    total = sum(values.values())
    shares = {k: (Decimal(v) / total).quantize(Decimal("0.0001")) for k, v in values.items()}
    first = next(iter(shares))
    shares[first] += Decimal(1) - sum(shares.values())
    return shares
