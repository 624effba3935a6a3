"""An agency's own brand contacts (brands not on talentdesk), the guest links that let one of
them answer one deal, and the brand answers the agency recorded from e-mails (docs/offers.md,
"Deals with brands off talentdesk").

Each contact owns an unlisted `brands.Brand` row with no members: the deals recorded for her are
ordinary campaigns and offers of that brand, so every foreign key, workflow table, contract,
deliverable, invoice and audit chain works unchanged. Nobody wears that brand's hat; its moves are
taken by a guest link or recorded by the agency (contacts.actions)."""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access.roles import RoleKind


class BrandContactQuerySet(models.QuerySet):
    def visible_to(self, role):
        """An agency's own contacts, for its staff; nobody else's."""
        if role is None or role.kind != RoleKind.AGENCY:
            return self.none()
        return self.filter(agency=role.agency)


class BrandContact(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="brand_contacts"
    )
    # The unlisted brand her deals belong to (no members; see the module's docstring).
    brand = models.OneToOneField(
        "brands.Brand", on_delete=models.PROTECT, related_name="offplatform_contact"
    )
    company = models.CharField(_("company"), max_length=120)
    name = models.CharField(_("contact name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Once the brand joined talentdesk: the account her deals were attached to.
    joined_brand = models.ForeignKey(
        "brands.Brand", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attached_at = models.DateTimeField(null=True, blank=True)

    objects = BrandContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("brand contact")
        verbose_name_plural = _("brand contacts")
        ordering = ["company", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "email"], name="one_contact_per_email")
        ]

    def __str__(self):
        return f"{self.company} ({self.name})"

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2].lower()


# Mail providers anyone can sign up with: a shared domain there says nothing about the company,
# so only the very same address matches (contacts.actions.matching_brands).
PUBLIC_MAIL_DOMAINS = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.fr",
        "hotmail.co.uk",
        "live.com",
        "live.fr",
        "msn.com",
        "yahoo.com",
        "yahoo.fr",
        "yahoo.co.uk",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "gmx.fr",
        "web.de",
        "mail.com",
        "yandex.com",
        "yandex.ru",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "laposte.net",
        "bbox.fr",
        "zoho.com",
        "fastmail.com",
        "tutanota.com",
        "hey.com",
        "qq.com",
        "163.com",
    ]
)


def company_domain(email: str) -> str | None:
    """The e-mail's domain when it can stand for a company; None for a public mail provider."""
    domain = email.rpartition("@")[2].lower()
    return None if domain in PUBLIC_MAIL_DOMAINS else domain


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class GuestLink(models.Model):
    """A private link for one deal: the brand contact answers it without an account. Only the
    token's SHA-256 is stored; the link is shown once, when made."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    offer = models.ForeignKey("campaigns.Offer", on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(BrandContact, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Guest link {self.contact} → {self.offer_id}"

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    @property
    def actor_label(self) -> str:
        return f"guest link of {self.contact.name} — {self.contact.email}"


MOVE_LABELS = {
    "offer": _("Sent the offer"),
    "counter_brand": _("Proposed changes"),
    "accept_brand": _("Accepted the terms"),
    "decline_brand": _("Declined"),
    "withdraw": _("Withdrew the offer"),
    "sign_brand": _("Signed the contract"),
    "approve": _("Approved a draft"),
    "request_changes": _("Asked for changes to a draft"),
    "verify": _("Confirmed a post"),
    "mark_paid": _("Paid an invoice"),
}


class RecordedMove(models.Model):
    """A brand answer the agency recorded from an e-mail: what, when the e-mail came, and the
    e-mail itself (checked like every upload)."""

    offer = models.ForeignKey("campaigns.Offer", on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(BrandContact, on_delete=models.CASCADE, related_name="moves")
    verb = models.CharField(max_length=40)
    received_on = models.DateField(_("e-mail received on"))
    evidence = models.FileField(upload_to="brand-emails/%Y/%m/", blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=200)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self):
        return f"{self.verb} of {self.contact} on {self.received_on}"

    @property
    def label(self):
        return MOVE_LABELS.get(self.verb, self.verb)
