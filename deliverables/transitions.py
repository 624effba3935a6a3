"""The deliverable workflow (SPEC §5): which side moves a deliverable from which status."""

from django.utils.translation import gettext_lazy as _

STATUSES = {
    "not_started": _("Not started"),  # nothing submitted yet
    "draft_submitted": _("Draft submitted"),  # the brand reviews it
    "changes_requested": _("Changes requested"),  # the creator side works on a new version
    "approved": _("Approved"),  # ready to post (by the brand, or deemed after the review window)
    "posted": _("Posted"),  # live, with its URL
    "verified": _("Verified"),  # the brand confirmed the post
}

# verb: (from statuses, to status, side, scope an agency member needs)
TRANSITIONS = {
    "submit_draft": (
        ["not_started", "changes_requested"],
        "draft_submitted",
        "creator_side",
        "manage_content",
    ),
    "request_changes": (["draft_submitted"], "changes_requested", "brand", None),
    "approve": (["draft_submitted"], "approved", "brand", None),
    "deem_approved": (["draft_submitted"], "approved", "system", None),
    "mark_posted": (["approved"], "posted", "creator_side", "manage_content"),
    "verify": (["posted"], "verified", "brand", None),
}


def allowed(verb, role, deliverable, representation=None) -> bool:
    sources, _target, side, scope = TRANSITIONS[verb]
    if deliverable.status not in sources or role is None:
        return False
    offer = deliverable.offer
    if side == "brand":
        return role.kind == "brand" and role.brand.pk == offer.campaign.brand_id
    if side == "creator_side":
        if role.kind == "creator":
            return role.creator.pk == offer.creator_id
        return (
            role.kind == "agency"
            and representation is not None
            and representation.has_scope(scope)
            and role.membership.can_act
        )
    return False


def verbs_for(role, deliverable, representation=None) -> list[str]:
    return [v for v in TRANSITIONS if allowed(v, role, deliverable, representation)]
