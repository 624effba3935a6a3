"""Creators' marketplace profiles. A profile is separate from any social-media account: it holds
no platform password or token (SPEC §2)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from creators.categories import CATEGORIES


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
        """Profiles brands may discover: claimed by their creator and listed (SPEC §2)."""
        return self.filter(user__isnull=False, is_listed=True)


class CreatorProfile(models.Model):
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
    def tiktok_url(self):
        return f"https://www.tiktok.com/@{self.handle}"


class CreatorHandle(models.Model):
    """A creator's handle on a platform other than TikTok."""

    creator = models.ForeignKey(CreatorProfile, on_delete=models.CASCADE, related_name="handles")
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    handle = models.CharField(_("handle"), max_length=64)

    class Meta:
        verbose_name = _("other platform handle")
        verbose_name_plural = _("other platform handles")
        constraints = [
            models.UniqueConstraint(fields=["platform", "handle"], name="one_owner_per_handle")
        ]

    def __str__(self):
        return f"{self.get_platform_display()} @{self.handle}"

    def save(self, *args, **kwargs):
        self.handle = normalize_handle(self.handle)
        super().save(*args, **kwargs)
