"""The distributions the demo (and the benchmark data) draw video figures from, fitted on real data.

Source: `../shared/data/tiktok-top-creator-videos-2020/top_users_vids.csv` (12,559 videos of 254
top TikTok creators, collected Nov 2020; see its PROVENANCE.md). The file has no licence, so it
never enters this repository and nothing reads it at run time: only the numbers below, computed
once by `scripts/fit_demo_distributions.py` and checked against the file by
`tests/talentdesk/test_demo_engagement_mix.py` wherever the file is present.

Over the whole file likes are 98.15 % of engagements (likes + comments + shares), comments 0.96 %
and shares 0.89 % (the Sep 2022 top-1000 file's per-creator averages agree: 98.4 / 0.71 / 0.91 %).
Per video, (likes + comments + shares) / views has quantiles 5 % 6.6 %, 25 % 11.2 %, median
15.6 %, 75 % 19.9 %, 95 % 25.9 %.

Each ratio is log-normal on two levels: a creator draws her own centre once
(mu + N(0, between)), then each of her videos varies around it (N(0, within)) — `mu` is the mean
of ln(ratio) over the videos, `between` and `within` the standard deviations across creators'
means and within a creator; a creator's centre is kept between the lowest and the highest
creator mean in the file (`low`, `high`: the real spread is skewed, likes per view reach 3.3 sd
below mu but only 1.9 above). Comments and shares are drawn per like, as they scale with likes far
more closely than with views.
"""

import math
import random
from dataclasses import dataclass
from statistics import NormalDist

# A standard normal draw is NORMAL[rng.getrandbits(12)]: one of 4,096 equally likely quantiles.
# Twice as fast as rng.gauss, which matters for the benchmark's millions of videos; the tails
# stop at ±3.67 sd (a cut-off the log-normal fit is no guide beyond anyway).
NORMAL = tuple(NormalDist().inv_cdf((i + 0.5) / 4096) for i in range(4096))


@dataclass(frozen=True)
class LogRatio:
    mu: float
    between: float
    within: float
    low: float
    high: float

    def centre(self, rng: random.Random) -> float:
        """One creator's own mean of ln(ratio), no further out than the file's creators'."""
        return min(self.high, max(self.low, self.mu + self.between * NORMAL[rng.getrandbits(12)]))


# ln(ratio): mu, sd between creators, sd within a creator, lowest and highest creator mean.
VIEWS_PER_FOLLOWER = LogRatio(-1.9171, 0.9458, 0.8325, -4.6411, 0.6486)  # median 14.7 %
LIKES_PER_VIEW = LogRatio(-1.9453, 0.3520, 0.2374, -3.1154, -1.2666)  # median 14.3 %
COMMENTS_PER_LIKE = LogRatio(-5.0906, 0.5097, 0.6380, -6.4736, -3.3479)  # median 0.62 %
SHARES_PER_LIKE = LogRatio(-5.6135, 0.8044, 0.8032, -7.6340, -2.8944)  # median 0.36 %

# What the file gives, for the test and the docs: shares of engagements (likes, comments, shares)
# summed over all videos, and per-video engagement-rate quantiles (5, 25, 50, 75, 95 %).
REAL_MIX = (0.9815, 0.0096, 0.0089)
REAL_ER_QUANTILES = (0.0662, 0.1124, 0.1558, 0.1989, 0.2595)


@dataclass(frozen=True)
class Creator:
    """One creator's centres, drawn once; `video` then draws each of her videos."""

    views: float
    likes: float
    comments: float
    shares: float

    @classmethod
    def draw(cls, rng: random.Random) -> "Creator":
        return cls(
            views=VIEWS_PER_FOLLOWER.centre(rng),
            likes=LIKES_PER_VIEW.centre(rng),
            comments=COMMENTS_PER_LIKE.centre(rng),
            shares=SHARES_PER_LIKE.centre(rng),
        )

    def video(
        self, rng: random.Random, followers: float, floor: int = 10
    ) -> tuple[int, int, int, int]:
        """(views, likes, comments, shares) of one video, for a creator with `followers`: each
        ratio is exp(her centre + within × a normal draw), written out since the benchmark calls
        this millions of times."""
        bits, exp = rng.getrandbits, math.exp
        views = max(floor, round(followers * exp(self.views + _V * NORMAL[bits(12)])))
        likes = min(views, round(views * exp(self.likes + _L * NORMAL[bits(12)])))
        comments = round(likes * exp(self.comments + _C * NORMAL[bits(12)]))
        shares = round(likes * exp(self.shares + _S * NORMAL[bits(12)]))
        return views, likes, comments, shares


_V, _L = VIEWS_PER_FOLLOWER.within, LIKES_PER_VIEW.within
_C, _S = COMMENTS_PER_LIKE.within, SHARES_PER_LIKE.within
