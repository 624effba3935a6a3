"""Business verbs on campaigns and offers. Each locks the offer, checks the version the user saw,
takes its step through the offer workflow (`campaigns.transitions.OFFERS`, which checks the table
and publishes the event the audit log, notifications and webhooks subscribe to), and answers
with a human message when refused. Callers fetched the offer through
`campaigns.queries.get_offer_for_user`."""

from datetime import UTC, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access.models import ActingAs, AuditEventType
from access.permissions import agency_grant
from access.roles import RoleKind
from access.scopes import Scope
from campaigns.contracts import create_contract
from campaigns.events import CampaignEvent
from campaigns.models import Campaign, Offer, TermsVersion
from campaigns.terms import check_terms, diff
from campaigns.transitions import (
    OFFERS,
    TABS,
    TRANSITIONS,
    OfferStatus,
    Side,
    Tab,
    offer_event,
    offer_party,
    side_of,
)
from talentdesk.lib.actors import account_of
from talentdesk.lib.errors import ActionError
from talentdesk.lib.events import publish

DEFAULT_RESPONSE_DAYS = 7
# The verbs `decide_offer` takes: one step of the table with no terms to send; the creator's
# approvals name the version they approve.
APPROVALS = {"approve", "send_back"}
DECISIONS = APPROVALS | {"decline_creator", "decline_brand", "decline_awaiting", "withdraw"}
DECISIONS |= {"cancel_creator", "cancel_brand"}


def today():
    return timezone.now().astimezone(UTC).date()


def default_deadline():
    return today() + timedelta(days=DEFAULT_RESPONSE_DAYS)


def create_campaign(brand, *, actor, **fields) -> Campaign:
    """A brand member starts a campaign (the caller checked the brand membership)."""
    if fields["ends_on"] < fields["starts_on"]:
        raise ActionError(_("The campaign must end after it starts."), field="ends_on")
    with transaction.atomic():
        campaign = Campaign.objects.create(brand=brand, created_by=actor, **fields)
        publish(
            CampaignEvent(
                type=AuditEventType.CAMPAIGN_CREATED,
                actor=actor,
                acting_as=ActingAs.BRAND,
                brand=brand,
                target=campaign,
                changes={"name": [None, campaign.name]},
                campaign=campaign,
            )
        )
    return campaign


def send_offer(campaign, *, role, actor, creator, terms: dict, note: str = "") -> Offer:
    """The brand sends one creator an offer: status `offered`, terms version 1."""
    if role.kind != RoleKind.BRAND or role.brand.pk != campaign.brand_id:
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
            status=OfferStatus.OFFERED,
            response_deadline=terms["response_deadline"],
        )
        _version(offer, 1, role, actor, terms, note)
        price = f"{terms['price']} {terms['currency']}"
        changes = {"status": [None, OfferStatus.OFFERED], "price": [None, price]}
        publish(
            offer_event(offer, AuditEventType.OFFER_SENT, role=role, actor=actor, changes=changes)
        )
        # A subscriber may have answered it already (the creator's offer rules, pipeline.rules).
        offer.refresh_from_db()
    return offer


def propose_renewal(offer, *, role, actor, price=None, note: str = "") -> Offer:
    """The creator side offers the brand a renewal of a signed deal's usage rights: a new offer
    in the same campaign with the same rights (channels, days, paid ads), no deliverables, paid
    on signature, at `price` (the deal's price unless given). The brand answers it like any
    counter-offer: accept, counter or decline."""
    from campaigns.usage import RUNNING

    with transaction.atomic():
        offer = _locked(offer)
        grant = OFFERS.grant_for(role, offer)
        if offer_party(role, offer, grant, Scope.NEGOTIATE) not in (
            Side.CREATOR,
            Side.CREATOR_SIDE,
        ):
            raise ActionError(
                _("Only the creator, or her agency with her leave to negotiate, offers a renewal."),
                code="not_allowed",
            )
        contract = getattr(offer, "contract", None)
        if offer.status not in RUNNING or contract is None or contract.completed_at is None:
            raise ActionError(_("Only a signed deal's rights can be renewed."), code="wrong_state")
        accepted = contract.terms
        if not accepted.usage_days and not accepted.paid_ads_days:
            raise ActionError(_("This deal granted no usage rights to renew."), code="wrong_state")
        if offer.renewals.exclude(status__in=TABS[Tab.INACTIVE]).exists():
            raise ActionError(
                _("A renewal of this deal is open already: see it in the offers."),
                code="wrong_state",
            )
        price = accepted.price if price in (None, "") else _price(price)
        terms = check_terms(
            {
                "price": price,
                "currency": accepted.currency,
                "deliverables": [],
                "upfront_pct": Decimal(100),
                "milestones": [],
                "net_days": accepted.net_days,
                "usage_days": accepted.usage_days,
                "usage_channels": list(accepted.usage_channels),
                "paid_ads_days": accepted.paid_ads_days,
                "exclusivity_categories": [],
                "exclusivity_days": 0,
                "revision_rounds": 0,
                "response_deadline": default_deadline(),
            },
            offer.campaign,
            today=today(),
            rights_only=True,
        )
        renewal = Offer.objects.create(
            campaign=offer.campaign,
            creator=offer.creator,
            renews=offer,
            status=OfferStatus.COUNTERED_BY_CREATOR,
            response_deadline=terms["response_deadline"],
        )
        _version(renewal, 1, role, actor, terms, note)
        changes = {
            "status": [None, OfferStatus.COUNTERED_BY_CREATOR],
            "price": [None, f"{price} {accepted.currency}"],
            "renews": str(offer.public_id),
        }
        publish(
            offer_event(
                renewal, AuditEventType.RENEWAL_PROPOSED, role=role, actor=actor, changes=changes
            )
        )
    return renewal


def _price(value) -> Decimal:
    """A typed price as a Decimal, with a dot for decimals: "12,50" is refused, never read as
    1250 (the forms read the reader's language and hand a Decimal)."""
    try:
        price = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ActionError(_("Give a price, such as 1250.00."), field="price") from None
    if not price.is_finite() or price <= 0:
        raise ActionError(_("The price must be more than zero."), field="price")
    return price


def _version(offer, number, role, actor, terms, note=""):
    agency = role.agency if role.kind == RoleKind.AGENCY else None
    return TermsVersion.objects.create(
        offer=offer,
        number=number,
        side=side_of(role),
        # An actor without an account (a creator's offer rule, a brand contact) is kept by name.
        proposed_by=account_of(actor),
        proposed_by_name=actor.name or actor.email,
        agency=agency,
        note=note,
        **terms,
    )


def _locked(offer) -> Offer:
    """The offer row locked, alone (`of=self`): the brand and the creator it reads stay free."""
    return (
        Offer.objects.select_for_update(of=("self",))
        .select_related("campaign__brand", "creator")
        .get(pk=offer.pk)
    )


def _check_version(offer, seen_version) -> None:
    if seen_version != offer.version:
        raise ActionError(
            _("These terms changed meanwhile: version %(new)s is current. Review it first.")
            % {"new": offer.version},
            code="stale_version",
        )


def counter_offer(offer, *, role, actor, terms: dict, seen_version: int, note: str = "") -> Offer:
    """Propose changed terms on the version the user saw: a new immutable version; the other
    side acts next."""
    verb = "counter_brand" if role.kind == RoleKind.BRAND else "counter_creator"
    with transaction.atomic():
        offer = _locked(offer)
        grant = OFFERS.grant_for(role, offer)
        _check_version(offer, seen_version)
        OFFERS.check(verb, role, offer, grant)
        terms = check_terms(
            terms, offer.campaign, today=today(), rights_only=offer.renews_id is not None
        )
        previous = offer.versions.get(number=offer.version)
        new = _version(offer, offer.version + 1, role, actor, terms, note)
        offer.version, offer.response_deadline = new.number, terms["response_deadline"]
        changes = {"version": new.number}
        changes |= {label: [before, after] for label, before, after in diff(previous, new)}
        OFFERS.move(
            offer,
            verb,
            role=role,
            actor=actor,
            grant=grant,
            changes=changes,
            fields=("version", "response_deadline"),
        )
    return offer


def binds_creator(offer, terms, role, grant) -> bool:
    """Would accepting `terms` now bind the creator? Only terms she accepted or proposed
    herself, or that her agency may accept for her (accept_offers, within her ceiling), whoever
    accepts last (SPEC §9 Ceiling)."""
    if role.kind != RoleKind.BRAND:
        return grant.binds(terms.price, terms.currency)  # she herself, or her agency's staff
    if terms.side != Side.CREATOR_SIDE:
        return False
    if terms.agency_id is None:
        return terms.proposed_by_id is not None and terms.proposed_by_id == offer.creator.user_id
    return agency_grant(terms.agency_id, offer.creator).binds(terms.price, terms.currency)


def accept_offer(offer, *, role, actor, seen_version: int) -> Offer:
    """Accept exactly the version the user saw. Terms that would not bind the creator (her
    manager above her ceiling, or the brand accepting what a manager proposed beyond it) wait
    for her approval instead: status `awaiting_creator_approval`."""
    verb = "accept_brand" if role.kind == RoleKind.BRAND else "accept_creator"
    with transaction.atomic():
        offer = _locked(offer)
        grant = OFFERS.grant_for(role, offer)
        _check_version(offer, seen_version)
        OFFERS.check(verb, role, offer, grant)
        terms = offer.versions.get(number=offer.version)
        changes = {"version": offer.version}
        if binds_creator(offer, terms, role, grant):
            OFFERS.move(offer, verb, role=role, actor=actor, grant=grant, changes=changes)
            create_contract(offer)
        else:
            offer.status_before_approval = offer.status
            OFFERS.move(
                offer,
                "hold_for_creator",
                role=role,
                actor=actor,
                grant=grant,
                changes=changes,
                fields=("status_before_approval",),
            )
    return offer


def decide_offer(
    offer, verb: str, *, role, actor, reason="", seen_status=None, seen_version=None
) -> Offer:
    """approve, send_back, decline_*, withdraw, cancel_*: one step of the table. With
    `seen_status` (the status the user saw), a deal that moved meanwhile — signed while she
    was cancelling it — is refused: she decides again on what it is now. An approval names the
    terms version she saw (`seen_version`, required): she approves those exact terms, never
    others that came after."""
    if verb not in DECISIONS:
        raise ActionError(_("Unknown action."))
    if verb in APPROVALS and seen_version is None:
        raise ActionError(_("Which version did you see?"), field="seen_version")
    reason = (reason or "").strip()
    if verb.startswith("cancel") and not reason:
        raise ActionError(_("Say why the offer is cancelled."), field="reason")
    if verb == "send_back" and not reason:  # SPEC §9: she returns it "with the manager told why"
        raise ActionError(
            _("Say why you send these terms back: the brand and your manager read it."),
            field="reason",
        )
    with transaction.atomic():
        offer = _locked(offer)
        if seen_version is not None:
            _check_version(offer, seen_version)
        if seen_status and seen_status != offer.status:
            raise ActionError(
                _("This offer changed meanwhile: it is now “%(status)s”. Review it first.")
                % {"status": offer.status_label},
                code="stale_version",
            )
        offer.decided_reason = reason[:2000]
        OFFERS.move(
            offer,
            verb,
            role=role,
            actor=actor,
            changes={"reason": reason} if reason else {},
            fields=("decided_reason",),
        )
        if offer.status == OfferStatus.ACCEPTED:
            create_contract(offer)
    return offer


def expire_offers(now_day=None) -> int:
    """Pending offers past their response deadline become `expired` (safe to run twice)."""
    now_day = now_day or today()
    sources = TRANSITIONS["expire"].sources
    count = 0
    due = Offer.objects.filter(status__in=sources, response_deadline__lt=now_day)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            offer = _locked(Offer(pk=pk))
            if offer.status not in sources or offer.response_deadline >= now_day:
                continue
            OFFERS.move(offer, "expire", role=None, actor=None)
            count += 1
    return count
