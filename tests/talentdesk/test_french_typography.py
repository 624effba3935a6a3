"""Issue 18: French puts a non-breaking space before : ; ? ! and %, and inside « »; a plain space
there lets the line break leave the sign alone at the start of the next line."""

import gettext
import re
from pathlib import Path

from django.conf import settings

PLAIN_SPACE_BEFORE_SIGN = re.compile(
    r"(?<=\S) (?=[:;?!»](\s|$|[^\w/]))"  # "Total :" (not "https://", not "a:b")
    r"|(?<=[\ds]) (?=%(?!\())"  # "20 %", "%(p)s %%" (not a placeholder "%(name)s")
    r"|« (?=\S)"
)


def french_messages():
    mo = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as file:
        catalog = gettext.GNUTranslations(file)._catalog  # type: ignore[attr-defined]
    return {key: text for key, text in catalog.items() if key}


def test_18_french_signs_keep_their_non_breaking_space():
    messages = french_messages()
    assert len(messages) > 1000
    plain = sorted(text for text in messages.values() if PLAIN_SPACE_BEFORE_SIGN.search(text))
    assert plain == []


def test_18_the_check_finds_a_plain_space():
    assert PLAIN_SPACE_BEFORE_SIGN.search("Total : 20 €")
    assert PLAIN_SPACE_BEFORE_SIGN.search("Vraiment ?")
    assert PLAIN_SPACE_BEFORE_SIGN.search("20 %")
    assert PLAIN_SPACE_BEFORE_SIGN.search("« texte »")
    assert not PLAIN_SPACE_BEFORE_SIGN.search("Total\u00a0: voir https://example.com, %(name)s")
