"""A deal's money (SPEC §6): the commission frozen at signature, the payment milestones from the
accepted terms, the invoices that settle them, and the payments recorded against those.

Amounts are Decimal in the deal's currency, rounded to its minor unit (money.amounts)."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access import permissions
from access.models import InvoiceIssuer
from access.roles import RoleKind
from access.scopes import Scope
from money.transitions import InvoiceStatus, MilestoneStatus, MilestoneTrigger

MONEY = {"max_digits": 14, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2}


class DealMoney(models.Model):
    """The money side of one deal. Before signature it may hold the agency's override of the
    commission for this deal; at signature the rate, the split and the issuer are frozen here,
    so later changes to the representation apply only to deals signed after them."""

    offer = models.OneToOneField("campaigns.Offer", on_delete=models.CASCADE, related_name="money")
    override_pct = models.DecimalField(
        _("commission for this deal (%)"), null=True, blank=True, **PERCENT
    )
    # Frozen at signature (sealed_at set):
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    brand = models.ForeignKey("brands.Brand", on_delete=models.PROTECT, related_name="+")
    issuer = models.CharField(
        max_length=8, choices=InvoiceIssuer.choices, default=InvoiceIssuer.CREATOR
    )
    commission_pct = models.DecimalField(_("commission (%)"), default=Decimal(0), **PERCENT)
    split_with = models.CharField(_("commission shared with"), max_length=200, blank=True)
    split_pct = models.DecimalField(
        _("their share of the commission (%)"), default=Decimal(0), **PERCENT
    )
    sealed_at = models.DateTimeField(null=True, blank=True)
    # Also frozen at signature, for the earnings' booked ledger to read this table alone (issue
    # 16): whose deal it is, and the price its milestones split, in their currency (the sum of
    # the milestones, which money.amounts.split keeps equal to the signed price).
    creator = models.ForeignKey(
        "creators.CreatorProfile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    price = models.DecimalField(_("price"), null=True, blank=True, **MONEY)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    # Set when the deal is cancelled (money.subscribers.cancel_with_deal); a cancelled deal
    # leaves the booked ledger. An offer never leaves the cancelled status.
    cancelled = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("deal money")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(commission_pct__gte=0, commission_pct__lte=100),
                name="deal_commission_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=models.Q(split_pct__gte=0, split_pct__lte=100),
                name="deal_split_is_a_percentage",
            ),
        ]
        indexes = [
            # The earnings' booked ledger: an agency's signed deals, from the index alone.
            models.Index(
                fields=[
                    "agency",
                    "sealed_at",
                    "cancelled",
                    "creator",
                    "brand",
                    "currency",
                    "price",
                ],
                name="deal_agency_booked",
            )
        ]

    def __str__(self):
        return f"Money of {self.offer}"


class Milestone(models.Model):
    """One part of the price, paid when its trigger is reached plus the terms' net days."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    offer = models.ForeignKey(
        "campaigns.Offer", on_delete=models.CASCADE, related_name="milestones"
    )
    number = models.PositiveSmallIntegerField()
    trigger = models.CharField(_("when"), max_length=16, choices=MilestoneTrigger.choices)
    percent = models.DecimalField(_("share (%)"), **PERCENT)
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MilestoneStatus.choices,
        default=MilestoneStatus.SCHEDULED,
    )
    reached_on = models.DateField(_("reached on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment milestone")
        verbose_name_plural = _("payment milestones")
        ordering = ["offer", "number"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "number"], name="one_milestone_per_number"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="milestone_amount"),
        ]
        indexes = [
            # The earnings' booked ledger: a deal's milestones, from the index alone.
            models.Index(fields=["offer", "currency", "amount"], name="milestone_offer_amount")
        ]

    def __str__(self):
        return f"{self.offer.campaign.name} · {self.get_trigger_display()} ({self.percent} %)"


class InvoiceQuerySet(models.QuerySet):
    def visible_to(self, role):
        """Invoices: a brand's, addressed to it once issued (a draft is not sent yet); a
        creator's own; for agency staff, those of their agency's deals with the creators they
        reach who granted `view_earnings`; and for its owners and admins, read-only, the ones
        the agency issued for a creator it no longer represents (SPEC §9: it keeps read access
        to what it did)."""
        if role is None:
            return self.none()
        if role.kind == RoleKind.BRAND:
            # Issued ones only (they have a number): a draft, even voided, was never sent.
            return self.filter(brand=role.brand).exclude(number="")
        if role.kind == RoleKind.CREATOR:
            return self.filter(creator=role.creator)
        from access.models import Representation

        sharing = (
            Representation.objects.visible_to(role)
            .active()
            .filter(permissions.granted_q(Scope.VIEW_EARNINGS))
            .values("creator_id")
        )
        mine = self.filter(agency=role.agency)
        if not role.is_admin:
            return mine.filter(creator__in=sharing)
        represented = Representation.objects.filter(agency=role.agency).active()
        past = models.Q(issuer=InvoiceIssuer.AGENCY) & ~models.Q(number="")
        past &= ~models.Q(creator__in=represented.values("creator_id"))
        return mine.filter(models.Q(creator__in=sharing) | past)


class Invoice(models.Model):
    """An invoice to the brand for some of a deal's milestones. Its number is given at issue,
    gap-free per issuer and year (InvoiceCounter); parties' names and addresses are copied in
    then, so the issued document never changes."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    offer = models.ForeignKey("campaigns.Offer", on_delete=models.PROTECT, related_name="invoices")
    creator = models.ForeignKey(
        "creators.CreatorProfile", on_delete=models.PROTECT, related_name="invoices"
    )
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    brand = models.ForeignKey("brands.Brand", on_delete=models.PROTECT, related_name="invoices")
    issuer = models.CharField(_("issued by"), max_length=8, choices=InvoiceIssuer.choices)
    # "agency:<id>" or "creator:<id>": the numbering sequence the invoice belongs to.
    issuer_key = models.CharField(max_length=32)
    number = models.CharField(_("number"), max_length=32, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT
    )
    currency = models.CharField(_("currency"), max_length=3)
    vat_rate = models.DecimalField(_("VAT rate (%)"), null=True, blank=True, **PERCENT)
    subtotal = models.DecimalField(_("subtotal"), **MONEY)
    vat_amount = models.DecimalField(_("VAT"), default=Decimal(0), **MONEY)
    total = models.DecimalField(_("total"), **MONEY)
    paid_amount = models.DecimalField(_("paid"), default=Decimal(0), **MONEY)
    language = models.CharField(_("language"), max_length=8, default="en")
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    issuer_name = models.CharField(_("issuer's legal name"), max_length=200, blank=True)
    issuer_address = models.TextField(_("issuer's address"), max_length=1000, blank=True)
    issuer_vat_number = models.CharField(_("issuer's VAT number"), max_length=40, blank=True)
    on_behalf_of = models.CharField(
        max_length=200, blank=True
    )  # the creator, when an agency issues
    recipient_name = models.CharField(_("recipient's legal name"), max_length=200, blank=True)
    recipient_address = models.TextField(_("recipient's address"), max_length=1000, blank=True)
    recipient_vat_number = models.CharField(_("recipient's VAT number"), max_length=40, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    void_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_key", "number"],
                condition=~models.Q(number=""),
                name="invoice_number_unique_per_issuer",
            ),
            models.CheckConstraint(
                condition=models.Q(paid_amount__lte=models.F("total")),
                name="invoice_not_overpaid",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["brand", "status"]),
            models.Index(fields=["creator", "status"]),
            models.Index(fields=["status", "due_on"]),
            models.Index(
                # The earnings' invoiced and paid ledgers read an agency's rows from it alone.
                fields=[
                    "agency",
                    "issued_on",
                    "creator",
                    "status",
                    "currency",
                    "total",
                    "paid_amount",
                    "id",
                    "offer",
                ],
                name="invoice_agency_issued",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return self.number or f"{_('Draft')} {self.offer.campaign.name}"

    @property
    def balance(self) -> Decimal:
        return self.total - self.paid_amount


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.PROTECT, related_name="lines"
    )
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        ordering = ["invoice", "id"]

    def __str__(self):
        return self.description


class InvoiceCounter(models.Model):
    """The last number given by one issuer in one year: locked while an invoice is issued, so
    numbers have no gaps and no repeats however many are issued at once."""

    issuer_key = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer_key", "year"], name="one_counter_per_year")
        ]

    def __str__(self):
        return f"{self.issuer_key} {self.year}: {self.last}"


class Payment(models.Model):
    """Money received against an invoice, split at once into the agency's commission (and the
    co-agency's share of it) and the creator's net, with the deal's frozen rates."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    commission = models.DecimalField(_("commission"), **MONEY)
    split_amount = models.DecimalField(_("shared commission"), default=Decimal(0), **MONEY)
    creator_net = models.DecimalField(_("creator's net"), **MONEY)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_as = models.CharField(max_length=16)  # "brand" or "creator_side"
    created_at = models.DateTimeField(default=timezone.now)
    # Copied from the invoice and its deal when recorded, for the earnings' paid ledger to read
    # this table alone (issue 16): whose money, through which agency, from which brand, and the
    # deal's partner in the commission (frozen at signature).
    creator = models.ForeignKey(
        "creators.CreatorProfile", null=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    brand = models.ForeignKey("brands.Brand", null=True, on_delete=models.PROTECT, related_name="+")
    shared_with = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["invoice", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_positive"),
            models.CheckConstraint(
                condition=models.Q(amount=models.F("commission") + models.F("creator_net")),
                name="payment_parts_sum_to_amount",
            ),
        ]
        indexes = [
            models.Index(
                # The earnings' paid ledger reads an agency's payments from it alone.
                fields=[
                    "agency",
                    "paid_on",
                    "creator",
                    "currency",
                    "amount",
                    "commission",
                    "split_amount",
                    "creator_net",
                    "brand",
                    "shared_with",
                ],
                name="payment_agency_paid",
            )
        ]

    def __str__(self):
        return f"{self.amount} {self.currency} on {self.invoice}"
