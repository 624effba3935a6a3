"""Brands (advertisers or their media agencies) and their staff."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentdesk.lib.billing import BillingDetails


class BrandRole(models.TextChoices):
    OWNER = "owner", _("Owner")  # runs the brand account and invites staff
    MEMBER = "member", _("Member")  # creates campaigns, sends offers, reviews content


class Brand(BillingDetails):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    category = models.ForeignKey(
        "creators.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="brands",
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    website = models.URLField(_("website"), blank=True)
    # Issue 19: creators may name the brand among their past collaborations in their media kit.
    shown_in_media_kits = models.BooleanField(
        _("may be shown in creators' media kits"), default=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        ordering = ["name"]

    def __str__(self):
        return self.name


class BrandMembership(models.Model):
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="brand_memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=BrandRole.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("brand member")
        verbose_name_plural = _("brand members")
        ordering = ["brand__name", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "user"], name="one_membership_per_brand")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.brand})"

    @property
    def is_admin(self):
        return self.role == BrandRole.OWNER
