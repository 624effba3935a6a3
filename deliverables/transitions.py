"""The deliverable workflow (SPEC §5): its statuses and the one table of which side moves a
deliverable from which status. `DELIVERABLES.move` is the only writer of a deliverable's status,
and only while its deal is running (in progress or posting): a cancelled deal's deliverables are
read-only."""

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access.models import AuditEventType
from access.permissions import NOBODY, Grant, decide
from access.roles import Role, RoleKind
from access.scopes import Scope
from campaigns.transitions import LIVE, Side, acting_as, offer_party, side_of
from deliverables.events import DeliverableEvent
from talentdesk.lib.workflow import SYSTEM, Transition, Workflow

if TYPE_CHECKING:
    from deliverables.models import Deliverable


class DeliverableStatus(models.TextChoices):
    NOT_STARTED = "not_started", gettext_lazy("Not started")  # nothing submitted yet
    DRAFT_SUBMITTED = "draft_submitted", gettext_lazy("Draft submitted")  # the brand reviews it
    CHANGES_REQUESTED = "changes_requested", gettext_lazy("Changes requested")  # a new version
    APPROVED = "approved", gettext_lazy("Approved")  # by the brand, or after the review window
    POSTED = "posted", gettext_lazy("Posted")  # live, with its URL
    VERIFIED = "verified", gettext_lazy("Verified")  # the brand confirmed the post


class FeedbackKind(models.TextChoices):
    COMMENT = "comment", gettext_lazy("Comment")
    CHANGES = "changes", gettext_lazy("Request changes")
    APPROVAL = "approval", gettext_lazy("Approve")


D = DeliverableStatus
E = AuditEventType
DONE = [D.POSTED, D.VERIFIED]  # nothing left to remind anyone of

TRANSITIONS = {
    "submit_draft": Transition(
        (D.NOT_STARTED, D.CHANGES_REQUESTED),
        D.DRAFT_SUBMITTED,
        Side.CREATOR_SIDE,
        E.DRAFT_SUBMITTED,
        gettext_lazy("Send the draft"),
        Scope.MANAGE_CONTENT,
    ),
    "request_changes": Transition(
        (D.DRAFT_SUBMITTED,),
        D.CHANGES_REQUESTED,
        Side.BRAND,
        E.CHANGES_REQUESTED,
        gettext_lazy("Request changes"),
    ),
    "approve": Transition(
        (D.DRAFT_SUBMITTED,), D.APPROVED, Side.BRAND, E.DRAFT_APPROVED, gettext_lazy("Approve")
    ),
    # The brand did not review the draft within DRAFT_REVIEW_DAYS (deliverables.actions).
    "deem_approved": Transition((D.DRAFT_SUBMITTED,), D.APPROVED, SYSTEM, E.DRAFT_DEEMED_APPROVED),
    "mark_posted": Transition(
        (D.APPROVED,),
        D.POSTED,
        Side.CREATOR_SIDE,
        E.DELIVERABLE_POSTED,
        gettext_lazy("Mark as posted"),
        Scope.MANAGE_CONTENT,
    ),
    "verify": Transition(
        (D.POSTED,),
        D.VERIFIED,
        Side.BRAND,
        E.DELIVERABLE_VERIFIED,
        gettext_lazy("Confirm the post"),
    ),
}
# The brand's review of a draft: which step each kind of feedback takes (a comment takes none).
REVIEW_STEPS = {FeedbackKind.CHANGES: "request_changes", FeedbackKind.APPROVAL: "approve"}


def deliverable_event(
    deliverable: "Deliverable",
    type: AuditEventType,
    *,
    role: Role | None,
    actor: Any,
    changes: dict,
) -> DeliverableEvent:
    offer = deliverable.offer
    return DeliverableEvent(
        type=type,
        actor=actor,
        acting_as=acting_as(role),
        target=deliverable,
        target_label=f"{offer.campaign.name} #{deliverable.number} ({offer.creator.at_handle})",
        brand=offer.campaign.brand,
        agency=role.agency if role is not None and role.kind == RoleKind.AGENCY else None,
        on_behalf_of=offer.creator,
        changes=changes,
        deliverable=deliverable,
        offer=offer,
        side=SYSTEM if role is None else side_of(role),
    )


def may_review(role: Role | None, deliverable: "Deliverable", grant: Grant) -> bool:
    """Comments, change requests and approvals: the campaign's brand, on a running deal."""
    offer = deliverable.offer
    return offer.status in LIVE and offer_party(role, offer, grant) == Side.BRAND


class DeliverableWorkflow(Workflow["Deliverable"]):
    table = TRANSITIONS

    def grant_for(self, role: Role | None, deliverable: "Deliverable") -> Grant:
        return decide(role, deliverable.offer.creator) if role is not None else NOBODY

    def may(
        self, transition: Transition, role: Role | None, deliverable: "Deliverable", grant: Grant
    ) -> bool:
        if transition.who == SYSTEM:
            return True
        party = offer_party(role, deliverable.offer, grant, transition.scope)
        if transition.who == Side.BRAND:
            return party == Side.BRAND
        return party in (Side.CREATOR, Side.CREATOR_SIDE)

    def is_open(self, deliverable: "Deliverable") -> bool:
        return deliverable.offer.status in LIVE

    def closed_message(self, deliverable: "Deliverable") -> str:
        return _("This deal is “%(status)s”: its deliverables are read-only.") % {
            "status": deliverable.offer.status_label
        }

    def wrong_state_message(self, deliverable: "Deliverable") -> str:
        return _("This deliverable is now “%(status)s”: that is no longer possible.") % {
            "status": deliverable.status_label
        }

    def not_allowed_message(self, deliverable: "Deliverable") -> str:
        return _("You are not allowed to do this on this deliverable.")

    def event(
        self,
        deliverable: "Deliverable",
        transition: Transition,
        *,
        role: Role | None,
        actor: Any,
        changes: dict,
    ) -> DeliverableEvent:
        return deliverable_event(
            deliverable, transition.event, role=role, actor=actor, changes=changes
        )


DELIVERABLES = DeliverableWorkflow()
