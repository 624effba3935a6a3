"""Business verbs on a deal's money. Subscribers to the deal's events open its money at
signature and move its milestones; people draft, issue and void invoices and record payments.
Every status goes through `money.transitions` (MILESTONES, INVOICES), whose events the audit log,
notifications and webhooks subscribe to. Callers fetched the invoice or offer through
`money.queries`, which asked the permission decision."""

from datetime import UTC, date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from access.models import AuditEventType, InvoiceIssuer, Representation
from access.permissions import decide
from access.roles import Role, RoleKind
from campaigns.transitions import acting_as
from money import amounts
from money.models import DealMoney, Invoice, InvoiceCounter, InvoiceLine, Milestone, Payment
from money.transitions import (
    INVOICES,
    MILESTONES,
    InvoiceStatus,
    MilestoneStatus,
    MilestoneTrigger,
    MoneySide,
    invoice_event,
    money_party,
)
from talentdesk.lib.actors import account_of
from talentdesk.lib.errors import ActionError
from talentdesk.lib.events import publish

ORDER = list(MilestoneTrigger.values)  # the order a deal reaches its triggers in
MAX_PERCENT = Decimal(100)


def today() -> date:
    return timezone.now().astimezone(UTC).date()


# --- the deal's money, following the deal -------------------------------------------------------
def commission_rate(representation: Representation | None, override: Decimal | None) -> Decimal:
    """The commission a deal signed now gets: the deal's override, else the representation's,
    else the agency's default; none without an agency."""
    if representation is None:
        return Decimal(0)
    if override is not None:
        return override
    if representation.commission_pct is not None:
        return representation.commission_pct
    return representation.agency.default_commission_pct


def schedule(price: Decimal, currency: str, upfront_pct: Decimal, milestones: list) -> list:
    """The accepted terms as (trigger, percent, amount): the upfront share on signature, then
    the negotiated milestones (or the rest when the posts are verified); amounts sum exactly
    to the price."""
    parts = []
    if upfront_pct:
        parts.append((MilestoneTrigger.SIGNATURE, Decimal(upfront_pct)))
    for milestone in milestones:
        parts.append((MilestoneTrigger(milestone["on"]), Decimal(milestone["percent"])))
    rest = MAX_PERCENT - sum((p for _t, p in parts), Decimal(0))
    if rest > 0:
        parts.append((MilestoneTrigger.VERIFIED, rest))
    parts.sort(key=lambda part: ORDER.index(part[0]))
    shares = amounts.split(price, [p for _t, p in parts], currency)
    return [(t, p, a) for (t, p), a in zip(parts, shares, strict=True)]


def open_deal_money(offer) -> DealMoney:
    """Both sides signed: freeze who invoices and the commission, create the milestones and
    let the signature's fall due. Called by the subscriber to ContractSealed."""
    representation = (
        Representation.objects.active()
        .filter(creator_id=offer.creator_id)
        .select_related("agency")
        .first()
    )
    deal, _created = DealMoney.objects.get_or_create(
        offer=offer, defaults={"brand_id": offer.campaign.brand_id}
    )
    deal.brand_id = offer.campaign.brand_id
    deal.agency = representation.agency if representation else None
    deal.issuer = representation.invoice_issuer if representation else InvoiceIssuer.CREATOR
    deal.commission_pct = commission_rate(representation, deal.override_pct)
    deal.split_with = representation.commission_split_with if representation else ""
    deal.split_pct = representation.commission_split_pct if representation else Decimal(0)
    deal.sealed_at = timezone.now()
    terms = offer.contract.terms
    rows = [
        Milestone(
            offer=offer,
            number=number,
            trigger=trigger,
            percent=percent,
            amount=amount,
            currency=terms.currency,
        )
        for number, (trigger, percent, amount) in enumerate(
            schedule(terms.price, terms.currency, terms.upfront_pct, terms.milestones), start=1
        )
    ]
    # What the earnings book, read from this row alone: the creator, and the price as the
    # milestones split it (their sum, equal to the terms' price).
    deal.creator_id = offer.creator_id
    deal.price = sum((row.amount for row in rows), Decimal(0))
    deal.currency = terms.currency
    deal.save()
    Milestone.objects.bulk_create(rows)
    reach(offer, MilestoneTrigger.SIGNATURE)
    return deal


def reach(offer, trigger: MilestoneTrigger, on: date | None = None) -> int:
    """The deal reached `trigger` (and so every trigger before it): its scheduled milestones
    fall due `net days` later."""
    on = on or today()
    net_days = offer.contract.terms.net_days
    reached = ORDER[: ORDER.index(trigger) + 1]
    count = 0
    for milestone in offer.milestones.filter(status=MilestoneStatus.SCHEDULED, trigger__in=reached):
        milestone.offer = offer
        milestone.reached_on = on
        milestone.due_on = on + timedelta(days=net_days)
        MILESTONES.move(
            milestone,
            "fall_due",
            role=None,
            actor=None,
            fields=("reached_on", "due_on"),
            changes={"due_on": [None, milestone.due_on.isoformat()]},
        )
        count += 1
    return count


def cancel_milestones(offer) -> int:
    """The deal was cancelled: it leaves the booked earnings, and what was not yet invoiced
    will not be."""
    DealMoney.objects.filter(offer=offer).update(cancelled=True)
    count = 0
    pending = [MilestoneStatus.SCHEDULED, MilestoneStatus.DUE]
    for milestone in offer.milestones.filter(status__in=pending):
        if milestone.lines.exclude(invoice__status=InvoiceStatus.VOID).exists():
            continue  # on a draft: the draft is voided with the deal (see void_drafts)
        milestone.offer = offer
        MILESTONES.move(milestone, "cancel", role=None, actor=None)
        count += 1
    return count


# --- commission -------------------------------------------------------------------------------
def _percent(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ActionError(_("Give a percentage between 0 and 100."), field=field) from None
    if not number.is_finite() or not 0 <= number <= MAX_PERCENT or number != round(number, 2):
        raise ActionError(_("Give a percentage between 0 and 100."), field=field)
    return number.quantize(Decimal("0.01"))


def _require_agency_admin(role: Role, agency_id: int) -> None:
    if role is None or role.kind != RoleKind.AGENCY or role.agency.pk != agency_id:
        raise ActionError(_("You are not allowed to do this."), code="not_allowed")
    if not role.is_admin:
        raise ActionError(
            _("Only the agency's owners and admins set commissions."), code="not_allowed"
        )


def set_commission(
    role: Role,
    representation: Representation,
    *,
    actor,
    commission_pct=None,
    split_with: str = "",
    split_pct=Decimal(0),
    invoice_issuer: str = InvoiceIssuer.AGENCY,
) -> Representation:
    """An agency admin sets a creator's commission (None: the agency's default), a share of it
    for a co-agency or referrer and who invoices. Deals signed before keep their rates."""
    _require_agency_admin(role, representation.agency_id)
    new = {
        "commission_pct": None
        if commission_pct in (None, "")
        else _percent(commission_pct, "commission_pct"),
        "commission_split_with": split_with.strip(),
        "commission_split_pct": _percent(split_pct or 0, "commission_split_pct"),
        "invoice_issuer": InvoiceIssuer(invoice_issuer),
    }
    if new["commission_split_pct"] and not new["commission_split_with"]:
        raise ActionError(_("Say who shares the commission."), field="commission_split_with")
    changes = {
        name: [_plain(getattr(representation, name)), _plain(value)]
        for name, value in new.items()
        if getattr(representation, name) != value
    }
    if not changes:
        return representation
    with transaction.atomic():
        for name, value in new.items():
            setattr(representation, name, value)
        representation.save(update_fields=list(new))
        _publish_commission(role, actor, representation.creator, representation, changes)
    return representation


def set_deal_commission(role: Role, offer, *, actor, commission_pct) -> DealMoney:
    """An agency admin sets this deal's commission before it is signed (None: the creator's)."""
    representation = decide(role, offer.creator).representation
    if representation is None:
        raise ActionError(_("You are not allowed to do this."), code="not_allowed")
    _require_agency_admin(role, representation.agency_id)
    value = None if commission_pct in (None, "") else _percent(commission_pct, "commission_pct")
    with transaction.atomic():
        deal, _created = DealMoney.objects.select_for_update().get_or_create(
            offer=offer, defaults={"brand_id": offer.campaign.brand_id}
        )
        if deal.sealed_at is not None or offer.is_closed:
            raise ActionError(
                _("The contract is signed: this deal's commission can no longer change."),
                code="wrong_state",
            )
        if deal.override_pct == value:
            return deal
        changes = {"deal_commission_pct": [_plain(deal.override_pct), _plain(value)]}
        deal.override_pct = value
        deal.save(update_fields=["override_pct"])
        _publish_commission(role, actor, offer.creator, representation, changes, target=offer)
    return deal


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


def _publish_commission(role, actor, creator, representation, changes, target=None) -> None:
    from access.events import Event

    publish(
        Event(
            type=AuditEventType.COMMISSION_CHANGED,
            actor=actor,
            acting_as=acting_as(role),
            target=target or representation,
            target_label=f"{creator.at_handle}",
            agency=role.agency,
            on_behalf_of=creator,
            representation=representation,
            changes=changes,
        )
    )


# --- invoices ---------------------------------------------------------------------------------
def _issuer_role(role: Role, deal: DealMoney) -> None:
    grant = decide(role, deal.offer.creator)
    if money_party(role, deal, grant) != MoneySide.ISSUER:
        raise ActionError(_("You are not allowed to invoice for this deal."), code="not_allowed")


def draft_invoice(
    role: Role, offer, *, actor, milestones: list, vat_rate=None, note: str = ""
) -> Invoice:
    """The issuer side drafts an invoice for due milestones of one deal (not already on
    another invoice): its lines, subtotal, VAT and total in the deal's currency."""
    deal = DealMoney.objects.filter(offer=offer, sealed_at__isnull=False).first()
    if deal is None:
        raise ActionError(_("A deal is invoiced once its contract is signed."), code="wrong_state")
    deal.offer = offer
    _issuer_role(role, deal)
    vat = None if vat_rate in (None, "") else _percent(vat_rate, "vat_rate")
    with transaction.atomic():
        chosen = list(
            offer.milestones.select_for_update().filter(pk__in=[m.pk for m in milestones])
        )
        if not chosen:
            raise ActionError(_("Choose at least one milestone."), field="milestones")
        for milestone in chosen:
            if milestone.status != MilestoneStatus.DUE:
                raise ActionError(
                    _("“%(milestone)s” is not due yet.") % {"milestone": milestone},
                    field="milestones",
                )
            if milestone.lines.exclude(invoice__status=InvoiceStatus.VOID).exists():
                raise ActionError(
                    _("“%(milestone)s” is already on an invoice.") % {"milestone": milestone},
                    field="milestones",
                )
        currency = chosen[0].currency
        subtotal = sum((m.amount for m in chosen), Decimal(0))
        vat_amount = amounts.vat_of(subtotal, vat, currency)
        brand = offer.campaign.brand
        invoice = Invoice.objects.create(
            offer=offer,
            creator=offer.creator,
            agency=deal.agency,  # the deal's agency: it sees her invoices through her grant
            brand=brand,
            issuer=deal.issuer,
            issuer_key=_issuer_key(deal),
            currency=currency,
            vat_rate=vat,
            subtotal=subtotal,
            vat_amount=vat_amount,
            total=subtotal + vat_amount,
            note=note.strip(),
            created_by=actor,
        )
        InvoiceLine.objects.bulk_create(
            InvoiceLine(
                invoice=invoice,
                milestone=m,
                description=_line_description(offer, m),
                amount=m.amount,
            )
            for m in chosen
        )
        publish(
            invoice_event(
                invoice,
                AuditEventType.INVOICE_DRAFTED,
                role=role,
                actor=actor,
                changes={"total": [None, f"{invoice.total} {currency}"]},
            )
        )
    return invoice


def _line_description(offer, milestone: Milestone) -> str:
    return f"{offer.campaign.name}: {milestone.get_trigger_display()} ({milestone.percent} %)"


def _issuer_key(deal: DealMoney) -> str:
    if deal.issuer == InvoiceIssuer.AGENCY:
        return f"agency:{deal.agency_id}"
    return f"creator:{deal.offer.creator_id}"


def _next_number(invoice: Invoice, year: int) -> str:
    """The issuer's next number this year, gap-free: the counter row is locked until the
    issuing transaction ends, so concurrent issues queue and a rolled-back one gives its
    number back."""
    try:
        with transaction.atomic():
            InvoiceCounter.objects.get_or_create(issuer_key=invoice.issuer_key, year=year)
    except IntegrityError:
        pass  # another issue created it at the same moment
    counter = InvoiceCounter.objects.select_for_update().get(
        issuer_key=invoice.issuer_key, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{_prefix(invoice)}-{year}-{counter.last:04d}"


def _prefix(invoice: Invoice) -> str:
    if invoice.issuer == InvoiceIssuer.AGENCY:
        agency = invoice.agency
        return (agency.invoice_prefix or agency.slug[:3]).upper()
    return (invoice.creator.handle[:3] or "INV").upper()


def issue_invoice(role: Role, invoice: Invoice, *, actor, issued_on: date | None = None) -> Invoice:
    """The issuer side issues a draft: its number, the parties' legal details as they are now,
    its language (the brand's first member's), the due date (its milestones' latest, not before
    today)."""
    issued_on = issued_on or today()
    with transaction.atomic():
        INVOICES.check("issue", role, invoice)
        invoice.number = _next_number(invoice, issued_on.year)
        invoice.issued_on = issued_on
        dues = [line.milestone.due_on for line in invoice.lines.select_related("milestone")]
        invoice.due_on = max([d for d in dues if d] + [issued_on])
        _copy_parties(invoice)
        INVOICES.move(
            invoice,
            "issue",
            role=role,
            actor=actor,
            fields=(
                "number",
                "issued_on",
                "due_on",
                "issuer_name",
                "issuer_address",
                "issuer_vat_number",
                "on_behalf_of",
                "recipient_name",
                "recipient_address",
                "recipient_vat_number",
                "language",
            ),
            changes={"number": [None, invoice.number]},
        )
        for line in invoice.lines.select_related("milestone"):
            milestone = line.milestone
            if milestone is not None and milestone.status == MilestoneStatus.DUE:
                milestone.offer = invoice.offer
                MILESTONES.move(milestone, "invoice", role=None, actor=None)
    return invoice


def _copy_parties(invoice: Invoice) -> None:
    creator, brand = invoice.creator, invoice.brand
    if invoice.issuer == InvoiceIssuer.AGENCY:
        issuer = invoice.agency
        invoice.on_behalf_of = f"{creator.billing_name()} ({creator.at_handle})"
    else:
        issuer = creator
    invoice.issuer_name = issuer.billing_name()
    invoice.issuer_address = issuer.billing_address
    invoice.issuer_vat_number = issuer.vat_number
    invoice.recipient_name = brand.billing_name()
    invoice.recipient_address = brand.billing_address
    invoice.recipient_vat_number = brand.vat_number
    member = brand.memberships.select_related("user").order_by("pk").first()
    invoice.language = getattr(member.user, "language", "") if member else ""
    invoice.language = invoice.language or "en"


def void_invoice(role: Role, invoice: Invoice, *, actor, reason: str) -> Invoice:
    """The issuer side voids an invoice with a reason: its number stays used, its milestones
    may go on a new invoice. An invoice with payments is not voided."""
    reason = reason.strip()
    if not reason:
        raise ActionError(_("Say why the invoice is void."), field="reason")
    with transaction.atomic():
        if invoice.payments.exists():
            raise ActionError(
                _("Payments were recorded against this invoice: it cannot be voided."),
                code="wrong_state",
            )
        invoice.void_reason = reason
        INVOICES.move(
            invoice,
            "void",
            role=role,
            actor=actor,
            fields=("void_reason",),
            changes={"reason": [None, reason]},
        )
        for line in invoice.lines.select_related("milestone"):
            milestone = line.milestone
            if milestone is not None and milestone.status == MilestoneStatus.INVOICED:
                milestone.offer = invoice.offer
                MILESTONES.move(milestone, "release", role=None, actor=None)
    return invoice


def record_payment(
    role: Role, invoice: Invoice, *, actor, amount, paid_on: date | None = None, reference=""
) -> Payment:
    """The brand, or the issuer side, records money received: at most the balance; the
    commission and the creator's net are split at once with the deal's frozen rates. The
    balance reaching zero settles the invoice and its milestones."""
    paid_on = paid_on or today()
    with transaction.atomic():
        Invoice.objects.select_for_update().filter(pk=invoice.pk).exists()  # lock, then read
        invoice.refresh_from_db(fields=["status", "paid_amount", "issued_on"])
        INVOICES.check("settle", role, invoice)
        value = _amount(amount, invoice.currency)
        if value > invoice.balance:
            raise ActionError(
                _("That is more than the %(balance)s %(currency)s still owed.")
                % {"balance": invoice.balance, "currency": invoice.currency},
                field="amount",
            )
        if paid_on > today():
            raise ActionError(_("A payment cannot be dated in the future."), field="paid_on")
        if invoice.issued_on and paid_on < invoice.issued_on:
            raise ActionError(
                _("A payment cannot be dated before the invoice was issued, on %(day)s.")
                % {"day": date_format(invoice.issued_on)},
                field="paid_on",
            )
        deal = invoice.offer.money
        commission, net = amounts.commission_parts(
            value, deal.commission_pct, invoice.currency, vat_rate=invoice.vat_rate
        )
        split_amount = amounts.share(commission, deal.split_pct, invoice.currency)
        payment = Payment.objects.create(
            invoice=invoice,
            amount=value,
            currency=invoice.currency,
            paid_on=paid_on,
            reference=str(reference).strip()[:120],
            commission=commission,
            split_amount=split_amount,
            creator_net=net,
            recorded_by=account_of(actor),
            recorded_as="brand" if role.kind == RoleKind.BRAND else "creator_side",
            creator_id=invoice.creator_id,
            agency_id=invoice.agency_id,
            brand_id=invoice.brand_id,
            shared_with=deal.split_with,
        )
        invoice.paid_amount += value
        invoice.save(update_fields=["paid_amount"])
        publish(
            invoice_event(
                invoice,
                AuditEventType.PAYMENT_RECORDED,
                role=role,
                actor=actor,
                changes={
                    "amount": [None, f"{value} {invoice.currency}"],
                    "commission": [None, f"{commission} {invoice.currency}"],
                    "creator_net": [None, f"{net} {invoice.currency}"],
                },
            )
        )
        if invoice.balance == 0:
            invoice.paid_on = paid_on
            INVOICES.move(invoice, "settle", role=role, actor=actor, fields=("paid_on",))
            for line in invoice.lines.select_related("milestone"):
                milestone = line.milestone
                if milestone is not None and milestone.status == MilestoneStatus.INVOICED:
                    milestone.offer = invoice.offer
                    MILESTONES.move(milestone, "settle", role=None, actor=None)
    return payment


def mark_paid(role: Role, invoice: Invoice, *, actor) -> Payment:
    """The brand's one click: the whole balance, paid today."""
    return record_payment(role, invoice, actor=actor, amount=invoice.balance)


def _amount(value, currency: str) -> Decimal:
    try:
        # No thousands separators: "4,50" must not become 450 (the forms read the reader's
        # language and hand a Decimal).
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ActionError(_("Give an amount, such as 1250.00."), field="amount") from None
    if not number.is_finite() or number <= 0:
        raise ActionError(_("Give an amount above zero."), field="amount")
    if not amounts.is_exact(number, currency):
        raise ActionError(
            _("%(currency)s amounts have %(places)s decimal places.")
            % {"currency": currency, "places": amounts.minor_units(currency)},
            field="amount",
        )
    return number


def mark_overdue(now_day: date | None = None) -> int:
    """Issued invoices past their due date become overdue (the minute tick; safe to run
    twice). Paid invoices never do."""
    now_day = now_day or today()
    count = 0
    late = Invoice.objects.filter(status=InvoiceStatus.ISSUED, due_on__lt=now_day)
    for pk in late.values_list("pk", flat=True):
        with transaction.atomic():
            invoice = Invoice.objects.select_for_update().select_related("offer").get(pk=pk)
            if invoice.status != InvoiceStatus.ISSUED or invoice.due_on >= now_day:
                continue
            INVOICES.move(invoice, "fall_overdue", role=None, actor=None)
            count += 1
    return count


# --- billing details --------------------------------------------------------------------------
BILLING_FIELDS = ("legal_name", "billing_address", "vat_number")


def set_billing_details(
    role: Role,
    *,
    actor,
    legal_name: str,
    billing_address: str,
    vat_number: str,
    invoice_prefix: str | None = None,
    default_commission_pct=None,
):
    """The legal name, address and VAT number invoices print: an agency's or a brand's, set by
    its owners and admins (for an agency also its invoice prefix and default commission), or a
    creator's own. Locks the row; audited in its chain. Issued invoices keep what they were
    issued with; the default commission applies to deals signed after the change."""
    from access.events import Event
    from agencies.models import Agency
    from brands.models import Brand
    from creators.models import CreatorProfile

    if role is None:
        raise ActionError(_("You are not allowed to do this."), code="not_allowed")
    if role.kind == RoleKind.CREATOR:
        model, pk, event_type = (
            CreatorProfile,
            role.creator.pk,
            AuditEventType.CREATOR_PROFILE_UPDATED,
        )
    elif role.is_admin:
        organisation = role.agency if role.kind == RoleKind.AGENCY else role.brand
        model, pk, event_type = type(organisation), organisation.pk, AuditEventType.PROFILE_UPDATED
    else:
        raise ActionError(
            _("Only the owners and admins change the billing details."), code="not_allowed"
        )
    new = {
        "legal_name": legal_name.strip(),
        "billing_address": billing_address.strip(),
        "vat_number": vat_number.strip().upper(),
    }
    if model is Agency:
        prefix = (invoice_prefix or "").strip().upper()
        if prefix and not (prefix.isascii() and prefix.isalnum() and len(prefix) <= 8):
            raise ActionError(
                _("Use up to 8 letters or digits, such as NST."), field="invoice_prefix"
            )
        new["invoice_prefix"] = prefix
        new["default_commission_pct"] = _percent(
            default_commission_pct if default_commission_pct is not None else 0,
            "default_commission_pct",
        )
    with transaction.atomic():
        row = model.objects.select_for_update().get(pk=pk)
        changes = {
            name: [_plain(getattr(row, name)), _plain(value)]
            for name, value in new.items()
            if getattr(row, name) != value
        }
        if not changes:
            return row
        for name, value in new.items():
            setattr(row, name, value)
        row.save(update_fields=list(new))
        commission = changes.pop("default_commission_pct", None)
        common = {
            "actor": actor,
            "acting_as": acting_as(role),
            "target": row,
            "agency": row if model is Agency else None,
            "brand": row if model is Brand else None,
            "on_behalf_of": row if model is CreatorProfile else None,
        }
        if changes:
            publish(Event(type=event_type, changes=changes, **common))
        if commission is not None:
            publish(
                Event(
                    type=AuditEventType.COMMISSION_CHANGED,
                    changes={"default_commission_pct": commission},
                    **common,
                )
            )
    return row
