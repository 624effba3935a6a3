"""E-mails about representation, sent after the action's transaction commits."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def proposal_sent(rep) -> None:
    """Tell the creator an agency asks to represent them."""
    user = rep.creator.user
    if user is None:
        return
    with translation.override(user.language):
        context = {"rep": rep}
        subject = render_to_string("emails/proposal_subject.txt", context).strip()
        text = render_to_string("emails/proposal.txt", context)
    send_mail(subject, text, None, [user.email])
