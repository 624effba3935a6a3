"""The two money workflows (SPEC §6): a deal's payment milestones and its invoices. Each has one
table; `MILESTONES.move` and `INVOICES.move` are the only writers of their statuses.

Who stands where: the invoice's issuer side is the creator's agency when the representation says
the agency invoices on her behalf (its staff need her `view_earnings` grant and may act), else
the creator herself; its recipient is the campaign's brand. The system takes the steps no one
clicks: a milestone falls due when its trigger is reached, an invoice becomes overdue.
"""

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from access.models import AuditEventType, InvoiceIssuer
from access.permissions import NOBODY, Grant, Party, decide
from access.roles import Role, RoleKind
from access.scopes import Scope
from campaigns.transitions import acting_as, side_of
from money.events import InvoiceEvent, MilestoneEvent
from talentdesk.lib.workflow import SYSTEM, Transition, Workflow

if TYPE_CHECKING:
    from money.models import Invoice, Milestone  # noqa: F401


class MilestoneTrigger(models.TextChoices):
    SIGNATURE = "signature", gettext_lazy("On signature")
    DRAFT_APPROVED = "draft_approved", gettext_lazy("Drafts approved")
    POSTED = "posted", gettext_lazy("Posted")
    VERIFIED = "verified", gettext_lazy("Posts verified")


class MilestoneStatus(models.TextChoices):
    # Labels in context: French agrees them with "échéance" and "facture" (feminine).
    SCHEDULED = "scheduled", pgettext_lazy("milestone status", "Scheduled")  # trigger ahead
    DUE = "due", pgettext_lazy("milestone status", "Due")  # reached: to invoice, due net days on
    INVOICED = "invoiced", pgettext_lazy("milestone status", "Invoiced")  # on an issued invoice
    PAID = "paid", pgettext_lazy("milestone status", "Paid")
    CANCELLED = "cancelled", pgettext_lazy("milestone status", "Cancelled")  # deal cancelled


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("invoice status", "Draft")
    ISSUED = "issued", pgettext_lazy("invoice status", "Issued")
    OVERDUE = "overdue", pgettext_lazy("invoice status", "Overdue")
    PAID = "paid", pgettext_lazy("invoice status", "Paid")
    VOID = "void", pgettext_lazy("invoice status", "Void")


class MoneySide(models.TextChoices):
    ISSUER = "issuer", gettext_lazy("Issuer")  # the agency on her behalf, or she herself
    BRAND = "brand", gettext_lazy("Brand")  # the recipient, who pays
    PAYER_OR_ISSUER = "either", gettext_lazy("Either side")


M, INV, E = MilestoneStatus, InvoiceStatus, AuditEventType
OPEN = [INV.ISSUED, INV.OVERDUE]  # awaiting payment
COUNTED = [INV.ISSUED, INV.OVERDUE, INV.PAID]  # what counts as invoiced in the earnings

MILESTONE_TRANSITIONS = {
    "fall_due": Transition((M.SCHEDULED,), M.DUE, SYSTEM, E.MILESTONE_DUE),
    "invoice": Transition((M.DUE,), M.INVOICED, SYSTEM, E.MILESTONE_INVOICED),
    "settle": Transition((M.INVOICED,), M.PAID, SYSTEM, E.MILESTONE_PAID),
    "release": Transition((M.INVOICED,), M.DUE, SYSTEM, E.MILESTONE_RELEASED),
    "cancel": Transition((M.SCHEDULED, M.DUE), M.CANCELLED, SYSTEM, E.MILESTONE_CANCELLED),
}

INVOICE_TRANSITIONS = {
    "issue": Transition(
        (INV.DRAFT,), INV.ISSUED, MoneySide.ISSUER, E.INVOICE_ISSUED, gettext_lazy("Issue")
    ),
    # Recorded payments reach the total (money.actions.record_payment): the payer or the issuer.
    "settle": Transition(
        (INV.ISSUED, INV.OVERDUE), INV.PAID, MoneySide.PAYER_OR_ISSUER, E.INVOICE_PAID
    ),
    "fall_overdue": Transition((INV.ISSUED,), INV.OVERDUE, SYSTEM, E.INVOICE_OVERDUE),
    "void": Transition(
        (INV.DRAFT, INV.ISSUED, INV.OVERDUE),
        INV.VOID,
        MoneySide.ISSUER,
        E.INVOICE_VOIDED,
        gettext_lazy("Void"),
        reason=True,
    ),
}


def money_party(role: Role | None, invoice_or_deal: Any, grant: Grant) -> str | None:
    """Where `role` stands on a deal's money: ISSUER (the agency staff who invoice for her with
    her `view_earnings` grant, or she herself when she invoices), BRAND (the campaign's brand),
    or None. `invoice_or_deal` has `brand_id`, `agency_id` and `issuer`."""
    if role is None:
        return None
    if role.kind == RoleKind.BRAND:
        return MoneySide.BRAND if role.brand.pk == invoice_or_deal.brand_id else None
    if invoice_or_deal.issuer == InvoiceIssuer.CREATOR:
        return MoneySide.ISSUER if grant.party is Party.CREATOR else None
    if grant.party is not Party.AGENCY or not grant.sees(Scope.VIEW_EARNINGS):
        return None
    if grant.representation.agency_id != invoice_or_deal.agency_id or not grant.can_act:
        return None
    return MoneySide.ISSUER


def _side(role: Role | None) -> str:
    return SYSTEM if role is None else side_of(role)


class MilestoneWorkflow(Workflow["Milestone"]):
    """Only the system moves milestones, following the deal and its invoices."""

    table = MILESTONE_TRANSITIONS
    stamp = None

    def may(self, transition, role, milestone, grant) -> bool:
        return transition.who == SYSTEM

    def wrong_state_message(self, milestone) -> str:
        return _("This payment milestone is now “%(status)s”.") % {
            "status": milestone.get_status_display()
        }

    def event(self, milestone, transition, *, role, actor, changes) -> MilestoneEvent:
        return _money_event(
            MilestoneEvent,
            transition.event,
            milestone,
            str(milestone),
            role=role,
            actor=actor,
            changes=changes,
            milestone=milestone,
        )


class InvoiceWorkflow(Workflow["Invoice"]):
    table = INVOICE_TRANSITIONS

    def grant_for(self, role: Role | None, invoice: "Invoice") -> Grant:
        return decide(role, invoice.creator) if role is not None else NOBODY

    def may(self, transition, role, invoice, grant) -> bool:
        if transition.who == SYSTEM:
            return True
        party = money_party(role, invoice, grant)
        if transition.who == MoneySide.PAYER_OR_ISSUER:
            return party is not None and role.can_act
        return party == transition.who

    def wrong_state_message(self, invoice) -> str:
        return _("This invoice is now “%(status)s”: that is no longer possible.") % {
            "status": invoice.get_status_display()
        }

    def not_allowed_message(self, invoice) -> str:
        return _("You are not allowed to do this on this invoice.")

    def event(self, invoice, transition, *, role, actor, changes) -> InvoiceEvent:
        return invoice_event(invoice, transition.event, role=role, actor=actor, changes=changes)


def invoice_event(invoice, type, *, role, actor, changes) -> InvoiceEvent:
    return _money_event(
        InvoiceEvent,
        type,
        invoice,
        invoice.label,
        role=role,
        actor=actor,
        changes=changes,
        invoice=invoice,
    )


def _money_event(event_class, type, row, label, *, role, actor, changes, **rows):
    """An event about a deal's milestone or invoice, in its creator's chain."""
    offer = row.offer
    return event_class(
        type=type,
        actor=actor,
        acting_as=acting_as(role),
        target=row,
        target_label=label,
        brand=offer.campaign.brand,
        agency=role.agency if role is not None and role.kind == RoleKind.AGENCY else None,
        on_behalf_of=offer.creator,
        changes=changes,
        offer=offer,
        side=_side(role),
        **rows,
    )


MILESTONES = MilestoneWorkflow()
INVOICES = InvoiceWorkflow()
