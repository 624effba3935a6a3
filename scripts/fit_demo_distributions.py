"""Fit the demo's engagement distributions on the real 2020 TikTok videos file; print the numbers.

    python scripts/fit_demo_distributions.py CSV

with CSV `../shared/data/tiktok-top-creator-videos-2020/top_users_vids.csv`, from the project root.

Run once by hand; paste the printed figures into `talentdesk/demo_distributions.py`. The data
itself never enters the repository (no licence): only these few numbers do.
`tests/talentdesk/test_demo_engagement_mix.py` runs `fit` again where the file exists and checks
the constants still match it.

Each ratio is modelled as log-normal with two levels, since a creator's videos resemble each other
more than another creator's do: ln(ratio) = mu + creator effect N(0, between) + video noise
N(0, within). `mu` is the mean of ln(ratio) over all videos, `within` the pooled within-creator
standard deviation, `between` what is left of the creator means' variance once their own
sampling noise (within² / n) is taken out; `low` and `high` are the lowest and highest creator
mean, so no demo creator is further out than a real one (the creator means' spread is skewed:
likes per view reach 3.3 sd below mu but only 1.9 above). Videos with a zero count are left out
of that ratio's logarithm (72 of 12,559 have no comment, 2 no share).
"""

import csv
import math
import statistics
import sys
from collections import defaultdict
from pathlib import Path

RATIOS = {
    # name: (numerator column, denominator column)
    "VIEWS_PER_FOLLOWER": ("n_plays", "n_followers"),
    "LIKES_PER_VIEW": ("n_likes", "n_plays"),
    "COMMENTS_PER_LIKE": ("n_comments", "n_likes"),
    "SHARES_PER_LIKE": ("n_shares", "n_likes"),
}
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def two_level(groups: list[list[float]]) -> tuple[float, float, float, float, float]:
    """(mu, between, within, low, high) of ln values grouped by creator; low and high are the
    lowest and highest creator mean."""
    values = [x for group in groups for x in group]
    groups = [group for group in groups if len(group) >= 2]
    means = [statistics.fmean(group) for group in groups]
    squares = sum(sum((x - m) ** 2 for x in g) for g, m in zip(groups, means, strict=True))
    within = squares / sum(len(group) - 1 for group in groups)
    harmonic_n = len(groups) / sum(1 / len(group) for group in groups)
    between = max(0.0, statistics.pvariance(means) - within / harmonic_n)
    mu = statistics.fmean(values)
    return mu, math.sqrt(between), math.sqrt(within), min(means), max(means)


def quantile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def fit(path: Path) -> dict[str, object]:
    rows = read(path)
    result: dict[str, object] = {}
    for name, (top, bottom) in RATIOS.items():
        by_creator: dict[str, list[float]] = defaultdict(list)
        for row in rows:
            if int(row[top]) > 0 and int(row[bottom]) > 0:
                by_creator[row["user_name"]].append(math.log(int(row[top]) / int(row[bottom])))
        result[name] = two_level(list(by_creator.values()))
    likes = sum(int(row["n_likes"]) for row in rows)
    comments = sum(int(row["n_comments"]) for row in rows)
    shares = sum(int(row["n_shares"]) for row in rows)
    engagements = likes + comments + shares
    result["MIX"] = (likes / engagements, comments / engagements, shares / engagements)
    per_video = [
        (int(r["n_likes"]) + int(r["n_comments"]) + int(r["n_shares"])) / int(r["n_plays"])
        for r in rows
    ]
    result["ER_QUANTILES"] = tuple(quantile(per_video, p) for p in QUANTILES)
    result["ROWS"] = len(rows)
    result["CREATORS"] = len({row["user_name"] for row in rows})
    return result


def main() -> None:
    for name, value in fit(Path(sys.argv[1])).items():
        if isinstance(value, tuple):
            value = tuple(round(x, 4) for x in value)
        print(f"{name} = {value}")


if __name__ == "__main__":
    main()
