"""What every source (CSV file, TikTok API payload) is turned into before anything is written.

Parsers return a `Batch` or raise `ImportFailed` with every problem found; `creators.importing`
validates the batch against the database and writes it atomically.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class Problem:
    """One bad row or field: where (line, column) and why, in words a user understands."""

    line: int | None
    column: str
    reason: str
    # True when the import's settings fix it (the column mapping, the file's date), not the file.
    settings: bool = False

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else "file"
        return (
            f"{where}, {self.column}: {self.reason}" if self.column else f"{where}: {self.reason}"
        )


class ImportFailed(Exception):
    """Every problem found, in line order; `total` counts them when only the first are kept."""

    def __init__(self, problems: list[Problem], total: int | None = None):
        self.total = total if total is not None else len(problems)
        super().__init__(f"{self.total} problem(s)")
        self.problems = problems


@dataclass
class CreatorRecord:
    handle: str  # normalized: no @, casefolded
    line: int | None = None
    display_name: str | None = None
    followers: int | None = None
    following: int | None = None
    total_likes: int | None = None
    video_count: int | None = None
    country: str | None = None  # ISO 3166 alpha-2
    categories: list[str] = field(default_factory=list)  # slugs of creators.categories
    bio: str | None = None
    avatar_url: str | None = None
    day: date | None = None  # the row's own date column, when the file has one
    # The source's own figures with no field of ours (average likes, engagement %): name → value.
    source_figures: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class VideoRecord:
    video_id: str  # exact string, never a float
    handle: str
    posted_at: datetime  # timezone-aware UTC
    views: int | None  # None: the source left it empty or N/A (unknown, never 0)
    likes: int | None
    comments: int | None
    shares: int | None
    line: int | None = None
    six_second_views: int | None = None
    completed_views: int | None = None
    saves: int | None = None
    duration: int | None = None  # seconds
    caption: str = ""
    paid_partnership: bool | None = None  # TikTok's "Paid partnership" label; None: not said
    # The author's account totals when the file says (one snapshot per creator and day).
    followers: int | None = None
    following: int | None = None
    total_likes: int | None = None
    video_count: int | None = None


@dataclass
class SnapshotRecord:
    """Account totals on one day (followers etc.)."""

    handle: str
    day: date
    followers: int
    line: int | None = None
    following: int | None = None
    total_likes: int | None = None
    video_count: int | None = None


@dataclass
class AudienceRecord:
    """Audience shares on one day, each a dict of key → Decimal fraction (0.4 = 40 %).

    genders keys: female, male, other. ages keys: 18-24, 25-34, 35-44, 45-54, 55+ (or a source's
    coarser bucket such as 35+, stored as it is). countries: ISO alpha-2. devices: ios, android.
    """

    handle: str
    day: date
    line: int | None = None
    genders: dict[str, Decimal] = field(default_factory=dict)
    ages: dict[str, Decimal] = field(default_factory=dict)
    countries: dict[str, Decimal] = field(default_factory=dict)
    devices: dict[str, Decimal] = field(default_factory=dict)
    cities: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class RateRecord:
    handle: str
    deliverable: str  # creators.models.Deliverable value, e.g. "video"
    amount: Decimal
    currency: str
    line: int | None = None


@dataclass
class SourceMetricRecord:
    """A rate a source supplies ready-made (TCM engagement_rate...), kept as that source's dated
    snapshot and never mixed into our computed metrics (SPEC §9)."""

    handle: str
    day: date
    name: str
    value: Decimal
    source: str
    line: int | None = None


@dataclass
class Batch:
    source: str  # e.g. "csv", "tiktok-display", "tiktok-business", "tiktok-tcm", "tiktok-web"
    # The platform its handles and figures are of (creators.models.Platform): a file is
    # imported for one platform, and each platform's figures are kept apart.
    platform: str = "tiktok"
    creators: list[CreatorRecord] = field(default_factory=list)
    videos: list[VideoRecord] = field(default_factory=list)
    snapshots: list[SnapshotRecord] = field(default_factory=list)
    audiences: list[AudienceRecord] = field(default_factory=list)
    rates: list[RateRecord] = field(default_factory=list)
    source_metrics: list[SourceMetricRecord] = field(default_factory=list)
    # Keys repeated in the file when the user chose to keep the last row of each:
    # (key, every line it is on), the last line being the one kept.
    repeated: list[tuple[str, list[int]]] = field(default_factory=list)
