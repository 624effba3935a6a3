"""Business verbs on campaigns and offers. Each locks the offer, checks the transition table and
the version the user saw, writes the audit log in the creator's chain, and answers with a human
message when refused."""

from datetime import UTC, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access import audit
from access.models import ActingAs, AuditEventType, Representation
from api import webhooks
from campaigns.contracts import create_contract
from campaigns.models import Campaign, Offer, TermsVersion
from campaigns.terms import check_terms, diff
from campaigns.transitions import TRANSITIONS, allowed
from messaging.actions import notify_offer
from talentdesk.lib.errors import ActionError

EVENTS = {
    "counter_creator": AuditEventType.OFFER_COUNTERED,
    "counter_brand": AuditEventType.OFFER_COUNTERED,
    "accept_creator": AuditEventType.OFFER_ACCEPTED,
    "accept_brand": AuditEventType.OFFER_ACCEPTED,
    "approve": AuditEventType.OFFER_APPROVED,
    "send_back": AuditEventType.OFFER_SENT_BACK,
    "decline_creator": AuditEventType.OFFER_DECLINED,
    "decline_brand": AuditEventType.OFFER_DECLINED,
    "withdraw": AuditEventType.OFFER_WITHDRAWN,
    "cancel_creator": AuditEventType.OFFER_CANCELLED,
    "cancel_brand": AuditEventType.OFFER_CANCELLED,
    "expire": AuditEventType.OFFER_EXPIRED,
}
DEFAULT_RESPONSE_DAYS = 7


def today():
    return timezone.now().astimezone(UTC).date()


def _acting_as(role) -> str:
    if role is None:
        return ActingAs.OPERATOR
    return {"brand": ActingAs.BRAND, "agency": ActingAs.AGENCY}.get(role.kind, ActingAs.CREATOR)


def _record(event, offer, role, actor, changes):
    """Audit the step and tell the other side (the system's expiry tells both), in the app and
    through the webhooks' outbox."""
    webhooks.emit(event, offer)
    if role is None:
        notify_offer(offer, event, actor=None, acting_side="brand")
        notify_offer(offer, event, actor=None, acting_side="creator_side")
    else:
        notify_offer(
            offer,
            event,
            actor=actor,
            acting_side="brand" if role.kind == "brand" else "creator_side",
        )
    audit.record(
        event,
        actor=actor,
        acting_as=_acting_as(role),
        brand=offer.campaign.brand,
        agency=role.agency if role is not None and role.kind == "agency" else None,
        on_behalf_of=offer.creator,
        target=offer,
        target_label=f"{offer.campaign.name} → {offer.creator.at_handle}",
        changes=changes,
    )


def create_campaign(brand, *, actor, **fields) -> Campaign:
    """A brand member starts a campaign (the caller checked the brand membership)."""
    if fields["ends_on"] < fields["starts_on"]:
        raise ActionError(_("The campaign must end after it starts."), field="ends_on")
    with transaction.atomic():
        campaign = Campaign.objects.create(brand=brand, created_by=actor, **fields)
        audit.record(
            AuditEventType.CAMPAIGN_CREATED,
            actor=actor,
            acting_as=ActingAs.BRAND,
            brand=brand,
            target=campaign,
            changes={"name": [None, campaign.name]},
        )
    return campaign


def send_offer(campaign, *, role, actor, creator, terms: dict, note: str = "") -> Offer:
    """The brand sends one creator an offer: status `offered`, terms version 1."""
    if role.kind != "brand" or role.brand.pk != campaign.brand_id:
        raise ActionError(_("Only the campaign's brand sends its offers."), code="not_allowed")
    terms = check_terms(terms, campaign, today=today())
    with transaction.atomic():
        if Offer.objects.filter(campaign=campaign, creator=creator).exists():
            raise ActionError(
                _("This creator has an offer in this campaign already."), field="creator"
            )
        offer = Offer.objects.create(
            campaign=campaign,
            creator=creator,
            status="offered",
            response_deadline=terms["response_deadline"],
        )
        _version(offer, 1, "brand", actor, terms, note)
        price = f"{terms['price']} {terms['currency']}"
        changes = {"status": [None, "offered"], "price": [None, price]}
        _record(AuditEventType.OFFER_SENT, offer, role, actor, changes)
    return offer


def default_deadline():
    return today() + timedelta(days=DEFAULT_RESPONSE_DAYS)


def _version(offer, number, side, actor, terms, note=""):
    return TermsVersion.objects.create(
        offer=offer,
        number=number,
        side=side,
        proposed_by=actor,
        proposed_by_name=actor.name or actor.email,
        note=note,
        **terms,
    )


def _locked(offer) -> Offer:
    return (
        Offer.objects.select_for_update()
        .select_related("campaign__brand", "creator")
        .get(pk=offer.pk)
    )


def _check(verb, role, offer, representation, seen_version=None):
    if seen_version is not None and seen_version != offer.version:
        raise ActionError(
            _("These terms changed meanwhile: version %(new)s is current. Review it first.")
            % {"new": offer.version},
            code="stale_version",
        )
    if not allowed(verb, role, offer, representation):
        if offer.status not in TRANSITIONS[verb][0]:
            raise ActionError(
                _("This offer is now “%(status)s”: that is no longer possible.")
                % {"status": offer.status_label},
                code="wrong_state",
            )
        raise ActionError(_("You are not allowed to do this on this offer."), code="not_allowed")


def representation_for(role, offer):
    if role is None or role.kind != "agency":
        return None
    return Representation.objects.active().filter(agency=role.agency, creator=offer.creator).first()


def counter_offer(offer, *, role, actor, terms: dict, seen_version: int, note: str = "") -> Offer:
    """Propose changed terms: a new immutable version; the other side acts next."""
    with transaction.atomic():
        offer = _locked(offer)
        representation = representation_for(role, offer)
        verb = "counter_brand" if role.kind == "brand" else "counter_creator"
        _check(verb, role, offer, representation, seen_version)
        terms = check_terms(terms, offer.campaign, today=today())
        previous = offer.versions.get(number=offer.version)
        new = _version(
            offer,
            offer.version + 1,
            "brand" if role.kind == "brand" else "creator_side",
            actor,
            terms,
            note,
        )
        old_status = offer.status
        offer.version, offer.status = new.number, TRANSITIONS[verb][1]
        offer.response_deadline, offer.updated_at = terms["response_deadline"], timezone.now()
        offer.save()
        changes = {label: [before, after] for label, before, after in diff(previous, new)}
        changes = {"status": [old_status, offer.status], "version": new.number, **changes}
        _record(EVENTS[verb], offer, role, actor, changes)
    return offer


def accept_offer(offer, *, role, actor, seen_version: int) -> Offer:
    """Accept exactly the version the user saw. A manager above the creator's ceiling (or in
    another currency than the ceiling) sends it to the creator for approval instead."""
    with transaction.atomic():
        offer = _locked(offer)
        representation = representation_for(role, offer)
        verb = "accept_brand" if role.kind == "brand" else "accept_creator"
        _check(verb, role, offer, representation, seen_version)
        terms = offer.versions.get(number=offer.version)
        old_status = offer.status
        event = EVENTS[verb]
        if role.kind == "agency" and _over_ceiling(representation, terms):
            offer.status_before_approval = offer.status
            offer.status = "awaiting_creator_approval"
            event = AuditEventType.OFFER_AWAITING_APPROVAL
        else:
            offer.status = "accepted"
        offer.updated_at = timezone.now()
        offer.save()
        if offer.status == "accepted":
            create_contract(offer)
        _record(
            event,
            offer,
            role,
            actor,
            {"status": [old_status, offer.status], "version": offer.version},
        )
    return offer


def _over_ceiling(representation, terms) -> bool:
    ceiling = representation.accept_ceiling
    if ceiling is None:
        return False
    if terms.currency != representation.accept_ceiling_currency:
        return True  # not comparable: the creator decides
    return terms.price > ceiling


def decide(offer, verb: str, *, role, actor, reason: str = "") -> Offer:
    """approve, send_back, decline_*, withdraw, cancel_*: one step of the table."""
    if verb not in EVENTS or verb.startswith(("counter", "accept")) or verb == "expire":
        raise ActionError(_("Unknown action."))
    if verb.startswith("cancel") and not reason.strip():
        raise ActionError(_("Say why the offer is cancelled."), field="reason")
    with transaction.atomic():
        offer = _locked(offer)
        _check(verb, role, offer, representation_for(role, offer))
        old_status = offer.status
        if verb == "send_back":
            offer.status = offer.status_before_approval or "offered"
        else:
            offer.status = TRANSITIONS[verb][1]
        offer.decided_reason = reason.strip()[:2000]
        offer.updated_at = timezone.now()
        offer.save()
        if offer.status == "accepted":
            create_contract(offer)
        changes = {"status": [old_status, offer.status]}
        if reason:
            changes["reason"] = reason
        _record(EVENTS[verb], offer, role, actor, changes)
    return offer


def expire_offers(now_day=None) -> int:
    """Pending offers past their response deadline become `expired` (safe to run twice)."""
    now_day = now_day or today()
    count = 0
    due = Offer.objects.filter(status__in=TRANSITIONS["expire"][0], response_deadline__lt=now_day)
    for offer in due.values_list("pk", flat=True):
        with transaction.atomic():
            offer = (
                Offer.objects.select_for_update()
                .select_related("campaign__brand", "creator")
                .get(pk=offer)
            )
            if offer.status not in TRANSITIONS["expire"][0] or offer.response_deadline >= now_day:
                continue
            old = offer.status
            offer.status, offer.updated_at = "expired", timezone.now()
            offer.save()
            _record(AuditEventType.OFFER_EXPIRED, offer, None, None, {"status": [old, "expired"]})
            count += 1
    return count


def price_vs_rate(offer_terms, rates) -> dict | None:
    """How the price compares with the creator's video rate: e.g. 22 % below the rate card."""
    video = next((r for r in rates if r.deliverable == "video"), None)
    if video is None:
        return None
    if video.currency != offer_terms.currency:
        return {"comparable": False}
    delta = (offer_terms.price - video.amount) / video.amount * 100 if video.amount else Decimal(0)
    return {
        "comparable": True,
        "percent": abs(delta).quantize(Decimal("1")),
        "below": delta < 0,
        "rate": video,
    }
