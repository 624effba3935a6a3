"""A deal's money: its payment milestones, the invoices that settle them, and the payments
recorded against those.

Who may read: the brand the invoice is addressed to (once issued), the creator, and her agency's
staff with her `view_earnings` grant (others of the agency who reach her get 403 with the reason).
Who may act is the INVOICES workflow's: the issuer side (the agency that invoices for her, or the
creator who invoices herself) drafts, issues and voids; it or the brand records payments.
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, Sum
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from access.permissions import Party, decide
from access.roles import RoleKind
from access.scopes import Scope
from api.core import Page, PageQuery, paginate, responses
from api.schemas import money, percent
from api.schemas_money import (
    InvoiceDetailOut,
    InvoiceDraftIn,
    InvoiceFilter,
    InvoiceOut,
    MilestoneOut,
    PaymentIn,
    VoidIn,
)
from campaigns.queries import get_offer_for_user
from money import actions
from money.models import Invoice, InvoiceLine, Payment
from money.queries import get_deal_for_issuer, get_invoice_for_user, parties, sees_commission
from money.transitions import INVOICES, InvoiceStatus
from talentdesk.lib.errors import ActionError

router = Router(tags=["money"])
RELATED = ("offer__campaign", "creator", "agency", "brand")


def invoice_out(invoice, *, show_commission: bool) -> dict:
    """The invoice as every list and detail shows it; `commission_sum` and `net_sum` are
    annotated by the caller (the sums of its payments' parts)."""
    currency = invoice.currency
    who = parties(invoice)
    issuer, recipient = who["issuer"], who["recipient"]
    return {
        "id": invoice.public_id,
        "number": invoice.number or None,
        "status": invoice.status,
        "issuer": {
            "kind": invoice.issuer,
            "name": issuer[0],
            "address": issuer[1],
            "vat_number": issuer[2],
            "on_behalf_of": who["on_behalf_of"],
        },
        "recipient": {
            "brand": invoice.brand.slug,
            "name": recipient[0],
            "address": recipient[1],
            "vat_number": recipient[2],
        },
        "offer": invoice.offer.public_id,
        "campaign": {"id": invoice.offer.campaign.public_id, "name": invoice.offer.campaign.name},
        "creator": {"id": invoice.creator.public_id, "handle": invoice.creator.handle},
        "currency": currency,
        "subtotal": money(invoice.subtotal, currency),
        "vat_rate": percent(invoice.vat_rate),
        "vat_amount": money(invoice.vat_amount, currency),
        "amount": money(invoice.total, currency),
        "paid_amount": money(invoice.paid_amount, currency),
        "balance": money(invoice.balance, currency),
        "commission": money(invoice.commission_sum or 0, currency) if show_commission else None,
        "creator_net": money(invoice.net_sum or 0, currency) if show_commission else None,
        "issued_on": invoice.issued_on,
        "due_on": invoice.due_on,
        "paid_on": invoice.paid_on,
        "note": invoice.note,
        "void_reason": invoice.void_reason,
        "created_at": invoice.created_at,
    }


def _with_sums(qs):
    return qs.select_related(*RELATED).annotate(
        commission_sum=Sum("payments__commission"), net_sum=Sum("payments__creator_net")
    )


def _detail(request, invoice, grant) -> dict:
    invoice = (
        _with_sums(Invoice.objects.filter(pk=invoice.pk))
        .prefetch_related(
            Prefetch("lines", InvoiceLine.objects.select_related("milestone")),
            Prefetch("payments", Payment.objects.order_by("paid_on", "id")),
        )
        .get()
    )
    shown = sees_commission(grant)
    currency = invoice.currency
    verbs = INVOICES.verbs_for(request.role, invoice, grant)
    if INVOICES.allows("settle", request.role, invoice, grant):
        verbs.append("record_payment")
    return invoice_out(invoice, show_commission=shown) | {
        "lines": [
            {
                "description": line.description,
                "amount": money(line.amount, currency),
                "milestone": line.milestone.public_id if line.milestone else None,
            }
            for line in invoice.lines.all()
        ],
        "payments": [
            {
                "id": p.public_id,
                "amount": money(p.amount, currency),
                "currency": p.currency,
                "paid_on": p.paid_on,
                "reference": p.reference,
                "commission": money(p.commission, currency) if shown else None,
                "creator_net": money(p.creator_net, currency) if shown else None,
                "created_at": p.created_at,
            }
            for p in invoice.payments.all()
        ],
        "allowed_actions": verbs,
    }


def _money_grant(role, offer):
    """The permission decision for the offer's creator, refusing (403, with the reason) her
    agency's staff without her `view_earnings` grant: a deal's money is beyond its price."""
    grant = decide(role, offer.creator)
    if grant.party is Party.AGENCY and not grant.sees(Scope.VIEW_EARNINGS):
        raise PermissionDenied(grant.withheld(Scope.VIEW_EARNINGS))
    return grant


def _issuer_deal(role, offer, grant):
    """The signed deal, for the side that invoices it (403 for anyone else); 409 before
    signature, when there is nothing to invoice yet."""
    try:
        return get_deal_for_issuer(role, offer, grant)
    except Http404:
        raise ActionError(
            _("A deal is invoiced once its contract is signed."), code="wrong_state"
        ) from None


@router.get("/invoices", response=responses(200, Page[InvoiceOut]))
def list_invoices(request, page: Query[PageQuery], filters: Query[InvoiceFilter]):
    """Invoices you can see, newest first: a brand's once issued, a creator's own, for agency
    staff those of the creators who share their earnings with the agency."""
    qs = Invoice.objects.visible_to(request.role)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.creator:
        qs = qs.filter(creator__handle=filters.creator.strip().lstrip("@").casefold())
    if filters.brand:
        qs = qs.filter(brand__slug=filters.brand.strip())
    if filters.offer:
        qs = qs.filter(offer__public_id=filters.offer)
    qs = _with_sums(qs).order_by("-created_at", "-id")
    # Every invoice listed to agency staff is of a creator who granted them view_earnings.
    shown = request.role is not None and request.role.kind != RoleKind.BRAND
    return paginate(
        request, qs, page, lambda rows: [invoice_out(i, show_commission=shown) for i in rows]
    )


@router.get("/invoices/{invoice_id}", response=responses(200, InvoiceDetailOut))
def get_invoice(request, invoice_id: UUID):
    """One invoice with its lines, payments and what you may do on it now."""
    invoice, grant = get_invoice_for_user(request.role, invoice_id)
    return _detail(request, invoice, grant)


@router.get("/offers/{offer_id}/milestones", response=responses(200, list[MilestoneOut]))
def list_milestones(request, offer_id: UUID):
    """The signed deal's payment milestones, in order (none before signature), with the
    invoice each is on: the due ones on none may be invoiced."""
    offer = get_offer_for_user(request.role, offer_id)
    _money_grant(request.role, offer)
    held = dict(
        InvoiceLine.objects.filter(
            invoice__in=Invoice.objects.visible_to(request.role).filter(offer=offer),
            milestone__isnull=False,
        )
        .exclude(invoice__status=InvoiceStatus.VOID)
        .values_list("milestone_id", "invoice__public_id")
    )
    return [
        {
            "id": m.public_id,
            "number": m.number,
            "trigger": m.trigger,
            "percent": percent(m.percent),
            "amount": money(m.amount, m.currency),
            "currency": m.currency,
            "status": m.status,
            "reached_on": m.reached_on,
            "due_on": m.due_on,
            "invoice": held.get(m.pk),
        }
        for m in offer.milestones.order_by("number")
    ]


@router.post("/offers/{offer_id}/invoices", response=responses(201, InvoiceDetailOut))
def draft_invoice(request, offer_id: UUID, payload: InvoiceDraftIn):
    """The issuer side invoices due milestones of a signed deal: a draft, or issued at once
    with `issue: true` (both or nothing)."""
    role = request.role
    offer = get_offer_for_user(role, offer_id)
    grant = _money_grant(role, offer)
    _issuer_deal(role, offer, grant)
    wanted = set(payload.milestones)
    chosen = list(offer.milestones.filter(public_id__in=wanted))
    if len(chosen) != len(wanted):
        raise ActionError(
            _("Choose milestones of this deal (GET /offers/{id}/milestones lists them)."),
            field="milestones",
        )
    with transaction.atomic():
        invoice = actions.draft_invoice(
            role,
            offer,
            actor=request.user,
            milestones=chosen,
            vat_rate=payload.vat_rate,
            note=payload.note,
        )
        if payload.issue:
            actions.issue_invoice(role, invoice, actor=request.user)
    return Status(201, _detail(request, invoice, grant))


@router.post("/invoices/{invoice_id}/issue", response=responses(200, InvoiceDetailOut))
def issue_invoice(request, invoice_id: UUID):
    """The issuer side issues a draft: its number, issue and due dates, the parties' legal
    details as they are now (409 if it is no longer a draft)."""
    invoice, grant = get_invoice_for_user(request.role, invoice_id)
    _issuer_deal(request.role, invoice.offer, grant)
    actions.issue_invoice(request.role, invoice, actor=request.user)
    return _detail(request, invoice, grant)


@router.post("/invoices/{invoice_id}/payments", response=responses(201, InvoiceDetailOut))
def record_payment(request, invoice_id: UUID, payload: PaymentIn):
    """The brand, or the issuer side, records money received (partial payments allowed, never
    more than the balance); the balance reaching zero settles the invoice."""
    role = request.role
    invoice, grant = get_invoice_for_user(role, invoice_id)
    if not INVOICES.may(INVOICES.table["settle"], role, invoice, grant):
        if grant.party is Party.AGENCY and not role.can_act:
            raise PermissionDenied(_("Your role is read-only for this creator."))
        raise PermissionDenied(INVOICES.not_allowed_message(invoice))
    actions.record_payment(
        role,
        invoice,
        actor=request.user,
        amount=invoice.balance if payload.amount is None else payload.amount,
        paid_on=payload.paid_on,
        reference=payload.reference,
    )
    return Status(201, _detail(request, invoice, grant))


@router.post("/invoices/{invoice_id}/void", response=responses(200, InvoiceDetailOut))
def void_invoice(request, invoice_id: UUID, payload: VoidIn):
    """The issuer side voids an invoice without payments, saying why: its number stays used,
    its milestones may go on a new invoice."""
    invoice, grant = get_invoice_for_user(request.role, invoice_id)
    _issuer_deal(request.role, invoice.offer, grant)
    actions.void_invoice(request.role, invoice, actor=request.user, reason=payload.reason)
    return _detail(request, invoice, grant)
