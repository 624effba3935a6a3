"""The offer workflow: statuses (SPEC §4), the tab each belongs to, and the one table of who may
move an offer from which status to which. `OFFERS.move` is the only writer of an offer's status;
the actions, the offer page (its buttons and their labels), the API's `allowed_actions`, the
tests and docs/offers.md all read this table."""

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from access.events import Event
from access.models import ActingAs, AuditEventType
from access.permissions import NOBODY, Grant, Party, decide
from access.roles import Role, RoleKind
from access.scopes import Scope
from campaigns.events import ContractSealed, OfferEvent
from talentdesk.lib.workflow import PREVIOUS, SYSTEM, Transition, Workflow

if TYPE_CHECKING:
    from campaigns.models import Offer


class OfferStatus(models.TextChoices):
    """Each status with the label the creator side reads."""

    OFFERED = "offered", gettext_lazy("Awaiting your response")  # the brand sent it
    COUNTERED_BY_CREATOR = (
        "countered_by_creator",
        gettext_lazy("Changes proposed, awaiting brand"),
    )  # the creator side proposed other terms
    COUNTERED_BY_BRAND = "countered_by_brand", gettext_lazy("Brand proposed changes")
    AWAITING_CREATOR_APPROVAL = (
        "awaiting_creator_approval",
        gettext_lazy("Awaiting the creator's approval"),
    )  # accepted on terms that do not bind her without her word
    ACCEPTED = "accepted", gettext_lazy("Accepted: contract to sign")
    IN_PROGRESS = "in_progress", gettext_lazy("Drafts being made or reviewed")  # signed
    POSTING = "posting", gettext_lazy("Approved, to be posted")  # every draft approved
    COMPLETED = "completed", gettext_lazy("Completed")  # every deliverable verified
    DECLINED = "declined", gettext_lazy("Declined")
    EXPIRED = "expired", gettext_lazy("Expired")  # the response deadline passed
    CANCELLED = "cancelled", gettext_lazy("Cancelled")  # ended after acceptance, with a reason
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")  # the brand took it back


# What the brand reads where the creator side's label says "your" or "brand" (issue 18: the
# brand's own offer page said "Awaiting your response" while it waited for the creator).
BRAND_LABELS: dict[str, Any] = {
    OfferStatus.OFFERED: gettext_lazy("Waiting for the creator's side"),
    OfferStatus.COUNTERED_BY_CREATOR: gettext_lazy("The creator's side proposed changes"),
    OfferStatus.COUNTERED_BY_BRAND: gettext_lazy("Your changes, awaiting the creator's side"),
}


def status_label_for(offer: "Offer", role: Role | None) -> str:
    """The offer's status as `role` reads it: the brand's own words, else the creator side's."""
    if role is not None and role.kind == RoleKind.BRAND:
        return str(BRAND_LABELS.get(offer.status, offer.status_label))
    return str(offer.status_label)


class Tab(models.TextChoices):
    """The offer lists' tabs ("offer tab" context: French agrees them with "offres")."""

    PENDING = "pending", pgettext_lazy("offer tab", "Pending")
    ACTIVE = "active", pgettext_lazy("offer tab", "Active")
    COMPLETED = "completed", pgettext_lazy("offer tab", "Completed")
    INACTIVE = "inactive", pgettext_lazy("offer tab", "Inactive")


class Side(models.TextChoices):
    """Who stands where in a deal. Terms, signatures and messages record BRAND or CREATOR_SIDE;
    the table's `who` also says CREATOR (the creator herself) or SYSTEM (the code)."""

    BRAND = "brand", gettext_lazy("Brand")  # members of the campaign's brand
    CREATOR_SIDE = "creator_side", gettext_lazy("Creator side")  # she, or her agency
    CREATOR = "creator", gettext_lazy("Creator")  # she alone
    SYSTEM = SYSTEM, gettext_lazy("talentdesk")  # expiry, the deliverables' progress


S = OfferStatus
TABS = {
    Tab.PENDING: [
        S.OFFERED,
        S.COUNTERED_BY_CREATOR,
        S.COUNTERED_BY_BRAND,
        S.AWAITING_CREATOR_APPROVAL,
    ],
    Tab.ACTIVE: [S.ACCEPTED, S.IN_PROGRESS, S.POSTING],
    Tab.COMPLETED: [S.COMPLETED],
    Tab.INACTIVE: [S.DECLINED, S.EXPIRED, S.CANCELLED, S.WITHDRAWN],
}
TAB_OF = {status: tab for tab, statuses in TABS.items() for status in statuses}
PENDING = TABS[Tab.PENDING]
ANSWERABLE = [S.OFFERED, S.COUNTERED_BY_CREATOR, S.COUNTERED_BY_BRAND]  # they can expire
LIVE = [S.IN_PROGRESS, S.POSTING]  # work goes on: drafts, feedback, posts
HOLDING = [S.ACCEPTED, S.IN_PROGRESS, S.POSTING]  # the terms hold (exclusivity counts)

E = AuditEventType
CREATOR_SIDE, BRAND, CREATOR = Side.CREATOR_SIDE, Side.BRAND, Side.CREATOR

# What each irreversible step does, and to whom, said before it is taken (views._confirm_step).
CONFIRM = {
    "accepted": gettext_lazy(
        "Version %(n)s becomes the agreed terms: %(other)s is told, and the contract is drawn"
        " up for both sides to sign. Neither side can change these terms afterwards."
    ),
    "approved": gettext_lazy(
        "These terms bind you: %(brand)s is told, and the contract is drawn up to sign."
    ),
    "declined": gettext_lazy(
        "The offer to %(creator)s from %(brand)s is declined and closed: %(other)s is told, "
        "with your reason. It cannot be reopened; only a new offer can follow."
    ),
    "withdrawn": gettext_lazy(
        "Your offer to %(creator)s is withdrawn and closed: the creator's side is told, with "
        "your reason. It cannot be reopened; only a new offer can follow."
    ),
    "cancelled": gettext_lazy(
        "The signed deal between %(brand)s and %(creator)s is cancelled: %(other)s is told, "
        "with your reason, open drafts and payment milestones stop. It cannot be undone."
    ),
}
# verb: the step. `who` may take it from `sources` to `target`; an agency member also needs the
# creator to have granted `scope`. Steps without a label are never buttons: the system takes
# them, or an action takes them inside another verb (an acceptance that must wait for the
# creator is held, a second signature seals the contract).
TRANSITIONS = {
    "counter_creator": Transition(
        (S.OFFERED, S.COUNTERED_BY_BRAND),
        S.COUNTERED_BY_CREATOR,
        CREATOR_SIDE,
        E.OFFER_COUNTERED,
        gettext_lazy("Propose changes"),
        Scope.NEGOTIATE,
    ),
    "counter_brand": Transition(
        (S.COUNTERED_BY_CREATOR,),
        S.COUNTERED_BY_BRAND,
        BRAND,
        E.OFFER_COUNTERED,
        gettext_lazy("Propose changes"),
    ),
    "accept_creator": Transition(
        (S.OFFERED, S.COUNTERED_BY_BRAND),
        S.ACCEPTED,
        CREATOR_SIDE,
        E.OFFER_ACCEPTED,
        gettext_lazy("Accept version %(n)s"),
        Scope.ACCEPT_OFFERS,
        confirm=CONFIRM["accepted"],
    ),
    "accept_brand": Transition(
        (S.COUNTERED_BY_CREATOR,),
        S.ACCEPTED,
        BRAND,
        E.OFFER_ACCEPTED,
        gettext_lazy("Accept version %(n)s"),
        confirm=CONFIRM["accepted"],
    ),
    # An acceptance of terms that do not bind the creator (her manager above her ceiling, or
    # the brand accepting what a manager proposed beyond it) waits for her (SPEC §9 Ceiling).
    "hold_for_creator": Transition(
        (S.OFFERED, S.COUNTERED_BY_BRAND, S.COUNTERED_BY_CREATOR),
        S.AWAITING_CREATOR_APPROVAL,
        SYSTEM,
        E.OFFER_AWAITING_APPROVAL,
    ),
    "approve": Transition(
        (S.AWAITING_CREATOR_APPROVAL,),
        S.ACCEPTED,
        CREATOR,
        E.OFFER_APPROVED,
        gettext_lazy("Approve these terms"),
        confirm=CONFIRM["approved"],
    ),
    "send_back": Transition(
        (S.AWAITING_CREATOR_APPROVAL,),
        PREVIOUS,
        CREATOR,
        E.OFFER_SENT_BACK,
        gettext_lazy("Refuse and send back"),
        reason=True,
    ),
    "decline_creator": Transition(
        (S.OFFERED, S.COUNTERED_BY_BRAND),
        S.DECLINED,
        CREATOR_SIDE,
        E.OFFER_DECLINED,
        gettext_lazy("Decline"),
        Scope.NEGOTIATE,
        reason=True,
        confirm=CONFIRM["declined"],
    ),
    # Terms waiting for her approval are hers to decide: her manager may not decline them.
    "decline_awaiting": Transition(
        (S.AWAITING_CREATOR_APPROVAL,),
        S.DECLINED,
        CREATOR,
        E.OFFER_DECLINED,
        gettext_lazy("Decline the offer"),
        reason=True,
        confirm=CONFIRM["declined"],
    ),
    "decline_brand": Transition(
        (S.COUNTERED_BY_CREATOR,),
        S.DECLINED,
        BRAND,
        E.OFFER_DECLINED,
        gettext_lazy("Decline"),
        reason=True,
        confirm=CONFIRM["declined"],
    ),
    "withdraw": Transition(
        (S.OFFERED, S.COUNTERED_BY_CREATOR, S.COUNTERED_BY_BRAND, S.AWAITING_CREATOR_APPROVAL),
        S.WITHDRAWN,
        BRAND,
        E.OFFER_WITHDRAWN,
        gettext_lazy("Withdraw the offer"),
        reason=True,
        confirm=CONFIRM["withdrawn"],
    ),
    "cancel_creator": Transition(
        tuple(HOLDING),
        S.CANCELLED,
        CREATOR_SIDE,
        E.OFFER_CANCELLED,
        gettext_lazy("Cancel the deal"),
        Scope.NEGOTIATE,
        reason=True,
        confirm=CONFIRM["cancelled"],
    ),
    "cancel_brand": Transition(
        tuple(HOLDING),
        S.CANCELLED,
        BRAND,
        E.OFFER_CANCELLED,
        gettext_lazy("Cancel the deal"),
        reason=True,
        confirm=CONFIRM["cancelled"],
    ),
    "sign_brand": Transition((S.ACCEPTED,), None, BRAND, E.CONTRACT_SIGNED),
    "sign_creator": Transition(
        (S.ACCEPTED,), None, CREATOR_SIDE, E.CONTRACT_SIGNED, scope=Scope.ACCEPT_OFFERS
    ),
    # The second signature seals the contract and the work starts (campaigns.contracts).
    "contract_sealed": Transition((S.ACCEPTED,), S.IN_PROGRESS, SYSTEM, E.CONTRACT_SEALED),
    # The deal follows its deliverables (deliverables.subscribers).
    "all_approved": Transition((S.IN_PROGRESS,), S.POSTING, SYSTEM, E.OFFER_POSTING),
    "all_verified": Transition((S.IN_PROGRESS, S.POSTING), S.COMPLETED, SYSTEM, E.OFFER_COMPLETED),
    "expire": Transition(tuple(ANSWERABLE), S.EXPIRED, SYSTEM, E.OFFER_EXPIRED),
}

# Who must act next in each pending or active status.
NEXT = {
    S.OFFERED: CREATOR_SIDE,
    S.COUNTERED_BY_CREATOR: BRAND,
    S.COUNTERED_BY_BRAND: CREATOR_SIDE,
    S.AWAITING_CREATOR_APPROVAL: CREATOR,
    S.ACCEPTED: "both",
}


def tab_of(status: str) -> Tab:
    return TAB_OF[OfferStatus(status)]


def side_of(role: Role | None) -> Side:
    """The side a role stands on in any deal it may see: brand staff, or the creator's side."""
    return BRAND if role is not None and role.kind == RoleKind.BRAND else CREATOR_SIDE


def acting_as(role: Role | None) -> ActingAs:
    """As what an actor acted in a deal; no role: the system's own step (expiry, progress)."""
    if role is None:
        return ActingAs.SYSTEM
    return {RoleKind.BRAND: ActingAs.BRAND, RoleKind.AGENCY: ActingAs.AGENCY}.get(
        role.kind, ActingAs.CREATOR
    )


def offer_party(
    role: Role | None, offer: "Offer", grant: Grant, scope: str | None = None
) -> Side | None:
    """Where `role` stands in this offer, given the permission decision for its creator:
    BRAND (the campaign's brand), CREATOR (she herself), CREATOR_SIDE (her agency's staff, when
    `scope` is granted and the role may act), or None. Offers, deliverables and threads all ask
    this one question."""
    if role is None:
        return None
    if role.kind == RoleKind.BRAND:
        return BRAND if role.brand.pk == offer.campaign.brand_id else None
    if grant.party is Party.CREATOR:
        return CREATOR
    if grant.party is Party.AGENCY and (scope is None or grant.may(scope)):
        return CREATOR_SIDE if role.can_act else None
    return None


def offer_event(
    offer: "Offer",
    type: AuditEventType,
    *,
    role: Role | None,
    actor: Any,
    changes: dict,
    event_class: type[OfferEvent] = OfferEvent,
) -> Event:
    """What an action on an offer publishes: the audit log, the parties' notifications and the
    webhooks' outbox subscribe to it."""
    return event_class(
        type=type,
        actor=actor,
        acting_as=acting_as(role),
        target=offer,
        target_label=f"{offer.campaign.name} → {offer.creator.at_handle}",
        brand=offer.campaign.brand,
        agency=role.agency if role is not None and role.kind == RoleKind.AGENCY else None,
        on_behalf_of=offer.creator,
        changes=changes,
        offer=offer,
        side=SYSTEM if role is None else side_of(role),
    )


class OfferWorkflow(Workflow["Offer"]):
    table = TRANSITIONS

    def grant_for(self, role: Role | None, offer: "Offer") -> Grant:
        return decide(role, offer.creator) if role is not None else NOBODY

    def may(self, transition: Transition, role: Role | None, offer: "Offer", grant: Grant) -> bool:
        if transition.who == SYSTEM:
            return True
        party = offer_party(role, offer, grant, transition.scope)
        if transition.who == BRAND:
            return party == BRAND
        if transition.who == CREATOR:
            return party == CREATOR
        return party in (CREATOR, CREATOR_SIDE)

    def previous_status(self, offer: "Offer") -> str:
        return offer.status_before_approval or S.OFFERED

    def event(
        self,
        offer: "Offer",
        transition: Transition,
        *,
        role: Role | None,
        actor: Any,
        changes: dict,
    ) -> Event:
        sealed = transition.event == E.CONTRACT_SEALED
        return offer_event(
            offer,
            transition.event,
            role=role,
            actor=actor,
            changes=changes,
            event_class=ContractSealed if sealed else OfferEvent,
        )

    def wrong_state_message(self, offer: "Offer") -> str:
        return _("This offer is now “%(status)s”: that is no longer possible.") % {
            "status": offer.status_label
        }

    def not_allowed_message(self, offer: "Offer") -> str:
        return _("You are not allowed to do this on this offer.")


OFFERS = OfferWorkflow()


def buttons(role: Role | None, offer: "Offer", grant: Grant) -> list[dict]:
    """The offer page's buttons besides counter and accept: each step the role may take now,
    with its label and whether it asks for a reason, read from the table."""
    return [
        {"verb": verb, "label": TRANSITIONS[verb].label, "reason": TRANSITIONS[verb].reason}
        for verb in OFFERS.verbs_for(role, offer, grant)
        if not verb.startswith(("counter", "accept"))
    ]
