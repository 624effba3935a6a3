"""The offer page shows its thread's unread count without the campaigns app knowing messaging."""

from django import template

from messaging.actions import unread_count

register = template.Library()


@register.inclusion_tag("messaging/unread_badge.html", takes_context=True)
def unread_badge(context, offer):
    """`{% unread_badge offer %}`: a link to the thread with the count of messages the viewer
    has not read, refreshed by HTMX polling."""
    return {"offer": offer, "count": unread_count(context["request"].user, offer)}
