"""Representation: the link "agency A represents creator C", with the scopes the creator granted."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from access.roles import RoleKind
from access.scopes import Scope

# What records show where a closed account's name was (talentdesk.lifecycle.closure): stored
# text, in English like the contract documents and the other names copied into records.
CLOSED_NAME = gettext_noop("Closed account")  # stored as is; shown in the reader's language
# Scope labels by value, built once: the roster shows them on every row.
LABELS = {scope.value: scope.label for scope in Scope}


class RepresentationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")  # one side asked, the other has not answered yet
    ACTIVE = "active", _("Active")  # the agency acts for the creator within the scopes
    ENDED = "ended", _("Ended")  # over; end_reason says how


class EndReason(models.TextChoices):
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REVOKED_BY_CREATOR = "revoked_by_creator", _("Revoked by the creator")
    REMOVED_BY_AGENCY = "removed_by_agency", _("Removed by the agency")


class ProposedBy(models.TextChoices):
    AGENCY = "agency", _("Agency")
    CREATOR = "creator", _("Creator")


class RepresentationQuerySet(models.QuerySet):
    def visible_to(self, role):
        """Representations `role` may see: all of a creator's own; an agency's open and active
        ones (all for owners and admins, for managers and assistants the ones they are
        assigned to). An ended representation is gone for the agency at once (it keeps only
        its audit rows). Brands see none."""
        if role is None:
            return self.none()
        if role.kind == RoleKind.CREATOR:
            return self.filter(creator=role.creator)
        if role.kind != RoleKind.AGENCY:
            return self.none()
        mine = self.filter(agency=role.agency).exclude(status=RepresentationStatus.ENDED)
        if role.is_admin:
            return mine
        user = role.membership.user_id
        return mine.filter(models.Q(lead_manager_id=user) | models.Q(team__id=user)).distinct()

    def active(self):
        return self.filter(status=RepresentationStatus.ACTIVE)

    def proposed(self):
        return self.filter(status=RepresentationStatus.PROPOSED)


class InvoiceIssuer(models.TextChoices):
    AGENCY = "agency", _("The agency, on the creator's behalf")
    CREATOR = "creator", _("The creator")


class Representation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="representations"
    )
    creator = models.ForeignKey(
        "creators.CreatorProfile", on_delete=models.CASCADE, related_name="representations"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RepresentationStatus.choices,
        default=RepresentationStatus.PROPOSED,
    )
    proposed_by = models.CharField(_("proposed by"), max_length=8, choices=ProposedBy.choices)
    proposed_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    accept_ceiling = models.DecimalField(
        _("acceptance ceiling"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    accept_ceiling_currency = models.CharField(
        _("ceiling currency"), max_length=3, blank=True, default=""
    )
    # Money (SPEC §6): what the agency keeps of each payment (None: the agency's default),
    # a share of that commission owed to a co-agency or referrer, and who issues the invoices.
    commission_pct = models.DecimalField(
        _("commission (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    commission_split_with = models.CharField(
        _("commission shared with"), max_length=200, blank=True
    )
    commission_split_pct = models.DecimalField(
        _("their share of the commission (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.00"),
    )
    invoice_issuer = models.CharField(
        _("invoices issued by"),
        max_length=8,
        choices=InvoiceIssuer.choices,
        default=InvoiceIssuer.AGENCY,
    )
    lead_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_representations",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team"),
        blank=True,
        related_name="team_representations",
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=24, choices=EndReason.choices, blank=True
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RepresentationQuerySet.as_manager()

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        ordering = ["-created_at"]
        constraints = [
            # A creator has at most one active representation (TikTok is the one platform yet).
            models.UniqueConstraint(
                fields=["creator"],
                condition=models.Q(status="active"),
                name="one_active_representation_per_creator",
            ),
            models.UniqueConstraint(
                fields=["agency", "creator"],
                condition=models.Q(status="proposed"),
                name="one_open_proposal_per_pair",
            ),
        ]
        indexes = [models.Index(fields=["agency", "status"])]

    def __str__(self):
        return f"{self.agency} → {self.creator} ({self.get_status_display()})"

    @property
    def scope_labels(self):
        return [LABELS[s] for s in self.scopes if s in LABELS]


class CreatorInvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither revoked nor taken up yet (expired ones included: re-inviting renews them)."""
        return self.filter(revoked_at__isnull=True, claimed_at__isnull=True)

    def pending(self):
        """Open and not expired: what the agency sees as "invited, no account yet"."""
        return self.open().filter(sent_at__gt=timezone.now() - invitation_max_age())


def invitation_max_age():
    return timezone.timedelta(days=settings.INVITATION_MAX_AGE_DAYS)


class CreatorInvitation(models.Model):
    """An agency's proposal to represent whoever holds an e-mail address (SPEC §9).

    The agency sees it as "invited" whether or not the address has an account; the e-mail says
    "sign up" or "sign in". When the address's owner, signed in as a creator, opens the link (or
    sets up her creator profile), the invitation is *claimed*: it becomes an ordinary proposal
    (`representation`) that she accepts with the scopes she chooses, or declines. It expires
    INVITATION_MAX_AGE_DAYS after it was last sent; re-inviting the address sends it again.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="creator_invitations"
    )
    email = models.EmailField(_("e-mail address"))
    message = models.TextField(_("message"), blank=True, max_length=2000)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(default=timezone.now)  # the expiry counts from here
    revoked_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    representation = models.OneToOneField(
        Representation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation",
    )

    objects = CreatorInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("creator invitation")
        verbose_name_plural = _("creator invitations")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "email"],
                condition=models.Q(revoked_at__isnull=True, claimed_at__isnull=True),
                name="one_open_creator_invitation_per_address",
            )
        ]

    def __str__(self):
        return f"{self.agency} → {self.email}"

    @property
    def expires_at(self):
        return self.sent_at + invitation_max_age()

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at


class AuditEventType(models.IntegerChoices):
    """What happened, grouped by area in hundreds so new types slot in without renumbering."""

    # 100 accounts and organisations
    ACCOUNT_CREATED = 101, _("Account created")
    PROFILE_UPDATED = 102, _("Profile updated")
    ACCOUNT_CLOSED = 103, _("Account closed")
    DATA_EXPORT_REQUESTED = 104, _("Copy of the account's data requested")
    AGENCY_CREATED = 110, _("Agency created")
    BRAND_CREATED = 111, _("Brand created")
    MEMBER_INVITED = 120, _("Member invited")
    INVITATION_ACCEPTED = 121, _("Invitation accepted")
    MEMBER_ROLE_CHANGED = 122, _("Member role changed")
    MEMBER_REMOVED = 123, _("Member removed")
    INVITATION_REVOKED = 124, _("Invitation revoked")
    INVITATION_RESENT = 125, _("Invitation sent again")
    TOKEN_CREATED = 130, _("API token created")
    TOKEN_REVOKED = 131, _("API token revoked")
    WEBHOOK_CREATED = 140, _("Webhook endpoint added")
    WEBHOOK_DELETED = 141, _("Webhook endpoint removed")
    WEBHOOK_RESENT = 142, _("Webhook delivery sent again")
    CALENDAR_FEED_CREATED = 150, _("Calendar feed address made")
    CALENDAR_FEED_REVOKED = 151, _("Calendar feed address revoked")
    # 200 creator profiles
    CREATOR_PROFILE_CREATED = 201, _("Creator profile created")
    CREATOR_PROFILE_UPDATED = 202, _("Creator profile updated")
    HANDLE_VERIFIED = 203, _("Handle verified with TikTok")
    HANDLE_RECLAIMED = 204, _("Handle taken back by its verified owner")
    # 300 representation
    REPRESENTATION_PROPOSED = 301, _("Representation proposed")
    REPRESENTATION_ACCEPTED = 302, _("Representation accepted")
    REPRESENTATION_DECLINED = 303, _("Representation declined")
    REPRESENTATION_WITHDRAWN = 304, _("Representation proposal withdrawn")
    REPRESENTATION_REVOKED = 305, _("Representation revoked by the creator")
    REPRESENTATION_REMOVED = 306, _("Creator removed from the roster")
    CREATOR_INVITED = 307, _("Creator invited by e-mail")
    CREATOR_INVITATION_RESENT = 308, _("Creator invitation sent again")
    CREATOR_INVITATION_REVOKED = 309, _("Creator invitation revoked")
    SCOPES_CHANGED = 310, _("Scopes changed")
    TEAM_ASSIGNED = 311, _("Manager assigned")
    ACCESS_REFUSED = 390, _("Refused attempt")  # no longer written: refusals are security events
    # 400 creator data
    DATA_IMPORTED = 401, _("Data imported")
    RATE_CHANGED = 410, _("Rate changed")
    # 500 campaigns and offers
    CAMPAIGN_CREATED = 501, _("Campaign created")
    OFFER_SENT = 510, _("Offer sent")
    OFFER_COUNTERED = 511, _("Changes proposed")
    OFFER_ACCEPTED = 512, _("Offer accepted")
    OFFER_AWAITING_APPROVAL = 513, _("Offer sent to the creator for approval")
    OFFER_APPROVED = 514, _("Offer approved by the creator")
    OFFER_SENT_BACK = 515, _("Offer sent back by the creator")
    OFFER_DECLINED = 516, _("Offer declined")
    OFFER_WITHDRAWN = 517, _("Offer withdrawn")
    OFFER_CANCELLED = 518, _("Offer cancelled")
    OFFER_EXPIRED = 519, _("Offer expired")
    OFFER_POSTING = 520, _("Every draft approved: to be posted")
    OFFER_COMPLETED = 521, _("Deal completed")
    CONTRACT_SIGNED = 530, _("Contract signed")
    CONTRACT_SEALED = 531, _("Contract signed by both sides: the work starts")
    USAGE_RIGHTS_ENDING = 540, _("Usage rights end soon")
    RENEWAL_PROPOSED = 541, _("Renewal of the usage rights offered")
    # Deals with brands not on talentdesk (contacts/, issue 20)
    BRAND_CONTACT_ADDED = 550, _("Brand contact added")
    OFFPLATFORM_DEAL_RECORDED = 551, _("Deal recorded from a brand off talentdesk")
    BRAND_MOVE_RECORDED = 552, _("Brand's answer recorded by the agency")
    GUEST_LINK_CREATED = 553, _("Guest link sent to the brand contact")
    GUEST_LINK_REVOKED = 554, _("Guest link revoked")
    GUEST_LINK_USED = 555, _("Guest link opened")
    CONTACT_DEALS_ATTACHED = 556, _("Deals attached to the brand's account")
    # 600 deliverables
    DRAFT_SUBMITTED = 601, _("Draft submitted")
    CHANGES_REQUESTED = 602, _("Changes requested")
    DRAFT_APPROVED = 603, _("Draft approved")
    DRAFT_DEEMED_APPROVED = 604, _("Draft approved automatically")
    DELIVERABLE_POSTED = 605, _("Posted")
    DELIVERABLE_VERIFIED = 606, _("Post verified")
    FEEDBACK_GIVEN = 607, _("Feedback given")
    DISCLOSURE_MISSING = 608, _("Post lacks required hashtags, mentions or ad disclosure")
    MESSAGE_SENT = 620, _("Message sent")
    DEADLINE_REMINDER = 630, _("Deadline in two days")
    # 700 money
    MILESTONE_DUE = 701, _("Payment milestone due")
    MILESTONE_CANCELLED = 702, _("Payment milestone cancelled")
    MILESTONE_INVOICED = 703, _("Payment milestone invoiced")
    MILESTONE_PAID = 704, _("Payment milestone paid")
    MILESTONE_RELEASED = 705, _("Payment milestone free to invoice again")
    INVOICE_DRAFTED = 710, _("Invoice drafted")
    INVOICE_ISSUED = 711, _("Invoice issued")
    INVOICE_PAID = 712, _("Invoice paid")
    INVOICE_OVERDUE = 713, _("Invoice overdue")
    INVOICE_VOIDED = 714, _("Invoice voided")
    PAYMENT_RECORDED = 715, _("Payment recorded")
    COMMISSION_CHANGED = 720, _("Commission changed")
    # 900 platform administration
    ADMIN_CHANGE = 901, _("Change in the admin site")


class ActingAs(models.TextChoices):
    AGENCY = "agency", _("Agency")
    BRAND = "brand", _("Brand")
    CREATOR = "creator", _("Creator")
    USER = "user", _("User")
    ADMIN = "admin", _("Platform admin")
    OPERATOR = "operator", _("Operator (command line)")
    SYSTEM = (
        "system",
        _("talentdesk, automatically"),
    )  # expiry, deemed approvals, the deal's progress


class AuditHead(models.Model):
    """The last sequence number and hash of one chain: a cut tail no longer matches it."""

    chain = models.CharField(max_length=64, unique=True)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    def __str__(self):
        return f"{self.chain} #{self.seq}"


class AuditEvent(models.Model):
    """One row of the append-only business audit log, hash-chained per tenant (SPEC §9).

    Only `access.audit.record` writes it. The actor's name is kept as text so the chain still
    verifies after an account is closed.
    """

    chain = models.CharField(max_length=64)
    seq = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=200)
    acting_as = models.CharField(max_length=16, choices=ActingAs.choices)
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    brand = models.ForeignKey(
        "brands.Brand", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        "creators.CreatorProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    representation = models.ForeignKey(
        Representation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    event_type = models.PositiveIntegerField(choices=AuditEventType.choices)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(max_length=200)
    changes = models.JSONField(default=dict)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # Which audit key made `hash` (HMAC-SHA256; access.audit.key_id): a rotation keeps old rows
    # verifiable. Empty only in rows written before the log was keyed, until migration 0018.
    key_id = models.CharField(max_length=16, default="", blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="one_row_per_chain_position")
        ]
        indexes = [
            models.Index(fields=["on_behalf_of", "-created_at"]),
            models.Index(fields=["agency", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.get_event_type_display()} by {self.actor_name}"

    @property
    def shown_actor_name(self) -> str:
        """Who did it, as pages and exports show it: the recorded name, or "Closed account" once
        that account is closed. The row keeps the name its hash covers; the closure is read
        from `actor_closed_at`, annotated by `access.queries.filtered` (no extra query)."""
        return gettext(CLOSED_NAME) if getattr(self, "actor_closed_at", None) else self.actor_name

    @property
    def shown_ip(self):
        """The client address, hidden once the acting account is closed (personal data)."""
        return None if getattr(self, "actor_closed_at", None) else self.ip


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGIN_THROTTLED = "login_throttled", _("Sign-in refused: too many failures")
    LOGOUT = "logout", _("Signed out")
    ACCESS_DENIED = "access_denied", _("Access denied")
    INVITATION_INVALID = "invitation_invalid", _("Invalid invitation link")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset from an e-mailed link")
    EMAIL_CHANGED = "email_changed", _("E-mail address changed")
    MFA_ADDED = "mfa_added", _("Second factor added")
    MFA_REMOVED = "mfa_removed", _("Second factor removed")
    MFA_FAILED = "mfa_failed", _("Wrong second-factor code")
    SESSIONS_ENDED = "sessions_ended", _("Other sessions ended")
    HANDLE_VERIFY_FAILED = "handle_verify_failed", _("Handle verification with TikTok failed")
    GUEST_LINK_REFUSED = "guest_link_refused", _("Wrong, revoked or expired guest link")


class SecurityEvent(models.Model):
    """Sign-ins, refusals and rate-limit trips: kept for support, not hash-chained (SPEC §9)."""

    kind = models.CharField(max_length=24, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.CharField(max_length=254, blank=True)
    path = models.CharField(max_length=400, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.email}"
