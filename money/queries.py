"""Reads about a deal's money: one invoice within reach, the deal's money card on the offer page,
and the invoices list with its status counts. Each goes through `Invoice.objects.visible_to`
and the permission decision (access.permissions.decide)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _

from access.models import InvoiceIssuer
from access.permissions import Grant, Party, decide
from access.roles import RoleKind
from access.scopes import Scope
from money.models import DealMoney, Invoice, InvoiceLine
from money.transitions import InvoiceStatus, MilestoneStatus, MoneySide, money_party


def sees_commission(grant: Grant) -> bool:
    """The commission and the creator's net: the creator, and her agency's staff with her
    `view_earnings` grant; never the brand."""
    return grant.party is Party.CREATOR or (
        grant.party is Party.AGENCY and grant.sees(Scope.VIEW_EARNINGS)
    )


def _withheld_or_404(role, public_id) -> None:
    """An invoice out of `role`'s reach: 403 with the reason for staff of its agency who reach
    the creator without her `view_earnings` grant, 404 for everyone else."""
    if role is not None and role.kind == RoleKind.AGENCY:
        invoice = (
            Invoice.objects.filter(public_id=public_id, agency=role.agency)
            .select_related("creator")
            .first()
        )
        if invoice is not None:
            grant = decide(role, invoice.creator)
            if grant.party is Party.AGENCY and not grant.sees(Scope.VIEW_EARNINGS):
                raise PermissionDenied(grant.withheld(Scope.VIEW_EARNINGS))
    raise Http404


def get_invoice_for_user(role, public_id) -> tuple[Invoice, Grant]:
    """One invoice within reach and the permission decision for its creator: 404 for
    outsiders, 403 (with the reason) for her agency's staff without `view_earnings`. What the
    role may do on it is the INVOICES workflow's."""
    invoice = (
        Invoice.objects.visible_to(role)
        .select_related("offer__campaign", "creator", "agency", "brand")
        .filter(public_id=public_id)
        .first()
    )
    if invoice is None:
        _withheld_or_404(role, public_id)
    return invoice, decide(role, invoice.creator)


def get_deal_for_issuer(role, offer, grant: Grant) -> DealMoney:
    """The signed deal's money, for the side that invoices it (the agency with her
    `view_earnings` grant, or the creator who invoices herself); 403 with the reason for
    anyone else who sees the offer. The caller fetched the offer through campaigns.queries."""
    deal = DealMoney.objects.filter(offer=offer, sealed_at__isnull=False).first()
    if grant.party is Party.AGENCY and not grant.sees(Scope.VIEW_EARNINGS):
        raise PermissionDenied(grant.withheld(Scope.VIEW_EARNINGS))
    if deal is None:
        raise Http404  # not signed yet: there is nothing to invoice
    if money_party(role, deal, grant) != MoneySide.ISSUER:
        raise PermissionDenied(_not_issuer(role, deal, grant))
    deal.offer = offer
    return deal


def _not_issuer(role, deal, grant) -> str:
    if grant.party is Party.AGENCY and not role.can_act:
        return _("Your role is read-only for this creator.")
    if deal.issuer == InvoiceIssuer.CREATOR:
        return _("The creator invoices this deal herself.")
    if grant.party is Party.CREATOR:
        return _("Your agency invoices this deal on your behalf.")
    return _("You are not allowed to invoice for this deal.")


def _held(offer):
    """The ids of the deal's milestones on a draft or issued invoice (a void one frees them)."""
    lines = InvoiceLine.objects.filter(invoice__offer=offer, milestone__isnull=False)
    return lines.exclude(invoice__status=InvoiceStatus.VOID).values_list("milestone_id", flat=True)


def due_milestones(offer) -> list:
    """The deal's due milestones that no draft or issued invoice holds yet: what may be
    invoiced now."""
    return list(offer.milestones.filter(status=MilestoneStatus.DUE).exclude(pk__in=_held(offer)))


@dataclass
class DealMoneyCard:
    """What the offer page's money card shows (templates/money/_deal_money.html)."""

    withheld: str = ""  # the line shown instead of the money, saying why
    deal: DealMoney | None = None
    milestones: list | None = None
    invoices: list | None = None
    show_commission: bool = False
    can_draft: bool = False
    due: list | None = None  # milestones the issuer may put on a new invoice
    can_set_commission: bool = False  # an agency admin, before signature
    override_pct: object = None
    default_pct: object = None  # what the deal gets without an override


def deal_money(role, offer, grant: Grant) -> DealMoneyCard | None:
    """The offer page's money card, or None when there is nothing to show this role: two
    queries before signature for agency admins (none for anyone else), three or four after."""
    if role is None:
        return None
    admin = grant.party is Party.AGENCY and role.is_admin and role.can_act
    if not offer.was_accepted:
        return _override_card(offer, grant) if admin and not offer.is_closed else None
    if grant.party is Party.AGENCY and not grant.sees(Scope.VIEW_EARNINGS):
        return DealMoneyCard(withheld=grant.withheld(Scope.VIEW_EARNINGS))
    deal = _deal_of(offer)
    if deal is None or deal.sealed_at is None:
        # Accepted, not yet signed: the commission may still change, nothing is due.
        return _override_card(offer, grant, deal) if admin and not offer.is_closed else None
    deal.offer = offer
    milestones = list(offer.milestones.all())
    invoices = list(
        Invoice.objects.visible_to(role).filter(offer=offer).order_by("created_at", "id")
    )
    card = DealMoneyCard(
        deal=deal,
        milestones=milestones,
        invoices=invoices,
        show_commission=sees_commission(grant),
    )
    if money_party(role, deal, grant) == MoneySide.ISSUER and not offer.is_closed:
        held = set(_held(offer))
        card.due = [m for m in milestones if m.status == MilestoneStatus.DUE and m.pk not in held]
        card.can_draft = True
    return card


def _deal_of(offer) -> DealMoney | None:
    """The deal's money row: read with the offer when it was fetched with it (the offer page),
    else one query."""
    try:
        return offer.money
    except DealMoney.DoesNotExist:
        return None


def _override_card(offer, grant, deal=None) -> DealMoneyCard:
    if deal is None:
        deal = _deal_of(offer)
    representation = grant.representation
    default = representation.commission_pct
    if default is None:
        default = representation.agency.default_commission_pct
    return DealMoneyCard(
        can_set_commission=True,
        override_pct=deal.override_pct if deal else None,
        default_pct=default,
    )


TABS = [
    InvoiceStatus.DRAFT,
    InvoiceStatus.ISSUED,
    InvoiceStatus.OVERDUE,
    InvoiceStatus.PAID,
    InvoiceStatus.VOID,
]


def invoice_list(role, status: str):
    """(rows of one status for the invoices list, {status: count} of every tab): the counts in
    one query, the rows with their offer, campaign, creator and brand."""
    visible = Invoice.objects.visible_to(role)
    counts = visible.aggregate(
        **{str(s): Count("id", filter=Q(status=s)) for s in TABS},
    )
    rows = (
        visible.filter(status=status)
        .select_related("offer__campaign", "creator", "brand")
        .order_by("-created_at", "-id")
    )
    return rows, counts


def parties(invoice: Invoice) -> dict:
    """Who issues and who receives the invoice, as it prints them: the details copied at issue,
    or for a draft the current ones (copied when it is issued)."""
    if invoice.status != InvoiceStatus.DRAFT:
        return {
            "issuer": (invoice.issuer_name, invoice.issuer_address, invoice.issuer_vat_number),
            "on_behalf_of": invoice.on_behalf_of,
            "recipient": (
                invoice.recipient_name,
                invoice.recipient_address,
                invoice.recipient_vat_number,
            ),
        }
    creator, brand = invoice.creator, invoice.brand
    issuer = invoice.agency if invoice.issuer == InvoiceIssuer.AGENCY else creator
    on_behalf_of = ""
    if invoice.issuer == InvoiceIssuer.AGENCY:
        on_behalf_of = f"{creator.billing_name()} ({creator.at_handle})"
    return {
        "issuer": (issuer.billing_name(), issuer.billing_address, issuer.vat_number),
        "on_behalf_of": on_behalf_of,
        "recipient": (brand.billing_name(), brand.billing_address, brand.vat_number),
    }
