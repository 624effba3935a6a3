from django import template

from access.permissions import decide
from access.roles import RoleKind
from access.scopes import Scope
from contacts import actions, queries

register = template.Library()


@register.inclusion_tag("contacts/_offplatform_panel.html", takes_context=True)
def offplatform_panel(context, offer):
    """The offer page's card for a deal with a brand off talentdesk (its agency's staff only):
    record the brand's answer, send or revoke the guest link. No query for any other deal."""
    role = context.get("active_role")
    if (
        role is None
        or role.kind != RoleKind.AGENCY
        or not queries.is_offplatform(offer)
        or (contact := actions.contact_of(offer)) is None
        or contact.agency_id != role.agency.pk
    ):
        return {"show": False}
    grant = decide(role, offer.creator)
    may_act = role.can_act and grant.may(Scope.NEGOTIATE) and contact.joined_brand_id is None
    moves = queries.moves(offer, actions.brand_role(contact))["verbs"] if may_act else []
    return {
        "show": True,
        "offer": offer,
        "contact": contact,
        "may_act": may_act,
        "moves": moves,
        "live": list(queries.live_links(offer)),
        "csrf_token": context.get("csrf_token"),
    }
