"""Every page each member of the cast can open: read-only on GET, strict headers, no inline code,
and no Northstar handle on a Lumen page."""

import re
from urllib.parse import quote, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access.models import Representation

# A script with code in the page (a JSON data block, type="application/json", runs nothing).
INLINE_SCRIPT = re.compile(r'<script(?![^>]*\bsrc=)(?![^>]*type="application/json")[^>]*>')
pytestmark = pytest.mark.django_db
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def pages_for(cast):
    from campaigns.models import Campaign, Offer

    maya = Representation.objects.active().get(creator=cast.maya)
    maya_offer = Offer.objects.filter(creator=cast.maya, campaign__brand=cast.glowskin).first()
    deal = [
        reverse("campaigns:offers"),
        reverse("campaigns:offers") + "?tab=inactive",
        reverse("campaigns:offer", args=[maya_offer.public_id]),
        reverse("messaging:notifications"),
        reverse("messaging:thread", args=[maya_offer.public_id]),
    ]
    signed = Offer.objects.get(creator__handle="amaraskin", status="in_progress")
    campaign = Campaign.objects.get(name="Summer glow routine")
    common = [
        "/",
        reverse("accounts:profile"),
        reverse("account_change_password"),
        reverse("messaging:preferences"),
        reverse("messaging:calendar") + "?view=month",
        reverse("messaging:calendar") + "?view=month&month=2027-02",
        reverse("integrations:tokens"),
    ]
    agency = [
        reverse("agencies:roster"),
        reverse("agencies:roster") + "?sort=-since&page=2",
        reverse("agencies:creator-invite"),
        reverse("accounts:team"),
        reverse("access:activity"),
        reverse("integrations:webhooks"),
    ]
    maya_pages = [
        reverse("creators:creator", args=[maya.creator.public_id]),
        reverse("agencies:creator-team", args=[maya.public_id]),
        reverse("agencies:creator-remove", args=[maya.public_id]),
        reverse("creators:creator", args=[maya.creator.public_id])
        + "?window=v30&fit=1&countries=GB",
        reverse("agencies:imports"),
    ]
    creator = [
        reverse("access:my-managers"),
        reverse("access:request-agency"),
        reverse("access:activity"),
        reverse("creators:profile-edit"),
    ]
    brand = [
        reverse("campaigns:campaigns"),
        reverse("campaigns:campaign-create"),
        reverse("campaigns:campaign", args=[campaign.public_id]) + "?search=1&category=beauty",
        reverse("campaigns:contract", args=[signed.public_id]),
    ]
    # issue 20 (G): the agency pipeline's pages on Maya and her deal
    pipeline = [
        reverse("pipeline:rules", args=[maya.creator.public_id]),
        reverse("pipeline:creator-notes", args=[maya.creator.public_id]),
        reverse("pipeline:benchmarks", args=[maya.creator.public_id]),
        reverse("pipeline:offer-notes", args=[maya_offer.public_id]),
    ]
    return {
        cast.owner: common + agency + maya_pages + deal,
        cast.manager: common + agency[:4] + maya_pages[:1] + deal + pipeline,
        cast.assistant: common + agency[:2] + maya_pages[:1],
        cast.lumen_owner: common + agency,
        cast.creator: common
        + creator
        + deal
        + [reverse("access:revoke", args=[maya.public_id])]
        + pipeline[:2]
        + pipeline[3:],
        cast.creator2: common + creator,
        cast.brand: common
        + [reverse("accounts:team"), reverse("integrations:webhooks")]
        + deal
        + brand,
    }


def test_every_page_is_read_only_on_get_and_carries_the_headers(cast, login, capsys):
    visited = 0
    for user, urls in pages_for(cast).items():
        client = login(user)
        client.get("/")
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (user, url, response.status_code)
            writes = [q["sql"] for q in queries.captured_queries if WRITE.match(q["sql"])]
            assert writes == [], (user.email, url, writes)
            assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
            assert "no-store" in response["Cache-Control"]
            assert not INLINE_SCRIPT.search(response.text), url
            assert " style=" not in response.text, url
            visited += 1
    with capsys.disabled():
        print(f"\npage crawl: {visited} pages, all read-only on GET with CSP and no-store")


def test_open_redirects_are_refused_on_login_and_language(cast, anon):
    corpus = [
        "//evil.example",
        "/\\evil.example",
        "https:evil.example",
        "http://127.0.0.1@evil.example",
        "https://evil.example/",
        "\\\\evil.example",
        "//evil%2Eexample",
        "javascript:alert(1)",
        "/%0d%0aLocation:https://evil.example",
        "http://2130706433/",
        "//evil。example",
    ]
    for target in corpus:
        response = anon.post(reverse("accounts:language"), {"language": "en", "next": target})
        assert stays_on_site(response["Location"]), target
    for target in corpus:
        response = anon.post(
            reverse("account_login") + "?next=" + quote(target),
            {"login": "owner@northstar.example", "password": "demo-pass-2026"},
        )
        assert stays_on_site(response["Location"]), target
        anon.post(reverse("account_logout"))


def stays_on_site(location: str) -> bool:
    parts = urlsplit(location)
    return (
        not parts.scheme
        and not parts.netloc
        and location.startswith("/")
        and not location.startswith(("//", "/\\"))
    )
