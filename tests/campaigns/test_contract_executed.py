"""Issue 19: the executed contract — parties, authority, every term in words, clauses from the
agency's template, signatures, date of agreement, hash and seal; the same bytes at each
rendering; the draft says it is not signed; in the reader's language."""

import hashlib
import io
import re
from datetime import UTC
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from access.models import AuditEvent, AuditEventType
from agencies.clauses import DEFAULTS
from campaigns import actions, contract_document
from campaigns.contract_snapshot import build, canonical
from campaigns.contracts import seal, sign_contract
from campaigns.models import Contract
from tests.campaigns.conftest import role_of, terms

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


@pytest.fixture
def rich_offer(cast, campaign):
    """An offer with every kind of term: channels, paid ads, exclusivity, a milestone."""
    return actions.send_offer(
        campaign,
        role=role_of(cast.brand, "brand"),
        actor=cast.brand,
        creator=cast.maya,
        terms=terms(
            usage_channels=["tiktok", "website"],
            paid_ads_days=30,
            exclusivity_days=45,
            exclusivity_categories=["beauty"],
            revision_rounds=2,
            upfront_pct=Decimal("40"),
            milestones=[{"percent": 60, "on": "posted"}],
        ),
    )


@pytest.fixture
def accepted(cast, rich_offer):
    actions.accept_offer(
        rich_offer, role=role_of(cast.creator, "creator"), actor=cast.creator, seen_version=1
    )
    return Contract.objects.get(offer=rich_offer)


@pytest.fixture
def sealed(cast, accepted):
    """Signed by the brand, then by Maya's manager for her (under her representation)."""
    sign_contract(
        accepted,
        role=role_of(cast.brand, "brand"),
        actor=cast.brand,
        full_name="Camille Roux",
        ip="203.0.113.7",
    )
    sign_contract(
        accepted,
        role=role_of(cast.manager, "agency"),
        actor=cast.manager,
        full_name="Marco Bianchi",
        ip="198.51.100.4",
    )
    accepted.refresh_from_db()
    return accepted


def reader(user) -> dict:
    return {"language": user.language, "zone": user.time_zone}


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_19_sealed_pdf_text_has_both_signers_the_date_the_hash_and_every_term(cast, sealed):
    pdf = contract_document.pdf(sealed, language="en", zone="Europe/Paris")
    text = text_of(pdf)
    # The parties, with their legal names and addresses, and the agency's authority.
    for words in (
        "GlowSkin SAS",
        "21 rue de Rivoli",
        "Maya Okafor",
        "3 Canal Street",
        "Northstar Talent Ltd",
        "14 Hanway Street",
    ):
        assert words in text, words
    representation = sealed.signatures.get(side="creator_side").authority["representation"]
    assert representation in squeezed(text) and "“Accept offers”" in text
    # Both signers: name, account, IP, time in UTC and in the reader's zone.
    for words in (
        "Camille Roux",
        "brand@glowskin.example",
        "203.0.113.7",
        "Marco Bianchi",
        "manager@northstar.example",
        "198.51.100.4",
        "for @mayamoves",
        "Europe/Paris",
    ):
        assert words in text, words
    last = max(s.signed_at for s in sealed.signatures.all())
    assert last.strftime("%Y-%m-%d %H:%M:%S UTC") in text
    with translation.override("en"):
        day = date_format(last.astimezone(UTC).date())
    assert f"Date of agreement: {day}." in text
    # The hash: the seal's, which is the SHA-256 of the frozen snapshot's canonical JSON.
    assert len(sealed.signed_hash) == 64 and sealed.signed_hash in squeezed(text)
    assert sealed.signed_hash == seal(sealed)
    assert sealed.signed_hash == hashlib.sha256(canonical(sealed.snapshot)).hexdigest()
    # Every term, in words.
    for words in (
        "2 × Video, due",
        "The Brand pays 1,500.00 EUR in total",
        "40 % (600.00 EUR) on signature; 60 % (900.00 EUR) when the content is posted",
        "payable within 30 days",
        "reuse the content on TikTok, the Brand's website for 30 days",
        "paid advertising from the Creator's account for 30 days",
        "For 45 days from the date of agreement, the Creator works with no competitor of the "
        "Brand in: Beauty.",
        "2 rounds of changes to each draft",
        "50 % of the price, that is 750.00 EUR",
        DEFAULTS["en"]["governing_law"][:60],
        DEFAULTS["en"]["disclosure"][:60],
        DEFAULTS["en"]["cancellation"][:60],
    ):
        assert words in text, words
    assert "not signed" not in text


def test_19_the_draft_says_it_is_not_signed(cast, login, accepted):
    pdf_text = text_of(contract_document.pdf(accepted, language="en", zone="UTC"))
    assert "DRAFT — NOT SIGNED" in pdf_text and "Date of agreement" not in pdf_text
    html = login(cast.brand).get(
        reverse("campaigns:contract-document", args=[accepted.offer.public_id, "html"])
    )
    assert "Draft — not signed" in html.text
    page = login(cast.brand).get(reverse("campaigns:contract", args=[accepted.offer.public_id]))
    assert "Draft — not signed" in page.text
    # One signature is still a draft.
    sign_contract(
        accepted,
        role=role_of(cast.brand, "brand"),
        actor=cast.brand,
        full_name="Camille Roux",
        ip=None,
    )
    accepted.refresh_from_db()
    one = text_of(contract_document.pdf(accepted, language="en", zone="UTC"))
    assert "DRAFT — NOT SIGNED" in one and "Camille Roux" in one and not accepted.snapshot


def test_19_re_rendering_a_sealed_contract_gives_the_same_bytes(cast, login, sealed, time_machine):
    first = contract_document.pdf(sealed, language="en", zone="Europe/Paris")
    time_machine.move_to("2027-03-01 12:00:00+00:00")
    again = Contract.objects.get(pk=sealed.pk)
    assert contract_document.pdf(again, language="en", zone="Europe/Paris") == first
    client = login(cast.brand)
    url = reverse("campaigns:contract-document", args=[sealed.offer.public_id, "pdf"])
    one, two = client.get(url).content, client.get(url).content
    assert one == two and one.startswith(b"%PDF")
    from pypdf import PdfReader

    metadata = PdfReader(io.BytesIO(first)).metadata
    assert (
        metadata.creation_date
        == metadata.modification_date
        == sealed.completed_at.replace(microsecond=0)
    )


def test_19_clause_and_party_edits_are_audited_and_leave_a_sealed_contract_as_it_was(
    cast, login, sealed, accepted
):
    before = contract_document.pdf(sealed, language="en", zone="Europe/Paris")
    html_before = contract_document.html(sealed, language="fr", zone="Europe/Paris")
    form = {"kill_fee_pct": "80"} | {
        f"{clause}_{lang}": DEFAULTS[lang][clause]
        for clause in ("cancellation", "governing_law", "disclosure")
        for lang in ("en", "fr")
    }
    form["governing_law_en"] = "This agreement is governed by the laws of England and Wales."
    response = login(cast.owner).post(reverse("agencies:contract-clauses"), form)
    assert response.status_code == 302
    event = AuditEvent.objects.filter(
        event_type=AuditEventType.PROFILE_UPDATED, actor=cast.owner
    ).latest("id")
    assert event.changes["contract_clauses.kill_fee_pct"] == ["50.00", "80.00"]
    assert event.changes["contract_clauses.governing_law_en"][1].startswith("This agreement is")
    assert "contract_clauses.governing_law_fr" not in event.changes  # the default, unchanged
    brand = cast.glowskin
    brand.billing_address = "1 New Street, Lyon"
    brand.save()
    sealed.refresh_from_db()
    assert contract_document.pdf(sealed, language="en", zone="Europe/Paris") == before
    assert contract_document.html(sealed, language="fr", zone="Europe/Paris") == html_before
    assert sealed.signed_hash == seal(sealed)
    # A contract sealed afterwards prints the new clauses.
    draft = build(sealed)
    assert draft["clauses"]["kill_fee_pct"] == "80.00"
    assert draft["clauses"]["en"]["governing_law"].endswith("England and Wales.")
    assert draft["parties"]["brand"]["address"] == "1 New Street, Lyon"


def test_19_the_french_reader_gets_french(cast, login, sealed):
    text = text_of(contract_document.pdf(sealed, language="fr", zone="Europe/Paris"))
    assert "Contrat" in text or "contrat" in text
    for words in (
        "Livrables",
        "Exclusivité",
        "Tours de révision",
        "1 500,00 EUR",
        DEFAULTS["fr"]["governing_law"][:50],
        "décembre",
    ):
        assert squeezed(words) in squeezed(text), words
    assert DEFAULTS["en"]["governing_law"][:50] not in text
    cast.creator.language = "fr"
    cast.creator.save()
    html = login(cast.creator).get(
        reverse("campaigns:contract-document", args=[sealed.offer.public_id, "html"])
    )
    assert '<html lang="fr">' in html.text and DEFAULTS["fr"]["disclosure"][:40] in html.text


def test_19_outsiders_get_404_on_the_contract(cast, login, sealed):
    public_id = sealed.offer.public_id
    for user in (cast.outsider_brand, cast.lumen_manager):
        client = login(user)
        assert client.get(reverse("campaigns:contract", args=[public_id])).status_code == 404
        for fmt in ("html", "pdf"):
            url = reverse("campaigns:contract-document", args=[public_id, fmt])
            assert client.get(url).status_code == 404


def test_19_a_creator_who_signs_herself_is_shown_without_an_agency_authority(cast, accepted):
    sign_contract(
        accepted,
        role=role_of(cast.brand, "brand"),
        actor=cast.brand,
        full_name="Camille Roux",
        ip=None,
    )
    sign_contract(
        accepted,
        role=role_of(cast.creator, "creator"),
        actor=cast.creator,
        full_name="Maya Okafor",
        ip=None,
    )
    accepted.refresh_from_db()
    text = text_of(contract_document.pdf(accepted, language="en", zone="UTC"))
    assert "creator@creators.example" in text and "signed for @mayamoves under" not in text
    assert accepted.snapshot["parties"]["agency"]["legal_name"] == "Northstar Talent Ltd"


def test_19_a_contract_sealed_before_snapshots_says_what_its_seal_covers(cast, sealed):
    Contract.objects.filter(pk=sealed.pk).update(snapshot={})
    sealed.refresh_from_db()
    legacy = seal(sealed)
    Contract.objects.filter(pk=sealed.pk).update(signed_hash=legacy)
    sealed.refresh_from_db()
    text = text_of(contract_document.pdf(sealed, language="en", zone="UTC"))
    assert "sealed before contracts froze" in text and legacy in squeezed(text)
    assert "Camille Roux" in text and "Marco Bianchi" in text


def test_19_redacting_a_closed_account_keeps_the_seal_and_drops_her_details(cast, sealed):
    from campaigns.contract_snapshot import redact

    names = {"Maya Okafor", "@mayamoves", "creator@creators.example"}
    redact(Contract.objects.filter(pk=sealed.pk), names, "Closed account")
    sealed.refresh_from_db()
    frozen = canonical(sealed.snapshot).decode()
    assert "Maya Okafor" not in frozen and "mayamoves" not in frozen
    assert "3 Canal Street" not in frozen and sealed.snapshot["redacted"] is True
    text = text_of(contract_document.pdf(sealed, language="en", zone="UTC"))
    assert "Closed account" in text and sealed.signed_hash in squeezed(text)
    assert "Names redacted after an account was closed" in text
