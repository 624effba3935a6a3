"""Business verbs on brand contacts and their deals (docs/offers.md, "Deals with brands off
talentdesk"). A contact's moves in a deal are the brand's ordinary verbs (campaigns, deliverables,
money) taken with `brand_role(contact)` — the hat of her unlisted brand — by an actor without an
account carrying her name: through her guest link, or recorded by a manager from her e-mail.
Either way the audit row names who really acted ("guest link of …", "… recorded by …")."""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from access.events import Event
from access.models import ActingAs, AuditEventType
from access.permissions import Party, decide
from access.roles import Role, RoleKind
from access.scopes import Scope
from accounts.models import User
from brands.models import Brand
from campaigns import actions as deals
from campaigns.contracts import sign_contract
from campaigns.models import Campaign, Contract, Offer
from contacts.models import (
    MOVE_LABELS,
    BrandContact,
    GuestLink,
    RecordedMove,
    company_domain,
    hash_token,
)
from contacts.uploads import check_evidence
from deliverables import actions as content
from money import actions as money
from talentdesk.lib.errors import ActionError
from talentdesk.lib.events import publish

GUEST_LINK_DAYS = getattr(settings, "GUEST_LINK_DAYS", 30)
CAMPAIGN_DAYS = 365  # an off-platform deal's campaign: room for the due dates both sides move


# --- who acts ---------------------------------------------------------------------------------
def brand_role(contact: BrandContact) -> Role:
    """The hat of the contact's unlisted brand: what the brand-side verbs check."""
    return Role(
        kind=RoleKind.BRAND,
        key=f"contact:{contact.public_id}",
        name=contact.company,
        title="",
        brand=contact.brand,
    )


def contact_actor(contact: BrandContact, audit_name: str) -> User:
    """An actor without an account: her name on terms, signatures and feedback, and
    `audit_name` in the audit log."""
    actor = User(name=contact.name, email=contact.email)
    actor.audit_name = audit_name
    return actor


def recorded_name(contact: BrandContact, manager) -> str:
    return f"{contact.name} — {contact.email}, recorded by {manager.name or manager.email}"


def contact_of(offer: Offer) -> BrandContact | None:
    """The brand contact an off-platform deal is with; None for a brand on talentdesk."""
    return BrandContact.objects.filter(brand_id=offer.campaign.brand_id).first()


def _negotiator(role, creator, contact: BrandContact):
    """The permission decision for an agency member acting on a contact's deal with `creator`:
    her agency's own contact, and her leave to negotiate. Raises ActionError otherwise."""
    if role is None or role.kind != RoleKind.AGENCY or contact.agency_id != role.agency.pk:
        raise ActionError(_("This brand contact is not your agency's."), code="not_allowed")
    grant = decide(role, creator)
    if grant.party is not Party.AGENCY or not grant.may(Scope.NEGOTIATE) or not role.can_act:
        raise ActionError(
            _("Only a manager the creator lets negotiate records her deals."), code="not_allowed"
        )
    if contact.joined_brand_id is not None:
        raise ActionError(
            _("%(company)s is on talentdesk now: its deals go through its account.")
            % {"company": contact.company},
            code="wrong_state",
        )
    return grant


def _agency_event(type, *, role, actor, target, changes, creator=None, label=None) -> None:
    publish(
        Event(
            type=type,
            actor=actor,
            acting_as=ActingAs.AGENCY,
            target=target,
            target_label=label,
            agency=role.agency,
            on_behalf_of=creator,
            changes=changes,
        )
    )


def _deal_label(offer: Offer) -> str:
    return f"{offer.campaign.name} → {offer.creator.at_handle}"


# --- contacts ---------------------------------------------------------------------------------
def add_contact(*, role, actor, company: str, name: str, email: str) -> BrandContact:
    """An agency member adds a brand contact to the agency's list (with its unlisted brand)."""
    if role is None or role.kind != RoleKind.AGENCY or not role.can_act:
        raise ActionError(_("Only the agency's staff add its brand contacts."), code="not_allowed")
    company, name, email = company.strip(), name.strip(), email.strip().lower()
    if not company:
        raise ActionError(_("Give the company's name."), field="company")
    if not name:
        raise ActionError(_("Give the contact's name."), field="name")
    with transaction.atomic():
        if BrandContact.objects.filter(agency=role.agency, email=email).exists():
            raise ActionError(_("This e-mail is in your brand contacts already."), field="email")
        brand = Brand.objects.create(name=company, slug=f"contact-{uuid.uuid4().hex[:20]}")
        contact = BrandContact.objects.create(
            agency=role.agency,
            brand=brand,
            company=company,
            name=name,
            email=email,
            created_by=actor,
        )
        changes = {"company": [None, company], "name": [None, name], "email": [None, email]}
        _agency_event(
            AuditEventType.BRAND_CONTACT_ADDED,
            role=role,
            actor=actor,
            target=contact,
            changes=changes,
        )
    return contact


def _evidence(offer, contact, verb, *, actor, received_on, evidence) -> RecordedMove:
    if received_on is None:
        raise ActionError(_("Say when the brand's e-mail came."), field="received_on")
    if received_on > deals.today():
        raise ActionError(_("The e-mail cannot be dated in the future."), field="received_on")
    move = RecordedMove(
        offer=offer,
        contact=contact,
        verb=verb,
        received_on=received_on,
        recorded_by=actor,
        recorded_by_name=actor.name or actor.email,
    )
    if evidence is not None:
        _kind, move.evidence_sha256 = check_evidence(evidence)
        move.evidence_name = (getattr(evidence, "name", "") or "e-mail")[:200]
        move.evidence.save("brand-email", evidence, save=False)
    move.save()
    return move


def _publish_recorded(role, actor, offer, move: RecordedMove) -> None:
    changes = {
        "move": move.verb,
        "received_on": move.received_on.isoformat(),
        "for": f"{move.contact.name} — {move.contact.email}",
    }
    if move.evidence_sha256:
        changes |= {"evidence": move.evidence_name, "sha256": move.evidence_sha256}
    _agency_event(
        AuditEventType.BRAND_MOVE_RECORDED,
        role=role,
        actor=actor,
        target=offer,
        changes=changes,
        creator=offer.creator,
        label=_deal_label(offer),
    )


def record_deal(
    *,
    role,
    actor,
    contact: BrandContact,
    creator,
    campaign_name: str,
    terms: dict,
    received_on,
    evidence=None,
    note: str = "",
) -> Offer:
    """A manager with `negotiate` records the offer a brand contact e-mailed: a campaign of the
    contact's unlisted brand and its offer to the creator, version 1, sent in the brand's name
    (its audit row says she recorded it), with the e-mail kept."""
    _negotiator(role, creator, contact)
    name = campaign_name.strip() or _("Deal with %(company)s") % {"company": contact.company}
    start = deals.today()
    with transaction.atomic():
        campaign = Campaign.objects.create(
            brand=contact.brand,
            name=name[:120],
            budget=terms["price"],
            currency=terms["currency"],
            usage_days=terms.get("usage_days", 0),
            exclusivity_days=terms.get("exclusivity_days", 0),
            starts_on=start,
            ends_on=start + timedelta(days=CAMPAIGN_DAYS),
            created_by=actor,
        )
        offer = deals.send_offer(
            campaign,
            role=brand_role(contact),
            actor=contact_actor(contact, recorded_name(contact, actor)),
            creator=creator,
            terms=terms,
            note=note,
        )
        move = _evidence(
            offer, contact, "offer", actor=actor, received_on=received_on, evidence=evidence
        )
        _agency_event(
            AuditEventType.OFFPLATFORM_DEAL_RECORDED,
            role=role,
            actor=actor,
            target=offer,
            changes={"contact": f"{contact.company}: {contact.name} — {contact.email}"},
            creator=creator,
            label=_deal_label(offer),
        )
        _publish_recorded(role, actor, offer, move)
    return offer


# --- the brand's moves ------------------------------------------------------------------------
# The brand's moves a guest link or a recording takes (their labels: contacts.models).
BRAND_MOVES = {verb: label for verb, label in MOVE_LABELS.items() if verb != "offer"}


def brand_move(
    offer: Offer,
    verb: str,
    *,
    contact: BrandContact,
    actor,
    seen_version=None,
    terms=None,
    note: str = "",
    reason: str = "",
    deliverable=None,
    body: str = "",
    invoice=None,
    full_name: str = "",
):
    """One brand move on the contact's deal, by `actor` (a guest link's or a recording's),
    through the same verb a brand member uses. Returns the offer."""
    role = brand_role(contact)
    if offer.campaign.brand_id != contact.brand_id:
        raise ActionError(_("This deal is not with this brand contact."), code="not_allowed")
    if verb == "counter_brand":
        return deals.counter_offer(
            offer, role=role, actor=actor, terms=terms, seen_version=seen_version, note=note
        )
    if verb == "accept_brand":
        return deals.accept_offer(offer, role=role, actor=actor, seen_version=seen_version)
    if verb in ("decline_brand", "withdraw"):
        return deals.decide_offer(
            offer, verb, role=role, actor=actor, reason=reason, seen_version=seen_version
        )
    if verb == "sign_brand":
        contract = Contract.objects.filter(offer=offer).first()
        if contract is None:
            raise ActionError(_("There is no contract to sign yet."), code="wrong_state")
        sign_contract(contract, role=role, actor=actor, full_name=full_name or contact.name)
        return offer
    if verb in ("approve", "request_changes"):
        if deliverable is None or deliverable.offer_id != offer.pk:
            raise ActionError(_("Choose the deliverable."), field="deliverable")
        kind = "approval" if verb == "approve" else "changes"
        content.give_feedback(deliverable, role=role, actor=actor, body=body, kind=kind)
        return offer
    if verb == "verify":
        if deliverable is None or deliverable.offer_id != offer.pk:
            raise ActionError(_("Choose the deliverable."), field="deliverable")
        content.verify(deliverable, role=role, actor=actor)
        return offer
    if verb == "mark_paid":
        if invoice is None or invoice.offer_id != offer.pk:
            raise ActionError(_("Choose the invoice."), field="invoice")
        money.mark_paid(role, invoice, actor=actor)
        return offer
    raise ActionError(_("Unknown action."))


def record_move(
    offer: Offer, verb: str, *, role, actor, received_on, evidence=None, **params
) -> Offer:
    """A manager with `negotiate` records a brand answer that came by e-mail ("brand accepted
    by e-mail on …", the e-mail attached): the brand's verb, audited as recorded by her."""
    contact = contact_of(offer)
    if contact is None:
        raise ActionError(_("This brand answers on talentdesk itself."), code="not_allowed")
    if verb not in BRAND_MOVES:
        raise ActionError(_("Unknown action."))
    _negotiator(role, offer.creator, contact)
    with transaction.atomic():
        move = _evidence(
            offer, contact, verb, actor=actor, received_on=received_on, evidence=evidence
        )
        offer = brand_move(
            offer,
            verb,
            contact=contact,
            actor=contact_actor(contact, recorded_name(contact, actor)),
            **params,
        )
        _publish_recorded(role, actor, offer, move)
    return offer


# --- guest links ------------------------------------------------------------------------------
def guest_url(offer: Offer, token: str) -> str:
    return reverse("contacts:guest", kwargs={"public_id": offer.public_id, "token": token})


def create_guest_link(offer: Offer, *, role, actor, days: int = GUEST_LINK_DAYS, base_url=""):
    """A private link for this one deal, e-mailed to its brand contact: (link, token). Any
    earlier live link of the deal is revoked. Only the token's hash is kept."""
    contact = contact_of(offer)
    if contact is None:
        raise ActionError(_("This brand answers on talentdesk itself."), code="not_allowed")
    _negotiator(role, offer.creator, contact)
    if offer.is_closed:
        raise ActionError(_("This deal is closed: there is nothing to answer."), code="wrong_state")
    if not 1 <= days <= 90:
        raise ActionError(_("A guest link lasts 1 to 90 days."), field="days")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        live = GuestLink.objects.select_for_update().filter(
            offer=offer, revoked_at__isnull=True, expires_at__gt=now
        )
        for old in live:
            old.revoked_at = now
            old.save(update_fields=["revoked_at"])
        link = GuestLink.objects.create(
            offer=offer,
            contact=contact,
            token_hash=hash_token(token),
            created_by=actor,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        _agency_event(
            AuditEventType.GUEST_LINK_CREATED,
            role=role,
            actor=actor,
            target=offer,
            changes={"to": contact.email, "expires": link.expires_at.isoformat()},
            creator=offer.creator,
            label=_deal_label(offer),
        )
        url = base_url + guest_url(offer, token)
        subject = _("%(agency)s: your deal with %(creator)s") % {
            "agency": role.agency.name,
            "creator": offer.creator.at_handle,
        }
        body = _(
            "Hello %(name)s,\n\n%(manager)s of %(agency)s shares the deal with %(creator)s on "
            "talentdesk. Through this private link you can read the terms, propose changes, "
            "accept, sign, review drafts and confirm payments, without an account:\n\n%(url)s\n\n"
            "The link is for you alone and works until %(until)s."
        ) % {
            "name": contact.name,
            "manager": actor.name or actor.email,
            "agency": role.agency.name,
            "creator": offer.creator.at_handle,
            "url": url,
            "until": link.expires_at.date().isoformat(),
        }
        transaction.on_commit(
            lambda: send_mail(subject, body, None, [contact.email], fail_silently=True)
        )
    return link, token


def revoke_guest_link(link: GuestLink, *, role, actor) -> GuestLink:
    _negotiator(role, link.offer.creator, link.contact)
    with transaction.atomic():
        link = GuestLink.objects.select_for_update().get(pk=link.pk)
        if link.revoked_at is not None:
            return link
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        offer = link.offer
        _agency_event(
            AuditEventType.GUEST_LINK_REVOKED,
            role=role,
            actor=actor,
            target=offer,
            changes={"to": link.contact.email},
            creator=offer.creator,
            label=_deal_label(offer),
        )
    return link


def find_guest_link(public_id, token: str) -> GuestLink | None:
    """The live link of deal `public_id` for `token`; None for a wrong, revoked or expired
    token, or a token of another deal."""
    if not token or len(token) > 200:
        return None
    link = (
        GuestLink.objects.select_related("contact__brand", "offer__campaign__brand")
        .filter(token_hash=hash_token(token), offer__public_id=public_id)
        .first()
    )
    if link is None or not link.is_live() or link.contact.joined_brand_id is not None:
        return None
    return link


def guest_used(link: GuestLink, page: str, method: str) -> None:
    """Every use of a guest link is audited in the creator's chain, with its IP (the audit
    origin), whoever it is: "guest link of <contact> — <email>"."""
    offer = link.offer
    with transaction.atomic():
        GuestLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
        publish(
            Event(
                type=AuditEventType.GUEST_LINK_USED,
                actor=guest_actor(link),
                acting_as=ActingAs.BRAND,
                target=offer,
                target_label=_deal_label(offer),
                brand=offer.campaign.brand,
                on_behalf_of=offer.creator,
                changes={"page": page, "method": method},
            )
        )


def guest_actor(link: GuestLink) -> User:
    return contact_actor(link.contact, link.actor_label)


# --- when the brand joins ---------------------------------------------------------------------
def matching_brands(contact: BrandContact):
    """Brands on talentdesk a member of which has the contact's e-mail, or an address at its
    domain (unless that is a public mail provider's)."""
    from brands.models import BrandMembership

    match = Q(user__email__iexact=contact.email)
    if company_domain(contact.email):
        match |= Q(user__email__iendswith="@" + contact.domain)
    members = BrandMembership.objects.filter(match)
    return (
        Brand.objects.filter(pk__in=members.values("brand_id"))
        .exclude(pk=contact.brand_id)
        .exclude(offplatform_contact__isnull=False)
        .order_by("name")
    )


def contacts_matching(brand: Brand):
    """Agencies' contacts not yet attached whose deals `brand` may take over: the same e-mail as
    one of its members, or the company domain of one."""
    from brands.models import BrandMembership

    emails = list(BrandMembership.objects.filter(brand=brand).values_list("user__email", flat=True))
    match = Q(pk__in=[])
    for email in emails:
        match |= Q(email__iexact=email)
        if domain := company_domain(email):
            match |= Q(email__iendswith="@" + domain)
    return BrandContact.objects.filter(joined_brand=None).filter(match)


def attach_deals(contact: BrandContact, brand: Brand, *, role, actor) -> int:
    """The brand joined: its deals with the agency move from the contact's unlisted brand to its
    account (campaigns, invoices, payments), taken by the contact's agency's owners and admins
    or the brand's owner; the guest links stop. Audit rows keep what they said. Returns the
    number of deals moved."""
    from brands.models import BrandRole
    from money.models import DealMoney, Invoice, Payment

    agency_side = (
        role is not None
        and role.kind == RoleKind.AGENCY
        and role.agency.pk == contact.agency_id
        and role.is_admin
    )
    brand_side = (
        role is not None
        and role.kind == RoleKind.BRAND
        and role.brand.pk == brand.pk
        and role.membership.role == BrandRole.OWNER
    )
    if not (agency_side or brand_side):
        raise ActionError(_("You are not allowed to do this."), code="not_allowed")
    if not matching_brands(contact).filter(pk=brand.pk).exists():
        raise ActionError(
            _("No member of %(brand)s has this contact's e-mail or an e-mail at %(domain)s.")
            % {"brand": brand.name, "domain": contact.domain},
            code="not_allowed",
        )
    with transaction.atomic():
        contact = BrandContact.objects.select_for_update().get(pk=contact.pk)
        if contact.joined_brand_id is not None:
            raise ActionError(_("These deals are attached already."), code="wrong_state")
        old = contact.brand
        offers = list(Offer.objects.filter(campaign__brand=old).select_related("creator"))
        Campaign.objects.filter(brand=old).update(brand=brand)
        for model in (Invoice, Payment, DealMoney):
            if any(f.name == "brand" for f in model._meta.get_fields()):
                model.objects.filter(brand=old).update(brand=brand)
        GuestLink.objects.filter(contact=contact, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        contact.joined_brand, contact.attached_at = brand, timezone.now()
        contact.save(update_fields=["joined_brand", "attached_at"])
        changes = {"brand": [contact.company, brand.name], "deals": len(offers)}
        acting_as = ActingAs.AGENCY if agency_side else ActingAs.BRAND
        for offer in offers:
            publish(
                Event(
                    type=AuditEventType.CONTACT_DEALS_ATTACHED,
                    actor=actor,
                    acting_as=acting_as,
                    target=offer,
                    target_label=_deal_label(offer),
                    agency=contact.agency,
                    brand=brand,
                    on_behalf_of=offer.creator,
                    changes=changes,
                )
            )
        if not offers:
            publish(
                Event(
                    type=AuditEventType.CONTACT_DEALS_ATTACHED,
                    actor=actor,
                    acting_as=acting_as,
                    target=contact,
                    agency=contact.agency,
                    changes=changes,
                )
            )
    return len(offers)
