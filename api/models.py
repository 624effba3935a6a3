"""Personal access tokens, idempotency records, and webhook endpoints with their outbox."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    READ = "read", _("Read")
    WRITE = "write", _("Read and write")


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    """A personal access token: shown once, stored as a SHA-256 hash with a visible prefix,
    limited to one hat of its owner (an agency, a brand, or their creator profile)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=8, choices=TokenScope.choices)
    role_key = models.CharField(max_length=120)  # access.roles.Role.key: "agency:<slug>", ...
    role_name = models.CharField(max_length=200)  # what the token list shows
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.prefix}… ({self.name})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class IdempotencyRecord(models.Model):
    """The first response to a creating request with an `Idempotency-Key`, replayed for retries
    of the same body by the same caller; kept IDEMPOTENCY_HOURS."""

    principal = models.CharField(max_length=80)  # "token:<id>" or "user:<id>"
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)  # sha256 of method, path and body
    status_code = models.PositiveSmallIntegerField(null=True)  # null while in flight
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["principal", "key"], name="idempotency_once_per_caller")
        ]

    def __str__(self):
        return f"{self.principal} {self.key}"


class WebhookEvent(models.TextChoices):
    OFFER_RECEIVED = "offer.received", _("Offer received")
    OFFER_COUNTERED = "offer.countered", _("Offer countered")
    OFFER_ACCEPTED = "offer.accepted", _("Offer accepted")
    OFFER_AWAITING_APPROVAL = "offer.awaiting_approval", _("Offer waiting for the creator")
    OFFER_CLOSED = "offer.closed", _("Offer declined, withdrawn, cancelled or expired")
    CONTRACT_SIGNED = "contract.signed", _("Contract signed")
    CONTRACT_SEALED = "contract.sealed", _("Contract signed by both sides")
    DRAFT_SUBMITTED = "draft.submitted", _("Draft submitted")
    DRAFT_FEEDBACK = "draft.feedback", _("Feedback on a draft")
    DRAFT_APPROVED = "draft.approved", _("Draft approved")
    OFFER_POSTING = "offer.posting", _("Every draft approved: to be posted")
    DELIVERABLE_POSTED = "deliverable.posted", _("Deliverable posted")
    DELIVERABLE_VERIFIED = "deliverable.verified", _("Post verified")
    OFFER_COMPLETED = "offer.completed", _("Deal completed")
    INVOICE_ISSUED = "invoice.issued", _("Invoice issued")
    INVOICE_PAID = "invoice.paid", _("Invoice paid")
    INVOICE_OVERDUE = "invoice.overdue", _("Invoice overdue")
    INVOICE_VOIDED = "invoice.voided", _("Invoice voided")


class WebhookEndpoint(models.Model):
    """Where an agency or a brand wants deal events POSTed, signed with its own secret."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="webhooks"
    )
    brand = models.ForeignKey(
        "brands.Brand", null=True, blank=True, on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=64)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agency__isnull=False, brand__isnull=True)
                | models.Q(agency__isnull=True, brand__isnull=False),
                name="webhook_owned_by_agency_or_brand",
            )
        ]

    def __str__(self):
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Gave up")


class WebhookDelivery(models.Model):
    """One event for one endpoint: written in the transaction of the event (the outbox), sent by
    the worker, retried with backoff until it succeeds or WEBHOOK_MAX_ATTEMPTS is reached."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.UUIDField(default=uuid.uuid4)  # the same for every endpoint of one event
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField()
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.event} → {self.endpoint_id} ({self.status})"
