"""Notifications, message threads and calendar feeds."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something the user should know about; rendered in the reader's language at display time."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.PositiveIntegerField()  # an access.models.AuditEventType
    actor_name = models.CharField(max_length=200)
    offer = models.ForeignKey(
        "campaigns.Offer", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    # False: the user turned this kind off in the app but wants the e-mail; the row only carries
    # the e-mail's once-only delivery and never shows in the list or the counts.
    in_app = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return f"{self.user} {self.event}"


class NotificationPreference(models.Model):
    """A user's channels for one kind of notification (messaging.preferences.KINDS).

    Only choices that differ from the default (everything on) are stored.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=32)
    in_app = models.BooleanField(default=True)
    email = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.user} {self.kind}: in app {self.in_app}, e-mail {self.email}"


def attachment_path(message, filename):
    # Random, non-guessable names under a private prefix; served only through the app.
    return f"attachments/{message.offer.public_id}/{uuid.uuid4().hex}"


class Message(models.Model):
    """One message in an offer's thread between the brand side and the creator side."""

    offer = models.ForeignKey("campaigns.Offer", on_delete=models.CASCADE, related_name="messages")
    side = models.CharField(max_length=16)  # "brand" or "creator_side"
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    body = models.TextField(max_length=5000)
    attachment = models.FileField(upload_to=attachment_path, blank=True)
    attachment_type = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["offer", "created_at"])]

    def __str__(self):
        return f"{self.author_name}: {self.body[:40]}"


class ThreadRead(models.Model):
    """Up to when a user has read an offer's thread (for unread counts)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey("campaigns.Offer", on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "offer"], name="one_read_mark")]

    def __str__(self):
        return f"{self.user} read {self.offer} at {self.read_at}"


class CalendarToken(models.Model):
    """A private, revocable calendar feed address; only the token's hash is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"calendar token of {self.user}"
