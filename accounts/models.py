"""Users log in with their e-mail address; a user's hats (agency, brand, creator) live in the
membership models of the other apps."""

import unicodedata
import uuid
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})


def normalize_email(email: str) -> str:
    """One spelling per address: NFKC then casefold, so look-alikes cannot register twice."""
    return unicodedata.normalize("NFKC", email or "").strip().casefold()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email=normalize_email(username))

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("full name"), max_length=150)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=[(tz, tz) for tz in TIME_ZONES], default="UTC"
    )
    email_notifications = models.BooleanField(
        _("e-mail me about my deals"),
        default=True,
        help_text=_("New offers, counters, acceptances, drafts, feedback and messages."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("platform admin"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # The demo world's logins (`talentdesk demo`, the bench): exempt from the owners' second
    # factor so the printed logins work at once (SPEC §9); never set on real accounts.
    is_demo = models.BooleanField(_("demo account"), default=False, editable=False)
    # Set when the user closed the account (talentdesk.lifecycle.closure): the row stays,
    # anonymised, for the contracts, invoices and audit rows that point at it.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.name or self.email

    def clean(self):
        super().clean()
        self.email = normalize_email(self.email)

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    @property
    def needs_second_factor(self) -> bool:
        """Agency owners/admins and platform admins must sign in with a second factor."""
        from agencies.models import AgencyRole

        if self.is_demo:
            return False
        if self.is_staff or self.is_superuser:
            return True
        return self.agency_memberships.filter(
            role__in=[AgencyRole.OWNER, AgencyRole.ADMIN]
        ).exists()

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email


class Invitation(models.Model):
    """An e-mailed invitation to join an agency or a brand with a role.

    The link carries the invitation's id signed with a timestamp; it expires after
    INVITATION_MAX_AGE_DAYS and can be used once.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"))
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    brand = models.ForeignKey(
        "brands.Brand", null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=16)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_accepted",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(agency__isnull=False, brand__isnull=True)
                    | models.Q(agency__isnull=True, brand__isnull=False)
                ),
                name="invitation_for_one_organisation",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    @property
    def organisation(self):
        return self.agency or self.brand

    @property
    def is_pending(self):
        return self.accepted_at is None and not self.is_expired

    @property
    def expires_at(self):
        return self.created_at + timezone.timedelta(days=settings.INVITATION_MAX_AGE_DAYS)

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at


class DataExportStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")  # the task has not finished yet
    READY = "ready", _("Ready to download")  # the zip is stored; the link works until expiry
    FAILED = "failed", _("Failed")  # the task gave up; the user may ask again


def export_path(export, filename):
    # Random, non-guessable names under a private prefix; served only through the owner's view.
    return f"exports/{export.public_id.hex}/{uuid.uuid4().hex}.zip"


class DataExport(models.Model):
    """One "download my data" request: a zip built by a task (accounts.tasks), stored in the
    private default storage, downloadable by its owner alone until `expires_at`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(
        max_length=16, choices=DataExportStatus.choices, default=DataExportStatus.PENDING
    )
    file = models.FileField(upload_to=export_path, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and timezone.now() >= self.expires_at

    @property
    def is_downloadable(self) -> bool:
        return self.status == DataExportStatus.READY and bool(self.file) and not self.is_expired
