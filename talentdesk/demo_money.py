"""Demo money: invoices in every state (draft, issued, partly paid, paid, overdue, void) for
both agencies and two currencies, made through the actions so the audit log and the ledger
agree. Dates are spread over the last months afterwards (dates only; every status was written
by its workflow), so the earnings chart has a history."""

from datetime import timedelta
from decimal import Decimal

from access.hats import roles_for
from access.models import Representation
from accounts.models import User
from agencies.models import Agency
from brands.models import Brand
from campaigns import actions as offer_actions
from campaigns.actions import today
from campaigns.contracts import sign_contract
from campaigns.models import Contract
from creators.models import CreatorProfile
from deliverables import actions as work
from money import actions
from money.models import DealMoney, Invoice, InvoiceCounter, Milestone, Payment

BILLING = {
    "Northstar Talent": (
        "Northstar Talent Ltd",
        "14 Hanway Street\nLondon W1T 1UD\nUnited Kingdom",
        "GB 123 4567 89",
        "NST",
    ),
    "Lumen Creators": (
        "Lumen Creators SARL",
        "8 rue des Arts\n69002 Lyon\nFrance",
        "FR 40 123456789",
        "LUM",
    ),
}
BRAND_BILLING = {
    "GlowSkin": ("GlowSkin SAS", "21 rue de Rivoli\n75004 Paris\nFrance", "FR 82 987654321"),
    "PixelForge Games": (
        "PixelForge Games Inc.",
        "500 Howard Street\nSan Francisco, CA 94105\nUSA",
        "",
    ),
}


def _role(user, kind):
    return next(r for r in roles_for(user) if r.kind == kind)


def _side(user, kind):
    return {"role": _role(user, kind), "actor": user}


def _terms(price, currency, **extra):
    return {
        "price": Decimal(price),
        "currency": currency,
        "deliverables": [
            {"type": "video", "count": 1, "due": (today() + timedelta(days=14)).isoformat()}
        ],
        "upfront_pct": Decimal("30"),
        "net_days": 30,
        "usage_days": 90,
        "paid_ads_days": 30,
        "exclusivity_categories": [],
        "exclusivity_days": 0,
        "revision_rounds": 2,
        "response_deadline": today() + timedelta(days=7),
    } | extra


def _deal(brand_user, creator, name, price, currency, *, done=True):
    """A deal the creator accepted and both sides signed; `done`: its video posted and verified."""
    brand = _side(brand_user, "brand")
    campaign = offer_actions.create_campaign(
        brand["role"].brand,
        actor=brand_user,
        name=name,
        budget=Decimal(price) * 4,
        currency=currency,
        starts_on=today() - timedelta(days=120),
        ends_on=today() + timedelta(days=60),
    )
    offer = offer_actions.send_offer(
        campaign, creator=creator, terms=_terms(price, currency), **brand
    )
    her = _side(creator.user, "creator")
    offer_actions.accept_offer(offer, seen_version=1, **her)
    contract = Contract.objects.get(offer=offer)
    sign_contract(contract, full_name=brand_user.name, ip=None, **brand)
    sign_contract(contract, full_name=creator.display_name, ip=None, **her)
    if done:
        item = offer.deliverables.get()
        work.submit_draft(item, link="https://drive.example.com/cut-1", **her)
        work.give_feedback(item, body="", kind="approval", **brand)
        work.mark_posted(
            item, url=f"https://www.tiktok.com/@{creator.handle}/video/7{offer.pk:018d}", **her
        )
        work.verify(item, **brand)
    offer.refresh_from_db()
    return offer


def _backdate(offer, days_ago: int) -> None:
    """Move a deal's money dates `days_ago` into the past (its statuses stay as written)."""
    past = today() - timedelta(days=days_ago)
    DealMoney.objects.filter(offer=offer).update(
        sealed_at=offer.money.sealed_at - timedelta(days=days_ago)
    )
    for milestone in Milestone.objects.filter(offer=offer, reached_on__isnull=False):
        Milestone.objects.filter(pk=milestone.pk).update(
            reached_on=past, due_on=past + timedelta(days=30)
        )


def _invoice(issuer, offer, numbers, *, issued_days_ago=None, vat=None):
    milestones = list(offer.milestones.filter(number__in=numbers))
    invoice = actions.draft_invoice(offer=offer, milestones=milestones, vat_rate=vat, **issuer)
    if issued_days_ago is not None:
        actions.issue_invoice(
            invoice=invoice, issued_on=today() - timedelta(days=issued_days_ago), **issuer
        )
        invoice.refresh_from_db()
    return invoice


def _billing() -> None:
    for name, (legal, address, vat, prefix) in BILLING.items():
        Agency.objects.filter(name=name).update(
            legal_name=legal, billing_address=address, vat_number=vat, invoice_prefix=prefix
        )
    for name, (legal, address, vat) in BRAND_BILLING.items():
        Brand.objects.filter(name=name).update(
            legal_name=legal, billing_address=address, vat_number=vat
        )
    CreatorProfile.objects.filter(handle="mayamoves").update(
        legal_name="Maya Okafor",
        billing_address="3 Canal Street\nManchester M1 3HE\nUnited Kingdom",
    )


def load() -> None:
    _billing()
    glow_user = User.objects.get(email="brand@glowskin.example")
    pixel_user = User.objects.get(email="team@pixelforge.example")
    manager = _side(User.objects.get(email="manager@northstar.example"), "agency")
    maya = CreatorProfile.objects.get(handle="mayamoves")
    glow, pixel = _side(glow_user, "brand"), _side(pixel_user, "brand")

    # Northstar for Maya: three deals, invoiced in date order (numbers follow the dates).
    spring = _deal(glow_user, maya, "Spring serum launch", "2400.00", "EUR")
    _backdate(spring, 95)
    finished = today() - timedelta(days=5)  # its posts were verified last week
    Milestone.objects.filter(offer=spring, number=2).update(
        reached_on=finished, due_on=finished + timedelta(days=30)
    )
    quest = _deal(pixel_user, maya, "Pixel quest trailer", "3000.00", "USD")
    _backdate(quest, 65)
    summer = _deal(glow_user, maya, "Summer SPF reminder", "900.00", "EUR")
    _backdate(summer, 35)
    # Paid: the spring upfront share, in EUR with VAT.
    paid = _invoice(manager, spring, [1], issued_days_ago=90, vat="20")
    actions.record_payment(
        invoice=paid,
        amount=paid.total,
        paid_on=today() - timedelta(days=70),
        reference="SEPA GS-0412",
        **glow,
    )
    # Overdue: PixelForge's upfront share, in USD.
    _invoice(manager, quest, [1], issued_days_ago=60)
    actions.mark_overdue()
    # Void: issued with the wrong VAT rate, voided, issued again and paid.
    wrong = _invoice(manager, summer, [1], issued_days_ago=30, vat="5.5")
    actions.void_invoice(
        invoice=wrong, reason="Wrong VAT rate: the service is taxed at 20 %.", **manager
    )
    again = _invoice(manager, summer, [1], issued_days_ago=29, vat="20")
    actions.mark_paid(invoice=again, **glow)
    # Partly paid: the rest of the spring deal, due at the end of the month.
    partly = _invoice(manager, spring, [2], issued_days_ago=4, vat="20")
    actions.record_payment(
        invoice=partly,
        amount="1000.00",
        paid_on=today() - timedelta(days=1),
        reference="SEPA GS-0519",
        **glow,
    )
    # A draft: the rest of the PixelForge deal.
    _invoice(manager, quest, [2])

    # Lumen, for a creator who shares her earnings, sharing 10 % of its commission with a scout.
    lumen_owner = _side(User.objects.get(email="owner@lumen.example"), "agency")
    rep = (
        Representation.objects.active()
        .filter(
            agency__name="Lumen Creators",
            scopes__icontains='"view_earnings"',
            creator__user__isnull=False,
        )
        .order_by("creator__handle")
        .first()
    )
    actions.set_commission(
        lumen_owner["role"],
        rep,
        actor=lumen_owner["actor"],
        commission_pct="25",
        split_with="Studio Nine (scout)",
        split_pct="10",
    )
    lumen_manager = _side(rep.lead_manager, "agency")
    cozy = _deal(pixel_user, rep.creator, "Cozy co-op stream", "1800.00", "USD")
    _backdate(cozy, 50)
    lumen_paid = _invoice(lumen_manager, cozy, [1, 2], issued_days_ago=45)
    actions.record_payment(
        invoice=lumen_paid,
        amount=lumen_paid.total,
        paid_on=today() - timedelta(days=10),
        reference="ACH 88123",
        **pixel,
    )
    # And one just issued, in EUR.
    fresh = _deal(glow_user, rep.creator, "Night cream first look", "1250.00", "EUR", done=False)
    _invoice(lumen_manager, fresh, [1], issued_days_ago=2)


def reset() -> None:
    """The money rows, which protect the deals, brands and creators they belong to."""
    Payment.objects.all().delete()
    Invoice.objects.all().delete()
    Milestone.objects.all().delete()
    DealMoney.objects.all().delete()
    InvoiceCounter.objects.all().delete()  # numbering restarts with the invoices
