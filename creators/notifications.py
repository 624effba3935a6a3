"""E-mails about creator profiles (subject, text and HTML, in the recipient's language)."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def handle_reclaimed(user, handle: str) -> None:
    """Tell `user` that the owner of @`handle` proved it with TikTok and took it back."""
    with translation.override(user.language):
        context = {"user": user, "handle": handle}
        subject = render_to_string("emails/handle_reclaimed_subject.txt", context).strip()
        text = render_to_string("emails/handle_reclaimed.txt", context)
        html = render_to_string("emails/handle_reclaimed.html", context)
    send_mail(subject, text, None, [user.email], html_message=html)
