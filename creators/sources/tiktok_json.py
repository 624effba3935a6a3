"""TikTok API JSON payloads turned into a Batch.

Accepts the Display, Research, Business, Creator Marketplace (TCM and TikTok One) and web
`itemStruct` shapes with their published field names (shared/data/API_FORMATS.md), recognised
automatically. Every problem names its JSON path (`data.videos[3].view_count`) as the column.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from creators.categories import CATEGORIES
from creators.models import normalize_handle
from creators.sources.countries import country_code
from creators.sources.numbers import NumberError, parse_count, parse_fraction, parse_time
from creators.sources.records import (
    AudienceRecord,
    Batch,
    CreatorRecord,
    ImportFailed,
    Problem,
    RateRecord,
    SnapshotRecord,
    SourceMetricRecord,
    VideoRecord,
)

SHAPES = (
    "a Display API user info or video list, a Research API user info or video query, "
    "a Business API account or video list, a Creator Marketplace (TCM or TikTok One) creator, "
    "or web itemStruct items (one, a list, or an itemList)"
)
NO_HANDLE = "this payload has no creator handle: pass --handle"
VIDEO_ID = re.compile(r"[0-9]{1,40}")
CURRENCY = re.compile(r"[A-Z]{3}")

DISPLAY_ACCOUNT_KEYS = {"follower_count", "following_count", "likes_count", "video_count"}
RESEARCH_VIDEO_KEYS = {"username", "favorites_count", "video_duration", "region_code"}
BUSINESS_ACCOUNT_KEYS = {"followers_count", "total_likes", "videos_count"}
TTO_KEYS = {"median_views", "creator_price", "country_code", "audience_devices"}
# TCM writes FEMALE, MALE, NONE; SPEC §9 keeps female, male, other.
GENDERS = {
    "female": "female",
    "male": "male",
    "none": "other",
    "other": "other",
    "unknown": "other",
}
TCM_METRICS = (
    "engagement_rate",
    "six_seconds_views_rate",
    "completion_rate",
    "followers_growth_rate",
    "average_views",
)
TTO_METRICS = ("median_views", "engagement_rate")
SIGNED_METRICS = {"followers_growth_rate"}
# The field holding each audience list's key, per AudienceRecord field.
AUDIENCE_KEYS = {
    "genders": "gender",
    "ages": "age",
    "countries": "country",
    "devices": "device",
    "cities": "city_name",
}
# VideoRecord field → the payload's key (captions: the first non-empty of several keys).
DISPLAY_VIDEO = {
    "video_id": "id",
    "posted_at": "create_time",
    "views": "view_count",
    "likes": "like_count",
    "comments": "comment_count",
    "shares": "share_count",
    "duration": "duration",
    "caption": ("title", "video_description"),
}
RESEARCH_VIDEO = {
    **DISPLAY_VIDEO,
    "saves": "favorites_count",
    "duration": "video_duration",
    "caption": ("video_description",),
}
BUSINESS_VIDEO = {
    "video_id": "item_id",
    "posted_at": "create_time",
    "views": "video_views",
    "likes": "likes",
    "comments": "comments",
    "shares": "shares",
    "saves": "favorites",
    "duration": "video_duration",
    "caption": ("caption",),
}
WEB_STATS = {
    "views": "playCount",
    "likes": "diggCount",
    "comments": "commentCount",
    "shares": "shareCount",
}


def join(path: str, key: str) -> str:
    """A JSON path with one more key."""
    return f"{path}.{key}" if path else key


@dataclass
class Reader:
    """Reads one payload's fields, collecting every problem under its JSON path."""

    fetched_at: datetime
    given_handle: str | None
    problems: list[Problem] = field(default_factory=list)
    video_paths: dict[str, str] = field(default_factory=dict)

    @property
    def day(self) -> date:
        """The day the payload was fetched, for figures it does not date itself."""
        return self.fetched_at.date()

    def problem(self, where: str, reason: str) -> None:
        """Records one problem at a JSON path."""
        self.problems.append(Problem(None, where, reason))

    def objects(self, items, path: str) -> Iterator[tuple[dict, str]]:
        """The objects of a JSON list (none when absent) with their paths; others are problems."""
        if items is None:
            return
        if not isinstance(items, list):
            self.problem(path, "expected a list")
            return
        for index, item in enumerate(items):
            here = f"{path}[{index}]"
            if isinstance(item, dict):
                yield item, here
            else:
                self.problem(here, "expected an object")

    def text(self, obj: dict, key: str) -> str | None:
        """A non-empty string field, else None."""
        value = obj.get(key)
        return (value.strip() or None) if isinstance(value, str) else None

    def count(self, obj: dict, key: str, path: str, *, required: bool = False) -> int | None:
        """A non-negative whole number, or None when absent (a problem when required)."""
        value, where = obj.get(key), join(path, key)
        if value is None or value == "":
            if required:
                self.problem(where, "missing")
            return None
        try:
            return parse_count(value)
        except NumberError as error:
            self.problem(where, str(error))
            return None

    def number(self, obj: dict, key: str, path: str, *, signed: bool = False) -> Decimal | None:
        """A decimal (`16.6%` read as 0.166), or None when absent; negative only when signed."""
        value, where = obj.get(key), join(path, key)
        if value is None or value == "":
            return None
        try:
            number = parse_fraction(value)
        except NumberError as error:
            self.problem(where, str(error))
            return None
        if number < 0 and not signed:
            self.problem(where, f"cannot be negative: {value!r}")
            return None
        return number

    def seconds(self, obj: dict, key: str, path: str) -> int | None:
        """A duration in whole seconds (Business API durations have fractions), or None."""
        value = self.number(obj, key, path)
        return None if value is None else int(value.quantize(Decimal(1), ROUND_HALF_UP))

    def moment(self, obj: dict, key: str, path: str) -> datetime | None:
        """A required posting time (epoch seconds or ISO 8601) as aware UTC."""
        value, where = obj.get(key), join(path, key)
        if value is None or value == "":
            self.problem(where, "missing")
            return None
        try:
            return parse_time(value)
        except NumberError as error:
            self.problem(where, str(error))
            return None

    def day_of(self, obj: dict, key: str, path: str) -> date | None:
        """A required ISO date (`2024-05-01`)."""
        value = obj.get(key)
        try:
            return date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            self.problem(join(path, key), f"not a date: {value!r}")
            return None

    def video_id(self, obj: dict, key: str, path: str) -> str | None:
        """A video id as its exact digits; floats (they lose digits) and repeats are problems."""
        value, where = obj.get(key), join(path, key)
        if isinstance(value, float):
            self.problem(where, f"a video id must be a string or an integer, not {value!r}")
            return None
        text = str(value).strip() if isinstance(value, int | str) else ""
        if isinstance(value, bool) or not VIDEO_ID.fullmatch(text):
            self.problem(where, f"not a TikTok video id: {value!r}")
            return None
        if text in self.video_paths:
            self.problem(where, f"video {text} also appears at {self.video_paths[text]}")
            return None
        self.video_paths[text] = where
        return text

    def owner(self, found, where: str) -> str:
        """The handle in the payload, else --handle; a problem when neither, or when they differ."""
        given = normalize_handle(self.given_handle or "")
        own = normalize_handle(found) if isinstance(found, str) else ""
        if own and given and own != given:
            self.problem(where, f"this payload is for @{own}, not @{given} (--handle)")
        if not (own or given):
            self.problem(where, NO_HANDLE)
        return own or given

    def country(self, obj: dict, key: str, path: str) -> str | None:
        """An ISO alpha-2 code from a code or name, or None when absent; unknown is a problem."""
        value = obj.get(key)
        if value is None or value == "":
            return None
        try:
            return country_code(str(value))
        except ValueError:
            self.problem(join(path, key), f"unknown country {value!r}")
            return None

    def audience_key(self, kind: str, obj: dict, path: str) -> str | None:
        """One audience share's key: genders mapped, countries as ISO, devices lower-case."""
        key = AUDIENCE_KEYS[kind]
        value = obj.get(key)
        value = str(value).strip() if isinstance(value, int | str) else ""
        if not value:
            self.problem(join(path, key), "missing")
            return None
        if kind == "countries":
            return self.country(obj, key, path)
        if kind == "genders":
            if value.casefold() not in GENDERS:
                reason = f"unknown gender {value!r}: expected FEMALE, MALE or NONE"
                self.problem(join(path, key), reason)
                return None
            return GENDERS[value.casefold()]
        return value.casefold() if kind == "devices" else value

    def shares(self, items, path: str, kind: str) -> dict[str, Decimal]:
        """An audience list as key → fraction; a list with any plain value over 1 is in percents."""
        found: list[tuple[str, Decimal, bool, str]] = []
        for item, here in self.objects(items, path):
            where, raw = join(here, "percentage"), item.get("percentage")
            key = self.audience_key(kind, item, here)
            share = self.number(item, "percentage", here)
            if raw is None or raw == "":
                self.problem(where, "missing")
            elif key is not None and share is not None:
                found.append((key, share, isinstance(raw, str) and "%" in raw, where))
        scale = 100 if any(share > 1 for _, share, had_sign, _ in found if not had_sign) else 1
        result: dict[str, Decimal] = {}
        for key, share, had_sign, where in found:
            fraction = share if had_sign else share / scale
            if fraction > 1:
                self.problem(where, "a share cannot be above 100 %")
            elif key in result:
                self.problem(where, f"{key!r} appears twice in this list")
            else:
                result[key] = fraction
        return result

    def audience(
        self, handle: str, body: dict, path: str, lists: dict[str, str]
    ) -> list[AudienceRecord]:
        """The payload's audience lists as one record dated at the fetch (none without lists)."""
        if all(body.get(name) is None for name in lists.values()):
            return []
        shares = {
            kind: self.shares(body.get(name), join(path, name), kind)
            for kind, name in lists.items()
        }
        return [AudienceRecord(handle=handle, day=self.day, **shares)]

    def metrics(
        self, handle: str, body: dict, path: str, names: tuple[str, ...], source: str
    ) -> list[SourceMetricRecord]:
        """The source's ready-made rates and averages, dated at the fetch."""
        records = []
        for name in names:
            value = self.number(body, name, path, signed=name in SIGNED_METRICS)
            if value is not None:
                records.append(SourceMetricRecord(handle, self.day, name, value, source))
        return records

    def rate(self, handle: str, amount, currency, where: str) -> RateRecord | None:
        """The creator's starting price for a video, or None when the source gives none."""
        value = self.number({"rate": amount}, "rate", where)
        if not value:  # TCM leaves the rate empty (or 0) when the price is negotiable
            return None
        code = currency.strip().upper() if isinstance(currency, str) else ""
        if not CURRENCY.fullmatch(code):
            self.problem(where, f"a rate needs an ISO 4217 currency, got {currency!r}")
            return None
        return RateRecord(handle=handle, deliverable="video", amount=value, currency=code)


def categories_of(topics) -> list[str]:
    """Category slugs named by TCM topics (`Beauty & Style` → beauty); other topics are ignored."""
    slugs: list[str] = []
    for topic in topics if isinstance(topics, list) else []:
        for word in re.findall(r"[a-z]+", str(topic).casefold()):
            if word in CATEGORIES and word not in slugs:
                slugs.append(word)
    return slugs


def snapshot_of(creator: CreatorRecord, day: date) -> list[SnapshotRecord]:
    """The creator's totals as one snapshot on `day`, when the followers are known."""
    if creator.followers is None:
        return []
    return [
        SnapshotRecord(
            handle=creator.handle,
            day=day,
            followers=creator.followers,
            following=creator.following,
            total_likes=creator.total_likes,
            video_count=creator.video_count,
        )
    ]


# TikTok's commercial-content disclosure of a post ("Paid partnership"), as its Content Posting
# API names it; a payload without it leaves the label unknown.
PAID_PARTNERSHIP = "brand_content_toggle"


def paid_partnership(r: Reader, item: dict, path: str) -> bool | None:
    """The post's paid-partnership label: True, False, or None when the payload does not say."""
    value = item.get(PAID_PARTNERSHIP)
    if value is None:
        return None
    if not isinstance(value, bool):
        r.problem(join(path, PAID_PARTNERSHIP), "true or false expected")
        return None
    return value


def video(r: Reader, item: dict, path: str, handle: str, names: dict) -> VideoRecord | None:
    """One VideoRecord read through `names`, or None when it has problems."""
    before = len(r.problems)
    counts = {
        name: r.count(item, names[name], path, required=True)
        for name in ("views", "likes", "comments", "shares")
    }
    record = VideoRecord(
        video_id=r.video_id(item, names["video_id"], path),
        handle=handle,
        posted_at=r.moment(item, names["posted_at"], path),
        saves=r.count(item, names["saves"], path) if "saves" in names else None,
        duration=r.seconds(item, names["duration"], path),
        caption=next(filter(None, (r.text(item, key) for key in names["caption"])), ""),
        paid_partnership=paid_partnership(r, item, path),
        **counts,
    )
    return record if len(r.problems) == before else None


def account(r: Reader, body: dict, path: str, handle: str) -> CreatorRecord:
    """A CreatorRecord from Display/Research API user fields."""
    return CreatorRecord(
        handle=handle,
        display_name=r.text(body, "display_name"),
        followers=r.count(body, "follower_count", path),
        following=r.count(body, "following_count", path),
        total_likes=r.count(body, "likes_count", path),
        video_count=r.count(body, "video_count", path),
        bio=r.text(body, "bio_description"),
        avatar_url=r.text(body, "avatar_url"),
    )


def display_user(r: Reader, data: dict) -> Batch:
    """Display API v2 user info: the creator and a snapshot of their totals."""
    user = data["data"]["user"]
    creator = account(r, user, "data.user", r.owner(user.get("username"), "data.user.username"))
    return Batch("tiktok-display", creators=[creator], snapshots=snapshot_of(creator, r.day))


def display_videos(r: Reader, data: dict) -> Batch:
    """Display API video list; it names no creator, so --handle is required."""
    handle = r.owner(None, "")
    items = r.objects(data["data"]["videos"], "data.videos")
    videos = [video(r, item, here, handle, DISPLAY_VIDEO) for item, here in items]
    return Batch("tiktok-display", videos=[record for record in videos if record])


def research_user(r: Reader, data: dict) -> Batch:
    """Research API user info (it names no creator: --handle): the creator and their totals."""
    body = data["data"]
    creator = account(r, body, "data", r.owner(body.get("username"), ""))
    return Batch("tiktok-research", creators=[creator], snapshots=snapshot_of(creator, r.day))


def research_videos(r: Reader, data: dict) -> Batch:
    """Research API video query: each video names its creator's username."""
    videos = [
        video(r, item, here, r.owner(item.get("username"), join(here, "username")), RESEARCH_VIDEO)
        for item, here in r.objects(data["data"]["videos"], "data.videos")
    ]
    return Batch("tiktok-research", videos=[record for record in videos if record])


def business_body(data: dict) -> tuple[dict, str]:
    """The payload inside a Business API `{"code", "message", "data"}` wrapper, and its path."""
    if "code" in data and isinstance(data.get("data"), dict):
        return data["data"], "data"
    return data, ""


def business_account(r: Reader, data: dict) -> Batch:
    """Business API account: the creator, today's totals, daily follower history, audience."""
    body, path = business_body(data)
    handle = r.owner(body.get("username"), join(path, "username"))
    creator = CreatorRecord(
        handle=handle,
        display_name=r.text(body, "display_name"),
        followers=r.count(body, "followers_count", path),
        following=r.count(body, "following_count", path),
        total_likes=r.count(body, "total_likes", path),
        video_count=r.count(body, "videos_count", path),
        bio=r.text(body, "bio_description"),
        avatar_url=r.text(body, "profile_image"),
    )
    snapshots = snapshot_of(creator, r.day)
    seen = {snapshot.day: join(path, "followers_count") for snapshot in snapshots}
    for metric, here in r.objects(body.get("metrics"), join(path, "metrics")):
        day = r.day_of(metric, "date", here)
        followers = r.count(metric, "followers_count", here)
        if day is None or followers is None or (day == r.day and snapshots):
            continue  # no followers, no snapshot; the account's own totals are fuller for today
        if day in seen:
            r.problem(join(here, "date"), f"{day} also appears at {seen[day]}")
            continue
        seen[day] = join(here, "date")
        snapshots.append(SnapshotRecord(handle=handle, day=day, followers=followers))
    lists = {kind: f"audience_{kind}" for kind in ("ages", "genders", "countries", "cities")}
    return Batch(
        "tiktok-business",
        creators=[creator],
        snapshots=snapshots,
        audiences=r.audience(handle, body, path, lists),
    )


def business_videos(r: Reader, data: dict) -> Batch:
    """Business API video list (needs --handle); `full_video_watched_rate` stays the source's."""
    body, path = business_body(data)
    handle = r.owner(None, "")
    batch = Batch("tiktok-business")
    for item, here in r.objects(body["videos"], join(path, "videos")):
        record = video(r, item, here, handle, BUSINESS_VIDEO)
        watched = r.number(item, "full_video_watched_rate", here)
        if record is None:
            continue
        batch.videos.append(record)
        if watched is not None:
            # A per-video rate, never completed_views: the name carries the video id.
            name = f"full_video_watched_rate:{record.video_id}"
            batch.source_metrics.append(
                SourceMetricRecord(handle, r.day, name, watched, "tiktok-business")
            )
    return batch


def marketplace_creator(r: Reader, data: dict) -> Batch:
    """Creator Marketplace creator, TCM or TikTok One: profile, rate, audience, ready-made rates."""
    body, path = business_body(data)
    handle_key = "handle_name" if "handle_name" in body else "handle"
    handle = r.owner(body.get(handle_key), join(path, handle_key))
    creator = CreatorRecord(
        handle=handle,
        display_name=r.text(body, "display_name"),
        followers=r.count(body, "followers_count", path),
        following=r.count(body, first_key(body, "followings_count", "following_count"), path),
        total_likes=r.count(body, "likes_count", path),
        video_count=r.count(body, "videos_count", path),
        country=r.country(body, first_key(body, "location", "country_code"), path),
        categories=categories_of(body.get("topics")),
        bio=r.text(body, "bio"),
        avatar_url=r.text(body, "profile_image"),
    )
    offer = body.get("creator_rate") if isinstance(body.get("creator_rate"), dict) else {}
    price = body.get("creator_price")  # TikTok One's flat form of creator_rate
    rates = [
        r.rate(handle, offer.get("rate"), offer.get("currency"), join(path, "creator_rate")),
        r.rate(handle, price, body.get("currency"), join(path, "creator_price")),
    ]
    lists = {
        "countries": "audience_countries",
        "genders": "audience_genders",
        "ages": "audience_ages",
        "devices": first_key(body, "audience_device", "audience_devices"),
    }
    is_tto = bool(TTO_KEYS & body.keys())
    return Batch(
        "tiktok-tcm",
        creators=[creator],
        snapshots=snapshot_of(creator, r.day),
        audiences=r.audience(handle, body, path, lists),
        rates=[rate for rate in rates if rate][:1],
        source_metrics=r.metrics(
            handle, body, path, TTO_METRICS if is_tto else TCM_METRICS, "tiktok-tcm"
        ),
    )


def first_key(body: dict, *keys: str) -> str:
    """The first of `keys` present in the payload (the last when none is)."""
    return next((key for key in keys if key in body), keys[-1])


def web_stat(r: Reader, item: dict, group: str, name: str, path: str) -> int | None:
    """A count from `<group>V2` (exact strings) when it has one, else from `<group>` (rounded)."""
    for key in (f"{group}V2", group):
        stats = item.get(key)
        if isinstance(stats, dict) and stats.get(name) not in (None, ""):
            return r.count(stats, name, join(path, key))
    return None


def web_items(data) -> tuple[list, str, bool]:
    """The itemStructs of a web payload, the path of their list, and whether it is one item."""
    if isinstance(data, list):
        return data, "", False
    if isinstance(data.get("itemList"), list):
        return data["itemList"], "itemList", False
    if isinstance(data.get("itemInfo"), dict):
        return [data["itemInfo"]["itemStruct"]], "itemInfo.itemStruct", True
    return [data], "", True


def web_video(r: Reader, item: dict, path: str, handle: str) -> VideoRecord | None:
    """One itemStruct's video (statsV2 winning over stats), or None when it has problems."""
    before = len(r.problems)
    counts = {name: web_stat(r, item, "stats", key, path) for name, key in WEB_STATS.items()}
    for name, key in WEB_STATS.items():
        if counts[name] is None and len(r.problems) == before:
            r.problem(join(path, f"stats.{key}"), "missing")
    movie = item.get("video") if isinstance(item.get("video"), dict) else {}
    record = VideoRecord(
        video_id=r.video_id(item, "id", path),
        handle=handle,
        posted_at=r.moment(item, "createTime", path),
        saves=web_stat(r, item, "stats", "collectCount", path),
        duration=r.seconds(movie, "duration", join(path, "video")),
        caption=r.text(item, "desc") or "",
        paid_partnership=paid_partnership(r, item, path),
        **counts,
    )
    return record if len(r.problems) == before else None


def web_author(r: Reader, item: dict, path: str, handle: str) -> CreatorRecord:
    """The author of an itemStruct with their totals (authorStatsV2 winning)."""
    author = item.get("author") if isinstance(item.get("author"), dict) else {}
    return CreatorRecord(
        handle=handle,
        display_name=r.text(author, "nickname"),
        followers=web_stat(r, item, "authorStats", "followerCount", path),
        following=web_stat(r, item, "authorStats", "followingCount", path),
        total_likes=web_stat(r, item, "authorStats", "heartCount", path),
        video_count=web_stat(r, item, "authorStats", "videoCount", path),
        bio=r.text(author, "signature"),
        avatar_url=r.text(author, "avatarLarger"),
    )


def web(r: Reader, data) -> Batch:
    """TikTok web itemStructs: the videos, and each author's profile and totals at the fetch."""
    items, path, single = web_items(data)
    batch = Batch("tiktok-web")
    for index, item in enumerate(items):
        here = path if single else f"{path}[{index}]"
        if not isinstance(item, dict):
            r.problem(here, "expected an object")
            continue
        author = item.get("author")
        found = author.get("uniqueId") if isinstance(author, dict) else author
        handle = r.owner(found, join(here, "author.uniqueId"))
        record = web_video(r, item, here, handle)
        if record is not None:
            batch.videos.append(record)
        if handle and all(creator.handle != handle for creator in batch.creators):
            creator = web_author(r, item, here, handle)
            batch.creators.append(creator)
            batch.snapshots.extend(snapshot_of(creator, r.day))
    return batch


def is_web_item(item) -> bool:
    """Whether an object looks like a web itemStruct."""
    return (
        isinstance(item, dict)
        and {"id", "createTime"} <= item.keys()
        and ("stats" in item or "statsV2" in item)
    )


def detect(data) -> str | None:
    """The name of the payload's shape (a key of PARSERS), or None when it is none of SHAPES."""
    if isinstance(data, list):
        return "web" if data and all(is_web_item(item) for item in data) else None
    if not isinstance(data, dict):
        return None
    if is_web_item(data) or isinstance(data.get("itemList"), list):
        return "web"
    if isinstance(data.get("itemInfo"), dict) and is_web_item(data["itemInfo"].get("itemStruct")):
        return "web"
    inner = data.get("data")
    if isinstance(inner, dict) and "code" not in data:  # the Display/Research `{data, error}`
        if isinstance(inner.get("user"), dict):
            return "display_user"
        if isinstance(inner.get("videos"), list):
            keys = set().union(*(v.keys() for v in inner["videos"] if isinstance(v, dict)))
            return "research_videos" if RESEARCH_VIDEO_KEYS & keys else "display_videos"
        return "research_user" if DISPLAY_ACCOUNT_KEYS & inner.keys() else None
    body, _ = business_body(data)
    if "handle_name" in body or ("handle" in body and TTO_KEYS & body.keys()):
        return "marketplace_creator"
    if "username" in body and BUSINESS_ACCOUNT_KEYS & body.keys():
        return "business_account"
    if isinstance(body.get("videos"), list):
        return "business_videos"
    return None


PARSERS: dict[str, Callable[[Reader, dict], Batch]] = {
    "display_user": display_user,
    "display_videos": display_videos,
    "research_user": research_user,
    "research_videos": research_videos,
    "business_account": business_account,
    "business_videos": business_videos,
    "marketplace_creator": marketplace_creator,
    "web": web,
}


def envelope_error(data) -> Problem | None:
    """The error TikTok answered instead of data (`error.code`, or Business `code`), if any."""
    if not isinstance(data, dict):
        return None
    error = data.get("error")
    if isinstance(error, dict) and error.get("code") not in (None, "", "ok"):
        reason = f"TikTok answered with an error: {error['code']} {error.get('message') or ''}"
        return Problem(None, "error.code", reason.strip())
    if "code" in data and "message" in data and data["code"] not in (0, "0"):
        reason = f"TikTok answered with an error: {data['code']} {data.get('message') or ''}"
        return Problem(None, "code", reason.strip())
    return None


def parse_payload(data, *, fetched_at: datetime, handle: str | None = None) -> Batch:
    """A json-loaded TikTok payload of any of SHAPES as a Batch; ImportFailed lists all problems."""
    error = envelope_error(data)
    if error is not None:
        raise ImportFailed([error])
    shape = detect(data)
    if shape is None:
        reason = f"unrecognised TikTok payload: expected one of {SHAPES}"
        raise ImportFailed([Problem(None, "", reason)])
    reader = Reader(fetched_at=fetched_at, given_handle=handle)
    batch = PARSERS[shape](reader, data)
    if reader.problems:
        raise ImportFailed(reader.problems)
    return batch
