"""CSV files of creators or videos, read into a `Batch`. Every bad row is reported with its line,
column and reason; nothing is returned unless the whole file is good."""

import csv
import io
import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from creators.models import normalize_handle
from creators.sources.countries import country_code
from creators.sources.numbers import NumberError, parse_count, parse_time
from creators.sources.records import (
    Batch,
    CreatorRecord,
    ImportFailed,
    Problem,
    SnapshotRecord,
    VideoRecord,
)

# Field → the column names sources use for it (compared lower-case, without spaces, _ or /).
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
    ],
    "display_name": ["display_name", "displayname", "name", "nickname", "tiktokname"],
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
        "likes",
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
}
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
}
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


def _columns(header: list[str], kind: str, mapping: dict[str, str]) -> tuple[dict, list[Problem]]:
    """field → column index, from --map (by name or #position, 1-based) then known names."""
    fields = CREATOR_COLUMNS if kind == "creators" else VIDEO_COLUMNS
    problems = []
    keys = [_key(cell) for cell in header]
    chosen = {}
    for field, column in mapping.items():
        if field not in fields:
            problems.append(
                Problem(
                    1,
                    field,
                    _("unknown field; use one of %(fields)s") % {"fields": ", ".join(fields)},
                )
            )
        elif column.startswith("#") and column[1:].isdigit():
            position = int(column[1:])
            if not 1 <= position <= len(header):
                problems.append(
                    Problem(1, column, _("the file has %(n)s columns") % {"n": len(header)})
                )
            else:
                chosen[field] = position - 1
        elif _key(column) in keys:
            chosen[field] = keys.index(_key(column))
        else:
            problems.append(Problem(1, column, _("no such column in the header")))
    for field, names in fields.items():
        if field in chosen:
            continue
        for name in names:
            if _key(name) in keys:
                chosen[field] = keys.index(_key(name))
                break
    for field in REQUIRED[kind]:
        if field not in chosen and not any(p.column == field for p in problems):
            problems.append(
                Problem(
                    1,
                    field,
                    _("no column for %(field)s: name one with --map %(field)s=COLUMN")
                    % {"field": field},
                )
            )
    return chosen, problems


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
    on_progress=None,
) -> Batch:
    """Parse a whole creators or videos CSV; raise ImportFailed listing every bad row."""
    if "\x00" in text:
        raise ImportFailed([Problem(None, "", _("the file contains NUL bytes: is it really CSV?"))])
    rows = _rows(text.lstrip("\ufeff"))
    try:
        _line, header = next(rows)
    except StopIteration:
        raise ImportFailed([Problem(None, "", _("the file is empty"))]) from None
    header, columns = check_header(header, kind, mapping)
    problems: list[Problem] = []
    batch = Batch(source="csv")
    seen: dict[str, int] = {}
    parse = _creator_row if kind == "creators" else video_row
    for count, (line, row) in enumerate(rows, start=1):
        if on_progress is not None and count % 1000 == 0:
            on_progress(count)
        if not any(cell.strip() for cell in row):
            continue
        record, row_problems = parse(line, row, columns, header)
        problems += row_problems
        if record is None:
            continue
        key = record.handle if kind == "creators" else record.video_id
        if key in seen:
            problems.append(
                Problem(
                    line,
                    header[columns["handle" if kind == "creators" else "video_id"]],
                    _("%(key)r is repeated: it is also on line %(line)s")
                    % {"key": key, "line": seen[key]},
                )
            )
            continue
        seen[key] = line
        if kind == "creators":
            batch.creators.append(record)
        else:
            batch.videos.append(record)
            if record.followers is not None and snapshot_day is not None:
                batch.snapshots.append(
                    SnapshotRecord(record.handle, snapshot_day, record.followers, line=line)
                )
    if problems:
        raise ImportFailed(problems)
    _dedupe_snapshots(batch)
    return batch


def _dedupe_snapshots(batch: Batch) -> None:
    """A video file's follower column is one snapshot per creator (the last row's figure)."""
    latest = {}
    for snapshot in batch.snapshots:
        latest[snapshot.handle] = snapshot
    batch.snapshots = list(latest.values())


def _cell(row, columns, field):
    index = columns.get(field)
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _count(line, row, columns, header, field, problems, required=True):
    raw = _cell(row, columns, field)
    if not raw:
        if required:
            problems.append(Problem(line, header[columns[field]], _("missing value")))
        return None
    try:
        return parse_count(raw)
    except NumberError as error:
        problems.append(Problem(line, header[columns[field]], str(error)))
        return None


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


def _creator_row(line, row, columns, header):
    problems: list[Problem] = []
    handle = _handle(line, row, columns, header, problems)
    record = CreatorRecord(handle=handle, line=line)
    record.display_name = _cell(row, columns, "display_name") or None
    for field in ("followers", "following", "total_likes", "video_count"):
        if field in columns:
            setattr(record, field, _count(line, row, columns, header, field, problems, False))
    if _cell(row, columns, "country"):
        try:
            record.country = country_code(_cell(row, columns, "country"))
        except ValueError as error:
            problems.append(Problem(line, header[columns["country"]], str(error)))
    words = re.split(r"[,;/|]", _cell(row, columns, "category").casefold())
    record.categories = sorted({GENRES[w.strip()] for w in words if w.strip() in GENRES})
    return (record if not problems else None), problems


def video_row(line, row, columns, header):
    """One data row of a videos file: (VideoRecord, []) or (None, its problems)."""
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
        field: _count(line, row, columns, header, field, problems, field in REQUIRED["videos"])
        for field in (
            "views",
            "likes",
            "comments",
            "shares",
            "six_second_views",
            "completed_views",
            "saves",
            "duration",
        )
        if field in columns
    }
    followers = None
    if "followers" in columns and _cell(row, columns, "followers"):
        followers = _count(line, row, columns, header, "followers", problems, False)
    if problems:
        return None, problems
    return VideoRecord(
        video_id=video_id,
        handle=handle,
        posted_at=posted_at,
        line=line,
        followers=followers,
        **counts,
    ), problems


def column_mapping(text: str, kind: str, mapping: dict[str, str] | None = None) -> dict[str, str]:
    """Which header each field is read from, for the web preview (the file was checked already)."""
    _line, header = next(_rows(text.lstrip("\ufeff")))
    header = [cell.strip() for cell in header]
    columns, _problems = _columns(header, kind, mapping or {})
    return {field: f"{header[index]} (#{index + 1})" for field, index in columns.items()}
