"""Reads for brand contacts and their deals: an agency's own contacts (404 for anyone else's),
and the brand moves a contact can take on one deal now, read from the workflow tables."""

from django.http import Http404

from campaigns.models import Contract, Offer
from campaigns.transitions import OFFERS
from contacts.models import BrandContact, GuestLink
from deliverables.models import Deliverable
from deliverables.transitions import DELIVERABLES
from money.models import Invoice
from money.transitions import INVOICES, OPEN

UNLISTED_PREFIX = "contact-"  # the slug of a contact's unlisted brand (contacts.actions)


def get_contact_for_user(role, public_id) -> BrandContact:
    contact = BrandContact.objects.visible_to(role).filter(public_id=public_id).first()
    if contact is None:
        raise Http404
    return contact


def is_offplatform(offer: Offer) -> bool:
    """Without a query: the offer's brand (select_related by every offer read) is unlisted."""
    return offer.campaign.brand.slug.startswith(UNLISTED_PREFIX)


def deals_of(contact: BrandContact, role):
    """The contact's deals across the roster, as far as `role` may see them."""
    return (
        Offer.objects.visible_to(role)
        .filter(campaign__brand_id=contact.brand_id)
        .select_related("campaign__brand", "creator")
        .order_by("-updated_at", "-id")
    )


def moves(offer: Offer, role) -> dict:
    """What the contact's brand (`role`, its hat) may do on the deal now: offer steps, the
    contract to sign, drafts to review, posts to confirm, invoices to pay."""
    grant = OFFERS.grant_for(role, offer)
    verbs = [
        v
        for v in ("counter_brand", "accept_brand", "decline_brand", "withdraw")
        if OFFERS.allows(v, role, offer, grant)
    ]
    contract = None
    if offer.was_accepted:
        contract = Contract.objects.filter(offer=offer).first()
        if (
            contract is not None
            and OFFERS.allows("sign_brand", role, offer, grant)
            and not contract.signatures.filter(side="brand").exists()
        ):
            verbs.append("sign_brand")
    drafts, posts, invoices = [], [], []
    if offer.was_accepted:
        for item in Deliverable.objects.filter(offer=offer).order_by("number"):
            item.offer = offer
            if DELIVERABLES.allows("approve", role, item, grant):
                drafts.append(item)
            elif DELIVERABLES.allows("verify", role, item, grant):
                posts.append(item)
        for invoice in Invoice.objects.filter(offer=offer, status__in=OPEN).order_by("number"):
            invoice.offer = offer
            if INVOICES.allows("settle", role, invoice, grant):
                invoices.append(invoice)
    if drafts:
        verbs += ["approve", "request_changes"]
    if posts:
        verbs.append("verify")
    if invoices:
        verbs.append("mark_paid")
    return {
        "verbs": verbs,
        "contract": contract,
        "drafts": drafts,
        "posts": posts,
        "invoices": invoices,
    }


def live_links(offer: Offer):
    from django.utils import timezone

    return GuestLink.objects.filter(
        offer=offer, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("contact")
