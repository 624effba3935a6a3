"""Writing a parsed `Batch` to the database: all of it, or nothing.

Creators not yet known are created unclaimed and unlisted-to-brands (no user: SPEC §9 keeps them
private to the operator until claimed). Videos already imported are updated, never duplicated.
"""

import sys
from collections import Counter

from django.db import transaction

from access.events import CreatorsEvent
from access.models import ActingAs, AuditEventType
from creators.models import (
    AudienceSnapshot,
    Category,
    CreatorProfile,
    SourceMetric,
    StatSnapshot,
    Video,
)
from creators.rollup import refresh_metrics_many
from creators.sources.records import Batch
from talentdesk.lib.events import publish

CHUNK = 2000
VIDEO_FIELDS = [
    "posted_at",
    "views",
    "six_second_views",
    "completed_views",
    "likes",
    "comments",
    "shares",
    "saves",
    "duration",
    "caption",
    "source",
]


class Progress:
    """A one-line progress report on a terminal; silent otherwise."""

    def __init__(self, total: int, stream=None):
        self.total, self.done = total, 0
        self.stream = stream if stream is not None else sys.stderr
        self.live = total >= CHUNK and self.stream.isatty()

    def advance(self, n: int) -> None:
        self.done += n
        if self.live:
            self.stream.write(f"\r  {self.done:,}/{self.total:,} rows written")
            if self.done >= self.total:
                self.stream.write("\n")
            self.stream.flush()


def write_batch(batch: Batch, *, actor=None, dry_run: bool = False, progress=None) -> Counter:
    """Store the batch atomically and refresh the touched creators' metrics; with dry_run,
    everything is checked and counted, then rolled back."""
    summary: Counter = Counter()
    progress = progress or Progress(len(batch.videos) + len(batch.snapshots))
    with transaction.atomic():
        creators = _creators(batch, summary)
        _videos(batch, creators, summary, progress)
        _snapshots(batch, creators, summary, progress)
        _audiences(batch, creators, summary)
        _rates(batch, creators, summary)
        _source_metrics(batch, creators, summary)
        refresh_metrics_many([creator.pk for creator in creators.values()])
        publish(
            CreatorsEvent(
                type=AuditEventType.DATA_IMPORTED,
                creators=list(creators.values()),
                actor=actor,
                acting_as=ActingAs.OPERATOR if actor is None else ActingAs.USER,
                changes={"source": batch.source, **summary},
            )
        )
        if dry_run:
            transaction.set_rollback(True)
    return summary


def _creators(batch: Batch, summary: Counter) -> dict[str, CreatorProfile]:
    handles = {r.handle for r in batch.creators}
    groups = (batch.videos, batch.snapshots, batch.audiences, batch.rates, batch.source_metrics)
    handles |= {r.handle for group in groups for r in group}
    existing = {c.handle: c for c in CreatorProfile.objects.filter(handle__in=handles)}
    records = {r.handle: r for r in batch.creators}
    for handle in sorted(handles):
        record = records.get(handle)
        creator = existing.get(handle)
        if creator is None:
            creator = CreatorProfile(handle=handle, display_name=handle)
            summary["creators_created"] += 1
        elif record is not None:
            summary["creators_updated"] += 1
        if record is not None:
            for field in ("display_name", "followers", "country", "bio", "avatar_url"):
                value = getattr(record, field)
                if value not in (None, ""):
                    setattr(creator, field, value)
        creator.save()
        if record is not None and record.categories:
            creator.categories.add(*Category.objects.filter(slug__in=record.categories))
        existing[handle] = creator
    return existing


def _videos(batch, creators, summary, progress):
    known = set(
        Video.objects.filter(video_id__in=[v.video_id for v in batch.videos]).values_list(
            "video_id", flat=True
        )
    )
    rows = [
        Video(
            creator=creators[r.handle],
            video_id=r.video_id,
            posted_at=r.posted_at,
            views=r.views,
            six_second_views=r.six_second_views,
            completed_views=r.completed_views,
            likes=r.likes,
            comments=r.comments,
            shares=r.shares,
            saves=r.saves,
            duration=r.duration,
            caption=r.caption,
            source=batch.source,
        )
        for r in batch.videos
    ]
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        Video.objects.bulk_create(
            chunk, update_conflicts=True, unique_fields=["video_id"], update_fields=VIDEO_FIELDS
        )
        progress.advance(len(chunk))
    summary["videos_updated"] += len(known)
    summary["videos_created"] += len(rows) - len(known)


def _snapshots(batch, creators, summary, progress):
    latest = {(r.handle, r.day): r for r in batch.snapshots}
    rows = [
        StatSnapshot(
            creator=creators[r.handle],
            day=r.day,
            followers=r.followers,
            following=r.following,
            total_likes=r.total_likes,
            video_count=r.video_count,
            source=batch.source,
        )
        for r in latest.values()
    ]
    StatSnapshot.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["creator", "day"],
        update_fields=["followers", "following", "total_likes", "video_count", "source"],
        batch_size=CHUNK,
    )
    progress.advance(len(rows))
    summary["snapshots"] += len(rows)


def _shares(values: dict) -> dict:
    return {key: str(value) for key, value in values.items()}


def _audiences(batch, creators, summary):
    for r in batch.audiences:
        AudienceSnapshot.objects.update_or_create(
            creator=creators[r.handle],
            day=r.day,
            source=batch.source,
            defaults={
                "genders": _shares(r.genders),
                "ages": _shares(r.ages),
                "countries": _shares(r.countries),
                "devices": _shares(r.devices),
                "cities": _shares(r.cities),
            },
        )
        summary["audiences"] += 1


def _rates(batch, creators, summary):
    from creators.actions import set_rate

    for r in batch.rates:
        set_rate(creators[r.handle], r.deliverable, r.amount, r.currency, actor=None)
        summary["rates"] += 1


def _source_metrics(batch, creators, summary):
    for r in batch.source_metrics:
        SourceMetric.objects.update_or_create(
            creator=creators[r.handle],
            day=r.day,
            source=r.source,
            name=r.name,
            defaults={"value": r.value},
        )
        summary["source_metrics"] += 1
