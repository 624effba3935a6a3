"""The demo's videos look like real TikTok (issue 15): likes are nearly all of the engagements,
the engagement rate and the views per follower sit where top creators' do, and the handful of
numbers they are drawn from still match the real file they claim to come from."""

import csv
import importlib.util
import random
import statistics
from pathlib import Path

import pytest
from django.db.models import F, Sum

from creators.models import CreatorMetrics, CreatorProfile, Video
from talentdesk import demo_distributions as dist

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / ".." / "shared" / "data"
VIDEOS_2020 = DATA / "tiktok-top-creator-videos-2020" / "top_users_vids.csv"
needs_data = pytest.mark.skipif(
    not VIDEOS_2020.exists(), reason=f"{VIDEOS_2020} is absent (real data, not in the repo)"
)


def mix(totals: dict) -> tuple[float, float, float]:
    engagements = totals["likes"] + totals["comments"] + totals["shares"]
    return tuple(totals[name] / engagements for name in ("likes", "comments", "shares"))


@pytest.mark.django_db
def test_likes_are_nearly_all_of_the_demo_engagements(cast):
    videos = Video.objects.filter(source="demo")
    assert videos.count() >= 44 * 60
    likes, comments, shares = mix(
        videos.aggregate(likes=Sum("likes"), comments=Sum("comments"), shares=Sum("shares"))
    )
    assert 0.95 <= likes <= 0.995, likes
    assert 0.002 <= comments <= 0.02, comments
    assert 0.002 <= shares <= 0.02, shares


@pytest.mark.django_db
def test_demo_engagement_rate_and_reach_are_top_creators(cast):
    """Per creator: engagement rate (likes + comments + shares) / views, and median views per
    follower, inside what the 2020 file's creators show (5–95 %: ER 7–24 %, reach 4–78 %)."""
    rates, reach = [], []
    for creator in CreatorProfile.objects.all():
        videos = creator.videos.filter(source="demo")
        totals = videos.aggregate(
            views=Sum("views"), engagements=Sum(F("likes") + F("comments") + F("shares"))
        )
        rates.append(totals["engagements"] / totals["views"])
        reach.append(statistics.median(videos.values_list("views", flat=True)) / creator.followers)
    assert 0.10 <= statistics.median(rates) <= 0.20, sorted(rates)
    assert all(0.03 <= rate <= 0.40 for rate in rates), sorted(rates)
    assert 0.06 <= statistics.median(reach) <= 0.35, sorted(reach)
    shown = CreatorMetrics.objects.get(creator=cast.maya).engagement_rate
    assert shown is not None and 0.03 <= shown <= 0.40  # what her page shows, over 30 days


def test_the_draws_are_seeded():
    def draws(seed):
        rng = random.Random(seed)
        creator = dist.Creator.draw(rng)
        return creator, [creator.video(rng, 250_000) for _ in range(20)]

    assert draws(2026) == draws(2026)
    assert draws(2026) != draws(2027)


@needs_data
def test_the_constants_match_the_real_file_they_come_from():
    with VIDEOS_2020.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # Plain sums and quantiles, recomputed here.
    totals = {
        name: sum(int(row[f"n_{name}"]) for row in rows) for name in ("likes", "comments", "shares")
    }
    assert mix(totals) == pytest.approx(dist.REAL_MIX, abs=0.0005)
    rates = sorted(
        (int(r["n_likes"]) + int(r["n_comments"]) + int(r["n_shares"])) / int(r["n_plays"])
        for r in rows
    )
    quantiles = [rates[int(p * len(rates))] for p in (0.05, 0.25, 0.5, 0.75, 0.95)]
    assert quantiles == pytest.approx(dist.REAL_ER_QUANTILES, abs=0.0005)
    # The log-normal fits, by the script that printed them.
    script = ROOT / "scripts" / "fit_demo_distributions.py"
    spec = importlib.util.spec_from_file_location("fit_demo_distributions", script)
    assert spec and spec.loader
    fitter = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fitter)
    fitted = fitter.fit(VIDEOS_2020)
    assert fitted["ROWS"] == len(rows) == 12_559
    for name in fitter.RATIOS:
        constant = getattr(dist, name)
        got = (constant.mu, constant.between, constant.within, constant.low, constant.high)
        assert got == pytest.approx(fitted[name], abs=0.0005), name
