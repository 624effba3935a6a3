"""A video CSV of any size, imported in constant memory, all rows or none.

Each row is checked as it is read, with the same rules as every CSV import
(`csv_files.video_row`), and streamed into a temporary staging table (COPY on PostgreSQL). Repeated
video ids, and ids that belong to another creator than the row's, are then found in SQL, and one
INSERT … SELECT … ON CONFLICT writes the videos (a column the file lacks, or an empty cell, keeps
what is stored), one more the follower snapshots. It all runs in one transaction: a single
problem anywhere rolls everything back. The file is of one platform: handles are matched to
profiles on it, and its videos and snapshots are stored as its own (`importing.write_batch`'s
rules). Memory grows with the number of creators in the file,
never with its rows; of the problems, the first MAX_PROBLEMS are kept with their total (a file
that wrong is wrong throughout).
"""

import csv
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import batched
from typing import BinaryIO, TextIO

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access.events import CreatorsEvent
from access.models import AuditEventType
from creators.importing import (
    MAX_PROBLEMS,
    acting_as,
    claimed_problems,
    unclaimed_profiles,
)
from creators.models import (
    CreatorHandle,
    CreatorProfile,
    Duplicates,
    Platform,
    StatSnapshot,
    Video,
)
from creators.rollup import refresh_metrics_many
from creators.sources.csv_files import (
    STALE_AFTER_DAYS,
    check_header,
    stale_problem,
    video_row,
)
from creators.sources.records import ImportFailed, Problem
from talentdesk.lib.bulk import copy_rows
from talentdesk.lib.events import publish

SOURCE = "csv"
STAGE = "td_video_stage"
STAGE_COLUMNS = [
    "line",
    "video_id",
    "handle",
    "posted_at",
    "views",
    "six_second_views",
    "completed_views",
    "likes",
    "comments",
    "shares",
    "saves",
    "duration",
    "followers",
    "total_likes",
    "video_count",
]
COUNTS = [
    "views",
    "six_second_views",
    "completed_views",
    "likes",
    "comments",
    "shares",
    "saves",
    "duration",
]
PROGRESS_EVERY = 10_000
CREATOR_CHUNK = 500


def import_video_csv(
    stream: TextIO | BinaryIO,
    mapping: dict[str, str] | None = None,
    *,
    snapshot_day=None,
    today=None,
    duplicates: str = Duplicates.REFUSE,
    repeated: list | None = None,
    actor=None,
    agency=None,
    dry_run=False,
    on_progress=None,
    platform: str = Platform.TIKTOK,
) -> Counter:
    """Check and write every row of `stream`; ImportFailed (nothing written) on any problem.

    With dry_run everything is checked and counted, then rolled back. `on_progress(rows)` is
    called as rows are read. `actor`/`agency` are who the audit log names (None: the operator).
    Account figures are dated `snapshot_day` (the user's date for the file), else `today` unless
    the newest video is older than a week (then the user is asked: SPEC §9). With
    duplicates="keep_last" a repeated video id keeps its last row; `repeated` gets them.
    `platform`: the platform of the file's handles and figures."""
    platform = Platform(platform)  # a known one: it is written into the SQL below
    rows = _Rows(stream, mapping, on_progress)
    summary: Counter = Counter()
    changes: dict[int, dict] = {}
    with transaction.atomic():
        temp = "pg_temp" if connection.vendor == "postgresql" else "temp"
        _run(f"DROP TABLE IF EXISTS {temp}.{STAGE}")
        _run(_stage_table())
        summary["rows"] = copy_rows(STAGE, STAGE_COLUMNS, rows)
        if duplicates == Duplicates.KEEP_LAST:
            _keep_last(repeated if repeated is not None else [])
        _raise_problems(rows, platform)
        day = snapshot_day or _undated_day(today)
        creators = _creators(platform, summary, changes)
        _videos(rows, platform, summary, changes)
        if day is not None:
            _snapshots(day, platform, summary, changes)
        del summary["rows"]
        refresh_metrics_many(creators)
        for chunk in batched(creators, CREATOR_CHUNK):
            publish(
                CreatorsEvent(
                    type=AuditEventType.DATA_IMPORTED,
                    creators=list(CreatorProfile.objects.filter(pk__in=chunk).order_by("pk")),
                    actor=actor,
                    agency=agency,
                    acting_as=acting_as(actor, agency),
                    changes={"source": SOURCE, "platform": platform.value},
                    per_creator={pk: changes.get(pk, {}) for pk in chunk},
                )
            )
        _run(f"DROP TABLE {STAGE}")
        if dry_run:
            transaction.set_rollback(True)
    return summary


class _Rows:
    """The file's data rows as staging tuples; bad rows are kept aside as problems."""

    def __init__(self, stream: TextIO | BinaryIO, mapping, on_progress):
        self.reader = csv.reader(_lines(stream))
        try:
            first = next(self.reader)
        except StopIteration:
            raise ImportFailed([Problem(None, "", _("the file is empty"))]) from None
        self.header, self.columns = check_header(first, "videos", mapping)
        self.problems: list[Problem] = []
        self.total = 0
        self.on_progress = on_progress

    def __iter__(self) -> Iterator[tuple]:
        reader, header, columns = self.reader, self.header, self.columns
        for count, row in enumerate(reader, start=1):
            if self.on_progress is not None and count % PROGRESS_EVERY == 0:
                self.on_progress(count)
            if not any(cell.strip() for cell in row):
                continue
            line = reader.line_num
            record, problems = video_row(line, row, columns, header)
            if problems:
                self.total += len(problems)
                self.problems += problems[: max(0, MAX_PROBLEMS - len(self.problems))]
                continue
            yield (
                line,
                record.video_id,
                record.handle,
                record.posted_at,
                *(getattr(record, name) for name in COUNTS),
                record.followers,
                record.total_likes,
                record.video_count,
            )

    @property
    def video_id_column(self) -> str:
        return self.header[self.columns["video_id"]]

    @property
    def counts(self) -> list[str]:
        """The count columns this file has: the only ones an update may touch."""
        return [name for name in COUNTS if name in self.columns]


def _lines(stream: TextIO | BinaryIO) -> Iterator[str]:
    """Text lines; a binary stream is decoded line by line, so a bad byte is named by its line."""
    for number, line in enumerate(stream, start=1):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError:
                raise ImportFailed([Problem(number, "", _("not UTF-8 text"))]) from None
        if "\x00" in line:
            raise ImportFailed(
                [Problem(number, "", _("the file contains NUL bytes: is it really CSV?"))]
            )
        yield line.lstrip("\ufeff") if number == 1 else line


def _stage_table() -> str:
    """The staging table, dropped with the transaction that made it (or right after use)."""
    big = "bigint"
    types = {"line": "integer", "video_id": "text", "handle": "text", "posted_at": "timestamptz"}
    if connection.vendor != "postgresql":
        big, types["posted_at"] = "integer", "text"  # what Django's SQLite backend stores
        # The line as the rowid: SQLite finds a creator's last row (`_snapshots`) by it at once,
        # where it would otherwise scan the table per creator.
        types["line"] = "integer PRIMARY KEY"
    columns = ", ".join(f"{name} {types.get(name, big)}" for name in STAGE_COLUMNS)
    on_commit = " ON COMMIT DROP" if connection.vendor == "postgresql" else ""
    return f"CREATE TEMPORARY TABLE {STAGE} ({columns}){on_commit}"


def _keep_last(repeated: list) -> None:
    """The user chose to keep the last row of each repeated video id: the earlier rows leave the
    staging table, and `repeated` lists (video id, its lines) — the first MAX_PROBLEMS."""
    sql = f"""SELECT video_id, line FROM {STAGE} WHERE video_id IN
              (SELECT video_id FROM {STAGE} GROUP BY video_id HAVING COUNT(*) > 1)
              ORDER BY video_id, line"""  # noqa: S608 - our own table
    lines: dict[str, list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for video_id, line in cursor:
            lines.setdefault(video_id, []).append(line)
        cursor.execute(
            f"""DELETE FROM {STAGE} WHERE line < (SELECT MAX(t.line) FROM {STAGE} t
                WHERE t.video_id = {STAGE}.video_id)"""  # noqa: S608 - our own table
        )
    repeated += sorted(lines.items(), key=lambda item: item[1][-1])[:MAX_PROBLEMS]


def _undated_day(today):
    """Today, for a file whose rows carry account figures, unless its newest video is older
    than a week: then its followers are not today's and the user must give the file's date."""
    if today is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(posted_at) FROM {STAGE} WHERE followers IS NOT NULL")  # noqa: S608
        (newest,) = cursor.fetchone()
    if newest is None:
        return today
    if isinstance(newest, str):
        newest = datetime.fromisoformat(newest)
    newest = newest.astimezone(UTC).date()
    if newest < today - timedelta(days=STALE_AFTER_DAYS):
        raise ImportFailed([stale_problem(newest)])
    return today


def _owner(platform: Platform, *, left: bool = False) -> str:
    """The SQL that joins a staged row `s` to her profile `c` by its handle on `platform`: the
    profile's own (TikTok), else the handle she gave for that platform."""
    join = "LEFT JOIN" if left else "JOIN"
    creators = CreatorProfile._meta.db_table
    if platform == Platform.TIKTOK:
        return f"{join} {creators} c ON c.handle = s.handle"
    handles = CreatorHandle._meta.db_table
    return (
        f"{join} {handles} h ON h.handle = s.handle AND h.platform = '{platform.value}' "
        f"{join} {creators} c ON c.id = h.creator_id"
    )


def _raise_problems(rows: _Rows, platform: Platform) -> None:
    """Bad rows, repeated video ids and videos of another creator, in line order; nothing is
    written if there is one."""
    repeats, repeat_total = [], 0
    sql = f"""SELECT s.line, s.video_id, f.first_line FROM {STAGE} s
              JOIN (SELECT video_id, MIN(line) AS first_line FROM {STAGE}
                    GROUP BY video_id HAVING COUNT(*) > 1) f ON f.video_id = s.video_id
              WHERE s.line > f.first_line ORDER BY s.line"""  # noqa: S608 - our own table
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for line, video_id, first_line in cursor:
            repeat_total += 1
            if len(repeats) < MAX_PROBLEMS:
                reason = _("%(key)r is repeated: it is also on line %(line)s") % {
                    "key": video_id,
                    "line": first_line,
                }
                repeats.append(Problem(line, rows.video_id_column, reason))
    moved, moved_total = _moved_videos(rows, platform)
    if rows.total or repeat_total or moved_total:
        problems = sorted(rows.problems + repeats + moved, key=lambda p: p.line or 0)
        raise ImportFailed(problems[:MAX_PROBLEMS], total=rows.total + repeat_total + moved_total)


def _moved_videos(rows: _Rows, platform: Platform) -> tuple[list[Problem], int]:
    """Rows whose video id is stored under another creator (or under anyone, for a handle not
    known yet): an import never moves a video between creators (SPEC §9). The first
    MAX_PROBLEMS, and their total."""
    videos = Video._meta.db_table
    moved = f"""FROM {STAGE} s
                JOIN {videos} v ON v.video_id = s.video_id AND v.platform = '{platform.value}'
                {_owner(platform, left=True)}
                WHERE c.id IS NULL OR v.creator_id <> c.id"""  # noqa: S608 - our own tables
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) {moved}")
        (total,) = cursor.fetchone()
        if not total:
            return [], 0
        cursor.execute(
            f"SELECT s.line, s.video_id {moved} ORDER BY s.line LIMIT %s", [MAX_PROBLEMS]
        )
        problems = [
            Problem(
                line,
                rows.video_id_column,
                _("video %(id)s belongs to another creator") % {"id": video_id},
            )
            for line, video_id in cursor.fetchall()
        ]
    return problems, total


def _creators(platform: Platform, summary: Counter, changes: dict) -> list[int]:
    """Creators not known yet are created unclaimed (as `importing.write_batch` does); returns
    the ids of every creator the file names."""
    named = f"SELECT s.handle, MIN(s.line) FROM {STAGE} s {_owner(platform, left=True)}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"{named} WHERE c.id IS NULL GROUP BY s.handle")
        missing = dict(cursor.fetchall())
    new = set(missing)
    if platform != Platform.TIKTOK and missing:
        new = _other_platform_handles(missing, platform)
    for chunk in batched(sorted(new), CREATOR_CHUNK):
        CreatorProfile.objects.bulk_create(
            [CreatorProfile(handle=handle, display_name=handle) for handle in chunk],
            ignore_conflicts=True,  # made meanwhile by another import: theirs is as good
        )
    summary["creators_created"] += len(new)
    if platform != Platform.TIKTOK and missing:
        _add_handles(missing, platform, summary, changes)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT c.id, c.handle FROM {STAGE} s {_owner(platform)}")  # noqa: S608
        found = cursor.fetchall()
    for pk, handle in found:
        changes.setdefault(pk, {}).update({"created": True} if handle in new else {})
    return sorted({pk for pk, _handle in found})


def _other_platform_handles(missing: dict, platform) -> set[str]:
    """Handles no profile has on this platform: refused when the profile of that name is
    claimed (her other handles are hers to add); returns those with no profile at all."""
    problems = claimed_problems(missing, {}, platform)
    if problems:
        raise ImportFailed(problems[:MAX_PROBLEMS], total=len(problems))
    return set(missing) - set(unclaimed_profiles(missing))


def _add_handles(missing: dict, platform, summary, changes) -> None:
    """File each new handle under the unclaimed profile of its name (made just before)."""
    profiles = unclaimed_profiles(missing)
    CreatorHandle.objects.bulk_create(
        [CreatorHandle(creator=profiles[h], platform=platform, handle=h) for h in sorted(missing)],
        batch_size=CREATOR_CHUNK,
    )
    summary["handles_added"] += len(missing)
    for handle in missing:
        mine = changes.setdefault(profiles[handle].pk, {})
        mine[f"{platform.value}_handle"] = [None, handle]


def _videos(rows: _Rows, platform: Platform, summary: Counter, changes: dict) -> None:
    """Upsert every staged video. On a known video only the columns the file has are set, and
    an empty cell (unknown) keeps the stored count: COALESCE(excluded.x, stored x)."""
    videos = Video._meta.db_table
    counts = ", ".join(COUNTS)
    updates = ", ".join(
        [
            "posted_at = excluded.posted_at",
            "source = excluded.source",
            "refreshed_at = excluded.refreshed_at",
        ]
        + [f"{name} = COALESCE(excluded.{name}, {videos}.{name})" for name in rows.counts]
    )
    _count_videos(platform, summary, changes)
    values = ", ".join(f"s.{n}" for n in COUNTS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {videos} (creator_id, platform, video_id, posted_at, {counts},
                                      caption, source, refreshed_at)
                SELECT c.id, %s, s.video_id, s.posted_at, {values}, '', %s, %s
                FROM {STAGE} s {_owner(platform)} WHERE true
                ON CONFLICT (platform, video_id) DO UPDATE SET {updates}""",  # noqa: S608
            [platform.value, SOURCE, timezone.now()],
        )


def _count_videos(platform: Platform, summary: Counter, changes: dict) -> None:
    """Videos created and updated, in all and for each creator (her audit row), before the
    write: one grouped query, a row per creator."""
    videos = Video._meta.db_table
    summary["videos_created"] += 0  # both named in the summary, even when 0
    summary["videos_updated"] += 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT c.id, COUNT(*), COUNT(v.id) FROM {STAGE} s {_owner(platform)}
                LEFT JOIN {videos} v ON v.video_id = s.video_id AND v.platform = %s
                GROUP BY c.id""",  # noqa: S608
            [platform.value],
        )
        for pk, total, known in cursor.fetchall():
            mine = changes.setdefault(pk, {})
            if total - known:
                mine["videos_created"] = total - known
            if known:
                mine["videos_updated"] = known
            summary["videos_created"] += total - known
            summary["videos_updated"] += known


def _snapshots(day, platform: Platform, summary: Counter, changes: dict) -> None:
    """A videos file's follower column is one snapshot per creator: the last row's figure, with
    the lifetime likes and video count when the file has them (an unknown one keeps what the
    day has); each creator's audit row gets [old, new] of her followers."""
    snapshots = StatSnapshot._meta.db_table
    last = f"""FROM {STAGE} s
               JOIN (SELECT handle, MAX(line) AS line FROM {STAGE}
                     WHERE followers IS NOT NULL GROUP BY handle) last ON last.line = s.line
               {_owner(platform)}"""  # noqa: S608 - our own tables
    stored_day = connection.ops.adapt_datefield_value(day)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT c.id, old.followers, s.followers {last}
                LEFT JOIN {snapshots} old
                ON old.creator_id = c.id AND old.platform = %s AND old.day = %s""",  # noqa: S608
            [platform.value, stored_day],
        )
        for pk, before, after in cursor.fetchall():
            if before != after:
                key = day.isoformat()
                changes.setdefault(pk, {}).setdefault("snapshots", {})[key] = {
                    "followers": [before, after]
                }
        cursor.execute(
            f"""INSERT INTO {snapshots} (creator_id, platform, day, followers, total_likes,
                                         video_count, source)
                SELECT c.id, %s, %s, s.followers, s.total_likes, s.video_count, %s {last}
                WHERE true
                ON CONFLICT (creator_id, platform, day) DO UPDATE
                SET followers = excluded.followers, source = excluded.source,
                    total_likes = COALESCE(excluded.total_likes, {snapshots}.total_likes),
                    video_count = COALESCE(excluded.video_count, {snapshots}.video_count)""",  # noqa: S608
            [platform.value, stored_day, SOURCE],
        )
        summary["snapshots"] += cursor.rowcount


def _run(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)
