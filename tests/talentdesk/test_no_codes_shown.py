"""No internal code reaches a user (issue 18): every page of the crawl, in English and French,
shows statuses, triggers, scopes, channels, categories and genders by their translated labels,
never as the values stored ("awaiting_creator_approval", "draft_approved", "tiktok", "female")."""

import html
import re

import pytest

from tests.talentdesk.test_page_crawl import pages_for

pytestmark = pytest.mark.django_db
HIDDEN = re.compile(r"<(script|style|head|textarea|option|code|kbd)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")


def codes() -> set[str]:
    """Every stored value of the product's choices that a person could mistake for words."""
    from django.apps import apps

    found = set()
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in {
            "access",
            "accounts",
            "agencies",
            "brands",
            "campaigns",
            "creators",
            "deliverables",
            "messaging",
            "money",
            "integrations",
            "api",
        }:
            continue
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and value != str(label) and "_" in value:
                    found.add(value)
    from access.scopes import Scope

    found |= set(Scope.values)
    # Words stored in lower case that read as words: shown, they must be their labels.
    found |= {"tiktok", "instagram", "youtube", "female", "male"}
    return found


def visible_text(page: str) -> str:
    return html.unescape(TAG.sub(" ", HIDDEN.sub(" ", page)))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_18_no_stored_code_is_shown_on_any_page(cast, login, language):
    stored = codes()
    pattern = re.compile(
        r"(?<![\w@./-])(" + "|".join(sorted(map(re.escape, stored))) + r")(?![\w.-])"
    )
    seen = {}
    for user, urls in pages_for(cast).items():
        client = login(user)
        client.post("/accounts/language/", {"language": language})
        for url in urls:
            text = visible_text(client.get(url).text)
            for match in pattern.finditer(text):
                around = text[max(0, match.start() - 40) : match.end() + 20]
                seen.setdefault(match.group(1), f"{user.email} {url}: {' '.join(around.split())}")
    assert seen == {}, "\n".join(f"{k}: {v}" for k, v in seen.items())


# English words of the interface (not of what people wrote: names, briefs, messages) that a
# French page never shows: one of them there is a string left untranslated.
ENGLISH_WORDS = (
    "Awaiting",
    "Pending",
    "Sign out",
    "Earnings",
    "Invoices",
    "Deadline",
    "Roster",
    "Settings",
    "Previous",
    "Submit",
    "Approve",
    "Decline",
    "Withdraw",
    "Accepted",
    "Completed",
    "Cancelled",
    "Expired",
    "Declined",
    "Overdue",
    "Drafts",
    "Posted",
    "Verified",
    "your",
    "Your",
)


def test_18_no_english_word_on_a_french_page(cast, login):
    pattern = re.compile(r"(?<![\w@./-])(" + "|".join(ENGLISH_WORDS) + r")(?![\w.-])")
    seen = {}
    for user, urls in pages_for(cast).items():
        client = login(user)
        client.post("/accounts/language/", {"language": "fr"})
        for url in urls:
            text = visible_text(client.get(url).text)
            for match in pattern.finditer(text):
                around = text[max(0, match.start() - 40) : match.end() + 20]
                seen.setdefault(
                    f"{url} {match.group(1)}", f"{user.email}: {' '.join(around.split())}"
                )
    assert seen == {}, "\n".join(f"{k}: {v}" for k, v in seen.items())
