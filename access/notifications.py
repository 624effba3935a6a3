"""E-mails about representation, sent after the action's transaction commits."""

from talentdesk.lib.mail import send_templated_mail


def proposal_sent(rep) -> None:
    """Tell the creator an agency asks to represent them."""
    user = rep.creator.user
    if user is None:
        return
    send_templated_mail("emails/proposal", {"rep": rep}, to=user.email, language=user.language)
