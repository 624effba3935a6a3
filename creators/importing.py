"""Writing a parsed `Batch` to the database: all of it, or nothing.

Creators not yet known are created unclaimed and unlisted-to-brands (no user: SPEC §9 keeps them
private to the operator until claimed). Videos already imported are updated, never duplicated,
and never moved to another creator. An agency's import writes statistics only, never the profile
fields the creator owns; a value the file does not give (a missing column, an empty cell) never
erases one already stored. Each creator's audit chain gets what changed for her.

A batch is of one platform: its handles are her handles there (TikTok: the profile's own; others:
`CreatorHandle`) and its figures are stored as that platform's, never mixed with TikTok's. An
operator's import for another platform files an unknown handle under the unclaimed profile of
the same name (made if need be); a claimed profile's other handles are hers to add.
"""

import sys
from collections import Counter, defaultdict
from itertools import batched

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access.events import CreatorsEvent
from access.models import ActingAs, AuditEventType
from access.roles import Role, RoleKind
from creators.models import (
    AudienceSnapshot,
    Category,
    CreatorHandle,
    CreatorProfile,
    Platform,
    SourceMetric,
    StatSnapshot,
    Video,
)
from creators.rollup import refresh_metrics_many
from creators.sources.records import Batch, ImportFailed, Problem
from talentdesk.lib.events import publish

CHUNK = 2000
MAX_PROBLEMS = 1000  # problems kept (with their total) when a file is refused
# Counts a file may or may not carry: an absent value keeps the stored one (SPEC §9).
VIDEO_COUNTS = [
    "views",
    "six_second_views",
    "completed_views",
    "likes",
    "comments",
    "shares",
    "saves",
    "duration",
]
VIDEO_FIELDS = ["posted_at", *VIDEO_COUNTS, "caption", "paid_partnership", "source", "refreshed_at"]
SNAPSHOT_COUNTS = ["followers", "following", "total_likes", "video_count"]
# What the creator owns on her profile: only she (or the operator, for a profile nobody has
# claimed) may set it; an agency's import never does (SPEC §9 Imports).
PROFILE_FIELDS = ["display_name", "country", "bio", "avatar_url"]


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


def acting_as(actor, agency) -> ActingAs:
    """How the audit log names an import's author: the agency's member, a user, the operator."""
    if agency is not None:
        return ActingAs.AGENCY
    return ActingAs.OPERATOR if actor is None else ActingAs.USER


def write_batch(
    batch: Batch,
    *,
    actor=None,
    agency=None,
    dry_run: bool = False,
    progress=None,
    changed: dict | None = None,
) -> Counter:
    """Store the batch atomically and refresh the touched creators' metrics; with dry_run,
    everything is checked and counted, then rolled back. `agency`: the agency importing (web,
    API) — then only statistics are written; None for the operator's command line.
    ImportFailed (nothing written) when a video belongs to another creator. `changed`, when
    given, receives handle → what changed for her (what her audit row says)."""
    summary: Counter = Counter()
    changes: dict[int, dict] = defaultdict(dict)
    progress = progress or Progress(len(batch.videos) + len(batch.snapshots))
    with transaction.atomic():
        existing = find_creators(_handles(batch), batch.platform)
        check_claimed(batch, existing)
        stored = _stored_videos(batch)
        check_video_owners(batch, stored, {h: c.pk for h, c in existing.items()})
        creators = _creators(batch, existing, summary, changes, actor=actor, agency=agency)
        _videos(batch, creators, stored, summary, changes, progress)
        _snapshots(batch, creators, summary, changes, progress)
        _audiences(batch, creators, summary, changes)
        _rates(batch, creators, summary, changes, actor=actor, agency=agency)
        _source_metrics(batch, creators, summary, changes)
        refresh_metrics_many([creator.pk for creator in creators.values()])
        publish(
            CreatorsEvent(
                type=AuditEventType.DATA_IMPORTED,
                creators=list(creators.values()),
                actor=actor,
                agency=agency,
                acting_as=acting_as(actor, agency),
                changes={"source": batch.source, "platform": batch.platform},
                per_creator=dict(changes),
            )
        )
        if changed is not None:
            changed.update({c.handle: changes[c.pk] for c in creators.values() if changes[c.pk]})
        if dry_run:
            transaction.set_rollback(True)
    return summary


def _handles(batch: Batch) -> set[str]:
    groups = (batch.videos, batch.snapshots, batch.audiences, batch.rates, batch.source_metrics)
    return {r.handle for r in batch.creators} | {r.handle for g in groups for r in g}


def find_creators(handles, platform: str) -> dict[str, CreatorProfile]:
    """Handle on `platform` → her profile: on TikTok the profile's own handle, elsewhere the
    handle she put on her profile for that platform (`CreatorHandle`)."""
    found: dict[str, CreatorProfile] = {}
    for chunk in batched(sorted(handles), CHUNK):
        if platform == Platform.TIKTOK:
            found.update({c.handle: c for c in CreatorProfile.objects.filter(handle__in=chunk)})
        else:
            rows = CreatorHandle.objects.filter(platform=platform, handle__in=chunk)
            found.update({h.handle: h.creator for h in rows.select_related("creator")})
    return found


def _first_lines(batch: Batch) -> dict[str, int | None]:
    groups = (batch.creators, batch.videos, batch.snapshots, batch.source_metrics)
    lines: dict[str, int | None] = {}
    for group in groups:
        for record in group:
            lines.setdefault(record.handle, getattr(record, "line", None))
    return lines


def check_claimed(batch: Batch, existing=None) -> None:
    """For another platform than TikTok, a handle no profile has there is filed under the
    unclaimed profile of that name: a row error when that profile is claimed (her other handles
    are hers to add, on her profile)."""
    if batch.platform == Platform.TIKTOK:
        return
    if existing is None:
        existing = find_creators(_handles(batch), batch.platform)
    lines = _first_lines(batch)
    problems = claimed_problems(
        {h: lines.get(h) for h in _handles(batch)}, existing, batch.platform
    )
    if problems:
        raise ImportFailed(problems[:MAX_PROBLEMS], total=len(problems))


def claimed_problems(lines: dict[str, int | None], existing, platform: str) -> list[Problem]:
    """`check_claimed`'s row errors, for handles → the first line naming them."""
    unknown = sorted(set(lines) - set(existing))
    claimed = set()
    for chunk in batched(unknown, CHUNK):
        rows = CreatorProfile.objects.filter(handle__in=chunk, user__isnull=False)
        claimed |= set(rows.values_list("handle", flat=True))
    reason = _(
        "no profile has the %(platform)s handle @%(handle)s, and the profile @%(handle)s is "
        "claimed: she adds her %(platform)s handle on her profile"
    )
    label = Platform(platform).label
    return [
        Problem(lines[h], "handle", reason % {"platform": label, "handle": h})
        for h in sorted(claimed, key=lambda h: (lines[h] or 0, h))
    ]


def _stored_videos(batch: Batch, *, lock: bool = True) -> dict[str, dict]:
    """The stored videos the batch names (video_id → owner and fields), locked until the end of
    the import so nothing changes them between this read and our write."""
    found: dict[str, dict] = {}
    ids = [r.video_id for r in batch.videos]
    for chunk in batched(ids, CHUNK):
        rows = Video.objects.filter(platform=batch.platform, video_id__in=chunk)
        if lock:
            rows = rows.select_for_update()
        for row in rows.values("video_id", "creator_id", *VIDEO_FIELDS):
            found[row["video_id"]] = row
    return found


def check_video_owners(batch: Batch, stored=None, owners=None) -> None:
    """A video already stored under another creator is a row error: an import never moves a
    video between creators (another agency's row would rewrite her figures). Also called when
    the file is checked, before the user confirms it."""
    if stored is None:
        stored = _stored_videos(batch, lock=False)
    if owners is None:
        owners = {h: c.pk for h, c in find_creators(_handles(batch), batch.platform).items()}
    problems = [
        Problem(
            r.line, "video_id", _("video %(id)s belongs to another creator") % {"id": r.video_id}
        )
        for r in batch.videos
        if r.video_id in stored and stored[r.video_id]["creator_id"] != owners.get(r.handle)
    ]
    if problems:
        raise ImportFailed(problems[:MAX_PROBLEMS], total=len(problems))


def _owns_profile(creator: CreatorProfile, *, actor, agency) -> bool:
    """Whether this import may write the profile fields she owns: never an agency's; the
    operator's only while nobody has claimed the profile; a creator's own import, hers."""
    if agency is not None:
        return False
    if creator.pk is None or creator.user_id is None:
        return True
    return actor is not None and creator.user_id == actor.pk


def _creators(batch, existing, summary, changes, *, actor, agency) -> dict[str, CreatorProfile]:
    """Every creator the batch names, made unclaimed when unknown; a creators file's row sets
    her TikTok followers (a TikTok file's) and, where this import may, her profile fields."""
    records = {r.handle: r for r in batch.creators}
    creators = dict(existing)
    tiktok = batch.platform == Platform.TIKTOK
    unlinked = [] if tiktok else [h for h in _handles(batch) if h not in existing]
    unclaimed = unclaimed_profiles(unlinked)
    for handle in sorted(_handles(batch)):
        record = records.get(handle)
        creator = creators.get(handle) or unclaimed.get(handle)
        if creator is None:
            creator = CreatorProfile(handle=handle, display_name=handle)
            summary["creators_created"] += 1
        elif record is not None:
            summary["creators_updated"] += 1
        creators[handle] = creator
        created = creator.pk is None
        if not created and record is None and handle not in unclaimed:
            continue  # named by a video or a snapshot only: nothing of hers to save
        # Another platform's row sets her profile fields only on a profile it makes.
        owns = _owns_profile(creator, actor=actor, agency=agency) and (tiktok or created)
        diff = _apply_record(creator, record, owns=owns, followers=tiktok)
        if created or diff:
            creator.save()
        if owns and record is not None and record.categories:
            diff.update(_add_categories(creator, record.categories, created=created))
        if not tiktok and handle not in existing:
            CreatorHandle.objects.create(creator=creator, platform=batch.platform, handle=handle)
            summary["handles_added"] += 1
            diff[f"{batch.platform}_handle"] = [None, handle]
        changes[creator.pk].update({"created": True} if created else {})
        changes[creator.pk].update(diff)
    return creators


def unclaimed_profiles(handles) -> dict[str, CreatorProfile]:
    """The unclaimed profiles named like these handles (`check_claimed` refused the claimed)."""
    found: dict[str, CreatorProfile] = {}
    for chunk in batched(sorted(handles), CHUNK):
        rows = CreatorProfile.objects.filter(handle__in=chunk, user__isnull=True)
        found.update({c.handle: c for c in rows})
    return found


def _apply_record(creator, record, *, owns: bool, followers: bool = True) -> dict:
    """Set what the row gives (an empty cell changes nothing): her TikTok followers (a
    statistic) when `followers`, the fields she owns only when `owns`; returns {field: [old,
    new]}."""
    if record is None:
        return {}
    diff = {}
    for field in [*(["followers"] if followers else []), *(PROFILE_FIELDS if owns else [])]:
        value, old = getattr(record, field), getattr(creator, field)
        if value not in (None, "") and value != old:
            setattr(creator, field, value)
            diff[field] = [old, value]
    return diff


def _add_categories(creator, slugs, *, created: bool) -> dict:
    """Categories the row names are added to hers (never removed)."""
    before = set() if created else set(creator.categories.values_list("slug", flat=True))
    found = list(Category.objects.filter(slug__in=slugs))
    after = before | {c.slug for c in found}
    if after == before:
        return {}
    creator.categories.add(*found)
    return {"categories": [sorted(before), sorted(after)]}


def _known(new, old):
    """An unknown value (None, or an empty caption) never erases a known one."""
    return old if new is None or new == "" else new


def _videos(batch, creators, stored, summary, changes, progress):
    """Upsert the videos; a field this batch does not know keeps what is stored (merged here
    from the rows read, and locked, by `_stored_videos`)."""
    rows, now = [], timezone.now()
    for key in ("videos_created", "videos_updated"):
        summary.setdefault(key, 0)  # both named in the summary, even when 0
    for r in batch.videos:
        old = stored.get(r.video_id, {})
        video = Video(
            creator=creators[r.handle],
            platform=batch.platform,
            video_id=r.video_id,
            source=batch.source,
            refreshed_at=now,
        )
        video.posted_at = r.posted_at
        for field in [*VIDEO_COUNTS, "caption", "paid_partnership"]:
            setattr(video, field, _known(getattr(r, field), old.get(field)))
        video.caption = video.caption or ""
        rows.append(video)
        key = "videos_updated" if old else "videos_created"
        _count(changes, video.creator, key)
        summary[key] += 1
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        Video.objects.bulk_create(
            chunk,
            update_conflicts=True,
            unique_fields=["platform", "video_id"],
            update_fields=VIDEO_FIELDS,
        )
        progress.advance(len(chunk))


def _stored_snapshots(creators, days, platform) -> dict[tuple[int, object], StatSnapshot]:
    """The stored snapshots of the batch's creators on its days and platform, locked: (creator
    id, day) →."""
    found = {}
    for chunk in batched(sorted(c.pk for c in creators), CHUNK):
        rows = StatSnapshot.objects.select_for_update().filter(
            creator_id__in=chunk, day__in=days, platform=platform
        )
        found.update({(s.creator_id, s.day): s for s in rows})
    return found


def _snapshots(batch, creators, summary, changes, progress):
    """One snapshot per creator and day; a figure this batch does not give keeps the stored
    one (a file without a `following` column does not blank it); her chain gets [old, new]."""
    latest = {(r.handle, r.day): r for r in batch.snapshots}
    named = {creators[handle] for handle, _day in latest}
    stored = _stored_snapshots(named, sorted({day for _handle, day in latest}), batch.platform)
    rows = []
    for (handle, day), r in latest.items():
        creator = creators[handle]
        old = stored.get((creator.pk, day))
        row = StatSnapshot(creator=creator, platform=batch.platform, day=day, source=batch.source)
        diff = {}
        for field in SNAPSHOT_COUNTS:
            before = getattr(old, field) if old is not None else None
            setattr(row, field, _known(getattr(r, field), before))
            if getattr(row, field) != before:
                diff[field] = [before, getattr(row, field)]
        if row.followers is None:
            continue  # no follower figure, stored or given: nothing to keep for that day
        rows.append(row)
        if diff:
            changes[creator.pk].setdefault("snapshots", {})[day.isoformat()] = diff
    StatSnapshot.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["creator", "platform", "day"],
        update_fields=[*SNAPSHOT_COUNTS, "source"],
        batch_size=CHUNK,
    )
    progress.advance(len(rows))
    summary["snapshots"] += len(rows)


def _count(changes, creator, key):
    mine = changes[creator.pk]
    mine[key] = mine.get(key, 0) + 1


def _shares(values: dict) -> dict:
    return {key: str(value) for key, value in values.items()}


def _audiences(batch, creators, summary, changes):
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
        _count(changes, creators[r.handle], "audiences")


def _importing_role(actor, agency) -> Role | None:
    """The hat `set_rate` audits an agency's change under (the import checked `manage_rates`)."""
    if agency is None:
        return None
    return Role(
        kind=RoleKind.AGENCY,
        key=f"agency:{agency.slug}",
        name=agency.name,
        title="",
        agency=agency,
    )


def _rates(batch, creators, summary, changes, *, actor, agency):
    """Rate lines, through `set_rate` (its history and its own audit row with before/after)."""
    from creators.actions import set_rate

    role = _importing_role(actor, agency)
    for r in batch.rates:
        set_rate(creators[r.handle], r.deliverable, r.amount, r.currency, actor=actor, role=role)
        summary["rates"] += 1
        _count(changes, creators[r.handle], "rates")


def _source_metrics(batch, creators, summary, changes):
    """The source's own figures, one upsert per CHUNK (a top-1000 file has 4,000 of them)."""
    latest = {(r.handle, r.day, r.source, r.name): r for r in batch.source_metrics}
    rows = [
        SourceMetric(
            creator=creators[r.handle],
            platform=batch.platform,
            day=r.day,
            source=r.source,
            name=r.name,
            value=r.value,
        )
        for r in latest.values()
    ]
    SourceMetric.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["creator", "platform", "day", "source", "name"],
        update_fields=["value"],
        batch_size=CHUNK,
    )
    for r in latest.values():
        summary["source_metrics"] += 1
        _count(changes, creators[r.handle], "source_metrics")
