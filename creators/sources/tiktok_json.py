"""TikTok API JSON payloads turned into a Batch.

Accepts the Display, Research, Business, Creator Marketplace (TCM and TikTok One) and web
`itemStruct` shapes with their published field names (shared/data/API_FORMATS.md), recognised
automatically. Every problem names its JSON path (`data.videos[3].view_count`) as the column.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from creators.categories import CATEGORIES
from creators.models import normalize_handle
from creators.sources.countries import country_code
from creators.sources.numbers import (
    NumberError,
    parse_count,
    parse_fraction,
    parse_time,
)
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
# Gender values of TCM (FEMALE, MALE, NONE) and of the Business API, mapped to SPEC §9's three.
GENDERS = {
    "female": "female",
    "male": "male",
    "none": "other",
    "other": "other",
    "unknown": "other",
}
# Ready-made rates kept as the source's own dated figures; only growth may be negative.
TCM_METRICS = (
    "engagement_rate",
    "six_seconds_views_rate",
    "completion_rate",
    "followers_growth_rate",
    "average_views",
)
TTO_METRICS = ("median_views", "engagement_rate")
SIGNED_METRICS = {"followers_growth_rate"}
# Which field of each audience list holds its key, per AudienceRecord field.
AUDIENCE_KEYS = {
    "genders": "gender",
    "ages": "age",
    "countries": "country",
    "devices": "device",
    "cities": "city_name",
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
        """The day the payload was fetched, for snapshots it does not date itself."""
        return self.fetched_at.date()

    def problem(self, where: str, reason: str) -> None:
        """Records one problem at a JSON path."""
        self.problems.append(Problem(None, where, reason))

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

    def seconds(self, obj: dict, key: str, path: str) -> int | None:
        """A duration in whole seconds (fractional durations are rounded), or None when absent."""
        value = self.number(obj, key, path)
        return None if value is None else int(value.quantize(Decimal(1), ROUND_HALF_UP))

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
        """A video id as its exact digits; floats are refused (they lose digits), repeats too."""
        value, where = obj.get(key), join(path, key)
        if isinstance(value, float):
            self.problem(
                where, f"a video id must be a string, not a number with a fraction: {value!r}"
            )
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
        """The creator's handle from the payload, else --handle; a problem if neither or they differ."""
        given = normalize_handle(self.given_handle or "")
        own = normalize_handle(found) if isinstance(found, str) else ""
        if own and given and own != given:
            self.problem(where, f"this payload is for @{own}, not @{given} (--handle)")
        if not (own or given):
            self.problem(where, NO_HANDLE)
        return own or given

    def country(self, obj: dict, key: str, path: str) -> str | None:
        """An ISO alpha-2 code from a code or name, or None when absent; unknown is a problem."""
        value = self.text(obj, key)
        if value is None:
            return None
        try:
            return country_code(value)
        except ValueError:
            self.problem(join(path, key), f"unknown country {value!r}")
            return None

    def audience_key(self, kind: str, obj: dict, key: str, path: str) -> str | None:
        """The key of one audience share: gender mapped, country as ISO, device lower-case."""
        value = obj.get(key)
        value = str(value).strip() if isinstance(value, int | str) else ""
        if not value:
            self.problem(join(path, key), "missing")
            return None
        if kind == "countries":
            return self.country(obj, key, path)
        if kind == "genders":
            if value.casefold() not in GENDERS:
                self.problem(
                    join(path, key), f"unknown gender {value!r}: expected FEMALE, MALE, NONE"
                )
                return None
            return GENDERS[value.casefold()]
        return value.casefold() if kind == "devices" else value

    def shares(self, items, path: str, kind: str) -> dict[str, Decimal]:
        """One audience list as key → fraction; a list with any plain value above 1 is in percents."""
        found: list[tuple[str, Decimal, bool, str]] = []
        for item, here in objects(self, items, path):
            key = self.audience_key(kind, item, AUDIENCE_KEYS[kind], here)
            raw = item.get("percentage")
            share = self.number(item, "percentage", here)
            if share is None and raw in (None, ""):
                self.problem(join(here, "percentage"), "missing")
            if key is not None and share is not None:
                is_percent_text = isinstance(raw, str) and raw.strip().endswith("%")
                found.append((key, share, is_percent_text, join(here, "percentage")))
        scale = 100 if any(share > 1 for _, share, done, _ in found if not done) else 1
        result: dict[str, Decimal] = {}
        for key, share, done, where in found:
            fraction = share if done else share / scale
            if fraction > 1:
                self.problem(where, "a share cannot be above 100 %")
            elif key in result:
                self.problem(where, f"{key!r} appears twice in this list")
            else:
                result[key] = fraction
        return result

    def audience(
        self, handle: str, body: dict, path: str, lists: dict[str, str]
    ) -> AudienceRecord | None:
        """One AudienceRecord dated at the fetch from the payload's lists, or None without any."""
        if not any(body.get(name) is not None for name in lists.values()):
            return None
        shares = {
            kind: self.shares(body.get(name), join(path, name), kind)
            for kind, name in lists.items()
        }
        return AudienceRecord(handle=handle, day=self.day, **shares)

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
        """The creator's starting price for one video, or None when the source gives none."""
        if amount is None or amount == "":
            return None
        value = self.number({"rate": amount}, "rate", where)
        code = currency.strip().upper() if isinstance(currency, str) else ""
        if value is None or value == 0:
            return None
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


def research_user(r: Reader, data: dict) -> Batch:
    """Research API user info (no username in it): the creator and a snapshot of their totals."""
    body = data["data"]
    creator = account(r, body, "data", r.owner(body.get("username"), ""))
    return Batch("tiktok-research", creators=[creator], snapshots=snapshot_of(creator, r.day))


def video(
    r: Reader, item: dict, path: str, handle: str, names: dict[str, str]
) -> VideoRecord | None:
    """One VideoRecord; `names` maps record fields to the payload's keys. None if it has problems."""
    before = len(r.problems)
    fields = {
        "video_id": r.video_id(item, names["video_id"], path),
        "posted_at": r.moment(item, names["posted_at"], path),
        **{
            name: r.count(item, names[name], path, required=True)
            for name in ("views", "likes", "comments", "shares")
        },
        "saves": r.count(item, names["saves"], path) if "saves" in names else None,
        "duration": r.seconds(item, names["duration"], path),
    }
    captions = [r.text(item, key) for key in names["caption"].split("|")]
    if len(r.problems) > before:
        return None
    return VideoRecord(handle=handle, caption=next(filter(None, captions), ""), **fields)


def videos_of(r: Reader, items: list, path: str, owner: Callable, names: dict) -> list[VideoRecord]:
    """The VideoRecords of a list, each owned by `owner(item, item_path)`."""
    records = []
    for index, item in enumerate(items):
        here = f"{path}[{index}]"
        if not isinstance(item, dict):
            r.problem(here, "expected an object")
            continue
        record = video(r, item, here, owner(item, here), names)
        if record is not None:
            records.append(record)
    return records


DISPLAY_VIDEO = {
    "video_id": "id",
    "posted_at": "create_time",
    "views": "view_count",
    "likes": "like_count",
    "comments": "comment_count",
    "shares": "share_count",
    "duration": "duration",
    "caption": "title|video_description",
}
RESEARCH_VIDEO = {
    **DISPLAY_VIDEO,
    "saves": "favorites_count",
    "duration": "video_duration",
    "caption": "video_description",
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
    "caption": "caption",
}
WEB_VIDEO = {"video_id": "id", "posted_at": "createTime", "caption": "desc"}


def display_videos(r: Reader, data: dict) -> Batch:
    """Display API video list; the payload names no creator, so --handle is required."""
    handle = r.owner(None, "")
    items = data["data"]["videos"]
    return Batch(
        "tiktok-display",
        videos=videos_of(r, items, "data.videos", lambda *_: handle, DISPLAY_VIDEO),
    )


def research_videos(r: Reader, data: dict) -> Batch:
    """Research API video query: each video names its creator's username."""

    def owner(item: dict, path: str) -> str:
        return r.owner(item.get("username"), join(path, "username"))

    items = data["data"]["videos"]
    return Batch(
        "tiktok-research", videos=videos_of(r, items, "data.videos", owner, RESEARCH_VIDEO)
    )


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
    days = {snapshot.day: join(path, "followers_count") for snapshot in snapshots}
    for index, metric in enumerate(body.get("metrics") or []):
        here = join(path, f"metrics[{index}]")
        if not isinstance(metric, dict):
            r.problem(here, "expected an object")
            continue
        day = r.day_of(metric, "date", here)
        followers = r.count(metric, "followers_count", here)
        if day is None or followers is None or (day == r.day and snapshots):
            continue  # a day without followers is no snapshot; today's totals are fuller
        if day in days:
            r.problem(join(here, "date"), f"{day} also appears at {days[day]}")
            continue
        days[day] = join(here, "date")
        snapshots.append(SnapshotRecord(handle=handle, day=day, followers=followers))
    lists = {kind: f"audience_{kind}" for kind in ("ages", "genders", "countries", "cities")}
    audience = r.audience(handle, body, path, lists)
    return Batch(
        "tiktok-business",
        creators=[creator],
        snapshots=snapshots,
        audiences=[audience] if audience else [],
    )


def business_videos(r: Reader, data: dict) -> Batch:
    """Business API video list (needs --handle); `full_video_watched_rate` stays the source's."""
    body, path = business_body(data)
    handle = r.owner(None, "")
    items = body["videos"]
    videos = videos_of(r, items, join(path, "videos"), lambda *_: handle, BUSINESS_VIDEO)
    metrics = []
    for record, item in zip(videos, (i for i in items if isinstance(i, dict)), strict=False):
        where = join(path, f"videos[{items.index(item)}]")
        rate = r.number(item, "full_video_watched_rate", where)
        if rate is not None:
            name = f"full_video_watched_rate:{record.video_id}"
            metrics.append(SourceMetricRecord(handle, r.day, name, rate, "tiktok-business"))
    return Batch("tiktok-business", videos=videos, source_metrics=metrics)


def marketplace_creator(r: Reader, data: dict) -> Batch:
    """Creator Marketplace creator, TCM or TikTok One: profile, rate, audience, ready-made rates."""
    body, path = business_body(data)
    is_tto = bool(TTO_KEYS & body.keys())
    handle_key = "handle_name" if "handle_name" in body else "handle"
    handle = r.owner(body.get(handle_key), join(path, handle_key))
    creator = CreatorRecord(
        handle=handle,
        display_name=r.text(body, "display_name"),
        followers=r.count(body, "followers_count", path),
        following=r.count(body, "following_count" if is_tto else "followings_count", path),
        total_likes=r.count(body, "likes_count", path),
        video_count=r.count(body, "videos_count", path),
        country=r.country(body, "country_code" if is_tto else "location", path),
        categories=categories_of(body.get("topics")),
        bio=r.text(body, "bio"),
        avatar_url=r.text(body, "profile_image"),
    )
    rates = []
    if isinstance(body.get("creator_rate"), dict):
        offer = body["creator_rate"]
        rates.append(
            r.rate(handle, offer.get("rate"), offer.get("currency"), join(path, "creator_rate"))
        )
    if is_tto:
        rates.append(
            r.rate(
                handle, body.get("creator_price"), body.get("currency"), join(path, "creator_price")
            )
        )
    lists = {
        "countries": "audience_countries",
        "genders": "audience_genders",
        "ages": "audience_ages",
    }
    lists["devices"] = "audience_devices" if is_tto else "audience_device"
    audience = r.audience(handle, body, path, lists)
    names = TTO_METRICS if is_tto else TCM_METRICS
    return Batch(
        "tiktok-tcm",
        creators=[creator],
        snapshots=snapshot_of(creator, r.day),
        audiences=[audience] if audience else [],
        rates=[rate for rate in rates[:1] if rate],
        source_metrics=r.metrics(handle, body, path, names, "tiktok-tcm"),
    )


def web_stat(r: Reader, item: dict, group: str, name: str, path: str, required: bool) -> int | None:
    """A count from `<group>V2` (exact strings) when present, else from `<group>` (rounded)."""
    for key in (f"{group}V2", group):
        stats = item.get(key)
        if isinstance(stats, dict) and stats.get(name) not in (None, ""):
            return r.count(stats, name, join(path, key))
    if required:
        r.problem(join(path, f"{group}.{name}"), "missing")
    return None


def web_items(data) -> tuple[list, str]:
    """The itemStructs of a web payload and the path of their list ("" for a single item)."""
    if isinstance(data, list):
        return data, ""
    if isinstance(data.get("itemList"), list):
        return data["itemList"], "itemList"
    if isinstance(data.get("itemInfo"), dict):
        return [data["itemInfo"]["itemStruct"]], "itemInfo.itemStruct"
    return [data], ""


def web(r: Reader, data) -> Batch:
    """TikTok web itemStructs: videos, plus each author's profile and totals at the fetch."""
    items, path = web_items(data)
    single = not isinstance(data, list) and path != "itemList"
    batch = Batch("tiktok-web")
    authors: set[str] = set()
    for index, item in enumerate(items):
        here = path if single else f"{path}[{index}]"
        if not isinstance(item, dict):
            r.problem(here, "expected an object")
            continue
        author = item.get("author") if isinstance(item.get("author"), dict) else {}
        found = (
            item.get("author") if isinstance(item.get("author"), str) else author.get("uniqueId")
        )
        handle = r.owner(found, join(here, "author.uniqueId"))
        before = len(r.problems)
        counts = {
            name: web_stat(r, item, "stats", key, here, True)
            for name, key in (
                ("views", "playCount"),
                ("likes", "diggCount"),
                ("comments", "commentCount"),
                ("shares", "shareCount"),
            )
        }
        saves = web_stat(r, item, "stats", "collectCount", here, False)
        movie = item.get("video") if isinstance(item.get("video"), dict) else {}
        duration = r.seconds(movie, "duration", join(here, "video"))
        video_id = r.video_id(item, "id", here)
        posted_at = r.moment(item, "createTime", here)
        if len(r.problems) == before:
            batch.videos.append(
                VideoRecord(
                    video_id=video_id,
                    handle=handle,
                    posted_at=posted_at,
                    saves=saves,
                    duration=duration,
                    caption=r.text(item, "desc") or "",
                    **counts,
                )
            )
        if handle and handle not in authors:
            authors.add(handle)
            creator = CreatorRecord(
                handle=handle,
                display_name=r.text(author, "nickname"),
                followers=web_stat(r, item, "authorStats", "followerCount", here, False),
                following=web_stat(r, item, "authorStats", "followingCount", here, False),
                total_likes=web_stat(r, item, "authorStats", "heartCount", here, False),
                video_count=web_stat(r, item, "authorStats", "videoCount", here, False),
                bio=r.text(author, "signature"),
                avatar_url=r.text(author, "avatarLarger"),
            )
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
    if is_web_item((data.get("itemInfo") or {}).get("itemStruct")):
        return "web"
    inner = data.get("data")
    if isinstance(inner, dict) and "code" not in data:  # Display/Research `{data, error}` envelope
        if isinstance(inner.get("user"), dict):
            return "display_user"
        if isinstance(inner.get("videos"), list):
            keys = set().union(*(v.keys() for v in inner["videos"] if isinstance(v, dict)))
            return "research_videos" if RESEARCH_VIDEO_KEYS & keys else "display_videos"
        if DISPLAY_ACCOUNT_KEYS & inner.keys():
            return "research_user"
        return None
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
    """The error TikTok answered with instead of data (`error.code` or Business `code`), if any."""
    if not isinstance(data, dict):
        return None
    error = data.get("error")
    if isinstance(error, dict) and error.get("code") not in (None, "", "ok"):
        reason = f"TikTok answered with an error: {error.get('code')} {error.get('message', '')}"
        return Problem(None, "error.code", reason.strip())
    if "code" in data and "message" in data and data["code"] not in (0, "0"):
        reason = f"TikTok answered with an error: {data['code']} {data.get('message', '')}"
        return Problem(None, "code", reason.strip())
    return None


def parse_payload(data, *, fetched_at: datetime, handle: str | None = None) -> Batch:
    """A json-loaded TikTok payload of any shape in SHAPES as a Batch; ImportFailed lists problems."""
    error = envelope_error(data)
    if error is not None:
        raise ImportFailed([error])
    shape = detect(data)
    if shape is None:
        raise ImportFailed(
            [Problem(None, "", f"unrecognised TikTok payload: expected one of {SHAPES}")]
        )
    reader = Reader(fetched_at=fetched_at, given_handle=handle)
    batch = PARSERS[shape](reader, data)
    if reader.problems:
        raise ImportFailed(reader.problems)
    return batch
