"""The offer workflow: statuses (SPEC §4), the tab each belongs to, and who may move an offer from
which status to which. Actions, pages, tests and docs all read this table."""

from django.utils.translation import gettext_lazy as _

# status: (tab, label shown to the creator side)
STATUSES = {
    "offered": ("pending", _("Awaiting your response")),  # the brand sent it
    "countered_by_creator": ("pending", _("Changes proposed, awaiting brand")),
    "countered_by_brand": ("pending", _("Brand proposed changes")),
    "awaiting_creator_approval": ("pending", _("Over the manager's ceiling: creator approves")),
    "accepted": ("active", _("Accepted: contract to sign")),
    "in_progress": ("active", _("Drafts being made or reviewed")),
    "posting": ("active", _("Approved, to be posted")),
    "completed": ("completed", _("Completed")),
    "declined": ("inactive", _("Declined")),
    "expired": ("inactive", _("Expired")),
    "cancelled": ("inactive", _("Cancelled")),
    "withdrawn": ("inactive", _("Withdrawn")),
}
TABS = {
    "pending": _("Pending"),
    "active": _("Active"),
    "completed": _("Completed"),
    "inactive": _("Inactive"),
}
PENDING = [s for s, (tab, _label) in STATUSES.items() if tab == "pending"]

# Sides: "brand" (brand members), "creator_side" (the creator, or their agency with the scope).
# verb: (from statuses, to status, side, scope an agency member needs)
TRANSITIONS = {
    "counter_creator": (
        ["offered", "countered_by_brand"],
        "countered_by_creator",
        "creator_side",
        "negotiate",
    ),
    "counter_brand": (["countered_by_creator"], "countered_by_brand", "brand", None),
    "accept_creator": (
        ["offered", "countered_by_brand"],
        "accepted",
        "creator_side",
        "accept_offers",
    ),
    "accept_brand": (["countered_by_creator"], "accepted", "brand", None),
    "approve": (["awaiting_creator_approval"], "accepted", "creator", None),
    "send_back": (["awaiting_creator_approval"], None, "creator", None),  # to the status before
    "decline_creator": (
        ["offered", "countered_by_brand", "awaiting_creator_approval"],
        "declined",
        "creator_side",
        "negotiate",
    ),
    "decline_brand": (["countered_by_creator"], "declined", "brand", None),
    "withdraw": (
        ["offered", "countered_by_creator", "countered_by_brand"],
        "withdrawn",
        "brand",
        None,
    ),
    "cancel_creator": (
        ["accepted", "in_progress", "posting"],
        "cancelled",
        "creator_side",
        "negotiate",
    ),
    "cancel_brand": (["accepted", "in_progress", "posting"], "cancelled", "brand", None),
    "expire": (PENDING[:3], "expired", "system", None),
    # The second signature of the contract starts the work (campaigns.contracts.sign_contract).
    "contract_signed": (["accepted"], "in_progress", "system", None),
}

# Who must act next in each pending/active status.
NEXT = {
    "offered": "creator_side",
    "countered_by_creator": "brand",
    "countered_by_brand": "creator_side",
    "awaiting_creator_approval": "creator",
    "accepted": "both",
}


def tab_of(status: str) -> str:
    return STATUSES[status][0]


def side_of(role, offer) -> str | None:
    """Which party `role` is on for this offer: "brand", "creator", "agency" or None."""
    if role is None:
        return None
    if role.kind == "brand" and role.brand.pk == offer.campaign.brand_id:
        return "brand"
    if role.kind == "creator" and role.creator.pk == offer.creator_id:
        return "creator"
    if role.kind == "agency":
        return "agency"  # the caller fetched the offer through scoping: the agency represents
    return None


def allowed(verb: str, role, offer, representation=None) -> bool:
    """Whether `role` may apply `verb` to `offer` now (status, side, and the agency's scope)."""
    sources, _target, who, scope = TRANSITIONS[verb]
    if offer.status not in sources:
        return False
    side = side_of(role, offer)
    if who == "brand":
        return side == "brand"
    if who == "creator":
        return side == "creator"
    if who == "creator_side":
        if side == "creator":
            return True
        return (
            side == "agency"
            and representation is not None
            and representation.has_scope(scope)
            and role.membership.can_act
        )
    return False


def verbs_for(role, offer, representation=None) -> list[str]:
    return [v for v in TRANSITIONS if allowed(v, role, offer, representation)]
