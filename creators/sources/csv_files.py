"""CSV files of creators or videos, read into a `Batch`. Every bad row is reported with its line,
column and reason; nothing is returned unless the whole file is good."""

import csv
import io
import re
from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from creators.models import Duplicates, Platform, normalize_handle
from creators.sources.countries import country_code
from creators.sources.numbers import (
    NumberError,
    parse_count,
    parse_decimal,
    parse_fraction,
    parse_time,
)
from creators.sources.records import (
    Batch,
    CreatorRecord,
    ImportFailed,
    Problem,
    SnapshotRecord,
    SourceMetricRecord,
    VideoRecord,
)

# Field → the column names sources use for it (compared lower-case, without spaces, _ - or .).
# A creator file's bare "Likes" or "Views" is a per-video average (InfluenceGrid, the top-250 and
# top-1000 exports), never the account's lifetime total: totals need an explicit name.
CREATOR_COLUMNS = {
    "handle": [
        "handle",
        "username",
        "user_name",
        "tiktokername",
        "uniqueid",
        "handle_name",
        "creator",
        "account",
        "authormeta/name",
        "influencer insta name",
    ],
    "display_name": [
        "display_name",
        "displayname",
        "name",
        "nickname",
        "tiktokname",
        "instagram name",
    ],
    "followers": [
        "followers",
        "follower_count",
        "followers_count",
        "subscribers",
        "fans",
        "n_followers",
        "authormeta/fans",
    ],
    "following": ["following", "following_count", "followings_count"],
    "total_likes": [
        "total_likes",
        "likes_count",
        "heartcount",
        "n_total_likes",
        "authormeta/heart",
    ],
    "video_count": [
        "video_count",
        "videos_count",
        "videocount",
        "n_total_vids",
        "videos",
        "authormeta/video",
    ],
    "country": ["country", "location", "country_code"],
    "category": ["category", "categories", "genre", "genres", "topics"],
    "day": ["day", "date", "as_of", "snapshot_day", "scraped_at", "collected_at"],
    # Per-source figures with no field of ours: kept as that source's dated SourceMetric.
    "average_views": ["average_views", "avg_views", "views_avg", "views"],
    "average_likes": ["average_likes", "avg_likes", "likes_avg", "likes"],
    "average_comments": ["average_comments", "avg_comments", "comments_avg", "comments"],
    "average_shares": ["average_shares", "avg_shares", "shares_avg", "shares"],
    "engagement_rate": ["engagement_rate", "engagement", "engagement%", "er"],
    "average_engagements": ["average_engagements", "engagement_avg", "avg_engagement"],
    "authentic_engagements": ["authentic_engagement", "authentic_engagements"],
}
# Fields read from every column that matches, in order (Instagram's category_1, category_2).
MULTI_COLUMN = {"category": ["category_1", "category_2", "category_3", "genre_1", "genre_2"]}
SOURCE_METRIC_FIELDS = [
    "average_views",
    "average_likes",
    "average_comments",
    "average_shares",
    "engagement_rate",
    "average_engagements",
    "authentic_engagements",
]
VIDEO_COLUMNS = {
    "video_id": ["video_id", "id", "item_id", "videoid"],
    "handle": ["handle", "user_name", "username", "author", "uniqueid", "authormeta/name"],
    "posted_at": ["posted_at", "create_time", "createtime", "createtimeiso", "posted", "date"],
    "views": ["views", "view_count", "playcount", "n_plays", "plays", "video_views"],
    "six_second_views": ["six_second_views", "six_seconds_views", "6s_views"],
    "completed_views": ["completed_views", "complete_views"],
    "likes": ["likes", "like_count", "diggcount", "n_likes"],
    "comments": ["comments", "comment_count", "commentcount", "n_comments"],
    "shares": ["shares", "share_count", "sharecount", "n_shares"],
    "saves": ["saves", "favorites", "favorites_count", "collectcount"],
    "duration": ["duration", "video_length", "video_duration", "videometa/duration"],
    "followers": ["followers", "n_followers", "follower_count", "authormeta/fans"],
    "following": ["following", "n_following", "following_count"],
    "total_likes": ["total_likes", "n_total_likes", "authormeta/heart"],
    "video_count": ["video_count", "n_total_vids", "authormeta/video"],
}
# What the preview says each field feeds.
FEEDS = {
    "handle": gettext_lazy("the creator (her handle)"),
    "display_name": gettext_lazy("display name (profile: only for creators the operator creates)"),
    "followers": gettext_lazy("followers, dated snapshot"),
    "following": gettext_lazy("following, dated snapshot"),
    "total_likes": gettext_lazy("lifetime likes, dated snapshot"),
    "video_count": gettext_lazy("number of videos, dated snapshot"),
    "country": gettext_lazy("country (profile: only for creators the operator creates)"),
    "category": gettext_lazy("categories (profile: only for creators the operator creates)"),
    "day": gettext_lazy("the date of the row's figures"),
    "average_views": gettext_lazy(
        "the source's average views per video (kept as the source's figure)"
    ),
    "average_likes": gettext_lazy(
        "the source's average likes per video (kept as the source's figure)"
    ),
    "average_comments": gettext_lazy("the source's average comments (kept as the source's figure)"),
    "average_shares": gettext_lazy("the source's average shares (kept as the source's figure)"),
    "engagement_rate": gettext_lazy("the source's engagement rate (kept as the source's figure)"),
    "average_engagements": gettext_lazy(
        "the source's average engagements (kept as the source's figure)"
    ),
    "authentic_engagements": gettext_lazy(
        "the source's authentic engagements (the source's figure)"
    ),
    "video_id": gettext_lazy("the video (its platform id)"),
    "posted_at": gettext_lazy("posting time (UTC)"),
    "views": gettext_lazy("views"),
    "six_second_views": gettext_lazy("6-second views"),
    "completed_views": gettext_lazy("completed views"),
    "likes": gettext_lazy("likes"),
    "comments": gettext_lazy("comments"),
    "shares": gettext_lazy("shares"),
    "saves": gettext_lazy("saves"),
    "duration": gettext_lazy("duration (seconds)"),
}
FIELDS = {"creators": CREATOR_COLUMNS, "videos": VIDEO_COLUMNS}
REQUIRED = {
    "creators": ["handle"],
    "videos": ["video_id", "handle", "posted_at", "views", "likes", "comments", "shares"],
}
# Free-text genres mapped onto the shipped category list; other words are ignored.
GENRES = {
    "dance": "dance",
    "dancing": "dance",
    "lipsyncing": "entertainment",
    "lipsync": "entertainment",
    "comedy": "comedy",
    "funny": "comedy",
    "humor": "comedy",
    "music": "music",
    "singing": "music",
    "singer": "music",
    "beauty": "beauty",
    "makeup": "beauty",
    "fashion": "fashion",
    "style": "fashion",
    "fitness": "fitness",
    "sports": "sports",
    "sport": "sports",
    "food": "food",
    "cooking": "food",
    "travel": "travel",
    "gaming": "gaming",
    "games": "gaming",
    "tech": "tech",
    "technology": "tech",
    "education": "education",
    "lifestyle": "lifestyle",
    "family": "family",
    "parenting": "family",
    "pets": "pets",
    "animals": "pets",
    "cars": "mobility",
    "finance": "finance",
    "art": "art",
    "diy": "home",
    "home": "home",
    "entertainment": "entertainment",
    "pranks": "entertainment",
    "vlog": "lifestyle",
}


HANDLE = re.compile(r"[\w.]{1,64}")
VIDEO_ID = re.compile(r"[0-9A-Za-z_-]{1,40}")


def _key(name: str) -> str:
    return re.sub(r"[\s_\-.]", "", name.strip().casefold())


UNKNOWN = {"", "n/a", "na", "-", "--", "\u2014", "null", "none", "nan", "?"}
# The largest value each kind of column can store (PositiveBigIntegerField, PositiveIntegerField,
# SourceMetric's Decimal(20, 6)); beyond is a row error, never a crash in the worker.
LIMITS = {"video_count": 2**31 - 1, "duration": 2**31 - 1}
BIG_LIMIT = 2**63 - 1
SOURCE_METRIC_LIMIT = Decimal(10) ** 14


def _key(name: str) -> str:
    return re.sub(r"[\s_\-.]", "", name.strip().casefold())


def _columns(header: list[str], kind: str, mapping: dict[str, str]) -> tuple[dict, list[Problem]]:
    """field → column index, from the mapping (by name or #position, 1-based) then known names.
    A known name found in two columns is ambiguous: the user chooses (SPEC §9)."""
    fields = CREATOR_COLUMNS if kind == "creators" else VIDEO_COLUMNS
    problems = []
    keys = [_key(cell) for cell in header]
    chosen = {}
    unread = {field for field, column in mapping.items() if not column}  # "not read", chosen
    for field, column in mapping.items():
        if field not in fields:
            problems.append(
                Problem(
                    1,
                    field,
                    _("unknown field; use one of %(fields)s") % {"fields": ", ".join(fields)},
                    settings=True,
                )
            )
        elif column.startswith("#") and column[1:].isdigit():
            position = int(column[1:])
            if not 1 <= position <= len(header):
                problems.append(
                    Problem(1, column, _("the file has %(n)s columns") % {"n": len(header)}, True)
                )
            else:
                chosen[field] = position - 1
        elif _key(column) in keys:
            chosen[field] = keys.index(_key(column))
        elif column:
            problems.append(Problem(1, column, _("no such column in the header"), True))
    taken = set(chosen.values())
    for field, names in fields.items():
        if field in chosen or field in unread or field in MULTI_COLUMN:
            continue
        for name in names:
            found = [i for i, key in enumerate(keys) if key == _key(name) and i not in taken]
            if len(found) > 1:
                problems.append(
                    Problem(
                        1,
                        header[found[0]],
                        _(
                            "this header is in columns %(columns)s: choose which one holds "
                            "%(field)s in the column mapping"
                        )
                        % {"columns": ", ".join(f"#{i + 1}" for i in found), "field": field},
                        settings=True,
                    )
                )
                break
            if found:
                chosen[field] = found[0]
                taken.add(found[0])
                break
    for field in REQUIRED[kind]:
        if field not in chosen and not any(p.column == field for p in problems):
            problems.append(
                Problem(
                    1,
                    field,
                    _("no column for %(field)s: choose one in the column mapping")
                    % {"field": field},
                    settings=True,
                )
            )
    return chosen, problems


def _multi_columns(header: list[str], kind: str, columns: dict, mapping) -> dict[str, list[int]]:
    """field → every column it is read from (categories spread over category_1, category_2)."""
    if kind != "creators":
        return {}
    keys = [_key(cell) for cell in header]
    found = {}
    for field, names in MULTI_COLUMN.items():
        if (mapping or {}).get(field, None) == "":
            continue  # chosen as not read
        wanted = {_key(n) for n in names + CREATOR_COLUMNS[field]}
        indexes = [i for i, key in enumerate(keys) if key in wanted]
        if field in columns:
            indexes = [columns[field]]
        if indexes:
            found[field] = indexes
    return found


def check_header(header: list[str], kind: str, mapping: dict[str, str] | None):
    """The stripped header and field → column index; ImportFailed when it cannot be read."""
    header = [cell.strip() for cell in header]
    columns, problems = _columns(header, kind, mapping or {})
    if problems:
        raise ImportFailed(problems)
    return header, columns


def _rows(text: str) -> Iterable[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text))
    for row in reader:
        yield reader.line_num, row


def read_csv(
    text: str,
    kind: str,
    mapping: dict[str, str] | None = None,
    *,
    snapshot_day=None,
    today=None,
    duplicates: str = Duplicates.REFUSE,
    check_stale: bool = True,
    on_progress=None,
    platform: str = Platform.TIKTOK,
) -> Batch:
    """Parse a whole creators or videos CSV; raise ImportFailed listing every bad row.

    `snapshot_day` (the user's date for the file) dates the figures of rows without a date column
    of their own; without it they are dated `today`, unless the file's newest video is older than
    a week (then the user is asked: SPEC §9). With `duplicates="keep_last"` a repeated key keeps
    its last row (listed in `batch.repeated`). Its handles and figures are of `platform`. With
    check_stale=False the caller asks `stale_file` itself, after its own checks (web imports:
    the permission decision first)."""
    if "\x00" in text:
        raise ImportFailed([Problem(None, "", _("the file contains NUL bytes: is it really CSV?"))])
    rows = _rows(text.lstrip("\ufeff"))
    try:
        _line, header = next(rows)
    except StopIteration:
        raise ImportFailed([Problem(None, "", _("the file is empty"))]) from None
    header, columns = check_header(header, kind, mapping)
    columns = {
        **columns,
        **{f"{k}[]": v for k, v in _multi_columns(header, kind, columns, mapping).items()},
    }
    problems: list[Problem] = []
    records: dict[str, CreatorRecord | VideoRecord] = {}
    lines: dict[str, list[int]] = {}
    parse = _creator_row if kind == "creators" else video_row
    key_field = "handle" if kind == "creators" else "video_id"
    for count, (line, row) in enumerate(rows, start=1):
        if on_progress is not None and count % 1000 == 0:
            on_progress(count)
        if not any(cell.strip() for cell in row):
            continue
        record, row_problems = parse(line, row, columns, header)
        problems += row_problems
        if record is None:
            continue
        key = getattr(record, key_field)
        if key in lines and duplicates != Duplicates.KEEP_LAST:
            problems.append(
                Problem(
                    line,
                    header[columns[key_field]],
                    _("%(key)r is repeated: it is also on line %(line)s")
                    % {"key": key, "line": lines[key][0]},
                )
            )
            continue
        lines.setdefault(key, []).append(line)
        records.pop(key, None)  # the last row of a repeated key is the one kept, in its place
        records[key] = record
    if problems:
        raise ImportFailed(problems)
    if check_stale and snapshot_day is None and today is not None:
        stale_file(records.values(), today)
    batch = _batch(kind, records.values(), lines, snapshot_day or today)
    batch.platform = platform
    return batch


STALE_AFTER_DAYS = 7


def stale_file(records, today) -> None:
    """Account figures of a file whose newest video is older than a week are not today's: ask
    for the file's date instead of dating them today (a 2020 file's followers are 2020's)."""
    with_totals = [r for r in records if getattr(r, "followers", None) is not None]
    posted = [r.posted_at for r in with_totals if getattr(r, "posted_at", None)]
    if not posted:
        return
    newest = max(posted).date()
    if newest < today - timedelta(days=STALE_AFTER_DAYS):
        raise ImportFailed([stale_problem(newest)])


def stale_problem(newest) -> Problem:
    return Problem(
        None,
        "",
        _(
            "the newest video in this file was posted on %(day)s, so its follower counts are "
            "not today's: give the date of the file's figures"
        )
        % {"day": newest.isoformat()},
        settings=True,
    )


def _batch(kind, records, lines, snapshot_day) -> Batch:
    batch = Batch(source="csv")
    batch.repeated = [(key, found) for key, found in lines.items() if len(found) > 1]
    for record in records:
        day = getattr(record, "day", None) or snapshot_day
        if kind == "creators":
            batch.creators.append(record)
            batch.source_metrics += [
                SourceMetricRecord(record.handle, day, name, value, "csv", line=record.line)
                for name, value in record.source_figures.items()
                if day is not None
            ]
        else:
            batch.videos.append(record)
        if record.followers is not None and day is not None:
            batch.snapshots.append(
                SnapshotRecord(
                    record.handle,
                    day,
                    record.followers,
                    line=record.line,
                    following=record.following,
                    total_likes=record.total_likes,
                    video_count=record.video_count,
                )
            )
    _dedupe_snapshots(batch)
    return batch


def _dedupe_snapshots(batch: Batch) -> None:
    """A video file's follower column is one snapshot per creator and day (the last row's)."""
    latest = {}
    for snapshot in batch.snapshots:
        latest[snapshot.handle, snapshot.day] = snapshot
    batch.snapshots = list(latest.values())


def _cell(row, columns, field):
    index = columns.get(field)
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def is_unknown(raw: str) -> bool:
    """An empty cell, N/A, -, null: the source does not know (stored as null, never 0)."""
    return raw.strip().casefold() in UNKNOWN


def _count(line, row, columns, header, field, problems):
    raw = _cell(row, columns, field)
    if is_unknown(raw):
        return None
    try:
        value = parse_count(raw)
    except NumberError as error:
        problems.append(Problem(line, header[columns[field]], str(error)))
        return None
    if value > LIMITS.get(field, BIG_LIMIT):
        problems.append(
            Problem(
                line,
                header[columns[field]],
                _("too large to be a count: %(value)s") % {"value": raw},
            )
        )
        return None
    return value


def _figure(line, row, columns, header, field, problems):
    """A source's own figure: a rate (16.60 % → 0.166) or an average (383.1K)."""
    raw = _cell(row, columns, field)
    if is_unknown(raw):
        return None
    try:
        value = parse_fraction(raw) if field == "engagement_rate" else parse_decimal(raw)
    except NumberError as error:
        problems.append(Problem(line, header[columns[field]], str(error)))
        return None
    if not -SOURCE_METRIC_LIMIT < value < SOURCE_METRIC_LIMIT:
        problems.append(
            Problem(line, header[columns[field]], _("too large: %(value)s") % {"value": raw})
        )
        return None
    return value


def _handle(line, row, columns, header, problems):
    handle = normalize_handle(_cell(row, columns, "handle"))
    if not handle:
        problems.append(Problem(line, header[columns["handle"]], _("missing handle")))
    elif not HANDLE.fullmatch(handle):
        problems.append(
            Problem(
                line, header[columns["handle"]], _("not a handle: %(value)r") % {"value": handle}
            )
        )
        return ""
    return handle


def _day(line, row, columns, header, problems):
    raw = _cell(row, columns, "day")
    if is_unknown(raw):
        return None
    try:
        return parse_time(raw).date()
    except NumberError as error:
        problems.append(Problem(line, header[columns["day"]], str(error)))
        return None


def categories_of(text: str) -> list[str]:
    """Free-text genres ("Dancing, Lipsyncing", "Sports with a ball") → our category slugs."""
    found = set()
    for phrase in re.split(r"[,;/|&]", text.casefold()):
        phrase = phrase.strip()
        if phrase in GENRES:
            found.add(GENRES[phrase])
        else:
            found |= {GENRES[word] for word in re.findall(r"\w+", phrase) if word in GENRES}
    return sorted(found)


def _creator_row(line, row, columns, header):
    problems: list[Problem] = []
    handle = _handle(line, row, columns, header, problems)
    record = CreatorRecord(handle=handle, line=line)
    record.display_name = _cell(row, columns, "display_name") or None
    for field in ("followers", "following", "total_likes", "video_count"):
        if field in columns:
            setattr(record, field, _count(line, row, columns, header, field, problems))
    country = _cell(row, columns, "country")
    if not is_unknown(country):
        try:
            record.country = country_code(country)
        except ValueError as error:
            problems.append(Problem(line, header[columns["country"]], str(error)))
    cells = [row[i] for i in columns.get("category[]", []) if i < len(row)]
    record.categories = categories_of(",".join(cells))
    record.day = _day(line, row, columns, header, problems) if "day" in columns else None
    for field in SOURCE_METRIC_FIELDS:
        if field in columns:
            value = _figure(line, row, columns, header, field, problems)
            if value is not None:
                record.source_figures[field] = value
    return (record if not problems else None), problems


def video_row(line, row, columns, header):
    """One data row of a videos file: (VideoRecord, []) or (None, its problems). A count the
    file leaves empty or N/A is None (unknown); one present but unreadable is a problem."""
    problems: list[Problem] = []
    handle = _handle(line, row, columns, header, problems)
    video_id = _cell(row, columns, "video_id")
    if not VIDEO_ID.fullmatch(video_id):
        problems.append(
            Problem(
                line,
                header[columns["video_id"]],
                _("not a video id: %(value)r") % {"value": video_id},
            )
        )
    posted_at = None
    try:
        posted_at = parse_time(_cell(row, columns, "posted_at"))
    except NumberError as error:
        problems.append(Problem(line, header[columns["posted_at"]], str(error)))
    counts = {
        field: _count(line, row, columns, header, field, problems)
        for field in VIDEO_COUNTS
        if field in columns
    }
    if problems:
        return None, problems
    return VideoRecord(
        video_id=video_id, handle=handle, posted_at=posted_at, line=line, **counts
    ), problems


VIDEO_COUNTS = [
    "views",
    "likes",
    "comments",
    "shares",
    "six_second_views",
    "completed_views",
    "saves",
    "duration",
    "followers",
    "following",
    "total_likes",
    "video_count",
]


def column_mapping(text: str, kind: str, mapping: dict[str, str] | None = None) -> dict[str, str]:
    """Which header each field is read from, for the web preview (the file was checked already)."""
    return {
        row["field"]: f"{row['column']} (#{row['position']})"
        for row in columns_read(text, kind, mapping)
        if row["field"]
    }


def columns_read(text: str, kind: str, mapping: dict[str, str] | None = None) -> list[dict]:
    """Every column of the file in order, with the field it feeds and what that is, or None
    when the import ignores it: what the preview shows before anything is written."""
    _line, header = next(_rows(text.lstrip("\ufeff")))
    header = [cell.strip() for cell in header]
    columns, _problems = _columns(header, kind, mapping or {})
    fields = {index: field for field, index in columns.items()}
    for field, indexes in _multi_columns(header, kind, columns, mapping).items():
        fields.update(dict.fromkeys(indexes, field))
    return [
        {
            "position": index + 1,
            "column": name,
            "field": fields.get(index),
            "feeds": str(FEEDS[fields[index]]) if index in fields else None,
        }
        for index, name in enumerate(header)
    ]
