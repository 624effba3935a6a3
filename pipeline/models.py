"""The agency's own pipeline around the deals: a creator's offer rules (and what they found on
each arriving offer), notes and tasks on a creator or a deal."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import CURRENCIES


class Rule(models.TextChoices):
    """Each rule an offer can break, as named in flags and as the actor of an automatic answer."""

    PRICE_FLOOR = "price_floor", _("price floor")
    BLOCKED_CATEGORY = "blocked_category", _("blocked category")
    BLOCKED_BRAND = "blocked_brand", _("blocked brand")
    USAGE = "usage", _("longest usage")
    EXCLUSIVITY = "exclusivity", _("longest exclusivity")
    UPFRONT = "upfront", _("required upfront")


class Answer(models.TextChoices):
    FLAG = "flag", _("Only flag the offer")
    COUNTER = "counter", _("Counter at my floor and limits (decline blocked brands and categories)")
    DECLINE = "decline", _("Decline with my message")


class OfferRules(models.Model):
    """One creator's rules for offers that arrive; blank limits are no rule."""

    creator = models.OneToOneField(
        "creators.CreatorProfile", on_delete=models.CASCADE, related_name="offer_rules"
    )
    floor_currency = models.CharField(
        _("currency of the floors"),
        max_length=3,
        default="EUR",
        choices=[(c, c) for c in CURRENCIES],
    )
    # Deliverable type (creators.models.Deliverable) → the lowest price per unit, as a string.
    floors = models.JSONField(default=dict, blank=True)
    blocked_categories = models.ManyToManyField(
        "creators.Category", verbose_name=_("blocked categories"), blank=True, related_name="+"
    )
    blocked_brands = models.ManyToManyField(
        "brands.Brand", verbose_name=_("blocked brands"), blank=True, related_name="+"
    )
    max_usage_days = models.PositiveIntegerField(
        _("longest usage rights (days)"), null=True, blank=True
    )
    max_exclusivity_days = models.PositiveIntegerField(
        _("longest exclusivity (days)"), null=True, blank=True
    )
    min_upfront_pct = models.DecimalField(
        _("required upfront (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    answer = models.CharField(
        _("when an offer breaks a rule"), max_length=8, choices=Answer.choices, default=Answer.FLAG
    )
    decline_message = models.TextField(_("decline message"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("offer rules")
        verbose_name_plural = _("offer rules")

    def __str__(self):
        return f"Offer rules of {self.creator}"


class OfferRuleCheck(models.Model):
    """The rules checked once on one version of an offer, and the answer they gave: the row
    that makes the automatic answer happen once (unique per offer and version)."""

    offer = models.ForeignKey("campaigns.Offer", on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    answer = models.CharField(max_length=8, choices=Answer.choices)
    answered = models.BooleanField(default=False)  # the automatic counter or decline was sent
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "version"], name="one_rule_check_per_version")
        ]

    def __str__(self):
        return f"Rules on {self.offer} v{self.version}"


class RuleBreach(models.Model):
    """One rule an offer broke: what the offer said and what the rule asks (as text)."""

    rule_check = models.ForeignKey(
        OfferRuleCheck, on_delete=models.CASCADE, related_name="breaches"
    )
    offer = models.ForeignKey("campaigns.Offer", on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(max_length=24, choices=Rule.choices)
    found = models.CharField(max_length=200)
    limit = models.CharField(max_length=200)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["offer", "rule"])]

    def __str__(self):
        return f"{self.offer}: {self.rule}"


class Note(models.Model):
    """A note of an agency's team on a creator, or on one of her deals (`offer`)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    creator = models.ForeignKey(
        "creators.CreatorProfile", on_delete=models.CASCADE, related_name="+"
    )
    offer = models.ForeignKey(
        "campaigns.Offer", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    body = models.TextField(_("note"), max_length=5000)
    creator_visible = models.BooleanField(_("the creator may read it"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["creator", "offer", "-created_at"])]

    def __str__(self):
        return self.body[:40]


class Task(models.Model):
    """Something an agency member must do by a date, on a creator or one of her deals."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    creator = models.ForeignKey(
        "creators.CreatorProfile", on_delete=models.CASCADE, related_name="+"
    )
    offer = models.ForeignKey(
        "campaigns.Offer", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("task"), max_length=200)
    due_on = models.DateField(_("due"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.CASCADE,
        related_name="pipeline_tasks",
    )
    creator_visible = models.BooleanField(_("the creator may see it"), default=False)
    author_name = models.CharField(max_length=200)
    done_at = models.DateTimeField(null=True, blank=True)
    reminded_for = models.DateField(null=True, blank=True)  # the due date last reminded of
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["assignee", "done_at", "due_on"])]

    def __str__(self):
        return self.title
