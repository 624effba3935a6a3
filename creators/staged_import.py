"""A video CSV of any size, imported in constant memory, all rows or none.

Each row is checked as it is read, with the same rules as every CSV import
(`csv_files.video_row`), and streamed into a temporary staging table (COPY on PostgreSQL). Repeated
video ids are then found in SQL, and one INSERT … SELECT … ON CONFLICT writes the videos, one more
the follower snapshots. It all runs in one transaction: a single problem anywhere rolls everything
back. Memory grows with the number of creators in the file, never with its rows; of the problems,
the first MAX_PROBLEMS are kept with their total (a file that wrong is wrong throughout).
"""

import csv
from collections import Counter
from collections.abc import Iterator
from itertools import batched
from typing import BinaryIO, TextIO

from django.db import connection, transaction
from django.utils.translation import gettext as _

from access.events import CreatorsEvent
from access.models import ActingAs, AuditEventType
from creators.models import CreatorProfile, StatSnapshot, Video
from creators.rollup import refresh_metrics_many
from creators.sources.csv_files import check_header, video_row
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
MAX_PROBLEMS = 1000
PROGRESS_EVERY = 10_000
CREATOR_CHUNK = 500


def import_video_csv(
    stream: TextIO | BinaryIO,
    mapping: dict[str, str] | None = None,
    *,
    snapshot_day,
    actor=None,
    dry_run=False,
    on_progress=None,
) -> Counter:
    """Check and write every row of `stream`; ImportFailed (nothing written) on any problem.

    With dry_run everything is checked and counted, then rolled back. `on_progress(rows)` is
    called as rows are read."""
    rows = _Rows(stream, mapping, on_progress)
    summary: Counter = Counter()
    with transaction.atomic():
        temp = "pg_temp" if connection.vendor == "postgresql" else "temp"
        _run(f"DROP TABLE IF EXISTS {temp}.{STAGE}")
        _run(_stage_table())
        summary["rows"] = copy_rows(STAGE, STAGE_COLUMNS, rows)
        _raise_problems(rows)
        creators = _creators(summary)
        _videos(summary)
        if snapshot_day is not None:
            _snapshots(snapshot_day, summary)
        del summary["rows"]
        refresh_metrics_many(creators)
        for chunk in batched(creators, CREATOR_CHUNK):
            publish(
                CreatorsEvent(
                    type=AuditEventType.DATA_IMPORTED,
                    creators=list(CreatorProfile.objects.filter(pk__in=chunk).order_by("pk")),
                    actor=actor,
                    acting_as=ActingAs.OPERATOR if actor is None else ActingAs.USER,
                    changes={"source": SOURCE, **summary},
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
            )

    @property
    def video_id_column(self) -> str:
        return self.header[self.columns["video_id"]]


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
    columns = ", ".join(f"{name} {types.get(name, big)}" for name in STAGE_COLUMNS)
    on_commit = " ON COMMIT DROP" if connection.vendor == "postgresql" else ""
    return f"CREATE TEMPORARY TABLE {STAGE} ({columns}){on_commit}"


def _raise_problems(rows: _Rows) -> None:
    """Bad rows and repeated video ids, in line order; nothing is written if there is one."""
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
    if rows.total or repeat_total:
        problems = sorted(rows.problems + repeats, key=lambda p: p.line or 0)[:MAX_PROBLEMS]
        raise ImportFailed(problems, total=rows.total + repeat_total)


def _creators(summary: Counter) -> list[int]:
    """Creators not known yet are created unclaimed (as `importing.write_batch` does); returns
    the ids of every creator the file names."""
    table = CreatorProfile._meta.db_table
    named = f"SELECT DISTINCT s.handle FROM {STAGE} s"  # noqa: S608 - our own tables
    missing = f"{named} LEFT JOIN {table} c ON c.handle = s.handle WHERE c.id IS NULL"
    with connection.cursor() as cursor:
        cursor.execute(missing)
        handles = [handle for (handle,) in cursor.fetchall()]
    for chunk in batched(sorted(handles), CREATOR_CHUNK):
        CreatorProfile.objects.bulk_create(
            [CreatorProfile(handle=handle, display_name=handle) for handle in chunk],
            ignore_conflicts=True,  # made meanwhile by another import: theirs is as good
        )
    summary["creators_created"] += len(handles)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT c.id FROM {table} c WHERE c.handle IN ({named})")  # noqa: S608
        return [pk for (pk,) in cursor.fetchall()]


def _videos(summary: Counter) -> None:
    videos, creators = Video._meta.db_table, CreatorProfile._meta.db_table
    counts = ", ".join(COUNTS)
    updates = ", ".join(f"{name} = excluded.{name}" for name in ["posted_at", *COUNTS, "source"])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {STAGE} s JOIN {videos} v ON v.video_id = s.video_id"  # noqa: S608
        )
        (known,) = cursor.fetchone()
        cursor.execute(
            f"""INSERT INTO {videos} (creator_id, video_id, posted_at, {counts}, caption, source)
                SELECT c.id, s.video_id, s.posted_at, {", ".join(f"s.{n}" for n in COUNTS)}, '', %s
                FROM {STAGE} s JOIN {creators} c ON c.handle = s.handle WHERE true
                ON CONFLICT (video_id) DO UPDATE SET {updates}""",  # noqa: S608 - our own tables
            [SOURCE],
        )
    summary["videos_updated"] += known
    summary["videos_created"] += summary["rows"] - known


def _snapshots(day, summary: Counter) -> None:
    """A videos file's follower column is one snapshot per creator: the last row's figure. Only
    the followers change on a day already recorded (the file knows nothing else)."""
    snapshots, creators = StatSnapshot._meta.db_table, CreatorProfile._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {snapshots} (creator_id, day, followers, source)
                SELECT c.id, %s, s.followers, %s FROM {STAGE} s
                JOIN (SELECT handle, MAX(line) AS line FROM {STAGE}
                      WHERE followers IS NOT NULL GROUP BY handle) last ON last.line = s.line
                JOIN {creators} c ON c.handle = s.handle WHERE true
                ON CONFLICT (creator_id, day) DO UPDATE
                SET followers = excluded.followers, source = excluded.source""",  # noqa: S608
            [connection.ops.adapt_datefield_value(day), SOURCE],
        )
        summary["snapshots"] += cursor.rowcount


def _run(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)
