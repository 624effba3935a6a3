"""E-mails as a triplet of templates: `<name>_subject.txt`, `<name>.txt` and `<name>.html`,
rendered in the recipient's language. The subject and text templates say
`{% autoescape off %}`: they are plain text, so "Smith & Co" stays "Smith & Co"."""

import re

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

# Line breaks and runs of spaces become one space; a French no-break space (before ":") stays.
ONE_LINE = re.compile(r"[ \t\r\n]+")


def render_mail(name: str, context: dict, *, language: str) -> tuple[str, str, str]:
    """The subject (one line), the text and the HTML of e-mail `name` in `language`."""
    with translation.override(language or "en"):
        subject = ONE_LINE.sub(" ", render_to_string(f"{name}_subject.txt", context)).strip()
        text = render_to_string(f"{name}.txt", context)
        html = render_to_string(f"{name}.html", context)
    return subject, text, html


def send_templated_mail(name: str, context: dict, *, to: str, language: str) -> None:
    subject, text, html = render_mail(name, context, language=language)
    send_mail(subject, text, None, [to], html_message=html)
