"""Creators' marketplace profiles. A profile is separate from any social-media account: it holds
no platform password or token (SPEC §2)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access import permissions
from access.roles import RoleKind
from creators.categories import CATEGORIES
from talentdesk.lib.billing import BillingDetails


class Platform(models.TextChoices):
    TIKTOK = "tiktok", "TikTok"
    INSTAGRAM = "instagram", "Instagram"
    YOUTUBE = "youtube", "YouTube"


def normalize_handle(handle: str) -> str:
    """Handles compare without a leading @ and case-insensitively, as TikTok's do."""
    return (handle or "").strip().lstrip("@").casefold()


class Category(models.Model):
    slug = models.SlugField(primary_key=True, max_length=32)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["slug"]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        return CATEGORIES.get(self.slug, self.slug)


class CreatorProfileQuerySet(models.QuerySet):
    def public(self):
        """Profiles brands may discover: claimed by their creator, listed, and with a handle
        she proved is hers (SPEC §2; "Verify with TikTok", docs/accounts.md)."""
        return self.filter(user__isnull=False, is_listed=True, handle_verified_at__isnull=False)

    def visible_to(self, role):
        """Profiles `role` may open: their own, the agency's represented creators within the
        member's assignment, or for brands the public marketplace profiles (SPEC §2)."""
        if role is not None and role.kind == RoleKind.BRAND:
            return self.public()
        return self.filter(permissions.reach_q(role, "pk"))


class CreatorProfile(BillingDetails):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="creator_profile",
    )
    display_name = models.CharField(_("display name"), max_length=120)
    handle = models.CharField(
        _("TikTok handle"),
        max_length=64,
        unique=True,
        help_text=_("Without the @, as on TikTok."),
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="creators"
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    bio = models.TextField(_("bio"), blank=True, max_length=1000)
    avatar_url = models.URLField(_("avatar URL"), blank=True)
    followers = models.PositiveBigIntegerField(_("followers"), default=0)
    is_listed = models.BooleanField(
        _("listed in the marketplace"),
        default=True,
        help_text=_("Brands can find a listed profile and send it offers."),
    )
    rates_public = models.BooleanField(
        _("show my rate card to brands"),
        default=False,
        help_text=_("Off: only you, and an agency you let see insights or manage rates, see it."),
    )
    # Set when she proved with TikTok that the handle is hers (creators.actions.verify_handle);
    # the TikTok account's id (open_id) keeps one account from verifying two profiles.
    handle_verified_at = models.DateTimeField(_("handle verified"), null=True, blank=True)
    tiktok_account_id = models.CharField(max_length=128, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CreatorProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("creator profile")
        verbose_name_plural = _("creator profiles")
        ordering = ["handle"]

    def __str__(self):
        return f"@{self.handle}"

    def save(self, *args, **kwargs):
        self.handle = normalize_handle(self.handle)
        super().save(*args, **kwargs)

    @property
    def at_handle(self):
        return f"@{self.handle}"

    @property
    def handle_verified(self) -> bool:
        return self.handle_verified_at is not None

    @property
    def is_discoverable(self) -> bool:
        """What `CreatorProfileQuerySet.public` asks, for one profile in hand."""
        return self.user_id is not None and self.is_listed and self.handle_verified

    @property
    def tiktok_url(self):
        return f"https://www.tiktok.com/@{self.handle}"


class CreatorHandle(models.Model):
    """A creator's handle on a platform other than TikTok (one per platform): an import for that
    platform names her by it."""

    creator = models.ForeignKey(CreatorProfile, on_delete=models.CASCADE, related_name="handles")
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    handle = models.CharField(_("handle"), max_length=64)

    class Meta:
        verbose_name = _("other platform handle")
        verbose_name_plural = _("other platform handles")
        constraints = [
            models.UniqueConstraint(fields=["platform", "handle"], name="one_owner_per_handle"),
            models.UniqueConstraint(fields=["creator", "platform"], name="one_handle_per_platform"),
        ]

    def __str__(self):
        return f"{self.get_platform_display()} @{self.handle}"

    def save(self, *args, **kwargs):
        self.handle = normalize_handle(self.handle)
        super().save(*args, **kwargs)


class Gender(models.TextChoices):
    """An audience's genders, as TikTok reports them."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other or unknown")


class Deliverable(models.TextChoices):
    VIDEO = "video", _("Video")
    SERIES_3 = "series_3", _("Video series of 3")
    LIVE = "live", _("LIVE")
    CAROUSEL = "carousel", _("Photo carousel")
    USAGE_30D = "usage_30d", _("Usage rights, per 30 days")
    EXCLUSIVITY = "exclusivity", _("Exclusivity add-on")


def platform_field():
    """Which platform a statistic is of: each platform's figures are kept and shown apart. The
    database default too, for rows written in bulk by SQL (staged imports, the bench)."""
    return models.CharField(
        _("platform"),
        max_length=16,
        choices=Platform.choices,
        default=Platform.TIKTOK,
        db_default=Platform.TIKTOK,
    )


class StatSnapshot(models.Model):
    """The account's totals on one platform and day (one row per creator, platform and day; a
    later import updates it)."""

    creator = models.ForeignKey(CreatorProfile, on_delete=models.CASCADE, related_name="snapshots")
    platform = platform_field()
    day = models.DateField(_("day"))
    followers = models.PositiveBigIntegerField(_("followers"))
    following = models.PositiveBigIntegerField(_("following"), null=True, blank=True)
    total_likes = models.PositiveBigIntegerField(_("total likes"), null=True, blank=True)
    video_count = models.PositiveIntegerField(_("videos"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=32, default="manual")

    class Meta:
        verbose_name = _("daily statistics")
        verbose_name_plural = _("daily statistics")
        ordering = ["creator", "platform", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["creator", "platform", "day"], name="one_snapshot_per_platform_and_day"
            )
        ]

    def __str__(self):
        return f"{self.creator} {self.day}: {self.followers}"


class Video(models.Model):
    """One posted video and its counts. The platform's id is kept as an exact string, unique on
    its platform. A count the source did not give (empty, N/A) is null: unknown, never 0 (SPEC
    §9 Imports)."""

    creator = models.ForeignKey(CreatorProfile, on_delete=models.CASCADE, related_name="videos")
    platform = platform_field()
    video_id = models.CharField(_("video id"), max_length=40)
    posted_at = models.DateTimeField(_("posted"))
    views = models.PositiveBigIntegerField(_("views"), null=True, blank=True)
    six_second_views = models.PositiveBigIntegerField(_("6-second views"), null=True, blank=True)
    completed_views = models.PositiveBigIntegerField(_("completed views"), null=True, blank=True)
    likes = models.PositiveBigIntegerField(_("likes"), null=True, blank=True)
    comments = models.PositiveBigIntegerField(_("comments"), null=True, blank=True)
    shares = models.PositiveBigIntegerField(_("shares"), null=True, blank=True)
    saves = models.PositiveBigIntegerField(_("saves"), null=True, blank=True)
    duration = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    caption = models.TextField(_("caption"), blank=True)
    # TikTok's "Paid partnership" label (the post's `brand_content_toggle`): None when the
    # source does not say. The disclosure check of a posted deliverable counts it.
    paid_partnership = models.BooleanField(_("paid partnership label"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=32, default="manual")
    # When an import last wrote its figures (None: before imports dated them); campaign results
    # date the figures they show with it.
    refreshed_at = models.DateTimeField(_("figures as of"), null=True, blank=True)

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["-posted_at"]
        indexes = [models.Index(fields=["creator", "platform", "posted_at"])]
        constraints = [
            models.UniqueConstraint(fields=["platform", "video_id"], name="one_video_per_id")
        ]

    def __str__(self):
        return f"{self.creator} {self.video_id}"


class AudienceSnapshot(models.Model):
    """Audience shares on one day from one source; each field maps a key to a fraction string."""

    creator = models.ForeignKey(CreatorProfile, on_delete=models.CASCADE, related_name="audiences")
    day = models.DateField(_("day"))
    source = models.CharField(_("source"), max_length=32)
    genders = models.JSONField(default=dict, blank=True)
    ages = models.JSONField(default=dict, blank=True)
    countries = models.JSONField(default=dict, blank=True)
    devices = models.JSONField(default=dict, blank=True)
    cities = models.JSONField(default=dict, blank=True)
    interests = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("audience snapshot")
        verbose_name_plural = _("audience snapshots")
        ordering = ["creator", "-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["creator", "day", "source"], name="one_audience_per_day_and_source"
            )
        ]

    def __str__(self):
        return f"{self.creator} audience {self.day}"


class SourceMetric(models.Model):
    """A rate a source supplied ready-made, shown as that source's dated figure (SPEC §9)."""

    creator = models.ForeignKey(
        CreatorProfile, on_delete=models.CASCADE, related_name="source_metrics"
    )
    platform = platform_field()
    day = models.DateField()
    source = models.CharField(max_length=32)
    name = models.CharField(max_length=48)
    value = models.DecimalField(max_digits=20, decimal_places=6)

    class Meta:
        ordering = ["creator", "-day", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["creator", "platform", "day", "source", "name"],
                name="one_source_metric_per_platform_and_day",
            )
        ]

    def __str__(self):
        return f"{self.creator} {self.source} {self.name}={self.value}"


class Rate(models.Model):
    """One line of the rate card: the price of a deliverable, with its currency."""

    creator = models.ForeignKey(CreatorProfile, on_delete=models.CASCADE, related_name="rates")
    deliverable = models.CharField(_("deliverable"), max_length=16, choices=Deliverable.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rate")
        verbose_name_plural = _("rate card")
        ordering = ["creator", "deliverable"]
        constraints = [
            models.UniqueConstraint(fields=["creator", "deliverable"], name="one_rate_per_item"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="rate_not_negative"),
        ]

    def __str__(self):
        return f"{self.creator} {self.deliverable} {self.amount} {self.currency}"


class RateChange(models.Model):
    """The rate history: who changed which line, when, from what to what."""

    creator = models.ForeignKey(
        CreatorProfile, on_delete=models.CASCADE, related_name="rate_changes"
    )
    deliverable = models.CharField(max_length=16, choices=Deliverable.choices)
    old_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    old_currency = models.CharField(max_length=3, blank=True)
    new_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_by_name = models.CharField(max_length=200)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.creator} {self.deliverable}: {self.old_amount} → {self.new_amount}"


class CreatorMetrics(models.Model):
    """The 30-day metrics of one creator, recomputed after every import (a rollup the roster
    sorts on). Same definitions as `creators.metrics.compute`; nothing here is a float."""

    creator = models.OneToOneField(
        CreatorProfile, on_delete=models.CASCADE, related_name="metrics", primary_key=True
    )
    as_of = models.DateField()
    video_count = models.PositiveIntegerField(default=0)
    median_views = models.DecimalField(max_digits=20, decimal_places=1, null=True)
    engagement_rate = models.DecimalField(max_digits=12, decimal_places=6, null=True)
    follower_growth_rate = models.DecimalField(max_digits=12, decimal_places=6, null=True)
    rate_from = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    rate_currency = models.CharField(max_length=3, blank=True)

    def __str__(self):
        return f"{self.creator} metrics {self.as_of}"


class ImportStatus(models.TextChoices):
    # Checked: the columns (or the date of its figures) need the user's choice; nothing written.
    SETTINGS = "settings", _("Columns or date to choose")
    READY = "ready", _("Checked, waiting to start")  # validated; the user has not confirmed yet
    QUEUED = "queued", _("Queued")  # confirmed; a worker will pick it up
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")  # nothing was written; problems say why


class ImportKind(models.TextChoices):
    CREATORS = "creators", _("Creators (CSV)")
    VIDEOS = "videos", _("Videos (CSV)")
    TIKTOK = "tiktok", _("TikTok API payload (JSON)")


class Duplicates(models.TextChoices):
    """What an import does with a key (handle, video id) repeated within one file."""

    REFUSE = "refuse", _("Refuse the file")
    KEEP_LAST = "keep_last", _("Keep the last row of each")


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, role):
        """Web imports: an agency's own, seen by its members."""
        if role is None or role.kind != RoleKind.AGENCY:
            return self.none()
        return self.filter(agency=role.agency)


class ImportJob(models.Model):
    """An import started from the web: the file's text, kept until the background task ran."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="import_jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    platform = platform_field()
    filename = models.CharField(_("file"), max_length=200)
    content = models.TextField()
    mapping = models.JSONField(default=dict, blank=True)
    handle = models.CharField(max_length=64, blank=True)
    duplicates = models.CharField(
        _("repeated rows"), max_length=16, choices=Duplicates.choices, default=Duplicates.REFUSE
    )
    snapshot_day = models.DateField(_("date of the figures"), null=True, blank=True)
    status = models.CharField(max_length=16, choices=ImportStatus.choices, default="ready")
    rows = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)  # the first MAX_PROBLEMS
    problem_count = models.PositiveIntegerField(default=0)  # all of them
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.rows) if self.rows else 0


def media_kit_slug() -> str:
    """An unguessable address for a media kit: 16 random bytes, URL-safe."""
    import secrets

    return secrets.token_urlsafe(16)


class KitMetric(models.TextChoices):
    """The figures a media kit may show (creators.metrics names), each only when she ticks it."""

    FOLLOWERS = "followers", _("Audience size")
    MEDIAN_VIEWS = "median_views", _("Median views")
    AVERAGE_VIEWS = "average_views", _("Average views")
    ENGAGEMENT_RATE = "engagement_rate", _("Engagement rate")
    FOLLOWER_GROWTH = "follower_growth_rate", _("Follower growth")
    COMPLETION_RATE = "completion_rate", _("Completion rate")
    SIX_SECOND_VIEW_RATE = "six_second_view_rate", _("6-second view rate")


class MediaKit(models.Model):
    """A creator's public media kit (issue 19): off until she, or a manager with manage_rates,
    turns it on; then anyone with its link sees exactly the parts chosen here. Her rate card
    appears only when her rate card is public (`CreatorProfile.rates_public`)."""

    creator = models.OneToOneField(
        CreatorProfile, on_delete=models.CASCADE, related_name="media_kit"
    )
    is_on = models.BooleanField(_("media kit on"), default=False)
    slug = models.CharField(max_length=32, unique=True, default=media_kit_slug, editable=False)
    show_bio = models.BooleanField(_("bio"), default=True)
    show_categories = models.BooleanField(_("categories"), default=True)
    show_audience = models.BooleanField(_("audience"), default=False)
    metrics = models.JSONField(_("figures shown"), default=list, blank=True)
    collaborations = models.ManyToManyField(
        "brands.Brand", verbose_name=_("past collaborations shown"), blank=True
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("media kit")
        verbose_name_plural = _("media kits")

    def __str__(self):
        return f"media kit of @{self.creator.handle}"
