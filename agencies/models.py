"""Talent agencies and their staff."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentdesk.lib.billing import BillingDetails


class AgencyRole(models.TextChoices):
    OWNER = "owner", _("Owner")  # runs the account, can do everything an admin can
    ADMIN = "admin", _("Admin")  # invites staff, sees the whole roster, assigns managers
    MANAGER = "manager", _("Manager")  # works the deals of the creators assigned to them
    ASSISTANT = "assistant", _("Assistant")  # read-only on assigned creators unless granted more


class Agency(BillingDetails):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    website = models.URLField(_("website"), blank=True)
    # Suggested rate = benchmark CPM × median views / 1000 (SPEC §3).
    benchmark_cpm = models.DecimalField(
        _("benchmark CPM"), max_digits=10, decimal_places=2, default=Decimal("20.00")
    )
    benchmark_currency = models.CharField(_("benchmark currency"), max_length=3, default="EUR")
    # What the agency keeps of each payment to its creators, unless a representation or a
    # deal says otherwise (SPEC §6); its invoices are numbered <prefix>-<year>-<n>.
    default_commission_pct = models.DecimalField(
        _("default commission (%)"), max_digits=5, decimal_places=2, default=Decimal("20.00")
    )
    invoice_prefix = models.CharField(_("invoice number prefix"), max_length=8, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class AgencyMembershipQuerySet(models.QuerySet):
    def admins(self):
        return self.filter(role__in=[AgencyRole.OWNER, AgencyRole.ADMIN])


class AgencyMembership(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=AgencyRole.choices)
    # Assistants are read-only on their assigned creators unless an owner/admin grants this.
    assistant_can_act = models.BooleanField(_("assistant may act"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AgencyMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency member")
        verbose_name_plural = _("agency members")
        ordering = ["agency__name", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "user"], name="one_membership_per_agency")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.agency})"

    @property
    def is_admin(self):
        return self.role in {AgencyRole.OWNER, AgencyRole.ADMIN}

    @property
    def can_act(self):
        """Whether this member may change anything, as opposed to only looking."""
        return self.role != AgencyRole.ASSISTANT or self.assistant_can_act


class ContractClauses(models.Model):
    """The clauses an agency's contracts print beside the terms: cancellation and its kill fee,
    governing law and disclosure obligations, in English and in French. A blank text means the
    default (agencies/clauses.py). Edited by the owners and admins; audited. A sealed contract
    keeps the text it was sealed with (campaigns/contract_snapshot.py)."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="contract_clauses", primary_key=True
    )
    kill_fee_pct = models.DecimalField(
        _("kill fee (% of the price)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50.00"),
        help_text=_("Owed to the creator when the brand cancels after signature."),
    )
    cancellation_en = models.TextField(_("cancellation (English)"), blank=True, max_length=3000)
    cancellation_fr = models.TextField(_("cancellation (French)"), blank=True, max_length=3000)
    governing_law_en = models.TextField(_("governing law (English)"), blank=True, max_length=3000)
    governing_law_fr = models.TextField(_("governing law (French)"), blank=True, max_length=3000)
    disclosure_en = models.TextField(
        _("disclosure obligations (English)"), blank=True, max_length=3000
    )
    disclosure_fr = models.TextField(
        _("disclosure obligations (French)"), blank=True, max_length=3000
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("contract clauses")
        verbose_name_plural = _("contract clauses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kill_fee_pct__gte=0, kill_fee_pct__lte=100),
                name="kill_fee_between_0_and_100",
            )
        ]

    def __str__(self):
        return f"Contract clauses of {self.agency}"
