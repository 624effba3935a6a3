from django import template

from campaigns.transitions import status_label_for

register = template.Library()


@register.filter
def status_for(offer, role):
    """`{{ offer|status_for:active_role }}`: the status in the reader's words (the brand reads
    "Waiting for the creator's side" where the creator side reads "Awaiting your response")."""
    return status_label_for(offer, role)
