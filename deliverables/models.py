"""Deliverables of a signed deal, their draft versions and the brand's feedback."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Offer
from deliverables.transitions import DeliverableStatus, FeedbackKind


class DeliverableQuerySet(models.QuerySet):
    def visible_to(self, role):
        """Deliverables of the offers `role` may see."""
        return self.filter(offer__in=Offer.objects.visible_to(role))


class Deliverable(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    offer = models.ForeignKey(
        "campaigns.Offer", on_delete=models.CASCADE, related_name="deliverables"
    )
    kind = models.CharField(_("type"), max_length=16)
    number = models.PositiveIntegerField()
    due_date = models.DateField(_("due"))
    requirements = models.TextField(_("requirements"), blank=True)
    status = models.CharField(
        max_length=24, choices=DeliverableStatus.choices, default=DeliverableStatus.NOT_STARTED
    )
    rounds_used = models.PositiveIntegerField(default=0)
    rounds_allowed = models.PositiveIntegerField(default=2)
    post_url = models.URLField(_("post URL"), blank=True)
    first_views = models.PositiveBigIntegerField(_("first views"), null=True, blank=True)
    # Set at "Mark as posted": the video's id (read from its address) links the deliverable to
    # the creator's imported video of that id, whose figures and caption then count; the
    # caption typed here is the fallback until it is imported.
    video_id = models.CharField(_("video id"), max_length=40, blank=True)
    caption = models.TextField(_("caption as posted"), blank=True, max_length=2200)
    posted_at = models.DateTimeField(_("marked as posted"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    reminded_for = models.DateField(null=True, blank=True)  # the due date last reminded of

    objects = DeliverableQuerySet.as_manager()

    class Meta:
        ordering = ["offer", "due_date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "number"], name="one_deliverable_number")
        ]

    def __str__(self):
        return f"{self.offer} #{self.number}"

    @property
    def status_label(self):
        return DeliverableStatus(self.status).label


def draft_path(draft, filename):
    # Random, non-guessable names under a private prefix; served only through the app.
    return f"drafts/{draft.deliverable.public_id}/{uuid.uuid4().hex}"


class Draft(models.Model):
    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="drafts")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=draft_path, blank=True)
    content_type = models.CharField(max_length=64, blank=True)
    link = models.URLField(blank=True)
    caption = models.TextField(_("caption"), blank=True, max_length=2200)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by_name = models.CharField(max_length=200)
    submitted_at = models.DateTimeField(default=timezone.now)
    review_due = models.DateTimeField()

    class Meta:
        ordering = ["deliverable", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["deliverable", "number"], name="one_draft_number")
        ]

    def __str__(self):
        return f"{self.deliverable} v{self.number}"


class Feedback(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=FeedbackKind.choices)
    body = models.TextField(max_length=4000, blank=True)
    at_seconds = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.kind} on {self.draft}"

    @property
    def timestamp(self) -> str:
        if self.at_seconds is None:
            return ""
        return f"{self.at_seconds // 60}:{self.at_seconds % 60:02d}"
